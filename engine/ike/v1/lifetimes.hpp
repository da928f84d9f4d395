#pragma once
// SA lifetimes (RFC 2407 4.5, IOS `lifetime` and `set security-association lifetime`).
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::lifetimes {

// How long a responder keeps a phase 1 that does not complete, in time units.
inline constexpr int kHalfOpenSeconds = 75;
// How long a finished Quick Mode stays to answer a retransmission (1+2+4+8+16+32 s of them).
inline constexpr int kFinishedQuickModeSeconds = 75;

// When an IPsec pair or an IKE SA carrying pairs is renewed, as a fraction of its lifetime: the side that negotiated it at 90 %
// (IOS's soft limit); the side that answered later, at 95 %, so that it renews only a pair its
// peer did not (Libreswan 4.x ignores IOS's RESPONDER-LIFETIME notify and would keep sending on a
// pair whose shorter lifetime ran out here).
inline constexpr int kInitiatorRenewPercent = 90;
inline constexpr int kResponderRenewPercent = 95;

// Once a time unit: phase 1 SAs that carry IPsec pairs are renewed (above); phase 1 SAs past
// their lifetime are deleted (a new one is made when needed); responder SAs that never completed phase 1 are given up; IPsec pairs are renewed
// (above) unless a newer pair for the same flow with the same peer already replaced them.
// `initiate` starts the renewal, toward the pair's peer; a pair whose entry does not name that
// peer (a dynamic map's: it cannot initiate) is left to its peer.
void tick(Context& ctx, const std::function<void(const std::string& entry, const policy::Selector&, std::uint32_t peer)>& initiate);

}  // namespace routerd::ike::v1::lifetimes
