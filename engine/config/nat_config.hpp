#pragma once
// IOS's NAT lines, kept as typed (stored_config) so that they show in their IOS place, read
// back here for the packet filter: `ip nat inside|outside` on interfaces, and globally
// `ip nat inside source list ACL {interface IF overload | pool NAME [overload]}`,
// `ip nat pool NAME START END {netmask M | prefix-length N}` and `ip nat inside source static
// [tcp|udp] LOCAL [PORT] GLOBAL [PORT]`, and `ip nat inside source route-map RM ...` whose
// route map selects the traffic with one access list (nat_route_map_list).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/running_config.hpp"

namespace routerd::config {

struct NatStatic {
    std::uint32_t local = 0, global = 0;
    std::optional<std::uint8_t> protocol;  // 6 or 17 for a port mapping
    std::uint16_t local_port = 0, global_port = 0;
    bool operator==(const NatStatic&) const = default;
};

// `ip nat inside source list ACL ...`: what the list permits is translated, what it denies is
// not (the NAT exemption for a VPN's traffic).
struct NatDynamic {
    std::string list;
    std::string route_map;  // `route-map RM`: the list is the route map's (nat_route_map_list)
    std::optional<grammar::InterfaceName> interface;  // `interface IF overload`: IF's address
    std::string pool;                                 // `pool NAME`: the pool's addresses
    bool overload = false;
    bool operator==(const NatDynamic&) const = default;
};

struct NatPool {
    std::string name;
    std::uint32_t start = 0, end = 0;
    bool operator==(const NatPool&) const = default;
};

struct NatConfig {
    std::vector<NatStatic> statics;
    std::vector<NatDynamic> dynamics;
    std::vector<NatPool> pools;
};
NatConfig nat_config(const std::vector<StoredLine>& global_lines);

// The access list a NAT route map selects with: IOS's `route-map RM permit N` with one `match ip
// address ACL`. Any other shape (several entries, a deny entry, several lists, other matches)
// is not carried out: nothing, with the reason in `why`.
std::optional<std::string> nat_route_map_list(const RunningConfig& config, const std::string& route_map,
                                              std::string& why);

enum class NatSide { None, Inside, Outside };
NatSide nat_side(const InterfaceConfig& interface);

// Whether a kept line is one of the NAT lines this box carries out (no NOT_APPLIED notice).
bool nat_global_line_applies(std::string_view body);
bool nat_interface_line_applies(std::string_view body);

}  // namespace routerd::config
