#include "engine/policy/isakmp_profiles.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "grammar/interface_name.hpp"
#include "net/ipv4.hpp"

namespace routerd::policy {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool ends_with_domain(const std::string& name, const std::string& domain) {
    if (domain.empty() || name.size() < domain.size()) return false;
    if (name.compare(name.size() - domain.size(), domain.size(), domain) != 0) return false;
    // "host domain example.com" admits "r2.example.com" and "example.com", not "badexample.com".
    return name.size() == domain.size() || domain.front() == '.' || name[name.size() - domain.size() - 1] == '.';
}

// The stored text after `match identity ` (apply_crypto.cpp): "address A M [fvrf]", "host H",
// "host domain D", "user U", "user domain D", "group G".
std::optional<IdentityMatch> parse_match(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> w;
    for (std::string t; in >> t;) w.push_back(t);
    if (w.size() < 2) return std::nullopt;
    IdentityMatch m;
    m.text = text;
    if (w[0] == "address") {
        auto a = net::parse_ipv4(w[1]);
        if (!a) return std::nullopt;
        m.kind = IdentityMatch::Kind::ADDRESS;
        m.address = *a;
        if (w.size() > 2)
            if (auto mask = net::parse_ipv4(w[2])) m.mask = *mask;
        // `match identity address 0.0.0.0` is IOS's "any peer" (Cisco's DVTI hub examples;
        // seeds/002 L1870): a zero address admits everyone whatever the mask shown.
        if (m.address == 0) m.mask = 0;
        return m;
    }
    bool domain = w.size() > 2 && w[1] == "domain";
    std::string value = lower(domain ? w[2] : w[1]);
    if (w[0] == "host") m.kind = domain ? IdentityMatch::Kind::HOST_DOMAIN : IdentityMatch::Kind::HOST;
    else if (w[0] == "user") m.kind = domain ? IdentityMatch::Kind::USER_DOMAIN : IdentityMatch::Kind::USER;
    else if (w[0] == "group") m.kind = IdentityMatch::Kind::GROUP;
    else return std::nullopt;
    m.value = value;
    return m;
}

}  // namespace

std::string PeerIdentity::text() const {
    switch (kind) {
        case Kind::ADDRESS: return "address " + net::format_ipv4(address);
        case Kind::FQDN: return "fqdn " + name;
        case Kind::USER_FQDN: return "user-fqdn " + name;
        case Kind::OTHER: break;
    }
    return "an identity of another type";
}

bool IdentityMatch::matches(const PeerIdentity& id) const {
    switch (kind) {
        case Kind::ADDRESS: return id.kind == PeerIdentity::Kind::ADDRESS && (id.address & mask) == (address & mask);
        case Kind::HOST: return id.kind == PeerIdentity::Kind::FQDN && lower(id.name) == value;
        case Kind::HOST_DOMAIN: return id.kind == PeerIdentity::Kind::FQDN && ends_with_domain(lower(id.name), value);
        case Kind::USER: return id.kind == PeerIdentity::Kind::USER_FQDN && lower(id.name) == value;
        case Kind::USER_DOMAIN: {
            if (id.kind != PeerIdentity::Kind::USER_FQDN) return false;
            auto at = id.name.find('@');
            return at != std::string::npos && ends_with_domain(lower(id.name.substr(at + 1)), value);
        }
        // A Unity/EzVPN client group (ID_KEY_ID); site-to-site peers never carry one.
        case Kind::GROUP: return false;
    }
    return false;
}

int IdentityMatch::specificity() const {
    switch (kind) {
        case Kind::ADDRESS: return config::mask_length(mask);
        case Kind::HOST:
        case Kind::USER: return 1000;
        case Kind::HOST_DOMAIN:
        case Kind::USER_DOMAIN: return 100 + static_cast<int>(value.size());
        case Kind::GROUP: return 0;
    }
    return 0;
}

std::uint32_t resolve_local_address(const config::RunningConfig& rc, const std::string& typed) {
    if (auto a = net::parse_ipv4(typed)) return *a;
    auto name = grammar::parse_interface_name(typed);
    if (!name) return 0;
    auto it = rc.interfaces.find(*name);
    return it != rc.interfaces.end() && it->second.address ? it->second.address->address : 0;
}

std::vector<IsakmpProfilePolicy> compile_profiles(const config::RunningConfig& rc, std::vector<std::string>& problems) {
    std::vector<const config::IsakmpProfile*> ordered;
    for (const auto& [name, p] : rc.crypto.isakmp_profiles) ordered.push_back(&p);
    std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->created < b->created; });
    std::vector<IsakmpProfilePolicy> out;
    for (const auto* p : ordered) {
        IsakmpProfilePolicy c;
        c.name = p->name;
        c.keyrings = p->keyrings;
        for (const auto& k : p->keyrings)
            if (!rc.crypto.keyrings.count(k))
                problems.push_back("ISAKMP profile " + p->name + ": keyring " + k + " is not defined; the profile finds no key in it");
        for (const auto& t : p->match_identities)
            if (auto m = parse_match(t)) c.matches.push_back(*m);
        if (!p->local_address.empty()) {
            c.local_address = resolve_local_address(rc, p->local_address);
            if (!c.local_address) {
                problems.push_back("ISAKMP profile " + p->name + ": local-address " + p->local_address +
                                   " has no IPv4 address; the profile matches no peer");
                c.local_address = 0xffffffff;
            }
        }
        if (p->self_identity.rfind("fqdn", 0) == 0)
            c.self_fqdn = rc.hostname + (rc.domain_name.empty() ? "" : "." + rc.domain_name);
        out.push_back(std::move(c));
    }
    return out;
}

const IdentityMatch* admitting_statement(const IsakmpProfilePolicy& profile, const PeerIdentity& id) {
    const IdentityMatch* best = nullptr;
    for (const auto& m : profile.matches)
        if (m.matches(id) && (!best || m.specificity() > best->specificity())) best = &m;
    return best;
}

std::optional<ProfileMatch> match_profile(const std::vector<IsakmpProfilePolicy>& profiles, const PeerIdentity& id,
                                          std::uint32_t local) {
    std::optional<ProfileMatch> best;
    for (const auto& p : profiles) {
        if (p.local_address && local && p.local_address != local) continue;
        const auto* s = admitting_statement(p, id);
        if (s && (!best || s->specificity() > best->statement->specificity())) best = ProfileMatch{&p, s};
    }
    return best;
}

}  // namespace routerd::policy
