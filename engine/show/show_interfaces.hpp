#pragma once
// `show interfaces [IF]`: IOS 15's per-interface block. A VTI shows its tunnel lines in the
// layout of reference A.3.14 (what Genie's ShowInterfaces reads); counters are the Linux
// link's.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/show/show_ip_interface_brief.hpp"

namespace routerd::show {

struct TunnelFacts {
    std::uint32_t source_address = 0;  // 0: unknown
    std::string source_interface;      // "" when `tunnel source` names an address
};

// `clear counters`: the counts at that moment (subtracted) and how long ago it was.
struct CounterBaseline {
    std::uint64_t rx_packets = 0, rx_bytes = 0, tx_packets = 0, tx_bytes = 0;
    std::optional<std::chrono::seconds> cleared_ago;  // nullopt: never
};

struct InterfaceDetail {
    InterfaceView view;
    TunnelFacts tunnel;  // for Tunnel interfaces
    CounterBaseline base = {};
};

std::string render_interfaces(const std::vector<InterfaceDetail>& interfaces);

}  // namespace routerd::show
