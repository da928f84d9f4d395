// libFuzzer target (issue #12): the startup-config loader, Dispatcher::load_config, the path
// every line of nvram:startup-config takes when routerd starts, on arbitrary text under ASan and
// UBSan. A startup-config is written by us, but also copied in by hand, restored from a backup
// of another box, or cut short by a full disk. What must hold beyond "no crash, no leak, no
// undefined behaviour": tests/support/config_load_promises.hpp.
//
// Seeds: the 60 public configurations of tests/corpus/configs, and every input this fuzzer once
// broke (tests/fuzz/config_load_regressions, which control_tests also loads).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "tests/support/config_load_promises.hpp"

using namespace routerd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 65536) return 0;  // a large startup-config is the benches' matter, not the fuzzer's
    static const auto table = std::make_shared<const grammar::CommandTable>(grammar::all_commands());
    auto broken = test::broken_load_promise(table, std::string(reinterpret_cast<const char*>(data), size));
    if (!broken) return 0;
    // Said before the abort, so that a CI log names the cause even when the input is gone with
    // the CI's tree.
    std::fprintf(stderr, "config_load_fuzz: broken promise: %s\n%s\n", broken->promise.c_str(), broken->detail.c_str());
    std::abort();
}
