#pragma once
// Turning a crypto ACL into traffic selectors: each permit line is a selector to protect,
// each deny line one to leave in clear (IOS crypto ACL semantics).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/config/acl_config.hpp"

namespace routerd::policy {

struct Selector {
    std::uint32_t source = 0, source_mask = 0;
    std::uint32_t destination = 0, destination_mask = 0;
    std::uint8_t protocol = 0;  // 0 = any
    std::uint16_t source_port_low = 0, source_port_high = 0xffff;
    std::uint16_t destination_port_low = 0, destination_port_high = 0xffff;
    bool bypass = false;  // a deny line
    std::uint32_t acl_seq = 0;
    bool operator==(const Selector&) const = default;
};

// Selectors in ACL order; `problems` gets a line for each entry the kernel cannot express
// (non-contiguous wildcards, `neq` ports), which is then left out.
// IOS uses transport mode only for traffic between the IPsec peers themselves (host to
// host, e.g. GRE or a routing protocol between the endpoints); for anything else a transform
// set's `mode transport` falls back to tunnel mode.
bool between_endpoints(const Selector& s, std::uint32_t local, std::uint32_t peer);

std::vector<Selector> selectors_from(const config::AccessList& acl, std::vector<std::string>& problems);

// A network as the diagnosis lines name it: "10.1.1.0/24".
std::string prefix_text(std::uint32_t address, std::uint32_t mask);
// A selector's two networks, local first: "10.1.1.0/24 -> 10.2.2.0/24".
std::string networks_text(const Selector& s);

}  // namespace routerd::policy
