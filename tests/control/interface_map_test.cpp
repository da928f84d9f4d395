#include <catch.hpp>

#include "engine/control/interface_map.hpp"

using namespace routerd;

namespace {
platform::LinkInfo link(std::string name, int index, bool loopback = false) {
    platform::LinkInfo l;
    l.name = std::move(name);
    l.index = index;
    l.loopback = loopback;
    return l;
}
platform::LinkInfo with_kind(std::string name, int index, std::string kind) {
    auto l = link(std::move(name), index);
    l.kind = std::move(kind);
    return l;
}
std::map<std::string, std::string> names(const std::map<grammar::InterfaceName, platform::LinkInfo>& m) {
    std::map<std::string, std::string> out;
    for (const auto& [ios, l] : m) out[ios.canonical()] = l.name;
    return out;
}
}  // namespace

TEST_CASE("links map to IOS names: file first, own IOS names, then GigabitEthernet in ifindex order") {
    control::InterfaceMap map;
    auto errors = map.load_file("# lab wiring\nFastEthernet0/1 ens5\nbogus\nSerial9/9 missing-link\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0] == "interfaces line 3: expected \"IOS-NAME linux-name\"");
    auto got = names(map.resolve({link("lo", 1, true), link("eth1", 3), link("eth0", 2), link("ens5", 4),
                                  link("Serial1-2", 5), link("Loopback0", 6), link("Tunnel7", 7), link("eth9", 8),
                                  link("Virtual-Access1", 9)}));
    CHECK(got == std::map<std::string, std::string>{
                     {"FastEthernet0/1", "ens5"}, {"Serial1/2", "Serial1-2"}, {"Loopback0", "Loopback0"},
                     {"Tunnel7", "Tunnel7"}, {"GigabitEthernet0/0", "eth0"}, {"GigabitEthernet0/1", "eth1"},
                     {"GigabitEthernet0/2", "eth9"}, {"Virtual-Access1", "Virtual-Access1"}});
}

TEST_CASE("the default map skips tunnel modules' fallback devices and links routerd makes") {
    // A VPN host that has loaded ip_vti, ip_gre, ipip and sit: each namespace holds their
    // fallback devices, listed before the real NIC.
    control::InterfaceMap map;
    auto got = names(map.resolve({link("lo", 1, true), with_kind("ip_vti0", 2, "vti"), with_kind("gre0", 3, "gre"),
                                  with_kind("gretap0", 4, "gretap"), with_kind("erspan0", 5, "erspan"),
                                  with_kind("tunl0", 6, "ipip"), with_kind("sit0", 7, "sit"),
                                  with_kind("ip6tnl0", 8, "ip6tnl"), with_kind("ip6_vti0", 9, "vti6"),
                                  with_kind("ip6gre0", 10, "ip6gre"), with_kind("eth0", 11, "veth"),
                                  with_kind("dummy5", 12, "dummy"), link("ens3", 13)}));
    CHECK(got == std::map<std::string, std::string>{{"GigabitEthernet0/0", "eth0"}, {"GigabitEthernet0/1", "ens3"}});
}

TEST_CASE("a sub-interface's VLAN link PARENT.N maps to the parent port's sub-interface N") {
    control::InterfaceMap map;
    auto got = names(map.resolve({link("lo", 1, true), with_kind("eth0", 2, "veth"), with_kind("eth0.100", 3, "vlan"),
                                  with_kind("eth9.5", 4, "vlan"), with_kind("eth0.x", 5, "vlan")}));
    CHECK(got == std::map<std::string, std::string>{{"GigabitEthernet0/0", "eth0"},
                                                    {"GigabitEthernet0/0.100", "eth0.100"}});
}
