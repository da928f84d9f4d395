#pragma once
// CREATE_CHILD_SA for Child SAs (RFC 7296 1.3.1, 1.3.3): a new pair for a flow while the IKE SA
// with its peer is up, or a pair's replacement before it expires (REKEY_SA). New nonces, and a
// KE payload with PFS (`set pfs`); KEYMAT from SK_d and these nonces (2.17). One exchange at a
// time (window size 1, 2.3): further flows wait. The initiator of a rekey deletes the old pair;
// when both ends rekey the same pair at once, the pair made with the lowest of the four nonces
// is deleted by the end that made it (2.8.1).
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::create_child_sa {

void start(Context& ctx, IkeSa& sa, const ChildRequest& flow);
// Replaces the pair whose inbound SPI is `spi_in`; false when the window is busy (try later).
bool rekey(Context& ctx, IkeSa& sa, std::uint32_t spi_in);
void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& payloads);
void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v2::create_child_sa
