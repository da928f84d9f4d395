#!/usr/bin/env bash
# The suite again under AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer: a second
# build tree of everything (routerd and routersh included), built by clang with
# -fsanitize=address,undefined, and that tree's unit, transcript, live-daemon and client tests
# (ctest labels unit, live, clients; not the lab, the decoder fuzzers, which build themselves, the
# bench or the package). Then the libFuzzer targets that link the engine (ROUTERD_FUZZERS: the
# IKEv1 exchanges, the startup-config loader), which need this tree's coverage instrumentation
# (-fsanitize=fuzzer-no-link), each for SANITIZE_FUZZ_SECONDS. Fails on a failed test, a fuzzer's
# finding and any sanitizer report, from a test program or from a routerd, routersh or
# `routersh --check-login` the tests started: every report goes to a log file (log_path), and the
# files are printed and counted at the end.
#
# Usage: scripts/sanitize.sh [BUILD_DIR]     (default build/sanitize; ctest's sanitize.suite)
#   SANITIZE_JOBS=N      build with N jobs (default 2, at nice 19: scripts/test.sh runs this beside
#                        the kernel lab, whose VMs must not wait for the compiler)
#   SANITIZE_TEST_JOBS=N ctest -j N over the sanitized tests (default 2: the live tests mostly
#                        wait on routerd; at 1 the pass took 26 min in CI, longer than the lab)
#   SANITIZE_FUZZ_SECONDS=N  how long each engine fuzzer runs (default 45)
#   ROUTERD_BUILD_LOCK=FILE  the build waits for flock(1) on FILE (a machine shared by builds)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$here/build/sanitize}
jobs=${SANITIZE_JOBS:-2}
test_jobs=${SANITIZE_TEST_JOBS:-2}
fuzz_seconds=${SANITIZE_FUZZ_SECONDS:-45}
if ! command -v clang++ >/dev/null; then
  echo "sanitize: clang++ is missing (Debian package clang): the sanitizer tree and its fuzzers need it"
  exit 1
fi
# -O0 (CMake's Debug: -g): every check, and half the compile time of -O1 (measured 2026-12-06 with
# GCC: 11 s against 22 s for exec_commands.cpp, 13 s against 39 s for ike/engine_test.cpp); the
# build is most of this pass's time, and the tests mostly wait on routerd. Clang, not GCC: libFuzzer
# is clang's, and clang builds the tree at -O0 in less than half GCC's time (2026-12-06: about
# 5 minutes against 12 at -j2). No recovery: the first report of undefined behaviour ends the
# program, as ASan's do.
flags="-O0 -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=all"
started=$(date +%s)

args=(-G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS=$flags" -DROUTERD_FUZZERS=ON
      "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"
      -DROUTERD_SANITIZE_SUITE=OFF -DROUTERD_TIMEOUT_SCALE=4 "-DROUTERD_SANITIZER_LOGS=$dir/sanitizer-logs")
# A tree configured otherwise (by hand, by an older version of this script) is made afresh, never
# reused as it is.
if [[ ! -f $dir/build.ninja || "$(cat "$dir/sanitize.args" 2>/dev/null)" != "${args[*]}" ]]; then
  rm -rf "$dir"
  cmake -S "$here" -B "$dir" "${args[@]}" >/dev/null
  echo "${args[*]}" >"$dir/sanitize.args"
fi
lock=()
if [[ -n ${ROUTERD_BUILD_LOCK:-} ]]; then
  lock=(flock "$ROUTERD_BUILD_LOCK")
fi
# The build's own time is measured once the lock is held.
if ! "${lock[@]}" bash -c 's=$(date +%s); nice -n 19 cmake --build "$1" -j "$2" || exit
                           echo "sanitize: build took $(($(date +%s) - s)) s at -j $2"' _ "$dir" "$jobs" \
     >"$dir/build.log" 2>&1; then
  grep -v '^\[[0-9]*/[0-9]*\] ' "$dir/build.log" | tail -100
  echo "sanitize: the sanitizer build failed (all of it in $dir/build.log)"
  exit 1
fi
tail -1 "$dir/build.log"
built=$(date +%s)

logs="$dir/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
# Reports go to $logs/<kind>.<program>.<pid>, whoever the program's parent is (a daemon's stderr
# is a file the live tests delete). UBSan (GCC 12) writes only its SUMMARY line, with the file and
# line, there; its `runtime error:` text goes to the program's stderr (the test's output). sshd clears the environment of the routersh it starts for a
# login: routerd and routersh have the same folder built in (tests/sanitize/default_options.cpp.in).
common="halt_on_error=1:log_exe_name=1:print_summary=1"
export ASAN_OPTIONS="$common:detect_leaks=1:exitcode=23:check_initialization_order=1:strict_init_order=1:log_path=$logs/asan"
export UBSAN_OPTIONS="$common:print_stacktrace=1:log_path=$logs/ubsan"
export LSAN_OPTIONS="suppressions=$here/tests/sanitize/lsan.supp:print_suppressions=0"
# The canary first: one leak and one signed overflow must each arrive in $logs, from a program
# started as the live tests start routerd (in a network namespace of its own when root).
wrap=()
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then wrap=(unshare -n); fi
"${wrap[@]}" "$dir/bin/sanitizer_canary" leak && true
leak_status=$?
"${wrap[@]}" "$dir/bin/sanitizer_canary" overflow 2>/dev/null && true
overflow_status=$?
if ((leak_status != 23)) || ! grep -qs 'ERROR: LeakSanitizer' "$logs"/*sanitizer_canary* \
   || ((overflow_status == 0)) || ! grep -qs 'SUMMARY: UndefinedBehaviorSanitizer' "$logs"/*sanitizer_canary*; then
  echo "sanitize: the canary's reports did not arrive in $logs (status $leak_status and $overflow_status):"
  cat "$logs"/* 2>/dev/null || true
  echo "sanitize: a report here could go unseen; not running the tests"
  exit 1
fi
rm -f "$logs"/*sanitizer_canary*
status=0
# Below the lab's VMs too (nice 10): their scenarios wait on timers that a busy CPU stretches.
nice -n 10 ctest --test-dir "$dir" --output-on-failure -j "$test_jobs" -L '^(unit|live|clients)$' || status=$?
finished=$(date +%s)
echo "sanitize: tests ran in $((finished - built)) s (build $((built - started)) s)"

# The engine fuzzers, one after the other (the second core is the lab's). New inputs go to the
# first folder (the tree's); the committed seeds are read only. A finding leaves its input in
# $dir/fuzz (crash-<sha1>); its report also goes to $logs.
fuzz_status=0
mkdir -p "$dir/fuzz"
for target in ike_exchange config_load; do
  case $target in
    ike_exchange) seeds=("$here/tests/fuzz/ike_exchange_seeds") extra=() ;;
    # The first 4 KB of each public config: whole configs (up to 21 KB) made a run take a third
    # of a second at -O0 under ASan, and a mutation anywhere in them costs as much.
    # And every input it once broke (control_tests loads those too).
    config_load) seeds=("$here/tests/corpus/configs" "$here/tests/fuzz/config_load_regressions") extra=(-max_len=4096) ;;
  esac
  mkdir -p "$dir/fuzz/${target}_corpus"
  if ! nice -n 10 "$dir/bin/${target}_fuzz" -max_total_time="$fuzz_seconds" -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" \
       -artifact_prefix="$dir/fuzz/" "$dir/fuzz/${target}_corpus" "${seeds[@]}" >"$dir/fuzz/$target.log" 2>&1; then
    fuzz_status=1
    echo "sanitize: the $target fuzzer found something (its log: $dir/fuzz/$target.log):"
    grep -v '^#[0-9]' "$dir/fuzz/$target.log" | tail -60
  fi
  # libFuzzer's summary: runs, coverage, corpus.
  echo "sanitize: fuzz.$target: $(grep -E '^stat::number_of_executed_units' "$dir/fuzz/$target.log" | awk '{print $2}') runs in ${fuzz_seconds} s," \
       "$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$dir/fuzz/$target.log" | tail -1)"
done
echo "sanitize: fuzzers ran in $(($(date +%s) - finished)) s"

reports=$(find "$logs" -type f | sort)
if [[ -n $reports ]]; then
  for f in $reports; do
    echo "=== sanitizer report: ${f#"$logs"/}"
    cat "$f"
  done
  echo "sanitize: $(wc -l <<<"$reports") sanitizer report(s)"
  exit 1
fi
if ((status != 0)); then
  echo "sanitize: tests failed under the sanitizers (no sanitizer report)"
  exit 1
fi
if ((fuzz_status != 0)); then
  echo "sanitize: a fuzzer found an input that breaks a promise (no sanitizer report)"
  exit 1
fi
echo "sanitize: no sanitizer report"
