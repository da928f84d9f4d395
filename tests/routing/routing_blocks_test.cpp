// How routing blocks keep their lines (engine/config/routing_blocks.hpp): IOS's address-family
// sub-mode, `no` and single-valued lines.
#include <catch2/catch.hpp>

#include "engine/config/routing_blocks.hpp"

using routerd::config::add_routing_child;
using routerd::config::StoredLine;

namespace {
// Lines typed at a session that follows IOS's modes: `address-family` enters
// `(config-router-af)#`, `exit-address-family` or `exit` leaves it.
StoredLine typed(std::string header, std::vector<std::string> lines) {
    StoredLine block{std::move(header), {}};
    std::string family;
    for (const auto& l : lines) {
        if (l == "exit") {
            family.clear();
            continue;
        }
        add_routing_child(block, l, 0, family);
        if (l.starts_with("address-family")) family = l;
        if (l == "exit-address-family") family.clear();
    }
    return block;
}
}  // namespace

TEST_CASE("lines typed after address-family belong to it until exit-address-family") {
    auto b = typed("router bgp 65001", {"neighbor 10.0.0.2 remote-as 65002", "address-family ipv4",
                                        "network 10.1.0.0 mask 255.255.0.0", "neighbor 10.0.0.2 activate",
                                        "exit-address-family", "neighbor 10.0.0.3 remote-as 65003"});
    CHECK(b.children == std::vector<std::string>{" neighbor 10.0.0.2 remote-as 65002",
                                                 " neighbor 10.0.0.3 remote-as 65003", " address-family ipv4",
                                                 "  network 10.1.0.0 mask 255.255.0.0", "  neighbor 10.0.0.2 activate",
                                                 " exit-address-family"});
}

TEST_CASE("an address-family typed again opens again and takes the new lines") {
    auto b = typed("router bgp 1", {"address-family ipv4", "network 10.1.0.0", "exit-address-family",
                                    "address-family ipv4", "network 10.2.0.0", "exit-address-family"});
    CHECK(b.children == std::vector<std::string>{" address-family ipv4", "  network 10.1.0.0", "  network 10.2.0.0",
                                                 " exit-address-family"});
}

TEST_CASE("a pasted block keeps its structure") {
    StoredLine b{"router bgp 1", {}};
    add_routing_child(b, "neighbor 10.0.0.2 remote-as 2", 1);
    add_routing_child(b, "address-family ipv4", 1);
    add_routing_child(b, "neighbor 10.0.0.2 activate", 2);
    add_routing_child(b, "exit-address-family", 1);
    CHECK(b.children == std::vector<std::string>{" neighbor 10.0.0.2 remote-as 2", " address-family ipv4",
                                                 "  neighbor 10.0.0.2 activate", " exit-address-family"});
}

TEST_CASE("no X removes every line X begins in its context, or is kept when there is none") {
    auto b = typed("router bgp 1", {"neighbor 10.0.0.2 remote-as 2", "neighbor 10.0.0.2 timers 10 30 30",
                                    "neighbor 10.0.0.3 remote-as 3", "no neighbor 10.0.0.2", "no auto-summary"});
    CHECK(b.children == std::vector<std::string>{" neighbor 10.0.0.3 remote-as 3", " no auto-summary"});
    add_routing_child(b, "auto-summary", 0);  // X replaces a kept `no X`
    CHECK(b.children == std::vector<std::string>{" neighbor 10.0.0.3 remote-as 3", " auto-summary"});
}

TEST_CASE("a single-valued line replaces its earlier value in place; a repeated line changes nothing") {
    auto b = typed("router bgp 1", {"bgp router-id 1.1.1.1", "neighbor 10.0.0.2 remote-as 2",
                                    "neighbor 10.0.0.2 route-map A in", "neighbor 10.0.0.2 route-map B out"});
    CHECK_FALSE(add_routing_child(b, "neighbor 10.0.0.2 route-map B out", 0));
    CHECK(add_routing_child(b, "bgp router-id 2.2.2.2", 0));
    CHECK(add_routing_child(b, "neighbor 10.0.0.2 route-map C in", 0));
    CHECK(b.children == std::vector<std::string>{" bgp router-id 2.2.2.2", " neighbor 10.0.0.2 remote-as 2",
                                                 " neighbor 10.0.0.2 route-map C in",
                                                 " neighbor 10.0.0.2 route-map B out"});
    auto rm = typed("route-map RM permit 10", {"set local-preference 100", "set local-preference 200",
                                               "match ip address prefix-list P"});
    CHECK(rm.children == std::vector<std::string>{" set local-preference 200", " match ip address prefix-list P"});
}

TEST_CASE("leaving a family with exit closes it as IOS shows it; the next lines are the block's own") {
    auto b = typed("router bgp 1", {"address-family ipv4", "network 10.1.0.0 mask 255.255.0.0", "exit",
                                    "neighbor 10.0.0.3 remote-as 3", "address-family ipv4",
                                    "neighbor 10.0.0.3 activate"});
    CHECK(b.children == std::vector<std::string>{" neighbor 10.0.0.3 remote-as 3", " address-family ipv4",
                                                 "  network 10.1.0.0 mask 255.255.0.0", "  neighbor 10.0.0.3 activate",
                                                 " exit-address-family"});
}
