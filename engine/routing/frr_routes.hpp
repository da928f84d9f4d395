#pragma once
// What FRR knows of the routes zebra installed for bgpd and ospfd (`show ip route json`, and
// `show ip ospf route json` for the OSPF route types), read back for `show ip route`: the
// administrative distance, metric and age IOS prints, which the kernel does not keep.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace routerd::routing {

struct FrrRouteInfo {
    int distance = 0;
    std::uint32_t metric = 0;
    std::string age;      // as IOS prints it: 00:01:23, 1d02h, 1w2d
    std::string subtype;  // OSPF: "" intra-area, "IA", "E1", "E2", "N1", "N2"
};

using RouteKey = std::pair<std::uint32_t, int>;  // destination (host order), prefix length

// The selected bgp and ospf routes of `show ip route json`; nothing for text that is not it.
std::map<RouteKey, FrrRouteInfo> parse_frr_routes(std::string_view route_json, std::string_view ospf_route_json);

}  // namespace routerd::routing
