#include "engine/policy/policy_set.hpp"

#include "engine/policy/esp_overhead.hpp"
#include "engine/policy/nat_exemption.hpp"

#include "net/ipv4.hpp"

#include "engine/config/tunnel_endpoints.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "grammar/token.hpp"

namespace routerd::policy {

std::string entry_key(EntryKind kind, std::string_view name, std::optional<std::uint32_t> seq) {
    static const char* words[] = {"map ", "dynamic ", "tunnel ", "vtemplate "};
    std::string key = words[static_cast<int>(kind)] + std::string(name);
    if (seq) key += " " + std::to_string(*seq);
    return key;
}

EntryKind entry_kind(std::string_view key) {
    if (key.starts_with("dynamic ")) return EntryKind::DYNAMIC_MAP;
    if (key.starts_with("tunnel ")) return EntryKind::TUNNEL;
    if (key.starts_with("vtemplate ")) return EntryKind::VIRTUAL_TEMPLATE;
    return EntryKind::CRYPTO_MAP;
}

std::string entry_subject(std::string_view key) {
    auto first = key.find(' ');
    if (first == std::string_view::npos) return "";
    auto rest = key.substr(first + 1);
    return std::string(rest.substr(0, rest.find(' ')));
}

std::string entry_title(std::string_view key) {
    switch (entry_kind(key)) {
        case EntryKind::CRYPTO_MAP: return "crypto map " + std::string(key.substr(key.find(' ') + 1));
        case EntryKind::DYNAMIC_MAP: return "dynamic map " + std::string(key.substr(key.find(' ') + 1));
        default: return entry_subject(key);
    }
}

namespace {

using namespace config;

// The SA settings of an entry over the global ones over IOS's defaults (3600 s, 4608000 KB, 64).
void fill_sa(ProtectionPolicy& p, const SaSettings& own, const SaSettings& global) {
    auto seconds = [](const SaSettings& s) -> std::optional<std::uint32_t> {
        if (s.lifetime_seconds) return s.lifetime_seconds;
        if (s.lifetime_days) return *s.lifetime_days * 86400;
        return std::nullopt;
    };
    p.lifetime_seconds = seconds(own).value_or(seconds(global).value_or(3600));
    p.lifetime_kilobytes = own.lifetime_kilobytes.value_or(global.lifetime_kilobytes.value_or(4608000));
    if (own.kilobytes_disabled || (!own.lifetime_kilobytes && global.kilobytes_disabled)) p.lifetime_kilobytes = 0;
    p.idle_time = own.idle_time ? own.idle_time : global.idle_time;
    p.replay_window = own.replay_window.value_or(global.replay_window.value_or(64));
    if (own.replay_disabled || (!own.replay_window && global.replay_disabled)) p.replay_window = 0;
}

std::vector<TransformDescriptor> transforms(const CryptoConfig& c, const std::vector<std::string>& names,
                                            const std::string& who, std::vector<std::string>& problems) {
    std::vector<TransformDescriptor> out;
    for (const auto& n : names) {
        auto it = c.transform_sets.find(n);
        std::optional<TransformDescriptor> d;
        if (it != c.transform_sets.end()) d = describe(it->second);
        else if (n == "default") d = describe(default_transform_set());
        if (!d) {
            problems.push_back(who + ": transform set " + n + " is not defined");
            continue;
        }
        out.push_back(*d);
    }
    return out;
}

// A dynamic VTI hub's template (`interface Virtual-Template1 type tunnel`, `tunnel mode ipsec
// ipv4`, `tunnel protection ipsec profile P`) named by an ISAKMP or IKEv2 profile's
// `virtual-template 1` (IOS's FlexVPN server for the latter):
// it answers any peer that proposes any-to-any proxies, each accepted peer getting its own
// Virtual-Access interface (engine/ipsec). Responder only, as on IOS.
std::optional<ProtectionPolicy> virtual_template_policy(const RunningConfig& rc, const grammar::InterfaceName& name,
                                                        const InterfaceConfig& i, std::vector<std::string>& problems) {
    const auto& c = rc.crypto;
    if (i.tunnel_protection.empty() || !i.ipsec_tunnel()) return std::nullopt;
    std::string isakmp_profile;
    for (const auto& [pname, prof] : c.isakmp_profiles)
        if (prof.virtual_template && grammar::InterfaceName{grammar::InterfaceType::VirtualTemplate,
                                                            std::to_string(*prof.virtual_template)} == name)
            isakmp_profile = pname;
    std::string ikev2_profile;
    for (const auto& [pname, prof] : c.ikev2.profiles)
        if (prof.virtual_template && grammar::InterfaceName{grammar::InterfaceType::VirtualTemplate,
                                                            std::to_string(*prof.virtual_template)} == name)
            ikev2_profile = pname;
    if (isakmp_profile.empty() && ikev2_profile.empty()) return std::nullopt;  // no profile hands peers to this template
    auto prof = c.ipsec_profiles.find(i.tunnel_protection);
    if (prof == c.ipsec_profiles.end() && i.tunnel_protection != "default") {
        problems.push_back(name.canonical() + ": IPsec profile " + i.tunnel_protection + " is not defined");
        return std::nullopt;
    }
    ProtectionPolicy p;
    p.kind = EntryKind::VIRTUAL_TEMPLATE;
    p.key = entry_key(p.kind, name.canonical());
    p.map = name.canonical() + "-head-0";
    p.seq = 65536;
    IpsecProfile def;
    const IpsecProfile& profile = prof == c.ipsec_profiles.end() ? def : prof->second;
    p.transforms = transforms(c, profile.transform_sets.empty() ? std::vector<std::string>{"default"} : profile.transform_sets,
                              p.key, problems);
    p.pfs_group = profile.pfs_group;
    fill_sa(p, profile.sa, c.ipsec.sa);
    p.isakmp_profile = isakmp_profile;
    p.ikev2_profile = ikev2_profile;
    p.selectors.push_back(Selector{});  // any to any
    p.interfaces.push_back(name.canonical());
    p.shutdown = i.shutdown;
    p.complete = !p.transforms.empty() && !i.shutdown;
    return p;
}

// The interfaces each crypto map name is applied to, in interface order, read once per
// compile: every entry of a map asks, and asked per entry this was a walk over every interface
// for each of thousands of entries.
std::unordered_map<std::string, std::vector<std::string>> interfaces_by_map(const RunningConfig& rc) {
    std::unordered_map<std::string, std::vector<std::string>> out;
    for (const auto& [name, i] : rc.interfaces)
        if (!i.crypto_map.empty()) out[i.crypto_map].push_back(name.canonical());
    return out;
}

// `applied_to`: the interfaces with `crypto map <map.name>` (interfaces_by_map).
ProtectionPolicy entry_policy(const RunningConfig& rc, EntryKind kind, const CryptoMap& map, const CryptoMapEntry& e,
                              const std::vector<std::string>& applied_to, std::vector<std::string>& problems) {
    const auto& c = rc.crypto;
    ProtectionPolicy p;
    p.kind = kind;
    p.key = entry_key(kind, map.name, e.seq);
    p.map = map.name;
    p.seq = e.seq;
    p.manual = e.kind == CryptoMapEntry::Kind::IpsecManual;
    p.dynamic_template = e.dynamic_template;
    // `set peer X default` is tried first, then the others in the order configured.
    for (const auto& peer : e.peers) {
        if (auto a = net::parse_ipv4(peer.address)) p.peers.push_back(*a);
        else problems.push_back(p.key + ": peer " + peer.address + " is not an IPv4 address (host names are not resolved)");
    }
    p.transforms = transforms(c, e.transform_sets, p.key, problems);
    p.acl = e.match_address;
    if (!p.acl.empty()) {
        auto it = rc.access_lists.find(p.acl);
        if (it == rc.access_lists.end()) problems.push_back(p.key + ": access list " + p.acl + " is not defined");
        else if (!it->second.extended) problems.push_back(p.key + ": access list " + p.acl + " is not an extended list");
        else p.selectors = selectors_from(it->second, problems);
    }
    // seeds-catalog F22: the two sites' networks must not overlap. A line whose source and
    // destination overlap sends traffic between local hosts into the tunnel (`any` aside, which
    // is a deliberate catch-all).
    for (const auto& s : p.selectors) {
        if (s.bypass || !s.source_mask || !s.destination_mask) continue;
        auto common = s.source_mask & s.destination_mask;
        if ((s.source & common) != (s.destination & common)) continue;
        problems.push_back(p.key + ": access list " + p.acl + " line " + std::to_string(s.acl_seq) + " protects " + networks_text(s) +
                           ": the local and remote networks overlap, so traffic between local hosts would be sent to the peer");
    }
    p.pfs_group = e.pfs_group;
    fill_sa(p, e.sa, c.ipsec.sa);
    p.isakmp_profile = !e.isakmp_profile.empty() ? e.isakmp_profile : map.isakmp_profile;
    if (!p.isakmp_profile.empty() && !c.isakmp_profiles.count(p.isakmp_profile))
        problems.push_back(p.key + ": ISAKMP profile " + p.isakmp_profile + " is not defined; the entry serves peers of any profile");
    if (auto prof = c.isakmp_profiles.find(p.isakmp_profile); prof != c.isakmp_profiles.end())
        p.aggressive = prof->second.initiate_aggressive;
    p.ikev2_profile = e.ikev2_profile;
    if (!p.ikev2_profile.empty() && !c.ikev2.profiles.count(p.ikev2_profile))
        problems.push_back(p.key + ": IKEv2 profile " + p.ikev2_profile + " is not defined");
    p.reverse_route = e.reverse_route.has_value();
    if (e.reverse_route) {
        // The arguments as typed: "", " static", " remote-peer", " remote-peer A.B.C.D [gateway]".
        std::string args = e.reverse_route->substr(std::min(e.reverse_route->find_first_not_of(' '), e.reverse_route->size()));
        p.reverse_route_static = args.rfind("static", 0) == 0;
        auto space = args.find(' ');
        if (args.rfind("remote-peer", 0) == 0 && space != std::string::npos) {
            auto rest = args.substr(space + 1);
            p.reverse_route_gateway = grammar::parse_ipv4(rest.substr(0, rest.find(' ')));
        }
    }
    p.local_address = map.local_address;
    p.interfaces = applied_to;
    bool dynamic = kind == EntryKind::DYNAMIC_MAP;
    p.complete = !p.dynamic_template.empty() ||
                 ((dynamic || (!p.peers.empty() && !p.selectors.empty())) && !p.transforms.empty());
    return p;
}

}  // namespace

const ProtectionPolicy* PolicySet::find(const std::string& key) const {
    for (const auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

std::vector<const ProtectionPolicy*> PolicySet::responder_order() const {
    std::vector<const ProtectionPolicy*> out;
    auto add = [&](const ProtectionPolicy& e) {
        if (std::find(out.begin(), out.end(), &e) == out.end()) out.push_back(&e);
    };
    for (const auto& e : entries) {
        if (e.kind != EntryKind::CRYPTO_MAP) continue;
        if (e.dynamic_template.empty()) {
            add(e);
            continue;
        }
        for (const auto& d : entries)
            if (d.kind == EntryKind::DYNAMIC_MAP && d.map == e.dynamic_template) add(d);
    }
    for (const auto& e : entries)
        if (e.kind != EntryKind::CRYPTO_MAP) add(e);
    return out;
}

// seeds-catalog F20: a VTI whose `ip mtu` or `ip tcp adjust-mss` lets in packets larger than
// what fits one packet of its source interface's MTU once ESP is added. Those are fragmented
// after encryption, which is where large transfers stall on paths that drop fragments, while
// small packets (pings) pass. Said from the configuration; the path's own MTU is not known here.
static void mtu_problems(const RunningConfig& rc, const grammar::InterfaceName& name, const config::InterfaceConfig& i,
                         const TransformDescriptor& t, std::vector<std::string>& problems) {
    std::uint32_t outer = 1500;
    auto source = grammar::parse_interface_name(i.tunnel_source);
    if (source)
        if (auto s = rc.interfaces.find(*source); s != rc.interfaces.end() && s->second.link_mtu) outer = *s->second.link_mtu;
    std::uint32_t fits = esp_plaintext_mtu(t, outer, false);
    std::string why = " fit one " + std::to_string(outer) + "-octet packet" + (source ? " on " + source->canonical() : "") +
                      " once ESP (" + transform_show_name(t) + ", tunnel mode) is added: larger ones are fragmented after " +
                      "encryption, and stall where the path drops fragments";
    if (i.mtu && *i.mtu > fits)
        problems.push_back(name.canonical() + ": ip mtu " + std::to_string(*i.mtu) + " is more than the " + std::to_string(fits) +
                           " octets that" + why);
    if (i.tcp_adjust_mss && *i.tcp_adjust_mss + 40 > fits)
        problems.push_back(name.canonical() + ": ip tcp adjust-mss " + std::to_string(*i.tcp_adjust_mss) + " lets in TCP packets of " +
                           std::to_string(*i.tcp_adjust_mss + 40) + " octets, but only " + std::to_string(fits) + " octets" + why +
                           " (adjust-mss " + std::to_string(fits - 40) + " or less)");
}

const IsakmpProfilePolicy* PolicySet::profile(const std::string& name) const {
    for (const auto& p : profiles)
        if (p.name == name) return &p;
    return nullptr;
}

std::shared_ptr<const PolicySet> compile(const RunningConfig& rc) {
    auto out = std::make_shared<PolicySet>();
    const auto& c = rc.crypto;
    out->isakmp_enabled = c.isakmp.enabled;
    for (const auto& [prio, p] : c.policies) out->ike_proposals.push_back(ike_proposal(p));
    if (out->ike_proposals.empty() && c.isakmp.default_policy) {
        for (const auto& p : builtin_isakmp_policies()) out->ike_proposals.push_back(ike_proposal(p));
        out->default_suites = true;
    }
    // A type 6 key no master key opens authenticates nobody; it is said once (as a problem).
    auto usable = [&](const config::PresharedKey& k, const std::string& where) {
        if (!k.secret.empty()) return true;
        out->problems.push_back(where + ": the type 6 key for " + (k.by_hostname ? k.hostname : config::format_ipv4(k.address)) +
                                " cannot be decrypted (no master key: key config-key password-encrypt)");
        return false;
    };
    for (const auto& k : c.keys)
        if (usable(k, "crypto isakmp key")) out->keys.add("default", k);
    for (const auto& [name, ring] : c.keyrings) {
        std::uint32_t local = ring.local_address.empty() ? 0 : resolve_local_address(rc, ring.local_address);
        if (!ring.local_address.empty() && !local)
            out->problems.push_back("keyring " + name + ": local-address " + ring.local_address + " has no IPv4 address; its keys serve no negotiation");
        for (const auto& k : ring.keys)
            if (usable(k, "keyring " + name)) out->keys.add(name, k, ring.local_address.empty() ? 0 : (local ? local : 0xffffffff));
    }
    out->profiles = compile_profiles(rc, out->problems);
    out->ikev2 = compile_ikev2(rc, out->problems);
    out->dpd = c.isakmp.keepalive;
    out->nat_keepalive = c.isakmp.nat_keepalive;
    out->admission_sa_limit = c.isakmp.admission_sa_limit;
    out->admission_in_negotiation_limit = c.isakmp.admission_in_negotiation_limit;
    if (c.isakmp.identity == "hostname") out->own_fqdn = rc.hostname + (rc.domain_name.empty() ? "" : "." + rc.domain_name);
    out->aggressive_mode_disabled = c.isakmp.aggressive_mode_disabled;
    out->log_sessions = c.isakmp.log_sessions;

    const auto applied = interfaces_by_map(rc);
    const std::vector<std::string> none;
    auto applied_to = [&](const std::string& map) -> const std::vector<std::string>& {
        auto it = applied.find(map);
        return it == applied.end() ? none : it->second;
    };
    for (const auto& [name, map] : c.dynamic_maps)
        for (const auto& [seq, e] : map.entries)
            out->entries.push_back(entry_policy(rc, EntryKind::DYNAMIC_MAP, map, e, applied_to(map.name), out->problems));
    for (const auto& [name, map] : c.maps) {
        for (const auto& [seq, e] : map.entries) {
            auto p = entry_policy(rc, EntryKind::CRYPTO_MAP, map, e, applied_to(map.name), out->problems);
            if (!p.dynamic_template.empty() && !c.dynamic_maps.count(p.dynamic_template))
                out->problems.push_back(p.key + ": dynamic map " + p.dynamic_template + " is not defined");
            out->entries.push_back(std::move(p));
        }
    }
    for (const auto& [name, i] : rc.interfaces) {
        if (!i.crypto_map.empty() && !c.maps.count(i.crypto_map))
            out->problems.push_back(name.canonical() + ": crypto map " + i.crypto_map + " is not defined");
        if (name.type == grammar::InterfaceType::VirtualTemplate) {
            if (auto p = virtual_template_policy(rc, name, i, out->problems)) out->entries.push_back(std::move(*p));
            continue;
        }
        if (name.type != grammar::InterfaceType::Tunnel) continue;
        TunnelPolicy t{name.canonical(), i.tunnel_source, i.tunnel_destination,
                       i.tunnel_mode.empty() ? "gre ip" : i.tunnel_mode, i.tunnel_protection, i.shutdown};
        out->tunnels.push_back(t);
        if (i.tunnel_protection.empty()) continue;
        auto prof = c.ipsec_profiles.find(i.tunnel_protection);
        if (prof == c.ipsec_profiles.end() && i.tunnel_protection != "default") {
            out->problems.push_back(name.canonical() + ": IPsec profile " + i.tunnel_protection + " is not defined");
            continue;
        }
        // The implicit any-to-any entry of a protected tunnel (IOS: map "Tunnel0-head-0").
        ProtectionPolicy p;
        p.kind = EntryKind::TUNNEL;
        p.key = entry_key(p.kind, name.canonical());
        p.map = name.canonical() + "-head-0";
        p.seq = 65536;
        IpsecProfile def;
        def.transform_sets = {"default"};
        const IpsecProfile& profile = prof == c.ipsec_profiles.end() ? def : prof->second;
        p.transforms = transforms(c, profile.transform_sets.empty() ? std::vector<std::string>{"default"}
                                                                    : profile.transform_sets,
                                  p.key, out->problems);
        p.pfs_group = profile.pfs_group;
        fill_sa(p, profile.sa, c.ipsec.sa);
        p.isakmp_profile = profile.isakmp_profile;
        p.ikev2_profile = profile.ikev2_profile;
        if (!p.ikev2_profile.empty() && !c.ikev2.profiles.count(p.ikev2_profile))
            out->problems.push_back("crypto ipsec profile " + i.tunnel_protection + ": IKEv2 profile " + p.ikev2_profile +
                                    " is not defined");
        if (!i.tunnel_destination.empty()) {
            if (auto a = net::parse_ipv4(i.tunnel_destination)) p.peers.push_back(*a);
            else out->problems.push_back(p.key + ": tunnel destination " + i.tunnel_destination + " is not an IPv4 address");
        }
        p.shutdown = i.shutdown;
        if (i.tunnel_mode.empty() || i.tunnel_mode == "gre ip") {
            // GRE over IPsec: IOS protects the tunnel's own GRE packets with an implicit crypto
            // map entry, "Tunnel0-head-0" 65536, whose proxy is `permit gre host SOURCE host
            // DESTINATION`; the GRE link itself carries the routed traffic.
            p.kind = EntryKind::CRYPTO_MAP;
            p.key = entry_key(p.kind, p.map, p.seq);
            auto ends = config::tunnel_endpoints(rc, i);
            if (ends) {
                Selector gre;
                gre.source = ends->local;
                gre.source_mask = 0xffffffff;
                gre.destination = ends->remote;
                gre.destination_mask = 0xffffffff;
                gre.protocol = 47;
                p.selectors.push_back(gre);
            }
            auto source_if = grammar::parse_interface_name(i.tunnel_source);
            p.interfaces.push_back(source_if ? source_if->canonical() : name.canonical());
            p.complete = ends && !p.peers.empty() && !p.transforms.empty() && !i.shutdown;
        } else {
            p.selectors.push_back(Selector{});  // any to any: routing selects the traffic
            p.interfaces.push_back(name.canonical());
            p.if_id = tunnel_if_id(name);
            p.complete = !p.peers.empty() && !p.transforms.empty() && i.ipsec_tunnel();
            if (!i.ipsec_tunnel())
                out->problems.push_back(name.canonical() + ": tunnel protection cannot protect `tunnel mode " + i.tunnel_mode + "`");
            else if (!p.transforms.empty())
                mtu_problems(rc, name, i, p.transforms.front(), out->problems);
        }
        out->entries.push_back(std::move(p));
    }
    for (auto& p : nat_exemption_problems(rc, out->entries)) out->problems.push_back(std::move(p));
    return out;
}

std::uint32_t tunnel_if_id(const grammar::InterfaceName& tunnel) {
    std::uint32_t n = 0;
    std::from_chars(tunnel.number.data(), tunnel.number.data() + tunnel.number.size(), n);
    return n + 1;
}

PolicyDiff diff(const PolicySet& before, const PolicySet& after) {
    PolicyDiff d;
    std::map<std::string, const ProtectionPolicy*> old_entries, new_entries;
    for (const auto& e : before.entries) old_entries[e.key] = &e;
    for (const auto& e : after.entries) new_entries[e.key] = &e;
    for (const auto& [key, e] : new_entries) {
        auto it = old_entries.find(key);
        if (it == old_entries.end()) d.added.push_back(key);
        else if (!(*it->second == *e)) d.changed.push_back(key);
    }
    for (const auto& [key, e] : old_entries)
        if (!new_entries.count(key)) d.removed.push_back(key);
    d.ike_changed = before.ike_proposals != after.ike_proposals || !(before.keys == after.keys) ||
                    before.isakmp_enabled != after.isakmp_enabled ||
                    before.aggressive_mode_disabled != after.aggressive_mode_disabled ||
                    before.nat_keepalive != after.nat_keepalive || before.own_fqdn != after.own_fqdn ||
                    before.profiles != after.profiles ||
                    !(before.ikev2 == after.ikev2) ||
                    (before.dpd.has_value() != after.dpd.has_value()) ||
                    (before.dpd && after.dpd && (before.dpd->seconds != after.dpd->seconds ||
                                                 before.dpd->retry != after.dpd->retry || before.dpd->mode != after.dpd->mode));
    return d;
}

}  // namespace routerd::policy
