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

// `clear counters`: the link's counts at that moment (subtracted) and how long ago it was.
struct CounterBaseline {
    platform::LinkInfo counts;
    std::optional<std::chrono::seconds> cleared_ago;  // nullopt: never
};

// The averaged rates of the link (the load meter's, over IOS's 5-minute load interval).
struct InterfaceRates {
    double input_bits = 0, output_bits = 0, input_packets = 0, output_packets = 0, errors = 0;  // per second
};

struct InterfaceDetail {
    InterfaceView view;
    TunnelFacts tunnel;  // for Tunnel interfaces
    CounterBaseline base = {};
    InterfaceRates rates = {};
};

std::string render_interfaces(const std::vector<InterfaceDetail>& interfaces);

}  // namespace routerd::show
