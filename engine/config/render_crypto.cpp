#include "engine/config/render_crypto.hpp"

#include "engine/config/running_config.hpp"

namespace routerd::config {
namespace {

std::string encr_text(IkeEncryption e) {
    switch (e) {
        case IkeEncryption::Des: return "des";
        case IkeEncryption::TripleDes: return "3des";
        case IkeEncryption::Aes128: return "aes";
        case IkeEncryption::Aes192: return "aes 192";
        case IkeEncryption::Aes256: return "aes 256";
    }
    return "des";
}

std::string hash_text(IkeHash h) {
    switch (h) {
        case IkeHash::Md5: return "md5";
        case IkeHash::Sha: return "sha";
        case IkeHash::Sha256: return "sha256";
        case IkeHash::Sha384: return "sha384";
        case IkeHash::Sha512: return "sha512";
    }
    return "sha";
}

// Lines kept without effect, at the block's indentation.
std::string kept_lines(const std::vector<StoredLine>& lines, const std::string& indent) {
    std::string out;
    for (const auto& l : lines) {
        out += indent + l.text + "\n";
        for (const auto& c : l.children) out += indent + c + "\n";
    }
    return out;
}

// Crypto map and dynamic map entries share the sub-commands and their order (IOS 15).
std::string entry_body(const CryptoMapEntry& e) {
    std::string out;
    if (!e.description.empty()) out += " description " + e.description + "\n";
    for (const auto& p : e.peers) out += " set peer " + p.address + (p.is_default ? " default" : "") + "\n";
    for (const auto& k : e.session_keys) out += " set session-key " + k + "\n";
    out += sa_lines(e.sa, " set security-association");
    if (!e.transform_sets.empty()) {
        out += " set transform-set";
        for (const auto& t : e.transform_sets) out += " " + t;
        out += " \n";
    }
    if (e.pfs_group) out += " set pfs group" + std::to_string(*e.pfs_group) + "\n";
    if (!e.isakmp_profile.empty()) out += " set isakmp-profile " + e.isakmp_profile + "\n";
    if (!e.ikev2_profile.empty()) out += " set ikev2-profile " + e.ikev2_profile + "\n";
    if (!e.match_address.empty()) out += " match address " + e.match_address + "\n";
    if (e.reverse_route) out += " reverse-route" + *e.reverse_route + "\n";
    if (e.nat_demux) out += " set nat demux\n";
    out += kept_lines(e.stored, " ");
    return out;
}

}  // namespace

std::string preshared_key_target(const PresharedKey& k) {
    if (k.by_hostname) return "hostname " + k.hostname;
    std::string out = "address " + format_ipv4(k.address);
    if (k.mask_given && k.mask != 0xffffffff) out += " " + format_ipv4(k.mask);
    return out;
}

std::string transform_list(const TransformSet& ts) {
    std::string out;
    for (const auto& t : ts.transforms) {
        out += (out.empty() ? "" : " ") + t.name;
        if (t.key_bits) out += " " + std::to_string(t.key_bits);
    }
    return out;
}

std::string sa_lines(const SaSettings& sa, const std::string& prefix) {
    std::string out;
    if (sa.lifetime_seconds) out += prefix + " lifetime seconds " + std::to_string(*sa.lifetime_seconds) + "\n";
    if (sa.lifetime_kilobytes) out += prefix + " lifetime kilobytes " + std::to_string(*sa.lifetime_kilobytes) + "\n";
    if (sa.kilobytes_disabled) out += prefix + " lifetime kilobytes disable\n";
    if (sa.lifetime_days) out += prefix + " lifetime days " + std::to_string(*sa.lifetime_days) + "\n";
    if (sa.replay_window) out += prefix + " replay window-size " + std::to_string(*sa.replay_window) + "\n";
    if (sa.replay_disabled) out += prefix + " replay disable\n";
    if (sa.idle_time) out += prefix + " idle-time " + std::to_string(*sa.idle_time) + (sa.idle_default ? " default" : "") + "\n";
    return out;
}

std::string render_crypto(const CryptoConfig& c) {
    std::string out;
    if (c.password_encryption_aes) out += "password encryption aes\n";
    for (const auto& [name, k] : c.keyrings) {
        out += "crypto keyring " + name + (k.vrf.empty() ? "" : " vrf " + k.vrf) + "  \n";
        if (!k.description.empty()) out += "  description " + k.description + "\n";
        if (!k.local_address.empty()) out += "  local-address " + k.local_address + "\n";
        for (const auto& key : k.keys) out += "  pre-shared-key " + preshared_key_target(key) + " key " + (key.type == 6 ? "6 " : "") + key.key + "\n";
        out += kept_lines(k.stored, "  ");
        out += "!\n";
    }
    for (const auto& [prio, p] : c.policies) {
        IsakmpPolicy d;
        out += "crypto isakmp policy " + std::to_string(prio) + "\n";
        if (p.encryption != d.encryption) out += " encr " + encr_text(p.encryption) + "\n";
        if (p.hash != d.hash) out += " hash " + hash_text(p.hash) + "\n";
        if (p.authentication == IkeAuthentication::PreShare) out += " authentication pre-share\n";
        if (p.authentication == IkeAuthentication::RsaEncr) out += " authentication rsa-encr\n";
        if (p.group != d.group) out += " group " + std::to_string(p.group) + "\n";
        if (p.lifetime != d.lifetime) out += " lifetime " + std::to_string(p.lifetime) + "\n";
    }
    for (const auto& k : c.keys)
        out += "crypto isakmp key " + (k.type == 6 ? std::string("6 ") : "") + k.key + " " + preshared_key_target(k) +
               (k.no_xauth ? " no-xauth" : "") + "\n";
    const auto& g = c.isakmp;
    if (!g.enabled) out += "no crypto isakmp enable\n";
    if (!g.default_policy) out += "no crypto isakmp default policy\n";
    if (g.keepalive) {
        out += "crypto isakmp keepalive " + std::to_string(g.keepalive->seconds);
        if (g.keepalive->retry_given || !g.keepalive->mode.empty()) out += " " + std::to_string(g.keepalive->retry);
        if (!g.keepalive->mode.empty()) out += " " + g.keepalive->mode;
        out += "\n";
    }
    if (g.nat_keepalive) out += "crypto isakmp nat keepalive " + std::to_string(*g.nat_keepalive) + "\n";
    if (g.admission_sa_limit) out += "crypto call admission limit ike sa " + std::to_string(*g.admission_sa_limit) + "\n";
    if (g.admission_in_negotiation_limit)
        out += "crypto call admission limit ike in-negotiation-sa " + std::to_string(*g.admission_in_negotiation_limit) + "\n";
    if (g.aggressive_mode_disabled) out += "crypto isakmp aggressive-mode disable\n";
    if (!g.identity.empty()) out += "crypto isakmp identity " + g.identity + "\n";
    if (g.invalid_spi_recovery) out += "crypto isakmp invalid-spi-recovery\n";
    if (g.fragmentation) out += "crypto isakmp fragmentation\n";
    if (g.log_sessions) out += "crypto logging session\n";
    for (const auto* pp : in_creation_order(c.isakmp_profiles)) {
        const auto& name = pp->name;
        const auto& p = *pp;
        out += "crypto isakmp profile " + name + "\n";
        if (!p.description.empty()) out += "   description " + p.description + "\n";
        if (!p.vrf.empty()) out += "   vrf " + p.vrf + "\n";
        for (const auto& k : p.keyrings) out += "   keyring " + k + "\n";
        for (const auto& m : p.match_identities)
            out += "   match identity " + m + (m.rfind("address ", 0) == 0 ? " " : "") + "\n";
        if (!p.self_identity.empty()) out += "   self-identity " + p.self_identity + "\n";
        if (p.keepalive)
            out += "   keepalive " + std::to_string(p.keepalive->first) + " retry " + std::to_string(p.keepalive->second) + "\n";
        if (!p.local_address.empty()) out += "   local-address " + p.local_address + "\n";
        if (p.virtual_template) out += "   virtual-template " + std::to_string(*p.virtual_template) + "\n";
        if (p.initiate_aggressive) out += "   initiate mode aggressive\n";
        out += kept_lines(p.stored, "   ");
    }
    if (!c.policies.empty() || !c.keys.empty() || !c.isakmp_profiles.empty()) out += "!\n";
    std::string sa = sa_lines(c.ipsec.sa, "crypto ipsec security-association");
    if (!sa.empty()) out += sa + "!\n";
    for (const auto* tp : in_creation_order(c.transform_sets)) {
        const auto& name = tp->name;
        const auto& ts = *tp;
        out += "crypto ipsec transform-set " + name + " " + transform_list(ts) + " \n";
        out += ts.transport ? (ts.require ? " mode transport require\n" : " mode transport\n") : " mode tunnel\n";
    }
    if (!c.transform_sets.empty()) out += "!\n";
    if (!c.ipsec.df_bit.empty() && c.ipsec.df_bit != "copy") out += "crypto ipsec df-bit " + c.ipsec.df_bit + "\n!\n";
    if (!c.ipsec.nat_transparency) out += "no crypto ipsec nat-transparency udp-encapsulation\n!\n";
    for (const auto* pp : in_creation_order(c.ipsec_profiles)) {
        const auto& name = pp->name;
        const auto& p = *pp;
        out += "crypto ipsec profile " + name + "\n";
        if (!p.description.empty()) out += " description " + p.description + "\n";
        out += sa_lines(p.sa, " set security-association");
        if (!p.transform_sets.empty()) {
            out += " set transform-set";
            for (const auto& t : p.transform_sets) out += " " + t;
            out += " \n";
        }
        if (p.pfs_group) out += " set pfs group" + std::to_string(*p.pfs_group) + "\n";
        if (!p.isakmp_profile.empty()) out += " set isakmp-profile " + p.isakmp_profile + "\n";
        if (!p.ikev2_profile.empty()) out += " set ikev2-profile " + p.ikev2_profile + "\n";
        if (p.responder_only) out += " responder-only\n";
        out += kept_lines(p.stored, " ");
        out += "!\n";
    }
    for (const auto& [name, map] : c.dynamic_maps)
        for (const auto& [seq, e] : map.entries)
            out += "crypto dynamic-map " + name + " " + std::to_string(seq) + "\n" + entry_body(e) + "!\n";
    for (const auto& [name, map] : c.maps) {
        if (!map.local_address.empty()) out += "crypto map " + name + " local-address " + map.local_address + "\n";
        if (!map.isakmp_profile.empty()) out += "crypto map " + name + " isakmp-profile " + map.isakmp_profile + "\n";
        for (const auto& [seq, e] : map.entries) {
            out += "crypto map " + name + " " + std::to_string(seq);
            if (e.kind == CryptoMapEntry::Kind::IpsecManual) {
                out += " ipsec-manual \n" + entry_body(e);
            } else if (!e.dynamic_template.empty()) {
                out += " ipsec-isakmp dynamic " + e.dynamic_template + (e.discover ? " discover" : "") + " \n";
            } else {
                out += " ipsec-isakmp \n" + entry_body(e);
            }
        }
        out += "!\n";
    }
    return out;
}

}  // namespace routerd::config
