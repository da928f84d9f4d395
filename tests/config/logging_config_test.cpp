#include <catch.hpp>

#include "engine/config/logging_config.hpp"

using namespace routerd;
using namespace routerd::config;

namespace {

// Keeps each line as apply_stored does: IOS 15's spelling, then keep_line.
std::vector<StoredLine> kept(std::vector<std::pair<grammar::Form, std::string>> typed) {
    std::vector<StoredLine> lines;
    for (auto& [form, body] : typed) {
        bool changed = false;
        keep_line(lines, form, canonical_logging_line(body), changed);
    }
    return lines;
}

std::vector<std::string> texts(const std::vector<StoredLine>& lines) {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(l.text);
    return out;
}

constexpr auto Set = grammar::Form::Set;
constexpr auto No = grammar::Form::No;
constexpr auto Default = grammar::Form::Default;

}  // namespace

TEST_CASE("IOS defaults without logging lines: trap informational, facility local7, no hosts") {
    auto s = logging_settings({});
    CHECK(s.trap_on);
    CHECK(s.trap_level == 6);
    CHECK(s.facility == 23);
    CHECK(s.console_on);
    CHECK(s.console_level == 7);
    CHECK(s.hosts.empty());
    CHECK(s.source_interface.empty());
}

TEST_CASE("logging host, the old logging A.B.C.D form and transport udp port") {
    auto lines = kept({{Set, "logging 10.1.1.1"}, {Set, "logging host 10.2.2.2 transport udp port 5514"},
                       {Set, "logging host 10.3.3.3 transport udp"}});
    CHECK(texts(lines) == std::vector<std::string>{"logging host 10.1.1.1", "logging host 10.2.2.2 transport udp port 5514",
                                                   "logging host 10.3.3.3 transport udp"});
    auto s = logging_settings(lines);
    REQUIRE(s.hosts.size() == 3);
    CHECK(s.hosts[0] == SyslogHostConfig{0x0A010101, 514});
    CHECK(s.hosts[1] == SyslogHostConfig{0x0A020202, 5514});
    CHECK(s.hosts[2] == SyslogHostConfig{0x0A030303, 514});
    // `no logging A.B.C.D` is `no logging host A.B.C.D`: it removes every line for that host.
    bool changed = false;
    keep_line(lines, No, canonical_logging_line("logging 10.2.2.2"), changed);
    CHECK(changed);
    CHECK(logging_settings(lines).hosts.size() == 2);
    // With no such host, nothing changes and nothing is kept (IOS shows no `no logging host`).
    keep_line(lines, No, canonical_logging_line("logging host 10.9.9.9"), changed);
    CHECK_FALSE(changed);
    CHECK(lines.size() == 2);
}

TEST_CASE("Only what routerd does is carried out; VRF, TCP and other options are kept without effect") {
    CHECK(logging_line_applies("logging host 10.1.1.1"));
    CHECK(logging_line_applies("logging host 10.1.1.1 transport udp port 1514"));
    CHECK_FALSE(logging_line_applies("logging host 10.1.1.1 vrf MGMT"));
    CHECK_FALSE(logging_line_applies("logging host 10.1.1.1 transport tcp port 601"));
    CHECK_FALSE(logging_line_applies("logging host 10.1.1.1 transport udp port 0"));
    CHECK(logging_line_applies("logging trap"));
    CHECK(logging_line_applies("logging trap warnings"));
    CHECK_FALSE(logging_line_applies("logging trap loud"));
    CHECK(logging_line_applies("logging facility local0"));
    CHECK_FALSE(logging_line_applies("logging facility local8"));
    CHECK(logging_line_applies("logging source-interface Loopback0"));
    CHECK_FALSE(logging_line_applies("logging source-interface GigabitEthernet4 vrf MGMT"));
    CHECK(logging_line_applies("logging console critical"));
    CHECK_FALSE(logging_line_applies("logging console discriminator EXCESS"));
    CHECK_FALSE(logging_line_applies("logging rate-limit 10"));
}

TEST_CASE("logging trap: a level by name, `no logging trap` turns it off and stays shown") {
    auto lines = kept({{Set, "logging trap 4"}});
    CHECK(texts(lines) == std::vector<std::string>{"logging trap warnings"});
    CHECK(logging_settings(lines).trap_level == 4);
    bool changed = false;
    keep_line(lines, No, "logging trap", changed);
    CHECK(changed);
    CHECK(texts(lines) == std::vector<std::string>{"no logging trap"});
    CHECK_FALSE(logging_settings(lines).trap_on);
    keep_line(lines, No, "logging trap debugging", changed);
    CHECK_FALSE(changed);
    keep_line(lines, Set, "logging trap", changed);
    CHECK(texts(lines) == std::vector<std::string>{"logging trap"});
    CHECK(logging_settings(lines).trap_on);
    CHECK(logging_settings(lines).trap_level == 6);
    keep_line(lines, Default, "logging trap", changed);
    CHECK(lines.empty());
}

TEST_CASE("no logging console after a level turns the console off, as on IOS") {
    auto lines = kept({{Set, "logging console warnings"}, {Set, "logging console 2"}, {No, "logging console"}});
    CHECK(texts(lines) == std::vector<std::string>{"no logging console"});
    CHECK_FALSE(logging_settings(lines).console_on);
    lines = kept({{No, "logging monitor"}, {Set, "logging monitor informational"}});
    CHECK(texts(lines) == std::vector<std::string>{"logging monitor informational"});
    CHECK(logging_settings(lines).monitor_level == 6);
}

TEST_CASE("logging facility and source-interface hold one value each") {
    auto lines = kept({{Set, "logging facility local0"}, {Set, "logging facility local5"},
                       {Set, "logging source-interface Loopback0"}, {Set, "logging source-interface Loopback1"}});
    CHECK(texts(lines) == std::vector<std::string>{"logging facility local5", "logging source-interface Loopback1"});
    auto s = logging_settings(lines);
    CHECK(s.facility == 21);
    CHECK(s.source_interface == "Loopback1");
    bool changed = false;
    keep_line(lines, No, "logging facility", changed);
    keep_line(lines, No, "logging source-interface", changed);
    CHECK(lines.empty());
    CHECK(parse_log_facility("local7") == 23);
    CHECK(parse_log_facility("kern") == 0);
}
