#include "engine/config/tunnel_endpoints.hpp"

#include "grammar/token.hpp"

namespace routerd::config {

std::optional<TunnelEndpoints> tunnel_endpoints(const RunningConfig& config, const InterfaceConfig& tunnel) {
    auto remote = grammar::parse_ipv4(tunnel.tunnel_destination);
    if (!remote) return std::nullopt;
    std::optional<std::uint32_t> local = grammar::parse_ipv4(tunnel.tunnel_source);
    if (!local) {
        auto name = grammar::parse_interface_name(tunnel.tunnel_source);
        if (!name) return std::nullopt;
        auto it = config.interfaces.find(*name);
        if (it == config.interfaces.end() || !it->second.address) return std::nullopt;
        local = it->second.address->address;
    }
    return TunnelEndpoints{*local, *remote};
}

}  // namespace routerd::config
