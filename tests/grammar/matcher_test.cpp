#include <catch.hpp>

#include "grammar/command_table.hpp"
#include "grammar/matcher.hpp"

using namespace routerd::grammar;

namespace {

const CommandTable& table() {
    static CommandTable t(all_commands());
    return t;
}

MatchResult match(Mode mode, std::string_view line) { return match_line(table().commands(mode), line); }

Matched expect_match(Mode mode, std::string_view line) {
    auto r = match(mode, line);
    INFO("line: " << line);
    REQUIRE(std::holds_alternative<Matched>(r));
    return std::get<Matched>(r);
}

std::size_t caret(Mode mode, std::string_view line) {
    auto r = match(mode, line);
    INFO("line: " << line);
    REQUIRE(std::holds_alternative<Invalid>(r));
    return std::get<Invalid>(r).column;
}

}  // namespace

TEST_CASE("unique prefixes of every keyword are accepted") {
    CHECK(expect_match(Mode::PrivExec, "conf t").id() == CommandId::ConfigureTerminal);
    CHECK(expect_match(Mode::PrivExec, "config term").id() == CommandId::ConfigureTerminal);
    CHECK(expect_match(Mode::PrivExec, "sh run").id() == CommandId::ShowRunningConfig);
    CHECK(expect_match(Mode::PrivExec, "wr").id() == CommandId::WriteMemory);
    CHECK(expect_match(Mode::PrivExec, "write mem").id() == CommandId::WriteMemory);
    CHECK(expect_match(Mode::PrivExec, "term len 0").id() == CommandId::TerminalLength);
    CHECK(expect_match(Mode::PrivExec, "SH IP INT BR").id() == CommandId::ShowIpInterfaceBrief);
}

TEST_CASE("interface names take their IOS short forms, with or without a space") {
    struct Case { const char* typed; const char* canonical; };
    for (auto c : {Case{"int gi0/0", "GigabitEthernet0/0"}, Case{"int fa0", "FastEthernet0"},
                   Case{"int e0/1", "Ethernet0/1"}, Case{"int se1/2", "Serial1/2"}, Case{"int lo0", "Loopback0"},
                   Case{"int tu0", "Tunnel0"}, Case{"interface Tunnel 0", "Tunnel0"},
                   Case{"int GigabitEthernet0/1.10", "GigabitEthernet0/1.10"}}) {
        auto m = expect_match(Mode::Config, c.typed);
        CHECK(m.id() == CommandId::Interface);
        CHECK(m.value(0) == c.canonical);
    }
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "interface tunnel")));
    // Loopbacks have plain numbers; a slot/port is invalid.
    CHECK(caret(Mode::Config, "interface lo0/1") == 13);
}

TEST_CASE("ambiguous prefixes are reported, exact keywords are preferred") {
    CHECK(std::holds_alternative<Ambiguous>(match(Mode::PrivExec, "c")));
    CHECK(std::holds_alternative<Ambiguous>(match(Mode::Config, "i")));
    CHECK(std::holds_alternative<Ambiguous>(match(Mode::PrivExec, "show s")));  // ssh, startup-config (IOS too)
    CHECK(std::holds_alternative<Ambiguous>(match(Mode::PrivExec, "show st")) == false);  // only startup-config
    std::vector<CommandDef> defs{
        {Mode::Config, CommandId::Version, "ip", {"a"}},
        {Mode::Config, CommandId::Hostname, "ipv6", {"b"}},
    };
    CommandTable t(defs);
    auto r = match_line(t.commands(Mode::Config), "ip");
    REQUIRE(std::holds_alternative<Matched>(r));
    CHECK(std::get<Matched>(r).id() == CommandId::Version);
}

TEST_CASE("a keyword beats a free-form word at the same position") {
    auto m = expect_match(Mode::Config, "enable secret 9 $9$abc");
    CHECK(m.has("9"));
    CHECK(m.value(0) == "$9$abc");
    auto plain = expect_match(Mode::Config, "enable secret cisco");
    CHECK_FALSE(plain.has("9"));
    CHECK(plain.value(0) == "cisco");
}

TEST_CASE("a kept global line never takes what is only an interface's command") {
    // IOS: `ip nat inside` and `ip nat outside` are interface commands; globally the direction
    // must follow. Kept globally, the line would join the interface above it once read back.
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "ip nat inside")));
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "ip nat outside")));
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "ip nat inside source")));
    CHECK(caret(Mode::Config, "ip nat outside destination list 1") == 15);
    CHECK(expect_match(Mode::Config, "ip nat inside source list 1 interface Gi0/1 overload").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::Config, "ip nat outside source static 1.1.1.1 2.2.2.2").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::Config, "ip nat pool P 1.1.1.1 1.1.1.9 prefix-length 24").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::ConfigIf, "ip nat outside").id() == CommandId::StoredInterfaceLine);
    // `ip tcp adjust-mss` likewise: globally IOS lists only its own `ip tcp` settings.
    CHECK(caret(Mode::Config, "ip tcp adjust-mss 1360") == 8);  // `a` could begin async-mobility
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "ip tcp")));
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "ip tcp synwait-time")));
    CHECK(expect_match(Mode::Config, "ip tcp synwait-time 5").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::Config, "ip tcp path-mtu-discovery").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::Config, "ip tcp selective-ack").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::Config, "no ip tcp timestamp").id() == CommandId::StoredLine);
    CHECK(expect_match(Mode::ConfigIf, "ip tcp adjust-mss 1360").id() == CommandId::IpTcpAdjustMss);
}

TEST_CASE("incomplete commands") {
    CHECK(std::holds_alternative<Incomplete>(match(Mode::PrivExec, "show")));
    CHECK(std::holds_alternative<Incomplete>(match(Mode::PrivExec, "terminal length")));
    CHECK(std::holds_alternative<Incomplete>(match(Mode::ConfigIf, "ip address 1.1.1.1")));
    CHECK(std::holds_alternative<Incomplete>(match(Mode::Config, "hostname")));
}

TEST_CASE("the caret goes under the first character no command can match") {
    CHECK(caret(Mode::PrivExec, "show running-confx") == 17);
    CHECK(caret(Mode::Config, "hostname R1 extra") == 12);
    CHECK(caret(Mode::PrivExec, "terminal length 600") == 16);  // out of range: the number itself
    CHECK(caret(Mode::PrivExec, "terminal length 6x") == 17);
    CHECK(caret(Mode::ConfigIf, "ip address 1.1.1.300 255.0.0.0") == 19);
    CHECK(caret(Mode::ConfigIf, "ip address 1.1.1 255.0.0.0") == 11 + 5);
    // "s" still matches `service` in config mode, "sh" matches nothing (IOS: caret under the h).
    CHECK(caret(Mode::Config, "show running-config") == 1);
    CHECK(caret(Mode::UserExec, "configure terminal") == 0);  // privileged only: nothing starts with c
    // IOS: hold-queue <0-240000> {in|out}, so the length's first character is the invalid one.
    CHECK(caret(Mode::ConfigIf, "hold-queue R2") == 11);
    CHECK(expect_match(Mode::ConfigIf, "hold-queue 75 in").id() == CommandId::StoredInterfaceLine);
}

TEST_CASE("the caret counts IOS's own keywords routerd lacks, which are never matched, listed or completed") {
    // ios-reference.md:207: "co" still begins community-list, "con" begins nothing IOS has.
    CHECK(caret(Mode::PrivExec, "show ip config") == 10);
    CHECK(caret(Mode::PrivExec, "show ip arpx") == 11);           // arp, then x
    CHECK(caret(Mode::PrivExec, "show ip zzz") == 8);
    // Past `show ip` only routerd's own tokens count ("c" begins the interface type Cellular).
    CHECK(caret(Mode::PrivExec, "show ip interface config") == 19);
    // A word IOS would take as it is: routerd does not have the command, and the caret stays
    // where routerd's own keywords put it (under the word, or past the "a" of access-lists).
    CHECK(caret(Mode::PrivExec, "show ip community-list") == 8);
    CHECK(caret(Mode::PrivExec, "show ip arp") == 9);
    auto listed = help(table().commands(Mode::PrivExec), "show ip ");
    for (const auto& e : listed.entries) CHECK(e.token != "community-list");
    CHECK(help(table().commands(Mode::PrivExec), "show ip co").kind == HelpListing::Kind::Unrecognized);
    CHECK_FALSE(complete(table().commands(Mode::PrivExec), "show ip comm"));
}

TEST_CASE("commands an object does not have are matched as if undefined, their no forms too") {
    std::vector<std::string> absent{"tunnel"};
    auto without = [&](Mode mode, std::string_view line) { return match_line(table().commands(mode), line, absent); };
    REQUIRE(std::holds_alternative<Matched>(match(Mode::ConfigIf, "tunnel mode ipsec ipv4")));
    // No interface command is left that begins with "t": the caret goes under it...
    auto r = without(Mode::ConfigIf, "tunnel mode ipsec ipv4");
    REQUIRE(std::holds_alternative<Invalid>(r));
    CHECK(std::get<Invalid>(r).column == 0);
    auto no = without(Mode::ConfigIf, "no tunnel mode");
    REQUIRE(std::holds_alternative<Invalid>(no));
    CHECK(std::get<Invalid>(no).column == 3);
    // ...while among the global commands, which IOS tries next, "t" begins tacacs, template
    // and track, and "tu" nothing (the dispatcher takes the furthest of the two).
    auto global = match_line(table().commands(Mode::Config), "tunnel mode ipsec ipv4");
    REQUIRE(std::holds_alternative<Invalid>(global));
    CHECK(std::get<Invalid>(global).column == 1);
    CHECK(std::holds_alternative<Matched>(without(Mode::ConfigIf, "ip address 10.0.0.1 255.255.255.0")));
}

TEST_CASE("no and default forms in config modes") {
    auto m = expect_match(Mode::ConfigIf, "no ip address");
    CHECK(m.id() == CommandId::IpAddress);
    CHECK(m.form() == Form::No);
    CHECK(m.values().empty());
    auto d = expect_match(Mode::ConfigIf, "default shutdown");
    CHECK(d.form() == Form::Default);
    CHECK(expect_match(Mode::ConfigIf, "no ip address 1.1.1.1 255.0.0.0").value(1) == "255.0.0.0");
    CHECK(std::holds_alternative<Invalid>(match(Mode::Config, "no exit")));
}

TEST_CASE("LINE takes the rest of the line as typed") {
    auto m = expect_match(Mode::ConfigIf, "description  link to  R2   ");
    CHECK(m.value(0) == "link to  R2");
}

TEST_CASE("optional and alternative groups") {
    auto m = expect_match(Mode::Config, "ip route 0.0.0.0 0.0.0.0 Tunnel0 5");
    CHECK(m.values() == std::vector<std::string>{"0.0.0.0", "0.0.0.0", "Tunnel0", "5"});
    auto n = expect_match(Mode::Config, "ip route 10.0.0.0 255.0.0.0 12.1.1.2");
    CHECK(n.value(2) == "12.1.1.2");
    auto u = expect_match(Mode::Config, "username admin privilege 15 secret 0 cisco");
    CHECK(u.after("privilege") == "15");
    CHECK(u.has("secret"));
    CHECK(u.value(2) == "cisco");
}
