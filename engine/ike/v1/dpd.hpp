#pragma once
// Dead Peer Detection (RFC 3706, IOS `crypto isakmp keepalive SECONDS [RETRY] [periodic]`).
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::dpd {

// Once a time unit: an R-U-THERE to each DPD-capable peer quiet for the interval (then every
// RETRY seconds); a peer that left five unanswered is dead, its IKE and IPsec SAs go.
void tick(Context& ctx);

}  // namespace routerd::ike::v1::dpd
