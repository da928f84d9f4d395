#pragma once
// Aggressive Mode (RFC 2409 5, no identity protection), three messages:
//   AM1 I->R SA, KE, Ni, IDii          AM2 R->I SA, KE, Nr, IDir, HASH_R
//   AM3 I->R HASH_I (encrypted, as IOS and strongSwan send it)
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::aggressive_mode {

// Initiator: AM1. Every transform offered uses the first policy's group (RFC 2409 5.4: the KE
// goes with the SA).
void send_am1(Context& ctx, std::unique_ptr<IkeSa> sa);
// Responder: an AM1 for no known SA.
void receive_am1(Context& ctx, const Header& h, const std::vector<Payload>& payloads, const core::Received& in);
// AM2 at the initiator, AM3 at the responder.
void receive(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v1::aggressive_mode
