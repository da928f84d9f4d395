#include "engine/show/show_crypto_ikev2.hpp"

#include <algorithm>
#include <cctype>

namespace routerd::show {

using namespace config;

std::string ikev2_encryption_text(const std::string& keyword) {
    std::string out = keyword;
    for (auto& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;  // "AES-CBC-256", "AES-GCM-128", "3DES"
}

std::string ikev2_integrity_text(const std::string& keyword) {
    if (keyword == "sha1") return "SHA96";
    if (keyword == "md5") return "MD596";
    return ikev2_encryption_text(keyword);  // "SHA256", "SHA384", "SHA512"
}

std::string ikev2_prf_text(const std::string& keyword) { return ikev2_encryption_text(keyword); }

std::string ikev2_group_text(int group) {
    std::string name;
    switch (group) {
        case 1: name = "DH_GROUP_768_MODP"; break;
        case 2: name = "DH_GROUP_1024_MODP"; break;
        case 5: name = "DH_GROUP_1536_MODP"; break;
        case 14: name = "DH_GROUP_2048_MODP"; break;
        case 15: name = "DH_GROUP_3072_MODP"; break;
        case 16: name = "DH_GROUP_4096_MODP"; break;
        case 19: name = "DH_GROUP_256_ECP"; break;
        case 20: name = "DH_GROUP_384_ECP"; break;
        case 21: name = "DH_GROUP_521_ECP"; break;
        case 24: name = "DH_GROUP_2048_256_MODP"; break;
        default: name = "DH_GROUP_" + std::to_string(group); break;
    }
    return name + "/Group " + std::to_string(group);
}

namespace {

template <typename F>
std::string words(const std::vector<std::string>& list, F text) {
    std::string out;
    for (const auto& w : list) out += (out.empty() ? "" : " ") + text(w);
    return out;
}

// Without `prf` IOS takes the PRF from the integrity algorithms (a captured `integrity sha1`
// proposal shows "PRF : SHA1").
std::string proposal_block(const Ikev2Proposal& p) {
    std::string groups;
    for (int g : p.groups) groups += (groups.empty() ? "" : " ") + ikev2_group_text(g);
    return " IKEv2 proposal: " + p.name + " \n" +
           "     Encryption : " + words(p.encryption, ikev2_encryption_text) + "\n" +
           "     Integrity  : " + words(p.integrity, ikev2_integrity_text) + "\n" +
           "     PRF        : " + words(p.prf.empty() ? p.integrity : p.prf, ikev2_prf_text) + "\n" +
           "     DH Group   : " + groups + "\n";
}

// "a \n" then each further value on its own line under the first.
std::string listed(const std::vector<std::string>& values, std::size_t column) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? std::string(column, ' ') : "") + values[i] + " \n";
    return out;
}

std::string policy_block(const std::string& name, const std::string& fvrf, const std::vector<std::uint32_t>& local,
                         const std::vector<std::string>& proposals) {
    std::string out = " IKEv2 policy : " + name + "\n";
    // IOS writes the `any` row of the default policy with one blank before the colon and a
    // configured policy's VRF row with two (both as captured).
    out += fvrf == "any" ? "      Match fvrf : any\n" : "      Match fvrf  : " + (fvrf.empty() ? "global" : fvrf) + "\n";
    std::vector<std::string> addresses;
    for (auto a : local) addresses.push_back(format_ipv4(a));
    if (addresses.empty()) addresses.push_back("any");
    out += "      Match address local : " + listed(addresses, 28);
    out += "      Proposal    : " + listed(proposals.empty() ? std::vector<std::string>{"default"} : proposals, 20);
    return out;
}

}  // namespace

std::string show_ikev2_proposal(const CryptoConfig& c, const std::string& name) {
    std::string out;
    const auto& v2 = c.ikev2;
    if (!v2.default_proposal_disabled && (name.empty() || name == "default")) out += proposal_block(ikev2_effective_default(v2));
    for (const auto* p : in_creation_order(v2.proposals))
        if (p->name != "default" && (name.empty() || name == p->name)) out += proposal_block(*p);
    return out;
}

std::string show_ikev2_policy(const CryptoConfig& c, const std::string& name) {
    std::string out;
    const auto& v2 = c.ikev2;
    if (!v2.default_policy_disabled && (name.empty() || name == "default")) {
        auto it = v2.policies.find("default");
        if (it == v2.policies.end()) out += policy_block("default", "any", {}, {});
        else out += policy_block("default", it->second.fvrf.empty() ? "any" : it->second.fvrf, it->second.match_local,
                                 it->second.proposals);
    }
    for (const auto* p : in_creation_order(v2.policies))
        if (p->name != "default" && (name.empty() || name == p->name))
            out += policy_block(p->name, p->fvrf, p->match_local, p->proposals);
    return out;
}

std::string show_ikev2_profile(const CryptoConfig& c, const std::string& name) {
    std::string out;
    auto kept = [](const Ikev2Profile& p, std::string_view words) -> std::string {
        for (const auto& l : p.stored)
            if (begins_with_words(l.text, words)) return l.text.substr(words.size() + (l.text.size() > words.size()));
        return "";
    };
    for (const auto* pp : in_creation_order(c.ikev2.profiles)) {
        const auto& p = *pp;
        if (!name.empty() && name != p.name) continue;
        // How many crypto map entries and IPsec profiles name it.
        std::size_t refs = 0;
        for (const auto& [n, ip] : c.ipsec_profiles) refs += ip.ikev2_profile == p.name;
        for (const auto* maps : {&c.maps, &c.dynamic_maps})
            for (const auto& [n, map] : *maps)
                for (const auto& [seq, e] : map.entries) refs += e.ikev2_profile == p.name;
        out += "IKEv2 profile: " + p.name + "\n";
        bool shut = std::any_of(p.stored.begin(), p.stored.end(), [](const StoredLine& l) { return l.text == "shutdown"; });
        out += std::string(" Shutdown : ") + (shut ? "Yes" : "No") + "\n";
        out += " Ref Count: " + std::to_string(refs) + "\n";
        out += " Match criteria: \n";
        out += "  Fvrf: " + (p.fvrf.empty() ? std::string("global") : p.fvrf) + "\n";
        std::string local;
        for (const auto& l : p.match_local) local += (local.empty() ? "" : " ") + l;
        out += "  Local address/interface: " + (local.empty() ? "none" : local) + "\n";
        if (p.match_identities.empty()) {
            out += "  Identities: none\n";
        } else {
            out += "  Identities: \n";
            for (const auto& i : p.match_identities) out += "   " + i + "\n";
        }
        out += "  Certificate maps: none\n";
        out += " Local identity: " + (p.identity_local.empty() ? std::string("none") : p.identity_local) + "\n";
        out += " Remote identity: none\n";
        out += std::string(" Local authentication method: ") + (p.auth_local_psk ? "pre-share" : "none") + "\n";
        out += std::string(" Remote authentication method(s): ") + (p.auth_remote_psk ? "pre-share" : "none") + "\n";
        out += " EAP options: none\n";
        out += " Keyring: " + (p.keyring.empty() ? std::string("none") : p.keyring) + "\n";
        out += " Trustpoint(s): none\n";
        out += " Lifetime: " + std::to_string(p.lifetime.value_or(86400)) + " seconds\n";
        if (p.dpd)
            out += " DPD: " + std::to_string(p.dpd->interval) + "," + std::to_string(p.dpd->retry) +
                   (p.dpd->periodic ? " periodic" : " on-demand") + "\n";
        else
            out += " DPD: disabled\n";
        out += " NAT-keepalive: " + (p.nat_keepalive ? std::to_string(*p.nat_keepalive) + " seconds" : std::string("disabled")) + "\n";
        std::string ivrf = kept(p, "ivrf");
        out += " Ivrf: " + (ivrf.empty() ? std::string("none") : ivrf) + "\n";
        out += " Virtual-template: " + (p.virtual_template ? std::to_string(*p.virtual_template) : std::string("none")) + "\n";
        out += std::string(" mode auto: ") + (p.virtual_template && p.virtual_template_mode_auto ? "enabled" : "none") + "\n";
        out += " AAA AnyConnect EAP authentication mlist: none\n";
        out += " AAA EAP authentication mlist: none\n";
        out += " AAA authentication mlist: none\n";
        out += " AAA Accounting: none\n";
        out += " AAA group authorization: none\n";
        out += " AAA user authorization: none\n";
    }
    return out;
}

}  // namespace routerd::show
