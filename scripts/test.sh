#!/usr/bin/env bash
# The README's test command: set up, build, run every test (unit, transcript, lab).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
cd "$here/build"
ctest --output-on-failure "$@"
