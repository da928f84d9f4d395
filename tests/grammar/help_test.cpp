#include <catch.hpp>

#include "grammar/command_table.hpp"
#include "grammar/matcher.hpp"

using namespace routerd::grammar;

namespace {
const CommandTable& table() {
    static CommandTable t(all_commands());
    return t;
}
}  // namespace

TEST_CASE("? after a space lists the next tokens in IOS columns, <cr> last") {
    auto l = help(table().commands(Mode::UserExec), "terminal ");
    CHECK(format_help(l) ==
          "  length   Set number of lines on a screen\n"
          "  monitor  Copy debug output to the current terminal line\n"
          "  no       Negate a command or set its defaults\n"
          "  width    Set width of the display terminal\n");
    auto ip = help(table().commands(Mode::ConfigIf), "ip address 1.1.1.1 255.0.0.0 ");
    CHECK(format_help(ip) == "  secondary  Make this IP address a secondary address\n  <cr>\n");
    auto range = help(table().commands(Mode::PrivExec), "terminal length ");
    CHECK(format_help(range) == "  <0-512>  Number of lines on screen (0 for no pausing)\n");
}

TEST_CASE("? glued to a word lists the keywords it completes to") {
    auto l = help(table().commands(Mode::PrivExec), "c");
    CHECK(l.kind == HelpListing::Kind::Completions);
    CHECK(format_help(l) == "clear  configure  copy\n");
    auto none = help(table().commands(Mode::PrivExec), "xyz");
    CHECK(none.kind == HelpListing::Kind::Unrecognized);
    auto bad = help(table().commands(Mode::PrivExec), "show foo ");
    CHECK(bad.kind == HelpListing::Kind::Unrecognized);
}

TEST_CASE("? lists interface types, then the number") {
    auto types = help(table().commands(Mode::Config), "interface ");
    REQUIRE(types.entries.size() == interface_types().size());
    CHECK(types.entries[0].token == "ATM");  // IOS lists them alphabetically
    auto vlan = help(table().commands(Mode::Config), "interface Vlan ");
    REQUIRE(vlan.entries.size() == 1);
    CHECK(vlan.entries[0].token == "<1-4094>");
    auto number = help(table().commands(Mode::Config), "interface Tunnel ");
    REQUIRE(number.entries.size() == 1);
    CHECK(number.entries[0].token == "<0-2147483647>");
}

TEST_CASE("TAB completes a unique prefix and nothing else") {
    const auto& cmds = table().commands(Mode::PrivExec);
    CHECK(complete(cmds, "conf") == std::optional<std::string>("configure "));
    CHECK(complete(cmds, "sh ru") == std::optional<std::string>("sh running-config "));
    CHECK(complete(cmds, "c") == std::nullopt);
    const auto& cfg = table().commands(Mode::Config);
    CHECK(complete(cfg, "int gi") == std::optional<std::string>("int GigabitEthernet"));
    CHECK(complete(cfg, "int gi0/0") == std::optional<std::string>("int GigabitEthernet0/0 "));
}
