// What FRR is told for a running-config (engine/routing/frr_config.hpp) and how a change
// becomes the fewest vtysh lines (RoutingSync::difference).
#include <catch2/catch.hpp>

#include "engine/routing/frr_config.hpp"
#include "engine/routing/routing_sync.hpp"
#include "grammar/interface_name.hpp"

using namespace routerd;

namespace {

config::RunningConfig with(std::vector<config::StoredLine> stored) {
    config::RunningConfig c;
    c.stored = std::move(stored);
    return c;
}

std::vector<std::string> lines(const routing::FrrConfig& f) {
    std::vector<std::string> out;
    for (const auto& s : f.stanzas) {
        out.push_back(s.header.text);
        for (const auto& c : s.children) out.push_back(c.text);
    }
    return out;
}

std::vector<std::string> texts(const std::vector<routing::FrrLine>& l) {
    std::vector<std::string> out;
    for (const auto& x : l) out.push_back(x.text);
    return out;
}

}  // namespace

TEST_CASE("IOS's BGP lines become FRR's where they differ") {
    auto c = with({{"router bgp 65000",
                    {" neighbor 169.254.10.1 remote-as 64512", " neighbor 169.254.10.1 timers 10 30 30",
                     " neighbor 169.254.10.1 password 7 0822455D0A16", " address-family ipv4",
                     "  network 10.1.0.0 mask 255.255.0.0", "  network 172.16.0.0", "  redistribute static subnets",
                     " exit-address-family", " address-family vpnv4", "  neighbor 169.254.10.1 activate",
                     " exit-address-family"}}});
    auto f = routing::frr_config(c, {});
    CHECK(lines(f) == std::vector<std::string>{"router bgp 65000", " no bgp ebgp-requires-policy", " maximum-paths 1",
                                               " neighbor 169.254.10.1 remote-as 64512",
                                               " neighbor 169.254.10.1 timers connect 10",
                                               " neighbor 169.254.10.1 timers 10 30",
                                               " neighbor 169.254.10.1 password cisco",
                                               " address-family ipv4 unicast", "  network 10.1.0.0 mask 255.255.0.0",
                                               "  network 172.16.0.0/16", "  redistribute kernel",
                                               " exit-address-family"});
    // The vpnv4 family and what is under it are left out, never sent to land elsewhere.
    REQUIRE(f.left_out.size() == 2);
    CHECK(f.left_out[0].line == "address-family vpnv4");
    CHECK(f.left_out[1].line == "neighbor 169.254.10.1 activate");
}

TEST_CASE("OSPF: one process, prefixes for wildcards, passive interfaces on the interface") {
    config::RunningConfig c = with({{"router ospf 1",
                                     {" router-id 1.1.1.1", " network 10.255.0.0 0.0.0.3 area 0",
                                      " network 10.7.0.0 0.255.0.255 area 0", " passive-interface Tunnel1",
                                      " redistribute connected subnets"}},
                                    {"router ospf 2", {" network 10.0.0.0 0.0.0.255 area 1"}}});
    auto tunnel = *grammar::parse_interface_name("Tunnel1");
    c.interfaces.emplace(tunnel, config::InterfaceConfig::named(tunnel));
    c.interfaces.at(tunnel).stored.push_back({"ip ospf 1 area 0", {}});
    c.interfaces.at(tunnel).stored.push_back({"ip ospf cost 10", {}});
    auto f = routing::frr_config(c, {{tunnel, "vti1"}});
    // A tunnel is a point-to-point network to IOS's OSPF.
    CHECK(lines(f) == std::vector<std::string>{"interface vti1", " ip ospf network point-to-point",
                                               " ip ospf area 0", " ip ospf cost 10",
                                               " ip ospf passive", "router ospf", " router-id 1.1.1.1",
                                               " network 10.255.0.0/30 area 0", " redistribute connected"});
    REQUIRE(f.left_out.size() == 2);
    CHECK(f.left_out[0].line == "network 10.7.0.0 0.255.0.255 area 0");
    CHECK(f.left_out[1].line == "router ospf 2");
}

TEST_CASE("route maps and lists in FRR's spelling") {
    auto c = with({{"route-map RM", {" match ip address prefix-list P", " match ip address 10", " set metric 5"}},
                   {"ip prefix-list P seq 5 permit 10.0.0.0/8 le 24", {}},
                   {"ip as-path access-list 1 permit ^$", {}},
                   {"ip community-list 1 permit 100:1", {}}});
    auto f = routing::frr_config(c, {});
    CHECK(lines(f) == std::vector<std::string>{"ip prefix-list P seq 5 permit 10.0.0.0/8 le 24",
                                               "bgp as-path access-list 1 permit ^$", "bgp community-list 1 permit 100:1",
                                               "route-map RM permit 10", " match ip address prefix-list P",
                                               " set metric 5"});
    REQUIRE(f.left_out.size() == 1);
    CHECK(f.left_out[0].line == "match ip address 10");
}

TEST_CASE("a change becomes the removed lines undone and the changed block again; the rest is untouched") {
    auto before = routing::frr_config(
        with({{"router bgp 1", {" neighbor 10.0.0.2 remote-as 2", " neighbor 10.0.0.2 timers 10 30", " address-family ipv4",
                                "  network 10.1.0.0 mask 255.255.0.0", " exit-address-family", " no auto-summary"}},
              {"ip prefix-list P seq 5 permit 10.0.0.0/8", {}},
              {"route-map RM permit 10", {" set metric 5"}}}),
        {});
    auto after = routing::frr_config(
        with({{"router bgp 1", {" neighbor 10.0.0.2 remote-as 2", " address-family ipv4", " exit-address-family"}},
              {"route-map RM permit 10", {" set metric 5"}}}),
        {});
    CHECK(texts(routing::RoutingSync::difference(before, after)) ==
          std::vector<std::string>{"no ip prefix-list P seq 5 permit 10.0.0.0/8", "router bgp 1",
                                   " no neighbor 10.0.0.2 timers 10 30", " address-family ipv4 unicast",
                                   "  no network 10.1.0.0 mask 255.255.0.0", " exit-address-family", " auto-summary",
                                   " no bgp ebgp-requires-policy", " maximum-paths 1", " neighbor 10.0.0.2 remote-as 2",
                                   " neighbor 10.0.0.2 timers connect 10", " address-family ipv4 unicast",
                                   " exit-address-family", "exit"});
    CHECK(routing::RoutingSync::difference(after, after).empty());
    auto gone = routing::RoutingSync::difference(after, routing::FrrConfig{});
    CHECK(texts(gone) == std::vector<std::string>{"no router bgp 1", "no route-map RM permit 10"});
}
