#include "engine/policy/ikev2_policy.hpp"

#include <algorithm>
#include <cctype>

#include "engine/policy/isakmp_profiles.hpp"
#include "grammar/token.hpp"

namespace routerd::policy {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<Ikev2Encryption> encryption_of(const std::string& k) {
    if (k == "3des") return Ikev2Encryption{kEncr3Des, 0};
    if (k == "aes-cbc-128") return Ikev2Encryption{kEncrAesCbc, 128};
    if (k == "aes-cbc-192") return Ikev2Encryption{kEncrAesCbc, 192};
    if (k == "aes-cbc-256") return Ikev2Encryption{kEncrAesCbc, 256};
    if (k == "aes-gcm-128") return Ikev2Encryption{kEncrAesGcm16, 128};
    if (k == "aes-gcm-256") return Ikev2Encryption{kEncrAesGcm16, 256};
    return std::nullopt;
}

std::uint16_t integrity_of(const std::string& k) {
    if (k == "md5") return 1;
    if (k == "sha1") return 2;
    if (k == "sha256") return 12;
    if (k == "sha384") return 13;
    return 14;  // sha512
}

std::uint16_t prf_of(const std::string& k) {
    if (k == "md5") return 1;
    if (k == "sha1") return 2;
    if (k == "sha256") return 5;
    if (k == "sha384") return 6;
    return 7;  // sha512
}

Ikev2ProposalPolicy proposal_policy(const config::Ikev2Proposal& p, std::vector<std::string>& problems) {
    Ikev2ProposalPolicy out;
    out.name = p.name;
    for (const auto& e : p.encryption)
        if (auto x = encryption_of(e)) out.encryption.push_back(*x);
    for (const auto& i : p.integrity) out.integrity.push_back(integrity_of(i));
    for (const auto& f : p.prf) out.prf.push_back(prf_of(f));
    for (int g : p.groups) out.groups.push_back(static_cast<std::uint16_t>(g));
    bool all_aead = !out.encryption.empty() &&
                    std::all_of(out.encryption.begin(), out.encryption.end(), [](const auto& e) { return e.aead(); });
    bool any_aead = std::any_of(out.encryption.begin(), out.encryption.end(), [](const auto& e) { return e.aead(); });
    // IOS: with only integrity algorithms configured the PRF follows them.
    if (out.prf.empty() && !all_aead)
        for (const auto& i : p.integrity) out.prf.push_back(prf_of(i));
    std::string who = "IKEv2 proposal " + p.name;
    if (any_aead && !all_aead) problems.push_back(who + ": AES-GCM cannot be proposed together with a non-AEAD cipher");
    if (all_aead && !out.integrity.empty()) problems.push_back(who + ": AES-GCM carries its own integrity; integrity " +
                                                               p.integrity.front() + " cannot be proposed with it");
    out.complete = !out.encryption.empty() && !out.prf.empty() && !out.groups.empty() &&
                   (all_aead ? out.integrity.empty() : !out.integrity.empty()) && (all_aead || !any_aead);
    if (!out.complete) problems.push_back(who + ": incomplete (it needs encryption, " +
                                          std::string(all_aead ? "a prf" : "integrity") + " and a group); it is not proposed");
    return out;
}

// "address 10.0.0.1 [255.255.255.0]", "fqdn [domain] X", "email [domain] X", "key-id X".
std::optional<Ikev2Identity> identity_of(const std::string& text) {
    if (text == "any") return Ikev2Identity{0, 0, 0, "", false};
    auto space = text.find(' ');
    if (space == std::string::npos) return std::nullopt;
    std::string kind = text.substr(0, space), rest = text.substr(space + 1);
    Ikev2Identity id;
    if (kind == "address") {
        auto s2 = rest.find(' ');
        auto a = grammar::parse_ipv4(rest.substr(0, s2));
        if (!a) return std::nullopt;
        id.type = 1;
        id.address = *a;
        if (s2 != std::string::npos) {
            if (auto m = grammar::parse_ipv4(rest.substr(s2 + 1))) id.mask = *m;
        } else if (*a == 0) {
            id.mask = 0;  // `match identity remote address 0.0.0.0`: any peer (the FlexVPN hub idiom)
        }
        return id;
    }
    if (rest.starts_with("domain ")) {
        id.domain = true;
        rest = rest.substr(7);
    }
    if (kind == "fqdn") id.type = 2;
    else if (kind == "email") id.type = 3;
    else if (kind == "key-id") id.type = 11;
    else return std::nullopt;
    id.value = id.type == 11 ? rest : lower(rest);
    return id;
}

}  // namespace

bool identity_matches(const Ikev2Identity& pattern, const Ikev2Identity& id) {
    if (pattern.type == 0) return true;  // `match identity remote any`
    if (pattern.type != id.type) return false;
    if (pattern.type == 1) return (id.address & pattern.mask) == (pattern.address & pattern.mask);
    std::string v = pattern.type == 11 ? id.value : lower(id.value);
    if (!pattern.domain) return v == pattern.value;
    // fqdn domain example.com: "example.com" and "*.example.com"; email domain: "*@example.com".
    if (pattern.type == 3) return v.size() > pattern.value.size() && v.ends_with("@" + pattern.value);
    return v == pattern.value || (v.size() > pattern.value.size() && v.ends_with("." + pattern.value));
}

const Ikev2ProposalPolicy* Ikev2PolicySet::proposal(const std::string& n) const {
    for (const auto& p : proposals)
        if (p.name == n) return &p;
    return nullptr;
}

const Ikev2ProfilePolicy* Ikev2PolicySet::profile(const std::string& n) const {
    for (const auto& p : profiles)
        if (p.name == n) return &p;
    return nullptr;
}

const Ikev2KeyringPolicy* Ikev2PolicySet::keyring(const std::string& n) const {
    for (const auto& k : keyrings)
        if (k.name == n) return &k;
    return nullptr;
}

std::vector<const Ikev2ProposalPolicy*> Ikev2PolicySet::proposals_for(std::uint32_t local, const std::string& fvrf) const {
    for (const auto& pol : policies) {
        bool vrf_fits = pol.fvrf == "any" || pol.fvrf == fvrf;
        bool local_fits = pol.local_addresses.empty() ||
                          std::find(pol.local_addresses.begin(), pol.local_addresses.end(), local) != pol.local_addresses.end();
        if (!vrf_fits || !local_fits) continue;
        std::vector<const Ikev2ProposalPolicy*> out;
        for (const auto& name : pol.proposals)
            if (const auto* p = proposal(name); p && p->complete) out.push_back(p);
        return out;
    }
    return {};
}

Ikev2PolicySet compile_ikev2(const config::RunningConfig& rc, std::vector<std::string>& problems) {
    const auto& c = rc.crypto.ikev2;
    Ikev2PolicySet out;
    if (!c.default_proposal_disabled) out.proposals.push_back(proposal_policy(config::ikev2_effective_default(c), problems));
    for (const auto* p : config::in_creation_order(c.proposals))
        if (p->name != "default") out.proposals.push_back(proposal_policy(*p, problems));

    auto policy_entry = [&](const std::string& name, const config::Ikev2Policy* p) {
        Ikev2PolicyEntry e;
        e.name = name;
        e.fvrf = p ? p->fvrf : "any";
        if (name == "default" && e.fvrf.empty()) e.fvrf = "any";
        if (p) e.local_addresses = p->match_local;
        std::vector<std::string> names = p ? p->proposals : std::vector<std::string>{};
        if (names.empty() && name == "default") names.push_back("default");
        if (names.empty()) problems.push_back("IKEv2 policy " + name + ": no proposal; it matches no negotiation");
        for (const auto& n : names) {
            if (out.proposal(n)) e.proposals.push_back(n);
            else problems.push_back("IKEv2 policy " + name + ": proposal " + n + " is not defined");
        }
        return e;
    };
    // IOS matches the policies with a local address first, then the rest; the default last.
    std::vector<const config::Ikev2Policy*> named;
    for (const auto* p : config::in_creation_order(c.policies))
        if (p->name != "default") named.push_back(p);
    std::stable_partition(named.begin(), named.end(), [](const config::Ikev2Policy* p) { return !p->match_local.empty(); });
    for (const auto* p : named) out.policies.push_back(policy_entry(p->name, p));
    if (!c.default_policy_disabled) {
        auto it = c.policies.find("default");
        out.policies.push_back(policy_entry("default", it == c.policies.end() ? nullptr : &it->second));
    }

    for (const auto* k : config::in_creation_order(c.keyrings)) {
        Ikev2KeyringPolicy ring;
        ring.name = k->name;
        for (const auto& peer : k->peers) {
            Ikev2PeerPolicy p;
            p.name = peer.name;
            p.address = peer.address;
            p.mask = peer.mask;
            p.hostname = peer.hostname;
            if (!peer.identity.empty()) p.identity = identity_of(peer.identity);
            std::string where = "IKEv2 keyring " + k->name + " peer " + peer.name;
            auto secret = [&](const std::optional<config::PresharedKey>& key) -> std::string {
                if (!key) return "";
                if (key->secret.empty())
                    problems.push_back(where + ": the type 6 key cannot be decrypted (no master key: key config-key password-encrypt)");
                return key->secret;
            };
            p.local_key = peer.psk_local ? secret(peer.psk_local) : secret(peer.psk);
            p.remote_key = peer.psk_remote ? secret(peer.psk_remote) : (peer.psk ? p.local_key : "");
            if (!peer.address && peer.hostname.empty() && peer.identity.empty())
                problems.push_back(where + ": no address, hostname or identity; its keys serve no peer");
            ring.peers.push_back(std::move(p));
        }
        out.keyrings.push_back(std::move(ring));
    }

    for (const auto* pp : config::in_creation_order(c.profiles)) {
        const auto& p = *pp;
        Ikev2ProfilePolicy o;
        o.name = p.name;
        o.fvrf = p.fvrf;
        std::string who = "IKEv2 profile " + p.name;
        for (const auto& l : p.match_local) {
            std::string typed = l.starts_with("interface ") ? l.substr(10) : l;
            if (auto a = resolve_local_address(rc, typed)) o.local_addresses.push_back(a);
            else problems.push_back(who + ": match address local " + l + " has no IPv4 address; the profile matches nothing there");
        }
        for (const auto& m : p.match_identities)
            if (auto id = identity_of(m)) o.remote_identities.push_back(*id);
        if (o.remote_identities.empty()) problems.push_back(who + ": no match identity remote; it matches no peer");
        if (!p.identity_local.empty()) o.local_identity = identity_of(p.identity_local);
        o.local_psk = p.auth_local_psk;
        o.remote_psk = p.auth_remote_psk;
        if (!p.auth_local_psk) problems.push_back(who + ": no authentication local method; it cannot authenticate");
        if (!p.auth_remote_psk) problems.push_back(who + ": no authentication remote method; it cannot authenticate");
        if (!p.keyring.empty()) {
            if (c.keyrings.count(p.keyring)) o.keyring = p.keyring;
            else problems.push_back(who + ": keyring " + p.keyring + " is not defined");
        } else if (p.auth_local_psk || p.auth_remote_psk) {
            problems.push_back(who + ": pre-share authentication without a keyring (keyring local NAME)");
        }
        o.lifetime = p.lifetime.value_or(86400);
        if (p.dpd) o.dpd = Ikev2Dpd{p.dpd->interval, p.dpd->retry, p.dpd->periodic};
        else if (c.dpd) o.dpd = Ikev2Dpd{c.dpd->interval, c.dpd->retry, c.dpd->periodic};
        o.nat_keepalive = p.nat_keepalive ? p.nat_keepalive : c.nat_keepalive;
        out.profiles.push_back(std::move(o));
    }
    if (c.dpd) out.dpd = Ikev2Dpd{c.dpd->interval, c.dpd->retry, c.dpd->periodic};
    out.nat_keepalive = c.nat_keepalive;
    out.cookie_challenge = c.cookie_challenge;
    if (c.fragmentation_mtu) out.fragmentation_mtu = static_cast<std::uint16_t>(*c.fragmentation_mtu ? *c.fragmentation_mtu : 576);
    out.max_sa = c.max_sa;
    out.max_in_negotiation_sa = c.max_in_negotiation_sa;
    return out;
}

}  // namespace routerd::policy
