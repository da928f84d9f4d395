#include "engine/policy/selectors.hpp"

#include "engine/config/render_acl.hpp"
#include "engine/config/running_config.hpp"
#include "net/ipv4.hpp"
#include "grammar/acl_keywords.hpp"

namespace routerd::policy {
namespace {

bool contiguous_wildcard(std::uint32_t w) { return (w & (w + 1)) == 0; }

bool port_range(const std::optional<config::PortMatch>& p, std::uint16_t& lo, std::uint16_t& hi) {
    lo = 0;
    hi = 0xffff;
    if (!p) return true;
    if (p->op == config::PortOp::Eq) lo = hi = p->low;
    else if (p->op == config::PortOp::Range) { lo = p->low; hi = p->high; }
    else if (p->op == config::PortOp::Gt) { if (p->low == 0xffff) return false; lo = static_cast<std::uint16_t>(p->low + 1); }
    else if (p->op == config::PortOp::Lt) { if (p->low == 0) return false; hi = static_cast<std::uint16_t>(p->low - 1); }
    else return false;  // neq: two ranges, not one selector
    return true;
}

}  // namespace

bool between_endpoints(const Selector& s, std::uint32_t local, std::uint32_t peer) {
    return s.source_mask == 0xffffffff && s.destination_mask == 0xffffffff && s.source == local && s.destination == peer;
}

std::vector<Selector> selectors_from(const config::AccessList& acl, std::vector<std::string>& problems) {
    std::vector<Selector> out;
    for (const auto& e : acl.entries) {
        if (e.is_remark) continue;
        Selector s;
        s.bypass = !e.permit;
        s.acl_seq = e.seq;
        s.source = e.source.address;
        s.source_mask = ~e.source.wildcard;
        if (acl.extended) {
            s.destination = e.destination.address;
            s.destination_mask = ~e.destination.wildcard;
            s.protocol = grammar::protocol_number(e.protocol).value_or(0);
        }
        bool ok = contiguous_wildcard(e.source.wildcard) && contiguous_wildcard(e.destination.wildcard) &&
                  port_range(e.source_port, s.source_port_low, s.source_port_high) &&
                  port_range(e.destination_port, s.destination_port_low, s.destination_port_high);
        if (!ok) {
            problems.push_back("access-list " + acl.name + " line " + std::to_string(e.seq) + " (" +
                               config::entry_text(acl, e) + ") cannot be a kernel selector; ignored");
            continue;
        }
        out.push_back(s);
    }
    return out;
}

std::string prefix_text(std::uint32_t address, std::uint32_t mask) {
    return net::format_ipv4(address) + "/" + std::to_string(config::mask_length(mask));
}

std::string networks_text(const Selector& s) {
    return prefix_text(s.source, s.source_mask) + " -> " + prefix_text(s.destination, s.destination_mask);
}

}  // namespace routerd::policy
