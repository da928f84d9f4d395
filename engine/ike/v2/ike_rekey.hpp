#pragma once
// Rekeying the IKE SA itself (RFC 7296 1.3.2, 2.18): a CREATE_CHILD_SA whose SA payload has an
// IKE proposal with the new SPI, a nonce and a KE; the new SA's keys come from the old SK_d
// and the new DH secret; its Child SAs move over, and the rekey's initiator deletes the old
// SA. When both ends rekey at once, the new SA made with the lowest of the four nonces is
// deleted by the end that made it (2.8.2).
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::ike_rekey {

// False when the window is busy (try later).
bool start(Context& ctx, IkeSa& sa);
// `offered`: the request's IKE proposals.
void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const SaPayload& offered, const std::vector<Payload>& payloads);
void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v2::ike_rekey
