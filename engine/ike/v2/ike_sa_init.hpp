#pragma once
// IKE_SA_INIT (RFC 7296 1.2): the initiator offers IKE SA proposals, a KE payload and a nonce;
// the responder picks one and answers with its own, and both derive the keys (2.14). The
// responder keeps no state for an offer it refuses: a wrong DH group gets INVALID_KE_PAYLOAD
// (1.2), no common proposal NO_PROPOSAL_CHOSEN, and under load a COOKIE (2.6).
#include "engine/ike/core/transport.hpp"
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::ike_sa_init {

// Starts an IKE SA with `peer` for `flow` (an ACQUIRE, a tunnel coming up).
void start(Context& ctx, std::uint32_t peer, const ChildRequest& flow);
// The responder's handling of a first offer (message ID 0, no responder SPI).
void receive_request(Context& ctx, const Message& message, const core::Received& in);
// The initiator's handling of the answer.
void receive_response(Context& ctx, IkeSa& sa, const Message& message, const core::Received& in);

}  // namespace routerd::ike::v2::ike_sa_init
