#pragma once
// What the configuration says about IKEv2 with one peer, read from the compiled policy
// (PolicySet::ikev2, engine/policy/ikev2_policy.hpp) as IOS reads `crypto ikev2 ...`:
//  - the proposals of the first `crypto ikev2 policy` that fits the local address (the
//    `default` policy and proposal last, IOS's smart defaults);
//  - the profile: the one the crypto map entry or tunnel names when we initiate; when we
//    answer, the first whose `match identity remote` takes the peer's identity (and whose
//    `match address local` takes our address);
//  - the keys: the profile's keyring, the peer entry whose identity matches first, else the
//    one with the longest address/mask that holds the peer's address.
#include <optional>

#include "engine/ike/v2/peer_config.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike::v2 {

std::optional<PeerConfig> configured_peer(const policy::PolicySet& pol, std::uint32_t peer, std::uint32_t local, const IdPayload* peer_id,
                                          const std::string& profile);

}  // namespace routerd::ike::v2
