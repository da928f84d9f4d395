#include "engine/ike/v2/configured_peers.hpp"

#include <algorithm>

#include "engine/ike/v2/octets.hpp"

namespace routerd::ike::v2 {
namespace {

policy::Ikev2Identity identity_of(const IdPayload& id) {
    policy::Ikev2Identity out;
    out.type = static_cast<std::uint8_t>(id.type);
    if (id.type == IdType::ID_IPV4_ADDR && id.data.size() == 4)
        out.address = read_be32(id.data);
    else
        out.value.assign(id.data.begin(), id.data.end());
    return out;
}

IdPayload payload_of(const policy::Ikev2Identity& id) {
    IdPayload out;
    out.type = static_cast<IdType>(id.type);
    if (id.type == 1)
        out.data = be32(id.address);
    else
        out.data.assign(id.value.begin(), id.value.end());
    return out;
}

IkeProposalSet proposal_of(const policy::Ikev2ProposalPolicy& p) {
    IkeProposalSet out;
    out.name = p.name;
    for (const auto& e : p.encryption)
        out.encryption.emplace_back(static_cast<EncrId>(e.id), e.id == policy::kEncr3Des ? std::uint16_t(192) : e.key_bits);
    for (auto x : p.prf) out.prf.push_back(static_cast<PrfId>(x));
    for (auto x : p.integrity) out.integrity.push_back(static_cast<IntegId>(x));
    out.groups = p.groups;
    return out;
}

bool serves_local(const policy::Ikev2ProfilePolicy& p, std::uint32_t local) {
    return p.local_addresses.empty() || std::find(p.local_addresses.begin(), p.local_addresses.end(), local) != p.local_addresses.end();
}

bool identity_taken(const policy::Ikev2ProfilePolicy& p, const policy::Ikev2Identity& id) {
    return std::any_of(p.remote_identities.begin(), p.remote_identities.end(), [&](const auto& m) { return policy::identity_matches(m, id); });
}

const policy::Ikev2PeerPolicy* keyring_peer(const policy::Ikev2KeyringPolicy& ring, std::uint32_t peer, const IdPayload* peer_id) {
    if (peer_id) {
        auto id = identity_of(*peer_id);
        for (const auto& p : ring.peers)
            if (p.identity && policy::identity_matches(*p.identity, id)) return &p;
    }
    const policy::Ikev2PeerPolicy* best = nullptr;
    for (const auto& p : ring.peers)
        if (p.address && (peer & p.mask) == (*p.address & p.mask) && (!best || p.mask > best->mask)) best = &p;
    return best;
}

}  // namespace

std::optional<PeerConfig> configured_peer(const policy::PolicySet& pol, std::uint32_t peer, std::uint32_t local, const IdPayload* peer_id,
                                          const std::string& profile_name) {
    const auto& v2 = pol.ikev2;
    PeerConfig cfg;
    for (const auto* p : v2.proposals_for(local)) cfg.proposals.push_back(proposal_of(*p));
    if (cfg.proposals.empty()) return std::nullopt;
    cfg.cookie_challenge = v2.cookie_challenge;
    cfg.fragmentation_mtu = v2.fragmentation_mtu;
    cfg.max_sa = v2.max_sa;
    cfg.max_in_negotiation_sa = v2.max_in_negotiation_sa;

    const policy::Ikev2ProfilePolicy* profile = profile_name.empty() ? nullptr : v2.profile(profile_name);
    if (!profile_name.empty() && !profile) return std::nullopt;
    if (!profile && peer_id) {
        auto id = identity_of(*peer_id);
        for (const auto& p : v2.profiles)
            if (serves_local(p, local) && identity_taken(p, id)) {
                profile = &p;
                break;
            }
        if (!profile) return std::nullopt;  // IOS: "Failed to locate an item in the database"
    }
    // An initiator's profile must also take the responder's identity once it is known.
    if (profile && peer_id && !profile_name.empty() && !identity_taken(*profile, identity_of(*peer_id))) return std::nullopt;
    if (!profile) return cfg;  // IKE_SA_INIT of a responder: proposals only

    cfg.profile = profile->name;
    cfg.lifetime_seconds = profile->lifetime;
    if (profile->local_identity) cfg.local_id = payload_of(*profile->local_identity);
    auto dpd = profile->dpd ? profile->dpd : v2.dpd;
    if (dpd && dpd->interval) {
        cfg.dpd_interval = dpd->interval;
        cfg.dpd_retry = dpd->retry;
        cfg.dpd_periodic = dpd->periodic;
    }
    if (const auto* ring = v2.keyring(profile->keyring))
        if (const auto* p = keyring_peer(*ring, peer, peer_id)) {
            if (profile->local_psk) cfg.local_psk.assign(p->local_key.begin(), p->local_key.end());
            if (profile->remote_psk) cfg.remote_psk.assign(p->remote_key.begin(), p->remote_key.end());
        }
    return cfg;
}

}  // namespace routerd::ike::v2
