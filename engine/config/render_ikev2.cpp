#include "engine/config/render_ikev2.hpp"

#include "engine/config/running_config.hpp"

namespace routerd::config {
namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += " " + w;
    return out;
}

std::string kept(const std::vector<StoredLine>& lines, const std::string& indent) {
    std::string out;
    for (const auto& l : lines) {
        out += indent + l.text + "\n";
        for (const auto& c : l.children) out += indent + c + "\n";
    }
    return out;
}

// Kept lines that begin with `words` (an IPv6 `match address local`), for where IOS prints them;
// the others stay in `rest`.
std::string kept_starting(const std::vector<StoredLine>& lines, std::string_view words, const std::string& indent,
                          std::vector<StoredLine>& rest) {
    std::string out;
    for (const auto& l : lines) {
        if (l.text.starts_with(words)) out += indent + l.text + "\n";
        else rest.push_back(l);
    }
    return out;
}

std::string key_line(const char* which, const PresharedKey& k) {
    return std::string("  pre-shared-key ") + which + (k.type == 6 ? "6 " : "") + k.key + "\n";
}

std::string dpd_text(const Ikev2Dpd& d) {
    return "dpd " + std::to_string(d.interval) + " " + std::to_string(d.retry) + (d.periodic ? " periodic" : " on-demand");
}

}  // namespace

std::string ikev2_peer_address(const Ikev2KeyringPeer& p) {
    if (!p.address) return "";
    return format_ipv4(*p.address) + (p.mask_given ? " " + format_ipv4(p.mask) : "");
}

std::string render_ikev2(const Ikev2Config& c) {
    std::string out;
    for (const auto* p : in_creation_order(c.proposals)) {
        out += "crypto ikev2 proposal " + p->name + " \n";
        if (!p->encryption.empty()) out += " encryption" + joined(p->encryption) + "\n";
        if (!p->integrity.empty()) out += " integrity" + joined(p->integrity) + "\n";
        if (!p->prf.empty()) out += " prf" + joined(p->prf) + "\n";
        if (!p->groups.empty()) {
            out += " group";
            for (int g : p->groups) out += " " + std::to_string(g);
            out += "\n";
        }
        out += kept(p->stored, " ");
    }
    if (c.default_proposal_disabled) out += "no crypto ikev2 proposal default\n";
    if (!c.proposals.empty() || c.default_proposal_disabled) out += "!\n";
    for (const auto* p : in_creation_order(c.policies)) {
        out += "crypto ikev2 policy " + p->name + " \n";
        if (!p->fvrf.empty()) out += " match fvrf " + p->fvrf + "\n";
        for (auto a : p->match_local) out += " match address local " + format_ipv4(a) + "\n";
        std::vector<StoredLine> rest;
        out += kept_starting(p->stored, "match address local ", " ", rest);
        for (const auto& pr : p->proposals) out += " proposal " + pr + "\n";
        out += kept(rest, " ");
    }
    if (c.default_policy_disabled) out += "no crypto ikev2 policy default\n";
    if (!c.policies.empty() || c.default_policy_disabled) out += "!\n";
    for (const auto* k : in_creation_order(c.keyrings)) {
        out += "crypto ikev2 keyring " + k->name + "\n";
        for (const auto& p : k->peers) {
            out += " peer " + p.name + "\n";
            if (!p.description.empty()) out += "  description " + p.description + "\n";
            if (p.address) out += "  address " + ikev2_peer_address(p) + "\n";
            // A kept IPv6 `address` goes where IOS prints the address.
            std::vector<StoredLine> rest;
            for (const auto& l : p.stored) {
                if (l.text.starts_with("address ")) out += "  " + l.text + "\n";
                else rest.push_back(l);
            }
            if (!p.hostname.empty()) out += "  hostname " + p.hostname + "\n";
            if (!p.identity.empty()) out += "  identity " + p.identity + "\n";
            if (p.psk) out += key_line("", *p.psk);
            if (p.psk_local) out += key_line("local ", *p.psk_local);
            if (p.psk_remote) out += key_line("remote ", *p.psk_remote);
            out += kept(rest, "  ");
            out += " !\n";
        }
        out += "!\n";
    }
    if (!c.keyrings.empty()) out += "!\n";
    for (const auto* p : in_creation_order(c.profiles)) {
        out += "crypto ikev2 profile " + p->name + "\n";
        if (!p->description.empty()) out += " description " + p->description + "\n";
        if (!p->fvrf.empty()) out += " match fvrf " + p->fvrf + "\n";
        for (const auto& l : p->match_local) out += " match address local " + l + "\n";
        std::vector<StoredLine> rest;
        out += kept_starting(p->stored, "match address local ", " ", rest);
        for (const auto& i : p->match_identities)
            out += " match identity remote " + i + (i.starts_with("address ") ? " " : "") + "\n";
        if (!p->identity_local.empty()) out += " identity local " + p->identity_local + "\n";
        if (p->auth_remote_psk) out += " authentication remote pre-share\n";
        if (p->auth_local_psk) out += " authentication local pre-share\n";
        if (!p->keyring.empty()) out += " keyring local " + p->keyring + "\n";
        if (p->lifetime) out += " lifetime " + std::to_string(*p->lifetime) + "\n";
        if (p->dpd) out += " " + dpd_text(*p->dpd) + "\n";
        if (p->nat_keepalive) out += " nat keepalive " + std::to_string(*p->nat_keepalive) + "\n";
        // IOS XE prints the kept AAA and authentication lines before `virtual-template`, and
        // `[no] config-exchange` after it (public FlexVPN hub configurations, tests/corpus).
        std::vector<StoredLine> after;
        std::erase_if(rest, [&](const StoredLine& l) {
            bool late = l.text.starts_with("config-exchange") || l.text.starts_with("no config-exchange");
            if (late) after.push_back(l);
            return late;
        });
        out += kept(rest, " ");
        if (p->virtual_template)
            out += " virtual-template " + std::to_string(*p->virtual_template) + (p->virtual_template_mode_auto ? " mode auto" : "") + "\n";
        out += kept(after, " ");
        out += "!\n";
    }
    std::string globals;
    if (c.max_in_negotiation_sa)
        globals += "crypto ikev2 limit max-in-negotiation-sa " + std::to_string(*c.max_in_negotiation_sa) + "\n";
    if (c.max_sa) globals += "crypto ikev2 limit max-sa " + std::to_string(*c.max_sa) + "\n";
    if (c.dpd) globals += "crypto ikev2 " + dpd_text(*c.dpd) + "\n";
    if (c.nat_keepalive) globals += "crypto ikev2 nat keepalive " + std::to_string(*c.nat_keepalive) + "\n";
    if (c.cookie_challenge) globals += "crypto ikev2 cookie-challenge " + std::to_string(*c.cookie_challenge) + "\n";
    if (c.fragmentation_mtu)
        globals += "crypto ikev2 fragmentation" + (*c.fragmentation_mtu ? " mtu " + std::to_string(*c.fragmentation_mtu) : std::string()) + "\n";
    if (!globals.empty()) out += globals + "!\n";
    return out;
}

}  // namespace routerd::config
