#include "engine/interfaces/interface_filters.hpp"

#include <algorithm>
#include <set>

#include "engine/config/access_groups.hpp"
#include "engine/config/nat_config.hpp"
#include "grammar/acl_keywords.hpp"

namespace routerd::interfaces {
namespace {

struct IcmpMessage {
    std::string_view name;
    std::uint8_t type;
    std::optional<std::uint8_t> code;
};
// IOS's ICMP message names (RFC 792 types and codes) that the filter matches.
constexpr IcmpMessage kIcmp[] = {
    {"echo-reply", 0, std::nullopt},         {"unreachable", 3, std::nullopt},
    {"net-unreachable", 3, 0},               {"host-unreachable", 3, 1},
    {"protocol-unreachable", 3, 2},          {"port-unreachable", 3, 3},
    {"packet-too-big", 3, 4},                {"administratively-prohibited", 3, 13},
    {"source-quench", 4, std::nullopt},      {"redirect", 5, std::nullopt},
    {"echo", 8, std::nullopt},               {"router-advertisement", 9, std::nullopt},
    {"router-solicitation", 10, std::nullopt}, {"time-exceeded", 11, std::nullopt},
    {"ttl-exceeded", 11, 0},                 {"parameter-problem", 12, std::nullopt},
    {"timestamp-request", 13, std::nullopt}, {"timestamp-reply", 14, std::nullopt},
};

std::optional<platform::PortRange> port_range(const std::optional<config::PortMatch>& p) {
    if (!p) return std::nullopt;
    platform::PortRange r;
    if (p->op == config::PortOp::Eq) r.low = r.high = p->low;
    else if (p->op == config::PortOp::Neq) r.low = r.high = p->low, r.negate = true;
    else if (p->op == config::PortOp::Lt) r.low = 0, r.high = static_cast<std::uint16_t>(p->low ? p->low - 1 : 0);
    else if (p->op == config::PortOp::Gt) r.low = static_cast<std::uint16_t>(p->low < 0xffff ? p->low + 1 : 0xffff), r.high = 0xffff;
    else if (p->op == config::PortOp::Range) r.low = p->low, r.high = p->high;
    return r;
}

// One line of a list as a filter rule, or why it cannot be one.
std::optional<platform::FilterRule> rule_of(const config::AccessList& acl, const config::AclEntry& e, std::string& why) {
    platform::FilterRule r;
    r.id = filter_rule_id(acl.name, e.seq);
    r.permit = e.permit;
    r.source = e.source.address;
    r.source_wildcard = e.source.wildcard;
    if (!acl.extended) return r;
    r.destination = e.destination.address;
    r.destination_wildcard = e.destination.wildcard;
    if (e.protocol != "ip") {
        auto n = grammar::protocol_number(e.protocol);
        if (!n) return why = "protocol " + e.protocol, std::nullopt;
        r.protocol = *n;
    }
    r.source_port = port_range(e.source_port);
    r.destination_port = port_range(e.destination_port);
    r.established = e.established;
    const auto& x = e.extras.get();
    if (const auto& icmp = x.icmp; !icmp.empty()) {
        auto space = icmp.find(' ');
        if (std::isdigit(static_cast<unsigned char>(icmp[0]))) {
            r.icmp_type = static_cast<std::uint8_t>(std::stoul(icmp.substr(0, space)));
            if (space != std::string::npos) r.icmp_code = static_cast<std::uint8_t>(std::stoul(icmp.substr(space + 1)));
        } else {
            auto m = std::find_if(std::begin(kIcmp), std::end(kIcmp), [&](const IcmpMessage& k) { return k.name == icmp; });
            if (m == std::end(kIcmp)) return why = "ICMP message " + icmp, std::nullopt;
            r.icmp_type = m->type;
            r.icmp_code = m->code;
        }
    }
    if (!x.tcp_flags.empty()) return why = x.tcp_flags, std::nullopt;
    if (!x.dscp.empty()) return why = "dscp", std::nullopt;
    if (e.fragments) return why = "fragments", std::nullopt;
    if (!x.time_range.empty()) return why = "time-range", std::nullopt;
    return r;
}

}  // namespace

std::string filter_rule_id(const std::string& list, std::uint32_t seq) { return list + ":" + std::to_string(seq); }

std::optional<std::pair<std::string, std::uint32_t>> parse_filter_rule_id(const std::string& id) {
    auto colon = id.rfind(':');  // the sequence number is last, whatever the name holds
    if (colon == std::string::npos || colon + 1 == id.size() ||
        id.find_first_not_of("0123456789", colon + 1) != std::string::npos)
        return std::nullopt;
    return std::pair{id.substr(0, colon), static_cast<std::uint32_t>(std::stoul(id.substr(colon + 1)))};
}

platform::FilterRuleset compile_filters(const config::RunningConfig& c, const LinkNames& links, std::vector<std::string>& problems) {
    platform::FilterRuleset out;
    std::set<std::string> compiled, refused;
    auto list = [&](const std::string& name) {
        if (compiled.count(name)) return true;
        if (refused.count(name)) return false;
        auto it = c.access_lists.find(name);
        if (it == c.access_lists.end()) return false;  // IOS: an undefined list filters nothing
        platform::FilterList fl{name, {}};
        for (const auto& e : it->second.entries) {
            if (e.is_remark) continue;
            std::string why;
            auto r = rule_of(it->second, e, why);
            if (!r) {
                problems.push_back("access list " + name + " line " + std::to_string(e.seq) + ": " + why +
                                   " is not enforced here; the list is not applied");
                refused.insert(name);
                return false;
            }
            fl.rules.push_back(std::move(*r));
        }
        out.lists.push_back(std::move(fl));
        compiled.insert(name);
        return true;
    };
    for (const auto& [name, i] : c.interfaces) {
        auto link = links.find(name);
        if (link == links.end()) continue;
        auto groups = config::access_groups(i);
        if (!groups.in.empty() && list(groups.in)) out.attachments.push_back({link->second, true, groups.in});
        if (!groups.out.empty() && list(groups.out)) out.attachments.push_back({link->second, false, groups.out});
    }
    for (const auto& [name, i] : c.interfaces) {
        auto link = links.find(name);
        if (link != links.end() && i.tcp_adjust_mss)
            out.mss_clamps.push_back({link->second, static_cast<std::uint16_t>(*i.tcp_adjust_mss)});
    }
    // NAT between the interfaces marked `ip nat inside` and `ip nat outside`.
    std::vector<std::string> inside, outside;
    for (const auto& [name, i] : c.interfaces) {
        auto link = links.find(name);
        if (link == links.end()) continue;
        auto side = config::nat_side(i);
        if (side == config::NatSide::Inside) inside.push_back(link->second);
        if (side == config::NatSide::Outside) outside.push_back(link->second);
    }
    auto nat = config::nat_config(c.stored);
    for (const auto& s : nat.statics)
        out.nat_statics.push_back({s.local, s.global, s.protocol, s.local_port, s.global_port, inside, outside});
    for (const auto& d : nat.dynamics) {
        std::string list_name = d.list;
        if (!d.route_map.empty()) {
            std::string why;
            auto l = config::nat_route_map_list(c, d.route_map, why);
            if (!l) {
                problems.push_back("NAT through " + why + "; the rule is not applied");
                continue;
            }
            list_name = *l;
        }
        platform::NatDynamicRule rule{list_name, inside, {}, std::nullopt};
        if (d.interface) {
            auto link = links.find(*d.interface);
            if (link == links.end()) continue;
            rule.outside = {link->second};  // IOS: what leaves by that interface takes its address
        } else {
            auto pool = std::find_if(nat.pools.begin(), nat.pools.end(), [&](const config::NatPool& p) { return p.name == d.pool; });
            if (pool == nat.pools.end()) continue;  // IOS: a pool that does not exist translates nothing
            rule.outside = outside;
            // Without `overload` IOS gives each inside host an address of its own; the kernel's
            // NAT keeps addresses apart too and changes a port only when two flows would collide.
            rule.pool = std::pair{pool->start, pool->end};
        }
        // IOS: a NAT rule naming a list that does not exist translates nothing.
        if (!list(list_name)) continue;
        out.nat_dynamics.push_back(std::move(rule));
    }
    return out;
}

void InterfaceFilters::reconcile(const config::RunningConfig& config, const LinkNames& links) {
    std::vector<std::string> problems;
    auto wanted = compile_filters(config, links, problems);
    if (problems != reported_) {
        for (const auto& p : problems)
            if (std::find(reported_.begin(), reported_.end(), p) == reported_.end()) log_(4, "%ACL-4-NOT_APPLIED: " + p);
        reported_ = problems;
    }
    if (applied_ && *applied_ == wanted) return;
    // Nothing to filter and nothing installed yet: the kernel need not be asked (a routerd
    // without the privilege or the nf_tables module stays quiet until a list is applied).
    if (wanted.empty() && !installed_) {
        applied_ = std::move(wanted);
        return;
    }
    if (auto err = filter_.replace(wanted)) {
        // Said once until the reason changes; every later reconcile tries again.
        if (*err != failure_)
            log_(3, "%ACL-3-FILTER_FAILED: the interface access lists and NAT could not be installed: " + *err);
        failure_ = *err;
        applied_.reset();
        return;
    }
    failure_.clear();
    installed_ = !wanted.empty();
    applied_ = std::move(wanted);
}

}  // namespace routerd::interfaces
