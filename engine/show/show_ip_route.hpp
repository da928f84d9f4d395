#pragma once
// `show ip route` in IOS 15's layout: the codes legend, the gateway of last resort, and the
// routes grouped under their classful network ("is subnetted" / "is variably subnetted").
#include <cstdint>
#include <string>
#include <vector>

namespace routerd::show {

struct RouteEntry {
    char code = 'S';               // 'L' local, 'C' connected, 'S' static
    std::uint32_t destination = 0; // host order
    int prefix_length = 0;
    std::uint32_t gateway = 0;     // 0: directly connected
    std::string interface;         // IOS name ("" when none)
};

std::string render_ip_route(std::vector<RouteEntry> routes);

// `show ip route summary` in IOS 15's layout (the Replicates column), counted from the same routes:
// "Networks" are routes no longer than their classful length, "Subnets" the longer ones, and
// "internal" the classful parents `show ip route` prints as "is subnetted" headers.
std::string render_ip_route_summary(const std::vector<RouteEntry>& routes);

}  // namespace routerd::show
