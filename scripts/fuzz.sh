#!/usr/bin/env bash
# Builds a decoder fuzzer with clang (libFuzzer + ASan + UBSan) and runs it for a bounded time.
# Usage: scripts/fuzz.sh [isakmp|ikev2|matcher] [seconds]   (default: isakmp, 30 s)
#        scripts/fuzz.sh [seconds]                  (the ISAKMP one, as before)
#   isakmp: the ISAKMP (IKEv1) codec, tests/fuzz/isakmp_fuzz.cpp, seeded also from the captured
#           handshakes of tests/fuzz/ike_captures
#   ikev2:  the IKEv2 codec and the SK payload, tests/fuzz/ikev2_fuzz.cpp, seeded from
#           tests/fuzz/ikev2_seeds (tests/fuzz/make_ikev2_seeds.py)
#   matcher: the command matcher (match, `?`, TAB) in every mode, tests/fuzz/matcher_fuzz.cpp,
#           seeded from the transcript tests' typed lines
# ROUTERD_BUILD_LOCK=FILE: the compile waits for flock(1) on FILE (a machine shared by builds).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
harness=isakmp
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
  harness=$1
  shift
fi
seconds=${1:-30}
out="$here/build/fuzz"
mkdir -p "$out"
compile() {
  if [[ -n ${ROUTERD_BUILD_LOCK:-} ]]; then
    flock "$ROUTERD_BUILD_LOCK" clang++ "$@"
  else
    clang++ "$@"
  fi
}
flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -I"$here")
case $harness in
  isakmp)
    mkdir -p "$out/corpus"
    compile "${flags[@]}" "$here/engine/ike/v1/isakmp_codec.cpp" "$here/tests/fuzz/isakmp_fuzz.cpp" -o "$out/isakmp_fuzz"
    # A seed: a valid Main Mode first message, so the fuzzer starts deep inside the SA payload.
    printf '\x11\x22\x33\x44\x55\x66\x77\x88\x00\x00\x00\x00\x00\x00\x00\x00\x01\x10\x02\x00\x00\x00\x00\x00\x00\x00\x00\x50\x00\x00\x00\x34\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x28\x01\x01\x00\x01\x00\x00\x00\x20\x01\x01\x00\x00\x80\x01\x00\x05\x80\x02\x00\x01\x80\x03\x00\x01\x80\x04\x00\x02\x80\x0b\x00\x01\x80\x0c\x70\x80' > "$out/corpus/mm1"
    # And every datagram of tests/fuzz/ike_captures: strongSwan's and routerd's own handshakes.
    "$out/isakmp_fuzz" -max_total_time="$seconds" -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$out/" \
      "$out/corpus" "$here/tests/fuzz/ike_captures" 2>&1 | tail -15
    ;;
  ikev2)
    # New inputs go to the first folder (the build's); the committed seeds are read only.
    mkdir -p "$out/ikev2_corpus"
    compile "${flags[@]}" "$here/engine/ike/v2/message_codec.cpp" "$here/engine/ike/v2/encrypted_payload.cpp" \
      "$here/engine/ike/v2/algorithms.cpp" "$here/engine/ike/core/crypto.cpp" "$here/algorithms/dh_groups.cpp" \
      "$here/tests/fuzz/ikev2_fuzz.cpp" -lcrypto -o "$out/ikev2_fuzz"
    # A crash leaves its input in $out (crash-<sha1>), not in the source tree.
    "$out/ikev2_fuzz" -max_total_time="$seconds" -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$out/" \
      "$out/ikev2_corpus" "$here/tests/fuzz/ikev2_seeds" 2>&1 | tail -40
    ;;
  matcher)
    mkdir -p "$out/matcher_corpus" "$out/matcher_seeds"
    compile "${flags[@]}" "$here"/grammar/*.cpp "$here"/grammar/definitions/*.cpp "$here/net/ipv4.cpp" \
      "$here/algorithms/dh_groups.cpp" "$here/tests/fuzz/matcher_fuzz.cpp" -o "$out/matcher_fuzz"
    # Seeds: every line the transcript tests type, in privileged EXEC and in global config (the
    # first byte is the mode), so the fuzzer starts from real commands.
    n=0
    while IFS= read -r line; do
      n=$((n + 1))
      printf '\x01%s' "$line" > "$out/matcher_seeds/exec$n"
      printf '\x02%s' "$line" > "$out/matcher_seeds/config$n"
    done < <(cat "$here"/tests/transcripts/*.in | sort -u | head -2000)
    "$out/matcher_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" \
      "$out/matcher_corpus" "$out/matcher_seeds" 2>&1 | tail -40
    ;;
  *)
    echo "usage: $0 [isakmp|ikev2|matcher] [seconds]" >&2
    exit 2
    ;;
esac
