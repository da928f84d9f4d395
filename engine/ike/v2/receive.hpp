#pragma once
// Where an IKEv2 datagram goes (RFC 7296 2.1-2.3): a first IKE_SA_INIT starts a responder
// SA; a request must carry the message ID the peer's window is at (the one before it gets our
// last response again); a response must answer our one outstanding request. Everything after
// IKE_SA_INIT is opened (ICV first) before any payload is looked at; what fails is dropped.
#include "engine/ike/core/transport.hpp"
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2 {

void receive(Context& ctx, const core::Received& in);
// A flow needs a Child SA with `peer`: over an SA that is up, else a new one.
void initiate(Context& ctx, std::uint32_t peer, const ChildRequest& flow);

}  // namespace routerd::ike::v2
