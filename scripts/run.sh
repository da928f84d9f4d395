#!/usr/bin/env bash
# The README's run command: set up, build, and land in R1's routersh. With the kernel lab present
# this is the two-router Lab 13-1 topology; otherwise a single routerd on a scratch config dir.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
if [ -x "$here/tests/lab/lab-shell" ]; then
  exec "$here/tests/lab/lab-shell" "$@"
fi
dir=${ROUTERD_DIR:-$here/build/run}
mkdir -p "$dir"
"$here/build/bin/routerd" --config-dir "$dir" --socket "$dir/routerd.sock" --foreground 2>>"$dir/routerd.log" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 50); do [ -S "$dir/routerd.sock" ] && break; sleep 0.1; done
"$here/build/bin/routersh" --socket "$dir/routerd.sock"
