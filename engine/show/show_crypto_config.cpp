#include "engine/show/show_crypto_config.hpp"

#include "algorithms/dh_groups.hpp"
#include "engine/config/render_acl.hpp"
#include "engine/config/render_crypto.hpp"
#include "engine/config/tunnel_endpoints.hpp"
#include "grammar/token.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace routerd::show {
namespace {

using namespace config;

std::string encryption_text(IkeEncryption e) {
    switch (e) {
        case IkeEncryption::Des: return "DES - Data Encryption Standard (56 bit keys).";
        case IkeEncryption::TripleDes: return "Three key triple DES";
        case IkeEncryption::Aes128: return "AES - Advanced Encryption Standard (128 bit keys).";
        case IkeEncryption::Aes192: return "AES - Advanced Encryption Standard (192 bit keys).";
        case IkeEncryption::Aes256: return "AES - Advanced Encryption Standard (256 bit keys).";
    }
    return "";
}

std::string hash_text(IkeHash h) {
    switch (h) {
        case IkeHash::Md5: return "Message Digest 5";
        case IkeHash::Sha: return "Secure Hash Standard";
        case IkeHash::Sha256: return "Secure Hash Standard 2 (256 bit)";
        case IkeHash::Sha384: return "Secure Hash Standard 2 (384 bit)";
        case IkeHash::Sha512: return "Secure Hash Standard 2 (512 bit)";
    }
    return "";
}

std::string auth_text(IkeAuthentication a) {
    switch (a) {
        case IkeAuthentication::PreShare: return "Pre-Shared Key";
        case IkeAuthentication::RsaEncr: return "Rivest-Shamir-Adleman Encryption";
        case IkeAuthentication::RsaSig: return "Rivest-Shamir-Adleman Signature";
    }
    return "";
}

std::string group_text(int g) {
    const auto* group = algorithms::dh_group(g);
    return group ? std::string(group->show_text) : "#" + std::to_string(g);
}

// IOS prints these lines with tabs (reference A.3.5: "emit the tab form").
std::string suite(const IsakmpPolicy& p) {
    return "\tencryption algorithm:\t" + encryption_text(p.encryption) + "\n" +
           "\thash algorithm:\t\t" + hash_text(p.hash) + "\n" +
           "\tauthentication method:\t" + auth_text(p.authentication) + "\n" +
           "\tDiffie-Hellman group:\t" + group_text(p.group) + "\n" +
           "\tlifetime:\t\t" + std::to_string(p.lifetime) + " seconds, no volume limit\n";
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string key_address(const PresharedKey& k) {
    if (k.by_hostname) return k.hostname;
    if (!k.mask_given || k.mask == 0xffffffff) return format_ipv4(k.address);
    return pad(format_ipv4(k.address), 15) + "[" + pad(format_ipv4(k.mask), 15) + "]";
}

// The SA settings block shared by crypto maps, dynamic maps and IPsec profiles.
std::string sa_block(const SaSettings& own, const SaSettings& global,
                     const std::string& indent) {
    auto kb = own.lifetime_kilobytes.value_or(global.lifetime_kilobytes.value_or(4608000));
    auto sec = own.lifetime_seconds ? *own.lifetime_seconds
               : own.lifetime_days  ? *own.lifetime_days * 86400
               : global.lifetime_seconds.value_or(global.lifetime_days ? *global.lifetime_days * 86400 : 3600);
    std::string out = indent + "Security association lifetime: " + std::to_string(kb) + " kilobytes/" +
                      std::to_string(sec) + " seconds\n";
    if (auto idle = own.idle_time ? own.idle_time : global.idle_time)
        out += indent + "Security association idletime: " + std::to_string(*idle) + " seconds\n";
    return out;
}

std::string transform_sets_block(const CryptoConfig& c, const std::vector<std::string>& names, const std::string& indent,
                                 bool trailing_space) {
    std::string out = indent + "Transform sets={" + (trailing_space ? " " : "") + "\n";
    for (const auto& n : names) {
        auto it = c.transform_sets.find(n);
        std::string list;
        if (it != c.transform_sets.end())
            for (const auto& t : it->second.transforms) list += transform_display(t) + " ";
        else if (n == "default")
            list = "esp-aes esp-sha-hmac ";  // IOS 15.2's built-in set, as `show crypto ipsec profile` lists it
        out += indent + indent + n + ":  { " + list + " } ," + (trailing_space ? " " : "") + "\n";
    }
    return out + indent + "}\n";
}

std::string acl_lines(const RunningConfig& rc, const std::string& name, const std::string& indent) {
    auto it = rc.access_lists.find(name);
    std::string out = indent + "Extended IP access list " + name + "\n";
    if (it == rc.access_lists.end()) return out;
    for (const auto& e : it->second.entries)
        if (!e.is_remark) out += indent + "    access-list " + name + " " + entry_text(it->second, e) + "\n";
    return out;
}

std::string map_entry(const RunningConfig& rc, const std::string& header, const CryptoMapEntry& e, bool dynamic) {
    const auto& c = rc.crypto;
    std::string out = header;
    if (!e.dynamic_template.empty()) return out + "\tDynamic map template tag: " + e.dynamic_template + "\n";
    if (!dynamic) {
        if (e.peers.empty()) out += "\tNo peer configured\n";
        for (const auto& p : e.peers) out += "\tPeer = " + p.address + "\n";
    }
    if (!e.isakmp_profile.empty()) out += "\tISAKMP Profile: " + e.isakmp_profile + "\n";
    if (!e.ikev2_profile.empty()) out += "\tIKEv2 Profile: " + e.ikev2_profile + "\n";
    if (!e.description.empty()) out += "\tDescription: " + e.description + "\n";
    if (!e.match_address.empty()) out += acl_lines(rc, e.match_address, "\t");
    else out += "\tNo matching address list set.\n";
    if (!dynamic) out += "\tCurrent peer: " + (e.peers.empty() ? std::string("0.0.0.0") : e.peers.front().address) + "\n";
    else out += "\tCurrent peer: 0.0.0.0\n";
    out += sa_block(e.sa, c.ipsec.sa, "\t");
    out += "\tResponder-Only (Y/N): N\n";
    out += std::string("\tPFS (Y/N): ") + (e.pfs_group ? "Y" : "N") + "\n";
    if (e.pfs_group) out += "\tDH group:  group" + std::to_string(*e.pfs_group) + "\n";
    out += "\tMixed-mode : Disabled\n";
    if (e.reverse_route) out += "\tReverse Route Injection Enabled\n";
    out += transform_sets_block(c, e.transform_sets, "\t", true);
    if (!dynamic && (e.peers.empty() || e.match_address.empty()) && e.kind == CryptoMapEntry::Kind::IpsecIsakmp)
        out += "\tWARNING: This crypto map is in an incomplete state!\n\t\t(missing peer or access-list definitions)\n";
    return out;
}

}  // namespace

std::string transform_display(const Transform& t) {
    if (t.name == "esp-aes" && t.key_bits && t.key_bits != 128) return "esp-" + std::to_string(t.key_bits) + "-aes";
    if ((t.name == "esp-gcm" || t.name == "esp-gmac") && t.key_bits) return t.name + " " + std::to_string(t.key_bits);
    return t.name;
}

std::string show_isakmp_policy(const CryptoConfig& c) {
    if (c.policies.empty()) {
        if (!c.isakmp.default_policy) return "\nGlobal IKE policy\n";
        return show_isakmp_default_policy();
    }
    std::string out = "\nGlobal IKE policy\n";
    for (const auto& [prio, p] : c.policies) out += "Protection suite of priority " + std::to_string(prio) + "\n" + suite(p);
    // IOS closes the list with the protection suite a policy gets when nothing is set.
    return out + "Default protection suite\n" + suite(IsakmpPolicy{});
}

// The built-in suites (priorities 65507-65514) as `show crypto isakmp default policy` lists them.
std::string show_isakmp_default_policy() {
    std::string out = "\nDefault IKE policy\n";
    for (const auto& p : builtin_isakmp_policies())
        out += "Default protection suite of priority " + std::to_string(p.priority) + "\n" + suite(p);
    return out;
}

std::string show_isakmp_key(const CryptoConfig& c) {
    std::string out = "Keyring      Hostname/Address                            Preshared Key\n\n";
    auto row = [&](const std::string& ring, const PresharedKey& k) {
        // A long keyring name still leaves a blank before the address column.
        out += pad(ring.size() >= 13 ? ring + " " : ring, 13) + pad(key_address(k), 44) +
               (k.type == 6 ? "<encrypted>" : k.key) + "\n";
    };
    for (const auto& k : c.keys) row("default", k);
    for (const auto& [name, ring] : c.keyrings)
        for (const auto& k : ring.keys) row(name, k);
    return out;
}

std::string show_isakmp_profile(const CryptoConfig& c, const std::string& tag) {
    std::string out;
    for (const auto* pp : in_creation_order(c.isakmp_profiles)) {
        const auto& name = pp->name;
        const auto& p = *pp;
        if (!tag.empty() && name != tag) continue;
        out += "ISAKMP PROFILE " + name + "\n";
        if (!p.description.empty()) out += "   Description: " + p.description + "\n";
        out += "   Identities matched are:\n";
        for (const auto& m : p.match_identities) {
            auto sp = m.find(' ');
            std::string kind = m.substr(0, sp), rest = sp == std::string::npos ? "" : m.substr(sp + 1);
            out += "    " + (kind == "address" ? std::string("ip-address") : kind) + " " + rest + "\n";
        }
        out += "   Certificate maps matched are:\n";
        out += "   keyring(s): ";
        for (std::size_t i = 0; i < p.keyrings.size(); ++i) out += (i ? ", " : "") + p.keyrings[i];
        out += (p.keyrings.empty() ? "<none>" : "") + std::string("\n");
        out += "   trustpoint(s): <all>\n";
        if (p.keepalive)
            out += "   keepalive: " + std::to_string(p.keepalive->first) + " seconds, retry " +
                   std::to_string(p.keepalive->second) + " seconds\n";
        if (p.initiate_aggressive) out += "   Initiate mode: aggressive\n";
    }
    return out;
}

std::string show_keyring(const CryptoConfig& c, const std::string& name) {
    std::string out;
    for (const auto& [n, k] : c.keyrings) {
        if (!name.empty() && n != name) continue;
        out += "Keyring " + n + (k.vrf.empty() ? "" : " (vrf " + k.vrf + ")") + "\n";
        if (!k.description.empty()) out += "  Description: " + k.description + "\n";
        if (!k.local_address.empty()) out += "  Local address: " + k.local_address + "\n";
        for (const auto& key : k.keys) out += "  Pre-shared key " + preshared_key_target(key) + "\n";
        out += "\n";
    }
    return out;
}

std::string show_transform_set(const CryptoConfig& c, const std::string& tag) {
    std::string out;
    auto one = [&](const std::string& name, const std::vector<Transform>& ts, bool transport) {
        std::string ah, esp;
        for (const auto& t : ts) (t.name.rfind("ah-", 0) == 0 ? ah : esp) += transform_display(t) + " ";
        out += "Transform set " + name + ": ";
        if (!ah.empty()) out += "{ " + ah + " } ";
        if (!esp.empty()) out += "{ " + esp + " }";
        out += "\n   will negotiate = { " + std::string(transport ? "Transport" : "Tunnel") + ",  },\n\n";
    };
    // IOS 15.2+ always has the built-in "default" set (esp-aes esp-sha-hmac, transport).
    if (tag.empty() || tag == "default") one("default", {{"esp-aes", 0}, {"esp-sha-hmac", 0}}, true);
    for (const auto* ts : in_creation_order(c.transform_sets))
        if (tag.empty() || tag == ts->name) one(ts->name, ts->transforms, ts->transport);
    return out;
}

std::string show_ipsec_profile(const CryptoConfig& c, const std::string& name) {
    std::string out;
    const std::string in = "        ";
    auto block = [&](const std::string& n, const IpsecProfile& p) {
        out += "IPSEC profile " + n + "\n";
        if (!p.isakmp_profile.empty()) out += in + "ISAKMP Profile: " + p.isakmp_profile + "\n";
        if (!p.ikev2_profile.empty()) out += in + "IKEv2 Profile: " + p.ikev2_profile + "\n";
        out += sa_block(p.sa, c.ipsec.sa, in);
        out += in + "Responder-Only (Y/N): " + (p.responder_only ? "Y" : "N") + "\n";
        out += in + "PFS (Y/N): " + (p.pfs_group ? "Y" : "N") + "\n";
        if (p.pfs_group) out += in + "DH group:  group" + std::to_string(*p.pfs_group) + "\n";
        out += in + "Mixed-mode : Disabled\n";
        out += in + "Transform sets={\n";
        std::vector<std::string> names = p.transform_sets;
        for (const auto& ts : names) {
            std::string list;
            if (ts == "default") list = "esp-aes esp-sha-hmac ";
            else if (auto it = c.transform_sets.find(ts); it != c.transform_sets.end())
                for (const auto& t : it->second.transforms) list += transform_display(t) + " ";
            out += in + in + ts + ":  { " + list + " } ,\n";
        }
        out += in + "}\n\n";
    };
    if (name.empty() || name == "default") {
        IpsecProfile def;
        def.transform_sets = {"default"};
        block("default", def);
    }
    for (const auto* p : in_creation_order(c.ipsec_profiles))
        if (name.empty() || name == p->name) block(p->name, *p);
    return out;
}

namespace {

// The interface and address a tunnel's packets leave from, as IOS's `idb:` header names them:
// `tunnel source` as an interface with an address, or an address some interface holds.
std::optional<std::pair<std::string, std::string>> tunnel_idb(const RunningConfig& rc, const InterfaceConfig& t) {
    if (auto name = grammar::parse_interface_name(t.tunnel_source)) {
        auto it = rc.interfaces.find(*name);
        if (it == rc.interfaces.end() || !it->second.address) return std::nullopt;
        return std::pair{name->canonical(), format_ipv4(it->second.address->address)};
    }
    auto local = grammar::parse_ipv4(t.tunnel_source);
    if (!local) return std::nullopt;
    for (const auto& [name, i] : rc.interfaces)
        if (i.address && i.address->address == *local) return std::pair{name.canonical(), t.tunnel_source};
    return std::nullopt;
}

// The map IOS makes for `tunnel protection ipsec profile P` (ios-reference.md:551-575, 1272):
// "TunnelN-head-0", the profile as template at 65536, and once the tunnel has a peer the
// profile instance at 65537, whose ACL is the tunnel's traffic: `permit gre host A host B` for
// GRE, `permit ip any any` for a VTI. The `idb:` header only where the source interface and
// its address are known (the reference shows none without them).
std::string tunnel_head_map(const RunningConfig& rc, const grammar::InterfaceName& name, const InterfaceConfig& t,
                            const IpsecProfile& profile) {
    const auto& c = rc.crypto;
    std::string map = name.canonical() + "-head-0";
    std::string out;
    if (auto idb = tunnel_idb(rc, t)) out += "Crypto Map: \"" + map + "\" idb: " + idb->first + " local address: " + idb->second + "\n\n";
    auto settings = [&] {
        std::string s = sa_block(profile.sa, c.ipsec.sa, "\t");
        s += std::string("\tResponder-Only (Y/N): ") + (profile.responder_only ? "Y" : "N") + "\n";
        s += std::string("\tPFS (Y/N): ") + (profile.pfs_group ? "Y" : "N") + "\n";
        if (profile.pfs_group) s += "\tDH group:  group" + std::to_string(*profile.pfs_group) + "\n";
        s += "\tMixed-mode : Disabled\n";
        // A profile without `set transform-set` uses IOS's default set (as the policy does).
        auto sets = profile.transform_sets.empty() ? std::vector<std::string>{"default"} : profile.transform_sets;
        return s + transform_sets_block(c, sets, "\t", true);
    };
    out += "Crypto Map IPv4 \"" + map + "\" 65536 ipsec-isakmp\n\tProfile name: " + profile.name + "\n" + settings();
    std::string acl;
    auto peer = grammar::parse_ipv4(t.tunnel_destination);
    if (peer && t.ipsec_tunnel()) acl = "permit ip any any";
    else if (auto ends = tunnel_endpoints(rc, t); peer && ends && t.tunnel_mode.empty())
        acl = "permit gre host " + format_ipv4(ends->local) + " host " + format_ipv4(ends->remote);
    if (!acl.empty()) {
        out += "\nCrypto Map IPv4 \"" + map + "\" 65537 ipsec-isakmp\n\tMap is a PROFILE INSTANCE.\n";
        out += "\tPeer = " + t.tunnel_destination + "\n";
        if (!profile.isakmp_profile.empty()) out += "\tISAKMP Profile: " + profile.isakmp_profile + "\n";
        if (!profile.ikev2_profile.empty()) out += "\tIKEv2 Profile: " + profile.ikev2_profile + "\n";
        out += "\tExtended IP access list \n\t    access-list  " + acl + "\n";
        out += "\tCurrent peer: " + t.tunnel_destination + "\n" + settings() + "\tAlways create SAs\n";
    }
    return out + "\tInterfaces using crypto map " + map + ":\n\t\t" + name.canonical() + "\n\n";
}

}  // namespace

std::string show_crypto_map(const RunningConfig& rc, const std::string& tag, const std::string& interface) {
    std::string out;
    for (const auto& [name, map] : rc.crypto.maps) {
        if (!tag.empty() && name != tag) continue;
        std::vector<std::string> users;
        for (const auto& [ifname, i] : rc.interfaces)
            if (i.crypto_map == name) users.push_back(ifname.canonical());
        if (!interface.empty() && std::find(users.begin(), users.end(), interface) == users.end()) continue;
        for (const auto& [seq, e] : map.entries) {
            std::string header = "Crypto Map IPv4 \"" + name + "\" " + std::to_string(seq) +
                                 (e.kind == CryptoMapEntry::Kind::IpsecManual ? " ipsec-manual" : " ipsec-isakmp") + "\n";
            out += map_entry(rc, header, e, false);
            out += "\tInterfaces using crypto map " + name + ":\n";
            for (const auto& u : users) out += "\t\t" + u + "\n";
            out += "\n";
        }
    }
    for (const auto& [name, i] : rc.interfaces) {
        if (name.type != grammar::InterfaceType::Tunnel || i.tunnel_protection.empty()) continue;
        if (!tag.empty() && tag != name.canonical() + "-head-0") continue;
        if (!interface.empty() && interface != name.canonical()) continue;
        IpsecProfile builtin;  // `tunnel protection ipsec profile default`: IOS's built-in one
        builtin.name = "default";
        auto p = rc.crypto.ipsec_profiles.find(i.tunnel_protection);
        if (p == rc.crypto.ipsec_profiles.end() && i.tunnel_protection != "default") continue;
        out += tunnel_head_map(rc, name, i, p == rc.crypto.ipsec_profiles.end() ? builtin : p->second);
    }
    return out;
}

std::string show_dynamic_map(const RunningConfig& rc, const std::string& tag) {
    std::string out;
    for (const auto& [name, map] : rc.crypto.dynamic_maps) {
        if (!tag.empty() && name != tag) continue;
        for (const auto& [seq, e] : map.entries)
            out += map_entry(rc, "Crypto Map Template\"" + name + "\" " + std::to_string(seq) + "\n", e, true);
    }
    return out;
}

}  // namespace routerd::show
