#include "engine/show/show_crypto_peer_config.hpp"

#include "algorithms/dh_groups.hpp"
#include "net/ipv4.hpp"

namespace routerd::show {
namespace {

using policy::IkeProposal;
using policy::TransformDescriptor;

std::string ip(std::uint32_t a) { return net::format_ipv4(a); }
std::string prefix(std::uint32_t a, std::uint32_t m) { return ip(a) + "/" + std::to_string(config::mask_length(m)); }

// strongSwan's and Libreswan's names for a Diffie-Hellman group: the one DH table's.
std::string dh_name(int group) {
    const auto* g = algorithms::dh_group(group);
    return g ? std::string(g->swan_name) : "modp" + std::to_string(group);
}

std::string ike_encryption(const IkeProposal& p) {
    switch (p.encryption) {
        case policy::IkeEncryptionAlgorithm::DES_CBC: return "des";
        case policy::IkeEncryptionAlgorithm::TRIPLE_DES_CBC: return "3des";
        case policy::IkeEncryptionAlgorithm::AES_CBC: return "aes" + std::to_string(p.key_bits ? p.key_bits : 128);
    }
    return "?";
}

// strongSwan names SHA-2 "sha256"; Libreswan "sha2_256".
std::string ike_hash(policy::IkeHashAlgorithm h, PeerKind kind) {
    bool lib = kind == PeerKind::LIBRESWAN;
    switch (h) {
        case policy::IkeHashAlgorithm::MD5: return "md5";
        case policy::IkeHashAlgorithm::SHA: return "sha1";
        case policy::IkeHashAlgorithm::SHA2_256: return lib ? "sha2_256" : "sha256";
        case policy::IkeHashAlgorithm::SHA2_384: return lib ? "sha2_384" : "sha384";
        case policy::IkeHashAlgorithm::SHA2_512: return lib ? "sha2_512" : "sha512";
    }
    return "?";
}

std::string esp_name(const TransformDescriptor& t, PeerKind kind) {
    bool lib = kind == PeerKind::LIBRESWAN;
    std::string enc;
    if (t.esp) switch (*t.esp) {
            case policy::EspTransformId::ESP_DES: enc = "des"; break;
            case policy::EspTransformId::ESP_3DES: enc = "3des"; break;
            case policy::EspTransformId::ESP_AES_CBC: enc = "aes" + std::to_string(t.esp_key_bits); break;
            case policy::EspTransformId::ESP_AES_GCM_16:
                enc = lib ? "aes_gcm" + std::to_string(t.esp_key_bits) : "aes" + std::to_string(t.esp_key_bits) + "gcm16";
                break;
            case policy::EspTransformId::ESP_NULL_AUTH_AES_GMAC: enc = lib ? "null_auth_aes_gmac" : "aes" + std::to_string(t.esp_key_bits) + "gmac"; break;
            case policy::EspTransformId::ESP_NULL: enc = "null"; break;
        }
    std::string auth;
    if (t.esp_auth) switch (*t.esp_auth) {
            case policy::AuthenticationAlgorithm::HMAC_MD5: auth = "md5"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA: auth = "sha1"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA2_256: auth = lib ? "sha2_256" : "sha256"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA2_384: auth = lib ? "sha2_384" : "sha384"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA2_512: auth = lib ? "sha2_512" : "sha512"; break;
            default: break;
        }
    return auth.empty() ? enc : enc + "-" + auth;
}

// One entry as the peer must see it: its addresses and ours swapped, our ACL lines mirrored.
struct PeerView {
    std::string name;     // connection name: "TST-10", "Tunnel0"
    std::string subject;  // "crypto map TST 10", "interface Tunnel0"
    std::uint32_t ours = 0, theirs = 0;
    std::vector<std::pair<std::string, std::string>> flows;  // (their side, our side)
    bool transport = false;
    std::uint32_t if_id = 0;  // a VTI: route-based on the peer too
    const policy::ProtectionPolicy* entry = nullptr;
};

std::optional<std::uint32_t> interface_address(const config::RunningConfig& running, const std::string& name) {
    for (const auto& [n, i] : running.interfaces)
        if (n.canonical() == name && i.address) return i.address->address;
    return std::nullopt;
}

std::optional<PeerView> view_of(const config::RunningConfig& running, const policy::PolicySet& pol, const policy::ProtectionPolicy& e,
                                std::string& why) {
    PeerView v;
    v.entry = &e;
    if (!e.complete || e.peers.empty()) {
        why = "% " + e.key + " is incomplete: a peer, a transform set and (for a map) an ACL are needed";
        return std::nullopt;
    }
    v.theirs = e.peers.front();
    if (e.kind == policy::EntryKind::TUNNEL) {
        v.subject = "interface " + policy::entry_subject(e.key);
        v.name = policy::entry_subject(e.key);
        for (const auto& t : pol.tunnels) {
            if (t.interface != policy::entry_subject(e.key)) continue;
            auto a = net::parse_ipv4(t.source);
            v.ours = a ? *a : interface_address(running, t.source).value_or(0);
        }
        v.flows.emplace_back("0.0.0.0/0", "0.0.0.0/0");
        v.if_id = e.if_id;
    } else {
        v.subject = "crypto map " + e.map + " " + std::to_string(e.seq);
        v.name = e.map + "-" + std::to_string(e.seq);
        std::string where = !e.local_address.empty() ? e.local_address : e.interfaces.empty() ? "" : e.interfaces.front();
        v.ours = interface_address(running, where).value_or(0);
        for (const auto& s : e.selectors)
            if (!s.bypass) v.flows.emplace_back(prefix(s.destination, s.destination_mask), prefix(s.source, s.source_mask));
        v.transport = !e.transforms.empty() && e.transforms.front().transport && e.transforms.front().transport_required;
    }
    if (!v.ours) {
        why = "% " + v.subject + ": no local address (apply the map to an interface with an IPv4 address)";
        return std::nullopt;
    }
    return v;
}

std::string key_reference(const policy::PolicySet& pol, std::uint32_t peer) {
    auto k = pol.keys.by_address(peer);
    if (!k) return "<no key configured for " + ip(peer) + ">";
    std::string whom = k->subject();
    return k->keyring == "default" ? "<the key of `crypto isakmp key ... address " + whom + "`>"
                                   : "<the key of keyring " + k->keyring + ", `pre-shared-key address " + whom + "`>";
}

std::vector<const IkeProposal*> psk_policies(const policy::PolicySet& pol) {
    std::vector<const IkeProposal*> out;
    for (const auto& p : pol.ike_proposals)
        if (p.authentication == policy::IkeAuthenticationMethod::PRE_SHARED_KEY) out.push_back(&p);
    return out;
}

std::string strongswan(const policy::PolicySet& pol, const std::vector<PeerView>& views) {
    std::string out = "# swanctl.conf for the peer of this router (strongSwan 5.9, IKEv1), from its running-config\n";
    out += "connections {\n";
    std::string secrets;
    for (const auto& v : views) {
        const auto& e = *v.entry;
        out += "   # " + v.subject + "\n";
        out += "   " + v.name + " {\n";
        out += "      version = 1\n";
        if (e.aggressive) out += "      aggressive = yes\n";
        out += "      local_addrs = " + ip(v.theirs) + "\n";
        out += "      remote_addrs = " + ip(v.ours) + "\n";
        std::string ike;
        std::uint32_t ike_life = 86400;
        for (const auto* p : psk_policies(pol)) {
            ike += (ike.empty() ? "" : ",") + ike_encryption(*p) + "-" + ike_hash(p->hash, PeerKind::STRONGSWAN) + "-" + dh_name(p->dh_group);
            ike_life = p->lifetime_seconds;
        }
        out += "      proposals = " + ike + "\n";
        out += "      rekey_time = " + std::to_string(ike_life) + "s\n";
        if (pol.dpd) out += "      dpd_delay = " + std::to_string(pol.dpd->seconds) + "s\n";
        if (v.if_id) {
            out += "      if_id_in = " + std::to_string(v.if_id) + "\n";
            out += "      if_id_out = " + std::to_string(v.if_id) + "\n";
        }
        out += "      local {\n         auth = psk\n         id = " + ip(v.theirs) + "\n      }\n";
        out += "      remote {\n         auth = psk\n         id = " + ip(v.ours) + "\n      }\n";
        out += "      children {\n";
        int n = 0;
        for (const auto& [theirs, ours] : v.flows) {
            // IKEv1 negotiates one pair per Quick Mode: one child per ACL line.
            out += "         " + v.name + (v.flows.size() > 1 ? "-" + std::to_string(++n) : "") + " {\n";
            out += "            local_ts = " + theirs + "\n";
            out += "            remote_ts = " + ours + "\n";
            std::string esp;
            for (const auto& t : e.transforms)
                esp += (esp.empty() ? "" : ",") + esp_name(t, PeerKind::STRONGSWAN) + (e.pfs_group ? "-" + dh_name(*e.pfs_group) : "");
            out += "            esp_proposals = " + esp + "\n";
            out += "            mode = " + std::string(v.transport ? "transport" : "tunnel") + "\n";
            out += "            life_time = " + std::to_string(e.lifetime_seconds) + "s\n";
            out += "            rekey_time = " + std::to_string(e.lifetime_seconds * 9 / 10) + "s\n";
            if (e.lifetime_kilobytes) out += "            life_bytes = " + std::to_string(e.lifetime_kilobytes * 1024) + "\n";
            if (pol.dpd) out += "            dpd_action = restart\n";
            out += "            start_action = trap\n";
            out += "         }\n";
        }
        out += "      }\n   }\n";
        secrets += "   ike-" + v.name + " {\n      id = " + ip(v.ours) + "\n      secret = \"" + key_reference(pol, v.theirs) + "\"\n   }\n";
    }
    out += "}\nsecrets {\n" + secrets + "}\n";
    return out;
}

std::string libreswan(const policy::PolicySet& pol, const std::vector<PeerView>& views) {
    std::string out = "# ipsec.conf for the peer of this router (Libreswan 4, IKEv1), from its running-config\n"
                      "config setup\n"
                      "    # Libreswan 4 refuses IKEv1 unless told otherwise.\n"
                      "    ikev1-policy=accept\n";
    std::string secrets;
    for (const auto& v : views) {
        const auto& e = *v.entry;
        std::string ike;
        std::uint32_t ike_life = 86400;
        for (const auto* p : psk_policies(pol)) {
            ike += (ike.empty() ? "" : ",") + ike_encryption(*p) + "-" + ike_hash(p->hash, PeerKind::LIBRESWAN) + ";" + dh_name(p->dh_group);
            ike_life = p->lifetime_seconds;
            if (p->dh_group == 2) out += "# note: Debian's Libreswan is built without modp1024 (group 2)\n";
        }
        std::string esp;
        for (const auto& t : e.transforms)
            esp += (esp.empty() ? "" : ",") + esp_name(t, PeerKind::LIBRESWAN) + (e.pfs_group ? ";" + dh_name(*e.pfs_group) : "");
        int n = 0;
        for (const auto& [theirs, ours] : v.flows) {
            // IKEv1: one connection per ACL line (one pair each).
            out += "\n# " + v.subject + "\n";
            out += "conn " + v.name + (v.flows.size() > 1 ? "-" + std::to_string(++n) : "") + "\n";
            out += "    keyexchange=ike\n    ikev2=no\n    authby=secret\n";
            if (e.aggressive) out += "    aggressive=yes\n";
            out += "    left=" + ip(v.theirs) + "\n    leftsubnet=" + theirs + "\n";
            out += "    right=" + ip(v.ours) + "\n    rightsubnet=" + ours + "\n";
            out += "    ike=" + ike + "\n    esp=" + esp + "\n";
            out += "    pfs=" + std::string(e.pfs_group ? "yes" : "no") + "\n";
            out += "    type=" + std::string(v.transport ? "transport" : "tunnel") + "\n";
            out += "    ikelifetime=" + std::to_string(ike_life) + "s\n";
            out += "    salifetime=" + std::to_string(e.lifetime_seconds) + "s\n";
            if (pol.dpd) out += "    dpddelay=" + std::to_string(pol.dpd->seconds) + "\n    dpdtimeout=" + std::to_string(pol.dpd->seconds * 4) + "\n    dpdaction=restart\n";
            if (v.if_id) out += "    ipsec-interface=" + std::to_string(v.if_id) + "\n";
            out += "    auto=route\n";
        }
        secrets += ip(v.theirs) + " " + ip(v.ours) + " : PSK \"" + key_reference(pol, v.theirs) + "\"\n";
    }
    out += "\n# ipsec.secrets\n" + secrets;
    return out;
}

}  // namespace

std::string show_crypto_peer_config(const config::RunningConfig& running, const policy::PolicySet& pol, PeerKind kind,
                                    const std::optional<std::string>& entry_key) {
    std::vector<PeerView> views;
    for (const auto& e : pol.entries) {
        if (entry_key ? e.key != *entry_key : (e.kind != policy::EntryKind::CRYPTO_MAP && e.kind != policy::EntryKind::TUNNEL))
            continue;
        if (!entry_key && (!e.complete || !e.dynamic_template.empty() || e.manual)) continue;
        std::string why;
        auto v = view_of(running, pol, e, why);
        if (!v) return why + "\n";
        views.push_back(*v);
    }
    if (views.empty())
        return entry_key ? "% No such crypto map entry or tunnel: " + *entry_key + "\n" : "% No crypto map entry or protected tunnel to describe\n";
    return kind == PeerKind::STRONGSWAN ? strongswan(pol, views) : libreswan(pol, views);
}

}  // namespace routerd::show
