#pragma once
// What the configuration says about IKEv2 with one peer, as the exchanges need it: the IKE
// proposals to offer or accept (IOS's `crypto ikev2 proposal`, chosen by `crypto ikev2
// policy`), the keys and identities (the `crypto ikev2 profile` that matches the peer and its
// `keyring`), and the lifetimes. The engine asks through a PeerConfigSource; the daemon answers
// from the PolicySet, tests answer directly.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/ike/core/bytes.hpp"
#include "engine/ike/v2/algorithms.hpp"
#include "engine/ike/v2/message_codec.hpp"

namespace routerd::ike::v2 {

// One IOS `crypto ikev2 proposal`: every algorithm listed, in its order. On the wire it is one
// Proposal with several transforms of each type (RFC 7296 3.3).
struct IkeProposalSet {
    std::string name;
    std::vector<std::pair<EncrId, std::uint16_t>> encryption;  // with the key bits
    std::vector<PrfId> prf;
    std::vector<IntegId> integrity;  // empty with AES-GCM only
    std::vector<std::uint16_t> groups;
};

struct PeerConfig {
    std::string profile;  // the IKEv2 profile's name, for the shows and the debug
    std::vector<IkeProposalSet> proposals;
    Bytes local_psk, remote_psk;  // `pre-shared-key local` / `remote` (the same without either)
    IdPayload local_id;           // `identity local`; the local address unless configured
    std::uint32_t lifetime_seconds = 86400;
    // `dpd INTERVAL RETRY on-demand|periodic`: liveness checks as IOS does them.
    std::optional<std::uint32_t> dpd_interval;
    std::uint32_t dpd_retry = 2;
    bool dpd_periodic = false;  // on-demand: only when traffic goes out and none comes back
    // `crypto ikev2 cookie-challenge N`: with N or more SAs negotiating, an IKE_SA_INIT must
    // come back with our COOKIE before we keep any state for it (RFC 7296 2.6).
    std::optional<std::size_t> cookie_challenge;
    // `crypto ikev2 fragmentation [mtu N]` (RFC 7383): offered in IKE_SA_INIT; when the peer
    // offers it too, a message longer than the MTU goes in fragments. IOS's default MTU is 576.
    std::optional<std::uint16_t> fragmentation_mtu;
    // `crypto ikev2 limit max-sa N | max-in-negotiation-sa N`: beyond them a new peer's
    // IKE_SA_INIT is refused.
    std::optional<std::size_t> max_sa, max_in_negotiation_sa;
};

// Asked when an IKE_SA_INIT goes out (`profile`: the one the crypto map entry or tunnel names)
// or comes in (no `peer_id` yet: the proposals of the `crypto ikev2 policy` for the local
// address), and again when the peer's ID is known (the profile that matches it). nullopt:
// nothing configured, the negotiation is refused.
using PeerConfigSource = std::function<std::optional<PeerConfig>(std::uint32_t peer, std::uint32_t local, const IdPayload* peer_id,
                                                                 const std::string& profile)>;

}  // namespace routerd::ike::v2
