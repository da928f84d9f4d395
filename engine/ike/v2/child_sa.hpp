#pragma once
// A Child SA negotiated in IKE_AUTH or CREATE_CHILD_SA, handed to IPsec: traffic selectors to
// and from the policy's selectors, the match of a peer's proposal against our entries, and
// the KEYMAT split into the pair (RFC 7296 2.17).
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/handoff/child_sa.hpp"
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2 {

// Our side of a selector, and the peer's, as traffic selectors (RFC 7296 3.13.1).
TrafficSelector local_ts(const policy::Selector& s);
TrafficSelector remote_ts(const policy::Selector& s);

// The entry that answers a peer's TSi/TSr (ours = its TSr list, theirs = its TSi list): an ACL
// line of a crypto map entry with this peer, a dynamic map, or a VTI's any/any, that shares
// traffic with what the peer proposed. RFC 7296 2.9: the responder narrows to the overlap and
// answers it (`ours`, `theirs`), the widest overlap of the offered pairs first. As IKEv1 does
// (IOS: a /32 offer inside a /24 line is taken), the pair goes in under the entry's line, whose
// kernel policy (and reqid) carries the traffic.
struct TsMatch {
    const policy::ProtectionPolicy* entry = nullptr;
    policy::Selector selector;
    TrafficSelector ours, theirs;
};
// `profile`: the IKEv2 profile the peer authenticated under; a dynamic VTI template serves only
// the peers of the profile that names it (`virtual-template N`).
TsMatch match_traffic(const policy::PolicySet& pol, std::uint32_t peer, const std::string& profile, std::span<const TrafficSelector> ours,
                      std::span<const TrafficSelector> theirs);

// A selector in plain words: 10.1.1.0/24, or a range, with its protocol and ports when not any.
std::string ts_text(const TrafficSelector& t);

// The traffic both selectors cover, or nullopt when they share none.
std::optional<TrafficSelector> overlap(const TrafficSelector& a, const TrafficSelector& b);

// The TSi or TSr list of a message, or nullopt when absent, malformed or empty.
std::optional<std::vector<TrafficSelector>> offered_ts(const std::vector<Payload>& ps, PayloadType type);

// An initiator's check of the responder's TSi/TSr against what it proposed for the child's flow
// (RFC 7296 2.9: the responder may narrow, never widen): nullopt when they lie within it, or
// why not. A narrowed answer is said in debug and in the log: the pair still goes in under our
// ACL line, so the line's traffic outside the answer would be dropped by the peer.
std::optional<std::string> accept_answered_ts(Context& ctx, IkeSa& sa, const std::vector<Payload>& ps, const ChildNegotiation& child);

// The ESP transform agreed, in IKEv2's terms (RFC 7296 3.3.2 transform IDs).
ChildSuite child_suite(const policy::TransformDescriptor& t);

// The pair, keys split by direction (`we_initiated`: we began the exchange that made it; `ni`,
// `nr`: that exchange's nonces), handed to IPsec and remembered on the IKE SA.
handoff::ChildSa make_child(const Context& ctx, IkeSa& sa, const ChildNegotiation& child, std::span<const std::uint8_t> pfs_shared,
                            std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr, bool we_initiated);
// `ni`, `nr`: the nonces of the exchange that made it. A first Child SA (IKE_AUTH) whose flow got
// a pair through another IKE SA with the same peer too (both ends brought the tunnel up at once)
// is settled as RFC 7296 2.8 settles crossed rekeys: the pair made with the lowest nonce goes,
// deleted by the end that made it (with its IKE SA when that holds nothing else).
void install_child(Context& ctx, IkeSa& sa, const handoff::ChildSa& child, bool we_initiated, std::span<const std::uint8_t> ni,
                   std::span<const std::uint8_t> nr, bool from_ike_auth = false,
                   std::optional<std::uint32_t> replaces_spi_out = std::nullopt);
// The pair of the IKE SA whose inbound SPI is `spi_in`, if it holds one.
IkeSa::ChildPair* child_by_spi_in(IkeSa& sa, std::uint32_t spi_in);
// The pair (by inbound SPI) installed with its outbound SA held (the peer's rekey, answered by
// us) starts sending: the peer deleted the pair it replaces, or the wait ran out (`why`, for
// debug). IPsec may refuse the SA and have the pair deleted before this returns.
void release_outbound(Context& ctx, IkeSa& sa, std::uint32_t spi_in, const std::string& why);
// The same for every held pair that replaces the pair whose outbound SPI is `old_spi_out`, as
// that pair goes at a Delete (the peer's, or ours outside a rekey: an expiry, a clear), except a
// pair the peer itself is about to delete (ChildPair::redundant).
void release_replacements(Context& ctx, IkeSa& sa, std::uint32_t old_spi_out, const std::string& why);

}  // namespace routerd::ike::v2
