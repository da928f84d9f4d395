#pragma once
// `show ip route` in IOS 15's layout: the codes legend, the gateway of last resort, and the
// routes grouped under their classful network ("is subnetted" / "is variably subnetted").
#include <cstdint>
#include <string>
#include <vector>

namespace routerd::show {

struct RouteEntry {
    char code = 'S';               // 'L' local, 'C' connected, 'S' static, 'B' BGP, 'O' OSPF
    std::uint32_t destination = 0; // host order
    int prefix_length = 0;
    std::uint32_t gateway = 0;     // 0: directly connected
    std::string interface;         // IOS name ("" when none)
    // What the routing protocol says of a B or O route (from FRR; IOS's static is [1/0]).
    std::string subtype;           // OSPF's "IA", "E1", "E2", ...: printed after the code
    int distance = 1;
    std::uint32_t metric = 0;
    std::string age;               // "00:01:23"; "" when not known
    std::string source;            // the summary's row for B and O: "bgp 65001", "ospf 1"
};

std::string render_ip_route(std::vector<RouteEntry> routes);

// `show ip route summary` in IOS 15's layout (the Replicates column), counted from the same routes:
// "Networks" are routes no longer than their classful length, "Subnets" the longer ones, and
// "internal" the classful parents `show ip route` prints as "is subnetted" headers.
std::string render_ip_route_summary(const std::vector<RouteEntry>& routes);

}  // namespace routerd::show
