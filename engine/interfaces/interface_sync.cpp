#include "engine/interfaces/interface_sync.hpp"

#include <algorithm>

#include "engine/policy/policy_set.hpp"

namespace routerd::interfaces {
namespace {

// Links routerd creates itself: IPsec VTIs, GRE tunnels and loopbacks. Other interfaces are
// the box's.
bool is_vti(const config::InterfaceConfig& i) {
    return i.name.type == grammar::InterfaceType::Tunnel && i.ipsec_tunnel();
}
// `tunnel mode gre ip` is IOS's default mode of a tunnel interface.
bool is_gre(const config::InterfaceConfig& i) {
    return i.name.type == grammar::InterfaceType::Tunnel && (i.tunnel_mode.empty() || i.tunnel_mode == "gre ip");
}

std::vector<platform::Ipv4Prefix> wanted_addresses(const config::InterfaceConfig& i) {
    std::vector<platform::Ipv4Prefix> out;
    if (i.address) out.push_back({i.address->address, config::mask_length(i.address->mask)});
    for (const auto& s : i.secondaries) out.push_back({s.address, config::mask_length(s.mask)});
    return out;
}

// IOS-style %IFMGR-4-STALE_STATE for what a killed routerd left of one kind: "adopted A, B;
// removed none", each list sorted.
std::string stale_state(const std::string& what, std::vector<std::string> adopted, std::vector<std::string> removed) {
    auto listed = [](std::vector<std::string>& v) {
        std::sort(v.begin(), v.end());
        std::string out;
        for (const auto& n : v) out += (out.empty() ? "" : ", ") + n;
        return out.empty() ? std::string("none") : out;
    };
    return "%IFMGR-4-STALE_STATE: " + what + " a previous routerd left: adopted " + listed(adopted) + "; removed " + listed(removed);
}

}  // namespace

InterfaceSync::InterfaceSync(platform::Links& links, InterfaceSyncHooks hooks) : links_(links), hooks_(std::move(hooks)) {}

InterfaceSync::~InterfaceSync() {
    for (const auto& r : routes_) links_.remove_route(r);
    // Sub-interfaces' VLAN links first: they sit on links that may be ours too.
    for (const auto& [name, w] : made_)
        if (w.kind == WantedLink::Kind::Vlan) links_.remove_link(name);
    for (const auto& [name, w] : made_)
        if (w.kind != WantedLink::Kind::Vlan) links_.remove_link(name);
}

void InterfaceSync::report(const std::string& what, const std::optional<std::string>& error) {
    if (!error) {
        reported_.erase(what);
        return;
    }
    auto& last = reported_[what];
    if (last == *error) return;
    last = *error;
    if (hooks_.log) hooks_.log(3, "%LINK-3-UPDOWN_FAIL: " + what + ": " + *error);
}

void InterfaceSync::reconcile(const config::RunningConfig& config) {
    if (!hooks_.link_names) return;
    if (applied_interfaces_ == config.interfaces && applied_routes_ == config.routes) return;
    applied_interfaces_ = config.interfaces;
    applied_routes_ = config.routes;
    create_links(config, hooks_.link_names(links_.list()));
    auto links = links_.list();  // with the links just made
    auto names = hooks_.link_names(links);
    sync_routes(config, names, sync_addresses_and_state(config, names, links));
}

std::map<std::string, WantedLink> InterfaceSync::wanted_links(const config::RunningConfig& config,
                                                             const LinkNames& names) const {
    std::map<std::string, WantedLink> wanted;  // by Linux name
    for (const auto& [name, i] : config.interfaces) {
        WantedLink w;
        // A Linux link name is the IOS name ("Tunnel0"): the interface map finds it by name.
        std::string linux_name = name.canonical();
        if (is_vti(i)) {
            w.kind = WantedLink::Kind::Vti;
            w.if_id = policy::tunnel_if_id(name);
        } else if (is_gre(i)) {
            // The endpoints are part of the link: a new source or destination is a new link.
            auto ends = config::tunnel_endpoints(config, i);
            if (!ends) continue;  // IOS: up/down until source and destination resolve
            w.kind = WantedLink::Kind::Gre;
            w.gre = *ends;
        } else if (i.name.type == grammar::InterfaceType::Loopback) {
            w.kind = WantedLink::Kind::Dummy;
        } else if (name.is_subinterface() && i.dot1q_vlan) {
            // `encapsulation dot1Q N` on gi0/0.10: a VLAN link on the parent's Linux link,
            // named PARENT.10 after the IOS sub-interface number (the interface map reads it
            // back that way), tagged N.
            auto parent = names.find(name.parent());
            if (parent == names.end()) continue;  // no port behind the parent on this box
            w.kind = WantedLink::Kind::Vlan;
            w.parent = parent->second;
            w.vlan_id = *i.dot1q_vlan;
            linux_name = parent->second + name.number.substr(name.number.find('.'));
        } else {
            continue;
        }
        w.ios_name = name.canonical();
        wanted[linux_name] = w;
    }
    return wanted;
}

std::vector<std::string> InterfaceSync::adopt_or_remove_leftovers(const std::map<std::string, WantedLink>& wanted) {
    std::vector<std::string> adopted, removed;
    for (const auto& l : links_.list()) {
        if (!l.owned || made_.count(l.name)) continue;
        auto w = wanted.find(l.name);
        bool same_kind = w != wanted.end() && ((w->second.kind == WantedLink::Kind::Vti && l.kind == "xfrm") ||
                                                (w->second.kind == WantedLink::Kind::Dummy && l.kind == "dummy"));
        // A VTI's if_id follows from its name (policy::tunnel_if_id), so an xfrm interface of
        // the same name is the same tunnel.
        if (same_kind) {
            made_[l.name] = w->second;
            added_addresses_[l.name] = l.addresses;
            adopted.push_back(l.name);
            continue;
        }
        report("cannot remove " + l.name, links_.remove_link(l.name));
        removed.push_back(l.name);
    }
    if ((adopted.empty() && removed.empty()) || !hooks_.log) return removed;
    hooks_.log(4, stale_state("links", adopted, removed));
    std::sort(removed.begin(), removed.end());
    return removed;
}

void InterfaceSync::create_links(const config::RunningConfig& config, const LinkNames& names) {
    auto wanted = wanted_links(config, names);
    std::set<std::string> existing;
    for (const auto& [ios, linux_name] : names) existing.insert(linux_name);
    if (!leftovers_done_) {
        leftovers_done_ = true;
        for (const auto& gone : adopt_or_remove_leftovers(wanted)) existing.erase(gone);
    }
    // Ours that are no longer wanted as they are (the interface removed, of another kind, a
    // GRE tunnel with other endpoints, a sub-interface with another VLAN) go first.
    for (auto it = made_.begin(); it != made_.end();) {
        auto w = wanted.find(it->first);
        if (w != wanted.end() && w->second == it->second) {
            ++it;
            continue;
        }
        const std::string& gone = it->first;
        report("cannot remove " + gone, links_.remove_link(gone));
        existing.erase(gone);
        added_addresses_.erase(gone);
        original_mtu_.erase(gone);
        std::erase_if(routes_, [&](const platform::RouteSpec& r) { return r.device == gone; });
        it = made_.erase(it);
    }
    for (const auto& [linux_name, w] : wanted) {
        // A link of that name that routerd did not make is the box's: left alone.
        if (made_.count(linux_name) || existing.count(linux_name)) continue;
        std::optional<std::string> error;
        std::string what = "the link";
        switch (w.kind) {
            case WantedLink::Kind::Vti:
                error = links_.create_xfrm_interface(linux_name, w.if_id);
                what = "the xfrm interface";
                break;
            case WantedLink::Kind::Gre:
                error = links_.create_gre(linux_name, w.gre.local, w.gre.remote);
                what = "the GRE tunnel";
                break;
            case WantedLink::Kind::Dummy: error = links_.create_dummy(linux_name); break;
            case WantedLink::Kind::Vlan:
                error = linux_name.size() > 15 ? std::optional<std::string>("the name " + linux_name + " is too long for Linux")
                                               : links_.create_vlan(linux_name, w.parent, w.vlan_id);
                what = "the VLAN link";
                break;
        }
        report(w.ios_name + ": cannot create " + what, error);
        if (!error) made_[linux_name] = w;
    }
}

LinkStates InterfaceSync::sync_addresses_and_state(const config::RunningConfig& config, const LinkNames& names,
                                                   const std::vector<platform::LinkInfo>& links) {
    std::map<std::string, const platform::LinkInfo*> by_name;
    LinkStates up;
    for (const auto& l : links) {
        by_name[l.name] = &l;
        up[l.name] = l.admin_up;
    }
    for (const auto& [name, i] : config.interfaces) {
        auto n = names.find(name);
        if (n == names.end()) continue;
        auto link = by_name.find(n->second);
        if (link == by_name.end()) continue;
        auto want = wanted_addresses(i);
        auto& ours = added_addresses_[n->second];
        // Addresses routerd added that the config no longer has.
        for (auto it = ours.begin(); it != ours.end();) {
            if (std::find(want.begin(), want.end(), *it) != want.end()) {
                ++it;
                continue;
            }
            links_.remove_address(n->second, *it);
            it = ours.erase(it);
        }
        const auto& have = link->second->addresses;
        for (const auto& a : want) {
            if (std::find(have.begin(), have.end(), a) != have.end()) continue;  // already there (ours or not)
            auto error = links_.add_address(n->second, a);
            report(name.canonical() + ": cannot set " + config::format_ipv4(a.address) + "/" + std::to_string(a.length), error);
            if (!error) ours.push_back(a);
        }
        // `mtu` sets the link's MTU; on a tunnel routerd made, `ip mtu` is that link's MTU too
        // (Linux has no IP MTU apart from the link's). Without either, a link routerd changed
        // gets its own MTU back.
        std::optional<std::uint32_t> configured = i.link_mtu;
        if (!configured && made_.count(n->second)) configured = i.mtu;
        auto original = original_mtu_.find(n->second);
        std::optional<std::uint32_t> want_mtu = configured;
        if (!want_mtu && original != original_mtu_.end()) want_mtu = original->second;
        bool mtu_done = !want_mtu || *want_mtu == link->second->mtu;
        if (!mtu_done) {
            auto error = links_.set_mtu(n->second, *want_mtu);
            report(name.canonical() + ": cannot set MTU " + std::to_string(*want_mtu), error);
            mtu_done = !error;
            if (!error && configured && original == original_mtu_.end()) original_mtu_[n->second] = link->second->mtu;
        }
        if (!configured && mtu_done && original != original_mtu_.end()) original_mtu_.erase(original);
        // IOS: a configured interface is up unless it says `shutdown` (which the running-config
        // then shows); `no shutdown` brings it back.
        bool want_up = !i.shutdown;
        if (link->second->admin_up == want_up) continue;
        auto error = links_.set_admin_up(n->second, want_up);
        report(name.canonical() + ": cannot change state", error);
        if (!error) up[n->second] = want_up;
    }
    return up;
}

void InterfaceSync::watch(const config::RunningConfig& config, const std::vector<platform::LinkInfo>& links) {
    if (!hooks_.link_names) return;
    auto names = hooks_.link_names(links);
    std::map<std::string, std::string> ios_of;
    for (const auto& [ios, linux_name] : names) ios_of[linux_name] = ios.canonical();
    bool changed = false;
    LinkStates up;
    for (const auto& l : links) {
        bool now = l.admin_up && l.oper_up;
        up[l.name] = now;
        auto was = seen_up_.find(l.name);
        if (was != seen_up_.end() && was->second != now) {
            changed = true;
            if (auto ios = ios_of.find(l.name); ios != ios_of.end() && hooks_.log) {
                std::string state = now ? "up" : "down";
                hooks_.log(3, "%LINK-3-UPDOWN: Interface " + ios->second + ", changed state to " + state);
                hooks_.log(5, "%LINEPROTO-5-UPDOWN: Line protocol on Interface " + ios->second + ", changed state to " + state);
            }
        }
        seen_up_[l.name] = now;
    }
    if (changed) sync_routes(config, names, up, true);
}

void InterfaceSync::adopt_or_remove_leftover_routes(const std::vector<platform::RouteSpec>& want) {
    std::vector<std::string> adopted, removed;
    for (const auto& left : links_.owned_routes()) {
        std::string name = config::format_ipv4(left.destination.address) + "/" + std::to_string(left.destination.length);
        // The kernel names the link a route through a next hop leaves by; the config may not.
        auto same = std::find_if(want.begin(), want.end(), [&](const platform::RouteSpec& w) {
            return w.destination == left.destination && w.metric == left.metric && w.gateway == left.gateway &&
                   (w.device.empty() || w.device == left.device);
        });
        if (same != want.end()) {
            if (std::find(routes_.begin(), routes_.end(), *same) == routes_.end()) routes_.push_back(*same);
            adopted.push_back(name);
        } else {
            links_.remove_route(left);
            removed.push_back(name);
        }
    }
    if ((adopted.empty() && removed.empty()) || !hooks_.log) return;
    hooks_.log(4, stale_state("static routes", std::move(adopted), std::move(removed)));
}

void InterfaceSync::sync_routes(const config::RunningConfig& config, const LinkNames& names, LinkStates up, bool recheck) {
    std::vector<platform::RouteSpec> want;
    for (const auto& r : config.routes) {
        platform::RouteSpec spec;
        spec.destination = {r.prefix & r.mask, config::mask_length(r.mask)};
        spec.gateway = r.next_hop;
        spec.metric = r.distance;
        if (r.interface) {
            auto n = names.find(*r.interface);
            // A route out of an interface that is missing or shut is not in the table (IOS).
            if (n == names.end() || !up[n->second]) continue;
            spec.device = n->second;
        }
        want.push_back(spec);
    }
    if (!route_leftovers_done_) {
        route_leftovers_done_ = true;
        adopt_or_remove_leftover_routes(want);
    }
    // A link set down loses its routes in the kernel: forget them, so they return with it.
    std::erase_if(routes_, [&](const platform::RouteSpec& r) { return !r.device.empty() && !up[r.device]; });
    for (auto it = routes_.begin(); it != routes_.end();) {
        if (std::find(want.begin(), want.end(), *it) != want.end()) {
            ++it;
            continue;
        }
        links_.remove_route(*it);
        it = routes_.erase(it);
    }
    for (const auto& r : want) {
        auto known = std::find(routes_.begin(), routes_.end(), r);
        if (known != routes_.end() && !recheck) continue;
        auto error = links_.replace_route(r);
        report("ip route " + config::format_ipv4(r.destination.address) + "/" + std::to_string(r.destination.length), error);
        if (!error && known == routes_.end()) routes_.push_back(r);
        // Not there now (its next hop unreachable): tried again at the next change.
        if (error && known != routes_.end()) routes_.erase(known);
    }
}

}  // namespace routerd::interfaces
