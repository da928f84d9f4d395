// Crypto maps and dynamic maps, their entries' sub-commands (shared in part with IPsec
// profiles), and the interface commands that bind maps and profiles: `crypto map`,
// `tunnel ...`, `ip unnumbered`, `ip mtu`, `ip tcp adjust-mss`.
#include <algorithm>
#include <sstream>

#include "engine/config/apply.hpp"

namespace routerd::config {

void apply_sa_setting(SaSettings& sa, const grammar::Matched& m);

namespace {

// The tunnel modes this box can protect: a static VTI, and point-to-point GRE (protected
// through the implicit "TunnelN-head-0" map). Multipoint GRE (DMVPN) needs NHRP, and IPv6
// VTIs an IPv6 dataplane, neither of which exists here yet.
bool protectable(const std::string& mode) { return mode.empty() || mode == "gre ip" || mode == "ipsec ipv4"; }

std::string unprotectable(const std::string& mode) {
    return "% Tunnel protection is not available for tunnel mode " + mode + " on this box\n";
}


using grammar::CommandId;
using grammar::Form;
using grammar::Mode;

ApplyResult changed() { return changed_result(); }

// What crypto map entries and IPsec profiles have in common.
struct SaTarget {
    std::vector<std::string>* transform_sets;
    std::optional<int>* pfs_group;
    SaSettings* sa;
    std::string* isakmp_profile;
    std::string* description;
    std::string* ikev2_profile;
};

std::optional<SaTarget> target(CryptoConfig& c, const grammar::ModeFrame& frame) {
    if (frame.mode == Mode::IpsecProfile) {
        auto it = c.ipsec_profiles.find(frame.context);
        if (it == c.ipsec_profiles.end()) return std::nullopt;
        auto& p = it->second;
        return SaTarget{&p.transform_sets, &p.pfs_group, &p.sa, &p.isakmp_profile, &p.description, &p.ikev2_profile};
    }
    auto* e = map_entry_of(c, frame.context);
    if (!e) return std::nullopt;
    return SaTarget{&e->transform_sets, &e->pfs_group, &e->sa, &e->isakmp_profile, &e->description, &e->ikev2_profile};
}

bool interfaces_use_maps(const RunningConfig& c) {
    return std::any_of(c.interfaces.begin(), c.interfaces.end(),
                       [](const auto& i) { return !i.second.crypto_map.empty() || !i.second.tunnel_protection.empty(); });
}

ApplyResult map_entry(ApplyContext& ctx) {
    const auto& m = ctx.match;
    auto& maps = ctx.config.crypto.maps;
    std::string name = m.value(0);
    if (m.form() != Form::Set) {
        if (m.values().size() < 2) {
            maps.erase(name);
        } else if (auto it = maps.find(name); it != maps.end()) {
            it->second.entries.erase(static_cast<std::uint32_t>(std::stoul(m.value(1))));
            if (it->second.entries.empty() && it->second.local_address.empty() && it->second.isakmp_profile.empty())
                maps.erase(it);
        }
        return changed();
    }
    auto seq = static_cast<std::uint32_t>(std::stoul(m.value(1)));
    auto& map = maps[name];
    map.name = name;
    bool is_new = !map.entries.count(seq);
    auto& e = map.entries[seq];
    e.seq = seq;
    ApplyResult r = changed();
    if (m.has("dynamic")) {
        // A reference to a dynamic map template: no sub-mode of its own (IOS stays in config).
        e.kind = CryptoMapEntry::Kind::IpsecIsakmp;
        e.dynamic_template = m.after("dynamic");
        e.discover = m.has("discover");
        return r;
    }
    if (m.has("ipsec-manual")) e.kind = CryptoMapEntry::Kind::IpsecManual;
    else if (m.has("ipsec-isakmp")) e.kind = CryptoMapEntry::Kind::IpsecIsakmp;
    if (is_new && e.kind == CryptoMapEntry::Kind::IpsecIsakmp && !ctx.from_startup)
        ctx.out += "% NOTE: This new crypto map will remain disabled until a peer\n"
                   "\tand a valid access list have been configured.\n";
    r.enter = grammar::ModeFrame{Mode::ConfigCryptoMap, "map " + name + " " + std::to_string(seq)};
    return r;
}

std::optional<ApplyResult> entry_command(ApplyContext& ctx) {
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    auto& c = ctx.config.crypto;
    switch (m.id()) {
        case CommandId::MapSetTransformSet:
        case CommandId::MapSetPfs:
        case CommandId::MapSetSaLifetime:
        case CommandId::MapSetSaIdleTime:
        case CommandId::MapSetSaReplay:
        case CommandId::MapSetIsakmpProfile:
        case CommandId::MapSetIkev2Profile:
        case CommandId::MapDescription: {
            auto t = target(c, ctx.frame);
            if (!t) return ApplyResult{};
            switch (m.id()) {
                case CommandId::MapSetTransformSet:
                    t->transform_sets->clear();
                    if (set) {
                        for (const auto& name : m.values()) {
                            if (!c.transform_sets.count(name)) {
                                ctx.out += "ERROR: transform set with tag \"" + name + "\" does not exist.\n";
                                continue;
                            }
                            if (!std::count(t->transform_sets->begin(), t->transform_sets->end(), name))
                                t->transform_sets->push_back(name);
                        }
                    }
                    break;
                case CommandId::MapSetPfs: {
                    // `set pfs` alone means group 1 (IOS).
                    std::optional<int> g;
                    if (set) {
                        g = 1;
                        const auto& last = m.args.back().value;
                        if (last.rfind("group", 0) == 0) g = std::stoi(last.substr(5));
                    }
                    *t->pfs_group = g;
                    break;
                }
                case CommandId::MapSetIsakmpProfile: *t->isakmp_profile = set ? m.value(0) : ""; break;
                case CommandId::MapSetIkev2Profile: *t->ikev2_profile = set ? m.value(0) : ""; break;
                case CommandId::MapDescription: *t->description = set ? m.value(0) : ""; break;
                default: apply_sa_setting(*t->sa, m); break;
            }
            return changed();
        }
        case CommandId::ProfileResponderOnly: {
            auto it = c.ipsec_profiles.find(ctx.frame.context);
            if (it == c.ipsec_profiles.end()) return ApplyResult{};
            it->second.responder_only = set;
            return changed();
        }
        case CommandId::MapSetPeer:
        case CommandId::MapMatchAddress:
        case CommandId::MapReverseRoute:
        case CommandId::MapSetNatDemux:
        case CommandId::MapSetSessionKey: {
            auto* e = map_entry_of(c, ctx.frame.context);
            if (!e) return ApplyResult{};
            switch (m.id()) {
                case CommandId::MapSetPeer: {
                    auto peer = m.value(0);
                    std::erase_if(e->peers, [&](const Peer& p) { return p.address == peer; });
                    if (set) {
                        bool def = m.has("default");
                        if (def) {
                            for (auto& p : e->peers) p.is_default = false;
                            e->peers.insert(e->peers.begin(), Peer{peer, true});
                        } else {
                            e->peers.push_back(Peer{peer, false});
                        }
                    }
                    break;
                }
                case CommandId::MapMatchAddress: e->match_address = set ? m.value(0) : ""; break;
                case CommandId::MapReverseRoute: {
                    std::string args;
                    for (std::size_t i = 1; i < m.args.size(); ++i) args += " " + m.args[i].value;
                    e->reverse_route = set ? std::optional(args) : std::nullopt;
                    break;
                }
                case CommandId::MapSetNatDemux: e->nat_demux = set; break;
                default: {
                    std::string args;
                    for (std::size_t i = 2; i < m.args.size(); ++i) args += (args.empty() ? "" : " ") + m.args[i].value;
                    auto prefix = args.substr(0, args.find(' ', args.find(' ') + 1));  // "inbound esp"
                    std::erase_if(e->session_keys, [&](const std::string& k) { return k.rfind(prefix, 0) == 0; });
                    if (set) e->session_keys.push_back(args);
                    break;
                }
            }
            return changed();
        }
        default: return std::nullopt;
    }
}

std::optional<ApplyResult> interface_command(ApplyContext& ctx) {
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::InterfaceCryptoMap:
        case CommandId::IpUnnumbered:
        case CommandId::TunnelSource:
        case CommandId::TunnelDestination:
        case CommandId::TunnelMode:
        case CommandId::TunnelProtection:
        case CommandId::IpMtu:
        case CommandId::IpTcpAdjustMss: break;
        default: return std::nullopt;
    }
    InterfaceConfig* i = current_interface(ctx);
    if (!i) return ApplyResult{};
    bool tunnel_command = m.id() == CommandId::TunnelSource || m.id() == CommandId::TunnelDestination ||
                          m.id() == CommandId::TunnelMode || m.id() == CommandId::TunnelProtection;
    if (tunnel_command && i->name.type != grammar::InterfaceType::Tunnel &&
        i->name.type != grammar::InterfaceType::VirtualTemplate) {
        // Only tunnel interfaces (and a dynamic VTI's template) have these commands; IOS's
        // parser does not offer them elsewhere.
        ApplyResult r;
        r.invalid_column = m.args.front().column;
        r.absent_here = {"tunnel"};
        return r;
    }
    bool maps_before = interfaces_use_maps(ctx.config);
    switch (m.id()) {
        case CommandId::InterfaceCryptoMap: i->crypto_map = set ? m.value(0) : ""; break;
        case CommandId::IpUnnumbered: {
            if (set) i->unnumbered = grammar::parse_interface_name(m.value(0));
            else i->unnumbered.reset();
            break;
        }
        case CommandId::TunnelSource: i->tunnel_source = set ? m.value(0) : ""; break;
        case CommandId::TunnelDestination: i->tunnel_destination = set ? m.value(0) : ""; break;
        case CommandId::TunnelMode: {
            std::string mode = set ? m.args[2].value + " " + m.args[3].value : "";
            if (!i->tunnel_protection.empty() && !protectable(mode)) {
                ctx.out += unprotectable(mode);
                return ApplyResult{};
            }
            i->tunnel_mode = mode == "gre ip" ? "" : mode;
            break;
        }
        case CommandId::TunnelProtection:
            // Refused, not kept: a protection this box cannot give must not look configured.
            if (set && !protectable(i->tunnel_mode)) {
                ctx.out += unprotectable(i->tunnel_mode);
                return ApplyResult{};
            }
            i->tunnel_protection = set ? m.value(0) : "";
            i->tunnel_protection_shared = set && m.has("shared");
            break;
        case CommandId::IpMtu: i->mtu = set ? std::optional(static_cast<std::uint32_t>(std::stoul(m.value(0)))) : std::nullopt; break;
        default:
            i->tcp_adjust_mss = set ? std::optional(static_cast<std::uint32_t>(std::stoul(m.value(0)))) : std::nullopt;
            break;
    }
    // `ip tcp adjust-mss` is carried out by the packet filter (engine/interfaces/interface_filters).
    ApplyResult r = changed();
    bool maps_after = interfaces_use_maps(ctx.config);
    // The first crypto map or tunnel protection turns ISAKMP on, the last one off (IOS).
    if (maps_after != maps_before && !ctx.from_startup)
        r.log.emplace_back(6, std::string("%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is ") + (maps_after ? "ON" : "OFF"));
    return r;
}

}  // namespace

std::optional<ApplyResult> apply_crypto_map(ApplyContext& ctx) {
    const auto& m = ctx.match;
    auto& c = ctx.config.crypto;
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::CryptoMapEntry: return map_entry(ctx);
        case CommandId::CryptoMapLocalAddress:
        case CommandId::CryptoMapIsakmpProfile: {
            auto name = m.value(0);
            auto& map = c.maps[name];
            map.name = name;
            (m.id() == CommandId::CryptoMapLocalAddress ? map.local_address : map.isakmp_profile) =
                set ? m.value(1) : "";
            return changed();
        }
        case CommandId::CryptoDynamicMap: {
            auto name = m.value(0);
            if (!set) {
                if (m.values().size() < 2) c.dynamic_maps.erase(name);
                else if (auto it = c.dynamic_maps.find(name); it != c.dynamic_maps.end()) {
                    it->second.entries.erase(static_cast<std::uint32_t>(std::stoul(m.value(1))));
                    if (it->second.entries.empty()) c.dynamic_maps.erase(it);
                }
                return changed();
            }
            auto seq = static_cast<std::uint32_t>(std::stoul(m.value(1)));
            auto& map = c.dynamic_maps[name];
            map.name = name;
            map.entries[seq].seq = seq;
            ApplyResult r = changed();
            r.enter = grammar::ModeFrame{Mode::ConfigCryptoMap, "dynamic " + name + " " + std::to_string(seq)};
            return r;
        }
        default: break;
    }
    if (auto r = entry_command(ctx)) return r;
    return interface_command(ctx);
}

}  // namespace routerd::config
