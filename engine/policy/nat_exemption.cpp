#include "engine/policy/nat_exemption.hpp"

#include <algorithm>

#include "engine/config/nat_config.hpp"

namespace routerd::policy {
namespace {

bool address_matches(const config::AclAddress& a, std::uint32_t address) { return (address & ~a.wildcard) == (a.address & ~a.wildcard); }

// The first line of `acl` that a packet of flow `s` (its first addresses) meets: true when that
// line permits. A line with ports or another protocol than the flow's is passed over: it may or
// may not take the packet, and a warning must not guess.
bool permits(const config::AccessList& acl, const Selector& s) {
    for (const auto& e : acl.entries) {
        if (e.is_remark) continue;
        if (!address_matches(e.source, s.source)) continue;
        if (acl.extended) {
            if (!address_matches(e.destination, s.destination)) continue;
            bool any_protocol = e.protocol == "ip" || e.protocol == "0";
            if (!any_protocol && (s.protocol == 0 || e.protocol != std::to_string(s.protocol))) continue;
            if (e.source_port || e.destination_port) continue;
        }
        return e.permit;
    }
    return false;  // IOS's implicit deny: not translated
}

}  // namespace

std::vector<std::string> nat_exemption_problems(const config::RunningConfig& rc, const std::vector<ProtectionPolicy>& entries) {
    std::vector<std::string> out;
    auto nat = config::nat_config(rc.stored);
    for (const auto& d : nat.dynamics) {
        std::string list = d.list;
        if (!d.route_map.empty()) {
            std::string why;
            auto l = config::nat_route_map_list(rc, d.route_map, why);
            if (!l) continue;  // not carried out at all (interfaces/interface_filters.cpp says so)
            list = *l;
        }
        auto acl = rc.access_lists.find(list);
        if (acl == rc.access_lists.end()) continue;
        // Where the rule translates: the named interface, or every `ip nat outside` one (a pool).
        std::vector<std::string> outside;
        if (d.interface) outside.push_back(d.interface->canonical());
        else
            for (const auto& [name, i] : rc.interfaces)
                if (config::nat_side(i) == config::NatSide::Outside) outside.push_back(name.canonical());
        std::string rule = "ip nat inside source " + (d.route_map.empty() ? "list " + d.list : "route-map " + d.route_map) +
                           (d.interface ? " interface " + d.interface->canonical() : " pool " + d.pool) + (d.overload ? " overload" : "");
        for (const auto& e : entries) {
            // A tunnel's implicit entry (65536) protects the router's own GRE packets, which NAT leaves alone.
            if (e.kind != EntryKind::CRYPTO_MAP || !e.dynamic_template.empty() || e.manual || e.seq > 65535) continue;
            auto on = std::find_if(e.interfaces.begin(), e.interfaces.end(),
                                   [&](const std::string& i) { return std::find(outside.begin(), outside.end(), i) != outside.end(); });
            if (on == e.interfaces.end()) continue;
            for (const auto& s : e.selectors) {
                if (s.bypass || !permits(acl->second, s)) continue;
                out.push_back("NAT exemption missing: `" + rule + "` translates " + networks_text(s) + ", which crypto map " + e.map +
                              " " + std::to_string(e.seq) + " protects on " + *on + " (access list " + e.acl + "): translated, it no longer matches and leaves " +
                              "unencrypted; deny that traffic in access list " + list + " before its permit line");
            }
        }
    }
    return out;
}

}  // namespace routerd::policy
