#pragma once
// The once-a-time-unit work of IKEv2: a Child SA is rekeyed before it expires (RFC 7296 2.8)
// by the end that made it at 90 % of its lifetime, by the other at 95 % unless the first did;
// a peer heard from no longer is asked whether it lives (1.4, IOS's `dpd ... periodic`).
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::lifetimes {

void tick(Context& ctx);

}  // namespace routerd::ike::v2::lifetimes
