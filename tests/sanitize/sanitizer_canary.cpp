// The sanitizer pass's own check that it can fail (scripts/sanitize.sh): built into the sanitizer
// tree, run the way the live tests run routerd, it makes one report of each kind, and the script
// requires each in the log folder before it trusts an empty one. A pass whose reports went
// nowhere (a log path that cannot be written, LeakSanitizer unable to stop the threads it scans
// in a container) would otherwise look clean.
//   sanitizer_canary leak       an allocation nothing points to at exit (LeakSanitizer)
//   sanitizer_canary overflow   a signed overflow (UBSan; no recovery: the program ends)
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

volatile int sink;

// A hundred blocks lost one by one: a stale copy of one address left in a register or stack slot
// would hide that one only.
__attribute__((noinline)) void lose(int n) {
    for (int i = 0; i < n; ++i) {
        void* volatile p = std::malloc(42);
        sink = static_cast<int>(reinterpret_cast<std::uintptr_t>(p) & 1);
        p = nullptr;
    }
}

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "leak") == 0) {
        lose(100);
        return 0;
    }
    if (argc == 2 && std::strcmp(argv[1], "overflow") == 0) {
        volatile int big = INT_MAX;
        sink = big + argc;
        return 0;
    }
    std::fputs("usage: sanitizer_canary leak|overflow\n", stderr);
    return 2;
}
