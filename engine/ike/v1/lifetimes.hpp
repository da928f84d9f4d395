#pragma once
// SA lifetimes (RFC 2407 4.5, IOS `lifetime` and `set security-association lifetime`).
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::lifetimes {

// How long a responder keeps a phase 1 that does not complete, in time units.
inline constexpr int kHalfOpenSeconds = 75;
// How long a finished Quick Mode stays to answer a retransmission (1+2+4+8+16+32 s of them).
inline constexpr int kFinishedQuickModeSeconds = 75;

// Once a time unit: phase 1 SAs past their lifetime are deleted (a new one is made when
// needed); responder SAs that never completed phase 1 are given up; IPsec pairs we negotiated
// are renewed at 90 % of their lifetime (IOS's soft limit). `initiate` starts the renewal.
void tick(Context& ctx, const std::function<void(const std::string& entry, const policy::Selector&)>& initiate);

}  // namespace routerd::ike::v1::lifetimes
