#pragma once
// The path of one received IKEv1 datagram: header check, the SA it belongs to (or a new
// responder SA for a first offer), then the exchange that takes it.
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1 {

void receive(Context& ctx, const core::Received& datagram);

}  // namespace routerd::ike::v1
