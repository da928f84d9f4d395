#pragma once
// What Dispatcher::load_config promises of any text, beyond "no crash, no leak, no undefined
// behaviour" (issue #12), checked by the loader's fuzzer (tests/fuzz/config_load_fuzz.cpp) and,
// for every input it once broke (tests/fuzz/config_load_regressions), by control_tests:
// - every report names a line of the text (its number within it);
// - the running-config that results holds no control byte (it reaches every terminal) and ends
//   with `end`;
// - it is a fixpoint: loaded as a startup-config into a fresh router, it gives the same
//   running-config back (what routerd writes, it reads back as it was).
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/dispatcher_cli.hpp"
#include "tests/support/running_config_text.hpp"

namespace routerd::test {

struct BrokenPromise {
    std::string promise;
    std::string detail;  // the report, the running-config, or where the two loads differ
};

namespace load_promises_detail {

inline bool has_control(const std::string& s) {
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return true;
    return false;
}

inline std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// Where `a` and `b` differ: the lines between their common head and common tail, `a`'s marked -
// and `b`'s +, after the last two lines they share.
inline std::string line_diff(const std::string& a, const std::string& b) {
    auto la = lines_of(a), lb = lines_of(b);
    std::size_t head = 0, tail = 0;
    while (head < la.size() && head < lb.size() && la[head] == lb[head]) ++head;
    while (tail < la.size() - head && tail < lb.size() - head && la[la.size() - 1 - tail] == lb[lb.size() - 1 - tail]) ++tail;
    std::string out;
    for (std::size_t i = head >= 2 ? head - 2 : 0; i < head; ++i) out += "  " + la[i] + "\n";
    for (std::size_t i = head; i < la.size() - tail; ++i) out += "- " + la[i] + "\n";
    for (std::size_t i = head; i < lb.size() - tail; ++i) out += "+ " + lb[i] + "\n";
    return out;
}

}  // namespace load_promises_detail

inline std::optional<BrokenPromise> broken_load_promise(const std::shared_ptr<const grammar::CommandTable>& table,
                                                        const std::string& text) {
    using namespace load_promises_detail;
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n';
    DispatcherCli first(table);
    for (const auto& report : first.dispatcher.load_config(text)) {
        // "startup-config line N:\n..."
        const std::string head = "startup-config line ";
        if (!report.starts_with(head)) return BrokenPromise{"a report names its line", report};
        auto n = std::strtoul(report.c_str() + head.size(), nullptr, 10);
        if (n < 1 || n > lines) return BrokenPromise{"a report's line is within the text", report};
    }
    auto running = first.run("show running-config");
    if (has_control(running)) return BrokenPromise{"no control byte in the running-config", running};
    if (running.find("\nend\n") == std::string::npos) return BrokenPromise{"the running-config ends with end", running};

    DispatcherCli second(table);
    second.dispatcher.load_config(running);
    auto once = stable_running_config(running);
    auto again = stable_running_config(second.run("show running-config"));
    if (again != once)
        return BrokenPromise{"the running-config, loaded again, gives itself back (- first load, + second)", line_diff(once, again)};
    return std::nullopt;
}

}  // namespace routerd::test
