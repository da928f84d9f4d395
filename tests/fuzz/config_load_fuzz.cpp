// libFuzzer target (issue #12): the startup-config loader, Dispatcher::load_config, the path
// every line of nvram:startup-config takes when routerd starts, on arbitrary text under ASan and
// UBSan. A startup-config is written by us, but also copied in by hand, restored from a backup
// of another box, or cut short by a full disk.
//
// What must hold beyond "no crash, no leak, no undefined behaviour":
// - every report names a line of the text (its number within it);
// - the running-config that results holds no control byte (it reaches every terminal);
// - it is a fixpoint: loaded as a startup-config into a fresh router, it gives the same
//   running-config back (what routerd writes, it reads back as it was; the test of the
//   mangled-lines corpus, control_tests, asserts the same for 10,000 lines typed).
//
// Seeds: the 60 public configurations of tests/corpus/configs (scripts/fuzz.sh).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "tests/support/dispatcher_cli.hpp"
#include "tests/support/running_config_text.hpp"

using namespace routerd;

namespace {

bool has_control(const std::string& s) {
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 65536) return 0;  // a large startup-config is the benches' matter, not the fuzzer's
    std::string text(reinterpret_cast<const char*>(data), size);
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';

    static const auto table = std::make_shared<const grammar::CommandTable>(grammar::all_commands());
    test::DispatcherCli first(table);
    for (const auto& report : first.dispatcher.load_config(text)) {
        // "startup-config line N:\n..."
        const std::string head = "startup-config line ";
        if (!report.starts_with(head)) std::abort();
        auto n = std::strtoul(report.c_str() + head.size(), nullptr, 10);
        if (n < 1 || n > lines) std::abort();
    }
    auto running = first.run("show running-config");
    if (has_control(running)) std::abort();
    if (running.find("\nend\n") == std::string::npos) std::abort();

    test::DispatcherCli second(table);
    second.dispatcher.load_config(running);
    if (test::stable_running_config(second.run("show running-config")) != test::stable_running_config(running)) std::abort();
    return 0;
}
