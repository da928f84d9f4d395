#pragma once
// The configuration FRR must hold for a running-config: its routing blocks and lines
// (engine/config/routing_blocks.hpp) in vtysh's language. vtysh's syntax is IOS's in most
// lines; where FRR differs, the line is translated here, each rule saying which difference it
// bridges. A line FRR has no counterpart for is left out with the reason, never sent to land
// in another block.
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/interfaces/interface_sync.hpp"

namespace routerd::routing {

struct FrrLine {
    std::string text;    // as FRR takes it, indented as in its own configuration
    std::string origin;  // the IOS line it comes from, for messages
    bool operator==(const FrrLine&) const = default;
};

// A block (`router bgp 65001` with its lines) or a single global line (no children).
struct FrrStanza {
    FrrLine header;
    std::vector<FrrLine> children;
    bool operator==(const FrrStanza&) const = default;
};

struct LeftOut {
    std::string line;    // the IOS line
    std::string reason;
};

struct FrrConfig {
    std::vector<FrrStanza> stanzas;  // in the order FRR should take them
    std::vector<LeftOut> left_out;
    bool empty() const { return stanzas.empty(); }
};

FrrConfig frr_config(const config::RunningConfig& config, const interfaces::LinkNames& links);

// `0.0.0.255` -> 24; nothing for a mask that is not contiguous.
std::optional<int> wildcard_prefix_length(const std::string& wildcard);

}  // namespace routerd::routing
