#pragma once
// IKE_AUTH (RFC 7296 1.2, 2.15): both ends prove who they are (a pre-shared key today; the
// authenticator seam takes certificates later) and the first Child SA comes with it. A Child
// SA refused here (TS_UNACCEPTABLE, NO_PROPOSAL_CHOSEN) leaves the IKE SA up (2.9, 1.2).
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::ike_auth {

void send_request(Context& ctx, IkeSa& sa);
void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& payloads);
void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v2::ike_auth
