#pragma once
// Main Mode (RFC 2409 5, identity protection), six messages:
//   MM1 I->R SA            MM2 R->I SA
//   MM3 I->R KE, Ni        MM4 R->I KE, Nr            (with NAT-D, RFC 3947 3.2)
//   MM5 I->R ID, HASH_I*   MM6 R->I ID, HASH_R*       (* encrypted)
// Each step is named after what it receives and sends; the SA's `step` (IOS's IKE_I_MM1 ...)
// says which comes next.
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::main_mode {

// Initiator: MM1, our ISAKMP policies as one proposal (IOS).
void send_mm1(Context& ctx, std::unique_ptr<IkeSa> sa);
// Responder: an MM1 for no known SA.
void receive_mm1(Context& ctx, const Header& h, const std::vector<Payload>& payloads, const core::Received& in);
// Any later Main Mode message of `sa`, to the step its state expects.
void receive(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v1::main_mode
