#include "engine/config/access_class.hpp"

namespace routerd::config {
namespace {

bool address_matches(const AclAddress& a, std::uint32_t address) { return (address & ~a.wildcard) == (a.address & ~a.wildcard); }

bool port_matches(const std::optional<PortMatch>& p, std::uint16_t port) {
    if (!p) return true;
    if (p->op == PortOp::Eq) return port == p->low;
    if (p->op == PortOp::Neq) return port != p->low;
    if (p->op == PortOp::Lt) return port < p->low;
    if (p->op == PortOp::Gt) return port > p->low;
    if (p->op == PortOp::Range) return port >= p->low && port <= p->high;
    return false;
}

}  // namespace

bool access_class_permits(const AccessLists& lists, const std::string& name, std::uint32_t source, std::uint16_t port) {
    auto it = lists.find(name);
    if (it == lists.end()) return true;
    for (const auto& e : it->second.entries) {
        if (e.is_remark || !address_matches(e.source, source)) continue;
        if (it->second.extended) {
            if (e.protocol != "ip" && e.protocol != "tcp") continue;
            if (e.protocol == "tcp" && !port_matches(e.destination_port, port)) continue;
        }
        return e.permit;
    }
    return false;
}

}  // namespace routerd::config
