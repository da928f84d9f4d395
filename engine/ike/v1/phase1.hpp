#pragma once
// What Main Mode and Aggressive Mode share: starting phase 1 toward a peer, adopting the
// chosen ISAKMP policy, the keys (RFC 2409 5, Appendix B), and completion, which starts the
// Quick Modes that waited for it.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1 {

// Traffic for `selector` needs SAs with `peer` and no IKE SA is there: Main Mode, or
// Aggressive Mode when the entry's ISAKMP profile asks for it. `requested_order` is the event
// order when the flow was asked for (now, unless it waited its turn): a pair for it made after
// that means its Quick Mode is not needed (start_pending).
void start_phase1(Context& ctx, std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector,
                  bool aggressive, std::optional<std::uint64_t> requested_order = std::nullopt);
// A new IKE SA to replace `old` before its lifetime ends, while IPsec SAs negotiated over it
// (those of `entry_key`) still carry traffic: the same exchange, no Quick Mode after it.
void renew_phase1(Context& ctx, const IkeSa& old, const std::string& entry_key);
// A new initiator SA toward `peer` with its pre-shared key; nullptr (said in debug and log)
// when there is no key for it.
std::unique_ptr<IkeSa> new_initiator_sa(Context& ctx, std::uint32_t peer, bool aggressive, const std::string& profile = "");
// A new responder SA for an offer that came from `from`.
std::unique_ptr<IkeSa> new_responder_sa(Context& ctx, const Header& h, const core::Received& in);

// The SA takes the policy both sides agreed on: its algorithms and lifetime.
void adopt(IkeSa& sa, const policy::IkeProposal& chosen);
// g^xy and the phase 1 keys; false for an invalid peer public value.
bool derive_keys(Context& ctx, IkeSa& sa);
// Phase 1 is up (QM_IDLE): the Quick Modes waiting in `sa.pending` start. When this SA crossed
// one the peer started, one of the two is deleted, possibly `sa` itself: callers return after.
void phase1_complete(Context& ctx, IkeSa& sa);
// The peer sent a message protected and authenticated with this SA's phase 1 keys (a Quick
// Mode's HASH(1) or HASH(2) verified): it has our last phase 1 message, so its own last one
// will not come again, and the copies kept to recognise and answer that (message.cpp) go.
void peer_has_phase1(IkeSa& sa);

}  // namespace routerd::ike::v1
