#include <catch.hpp>

#include "engine/config/apply.hpp"
#include "engine/config/render.hpp"
#include "grammar/command_table.hpp"

using namespace routerd;
using namespace routerd::config;

namespace {

const grammar::CommandTable& table() {
    static grammar::CommandTable t(grammar::all_commands());
    return t;
}

// Applies one line in `frame`'s mode; returns what the command printed.
std::string apply_line(RunningConfig& c, grammar::ModeFrame frame, std::string_view line) {
    auto r = grammar::match_line(table().commands(frame.mode), line);
    REQUIRE(std::holds_alternative<grammar::Matched>(r));
    std::string out;
    ApplyContext ctx{c, std::get<grammar::Matched>(r), frame, out, false};
    REQUIRE(apply(ctx).has_value());
    return out;
}

const grammar::ModeFrame kConfig{grammar::Mode::Config, ""};

}  // namespace

TEST_CASE("Current configuration counts the bytes of the body it precedes") {
    RunningConfig c;
    apply_line(c, kConfig, "hostname R1");
    auto shown = render_show_running(c);
    auto body = render_config(c);
    REQUIRE(shown.size() > body.size());
    CHECK(shown.substr(shown.size() - body.size()) == body);
    CHECK(shown.find("Current configuration : " + std::to_string(body.size()) + " bytes\n") != std::string::npos);
}

TEST_CASE("interfaces render in IOS order with their sub-commands") {
    RunningConfig c;
    apply_line(c, kConfig, "interface Serial1/2");
    apply_line(c, kConfig, "interface GigabitEthernet0/10");
    apply_line(c, kConfig, "interface GigabitEthernet0/2");
    apply_line(c, kConfig, "interface Loopback0");
    grammar::ModeFrame lo{grammar::Mode::ConfigIf, "Loopback0"};
    apply_line(c, lo, "ip address 1.1.1.1 255.255.255.255");
    auto body = render_config(c);
    auto pos = [&](const char* s) { return body.find(s); };
    CHECK(pos("interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n") < pos("interface GigabitEthernet0/2\n"));
    CHECK(pos("interface GigabitEthernet0/2\n no ip address\n") < pos("interface GigabitEthernet0/10\n"));
    CHECK(pos("interface GigabitEthernet0/10") < pos("interface Serial1/2"));
}

TEST_CASE("a Virtual-Access, cloned for a session, is never in the running-config") {
    RunningConfig c;
    apply_line(c, kConfig, "interface Virtual-Access1");
    apply_line(c, kConfig, "interface Virtual-Template1 type tunnel");
    auto body = render_config(c, {grammar::InterfaceName{grammar::InterfaceType::VirtualAccess, "2"}});
    CHECK(body.find("interface Virtual-Template1 type tunnel\n") != std::string::npos);
    CHECK(body.find("Virtual-Access") == std::string::npos);
}

TEST_CASE("address rules: masks, overlaps, secondaries") {
    RunningConfig c;
    apply_line(c, kConfig, "interface GigabitEthernet0/0");
    apply_line(c, kConfig, "interface GigabitEthernet0/1");
    grammar::ModeFrame g0{grammar::Mode::ConfigIf, "GigabitEthernet0/0"};
    grammar::ModeFrame g1{grammar::Mode::ConfigIf, "GigabitEthernet0/1"};
    CHECK(apply_line(c, g0, "ip address 10.0.0.1 255.255.0.255") == "Bad mask 0xFFFF00FF for address 10.0.0.1\n");
    CHECK(apply_line(c, g0, "ip address 10.0.0.255 255.255.255.0") == "Bad mask /24 for address 10.0.0.255\n");
    CHECK(apply_line(c, g0, "ip address 10.0.0.1 255.255.255.254").empty());  // /31 has no broadcast
    CHECK(apply_line(c, g0, "ip address 10.0.0.1 255.255.255.0").empty());
    CHECK(apply_line(c, g1, "ip address 10.0.0.200 255.255.255.128") == "% 10.0.0.128 overlaps with GigabitEthernet0/0\n");
    CHECK(apply_line(c, g0, "ip address 10.9.0.1 255.255.255.0 secondary").empty());
    CHECK(apply_line(c, g0, "no ip address 10.0.0.1 255.255.255.0") == "Must delete secondary before deleting primary\n");
    CHECK(c.interfaces.begin()->second.address.has_value());
}

TEST_CASE("service password-encryption hides existing clear-text passwords") {
    RunningConfig c;
    grammar::ModeFrame vty{grammar::Mode::ConfigLine, "vty 0 4"};
    apply_line(c, vty, "password cisco");
    CHECK(c.vty[0].password == StoredSecret{0, "cisco"});
    apply_line(c, kConfig, "service password-encryption");
    REQUIRE(c.vty[0].password.has_value());
    CHECK(c.vty[0].password->type == 7);
    CHECK(decode_type7(c.vty[0].password->text) == std::optional<std::string>("cisco"));
    CHECK(c.vty[4].password == c.vty[0].password);
}

TEST_CASE("vty lines group like IOS, never across line 4 and 5") {
    RunningConfig c;
    grammar::ModeFrame all{grammar::Mode::ConfigLine, ""};
    REQUIRE(apply_line(c, kConfig, "line vty 0 15").empty());
    all.context = "vty 0 15";
    apply_line(c, all, "transport input ssh");
    auto body = render_config(c);
    CHECK(body.find("line vty 0 4\n login\n transport input ssh\nline vty 5 15\n login\n transport input ssh\n") !=
          std::string::npos);
}
