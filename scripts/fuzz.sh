#!/usr/bin/env bash
# Builds the ISAKMP decoder fuzzer with clang (libFuzzer + ASan + UBSan) and runs it for a
# bounded time. Usage: scripts/fuzz.sh [seconds]   (default 30)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
out="$here/build/fuzz"
mkdir -p "$out/corpus"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I"$here" \
  "$here/engine/ike/v1/isakmp_codec.cpp" "$here/tests/fuzz/isakmp_fuzz.cpp" -o "$out/isakmp_fuzz"
# A seed: a valid Main Mode first message, so the fuzzer starts deep inside the SA payload.
printf '\x11\x22\x33\x44\x55\x66\x77\x88\x00\x00\x00\x00\x00\x00\x00\x00\x01\x10\x02\x00\x00\x00\x00\x00\x00\x00\x00\x50\x00\x00\x00\x34\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x28\x01\x01\x00\x01\x00\x00\x00\x20\x01\x01\x00\x00\x80\x01\x00\x05\x80\x02\x00\x01\x80\x03\x00\x01\x80\x04\x00\x02\x80\x0b\x00\x01\x80\x0c\x70\x80' > "$out/corpus/mm1"
"$out/isakmp_fuzz" -max_total_time="$seconds" -rss_limit_mb=1024 -print_final_stats=1 "$out/corpus" 2>&1 | tail -15
