#!/usr/bin/env bash
# Configures (once) and builds into build/. Two cores on our machines: ninja's default -j is fine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -f build/build.ninja ] || cmake -S . -B build -G Ninja
cmake --build build
