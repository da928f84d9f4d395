#pragma once
// A Child SA negotiated in IKE_AUTH or CREATE_CHILD_SA, handed to IPsec: traffic selectors to
// and from the policy's selectors, the match of a peer's proposal against our entries, and
// the KEYMAT split into the pair (RFC 7296 2.17).
#include <optional>
#include <vector>

#include "engine/handoff/child_sa.hpp"
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2 {

// Our side of a selector, and the peer's, as traffic selectors (RFC 7296 3.13.1).
TrafficSelector local_ts(const policy::Selector& s);
TrafficSelector remote_ts(const policy::Selector& s);

// The entry that answers a peer's TSi/TSr (ours = its TSr, theirs = its TSi): as IKEv1 does,
// IOS takes a proposal that lies within an ACL line of a crypto map entry with this peer, a
// dynamic map, or a VTI's any/any; the pair goes in under the entry's line.
struct TsMatch {
    const policy::ProtectionPolicy* entry = nullptr;
    policy::Selector selector;
};
TsMatch match_traffic(const policy::PolicySet& pol, std::uint32_t peer, const TrafficSelector& ours, const TrafficSelector& theirs);

// The pair, keys split by direction (`we_initiated`: we began the exchange that made it; `ni`,
// `nr`: that exchange's nonces), handed to IPsec and remembered on the IKE SA.
handoff::ChildSa make_child(const Context& ctx, IkeSa& sa, const ChildNegotiation& child, std::span<const std::uint8_t> pfs_shared,
                            std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr, bool we_initiated);
// `ni`, `nr`: the nonces of the exchange that made it. A first Child SA (IKE_AUTH) whose flow got
// a pair through another IKE SA with the same peer too (both ends brought the tunnel up at once)
// is settled as RFC 7296 2.8 settles crossed rekeys: the pair made with the lowest nonce goes,
// deleted by the end that made it (with its IKE SA when that holds nothing else).
void install_child(Context& ctx, IkeSa& sa, const handoff::ChildSa& child, bool we_initiated, std::span<const std::uint8_t> ni,
                   std::span<const std::uint8_t> nr, bool from_ike_auth = false);

}  // namespace routerd::ike::v2
