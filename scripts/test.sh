#!/usr/bin/env bash
# The README's test command: set up, build, run every test (unit, transcript, lab).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
cd "$here/build"
# Two at a time: the lab's VMs (one boot, about 13 minutes) mostly wait, and the other tests run
# beside them instead of after them.
ctest --output-on-failure -j2 "$@"
