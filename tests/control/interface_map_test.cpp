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
                                  link("Serial1-2", 5), link("Loopback0", 6), link("Tunnel7", 7), link("eth9", 8)}));
    CHECK(got == std::map<std::string, std::string>{
                     {"FastEthernet0/1", "ens5"}, {"Serial1/2", "Serial1-2"}, {"Loopback0", "Loopback0"},
                     {"Tunnel7", "Tunnel7"}, {"GigabitEthernet0/0", "eth0"}, {"GigabitEthernet0/1", "eth1"},
                     {"GigabitEthernet0/2", "eth9"}});
}
