#pragma once
// IOS's NAT lines, kept as typed (stored_config) so that they show in their IOS place, read
// back here for the packet filter: `ip nat inside|outside` on interfaces, and
// `ip nat inside source list ACL interface IF overload` (PAT) and `ip nat inside source static
// [tcp|udp] LOCAL [PORT] GLOBAL [PORT]` globally. Pools and route-maps are kept without effect.
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

struct NatOverload {
    std::string list;  // the ACL: permit translates, deny exempts (the VPN's traffic)
    grammar::InterfaceName interface;  // whose address the translated packets take
    bool operator==(const NatOverload&) const = default;
};

struct NatConfig {
    std::vector<NatStatic> statics;
    std::vector<NatOverload> overloads;
};
NatConfig nat_config(const std::vector<StoredLine>& global_lines);

enum class NatSide { None, Inside, Outside };
NatSide nat_side(const InterfaceConfig& interface);

// Whether a kept line is one of the NAT lines this box carries out (no NOT_APPLIED notice).
bool nat_global_line_applies(std::string_view body);
bool nat_interface_line_applies(std::string_view body);

}  // namespace routerd::config
