#pragma once
// The two addresses a tunnel interface runs between, from its `tunnel source` (an address, or
// an interface whose primary address is used, as IOS does) and `tunnel destination`.
#include <cstdint>
#include <optional>

#include "engine/config/running_config.hpp"

namespace routerd::config {

struct TunnelEndpoints {
    std::uint32_t local = 0, remote = 0;
    bool operator==(const TunnelEndpoints&) const = default;
};

// nullopt while either end is missing or the source interface has no address (IOS keeps such
// a tunnel up/down).
std::optional<TunnelEndpoints> tunnel_endpoints(const RunningConfig& config, const InterfaceConfig& tunnel);

}  // namespace routerd::config
