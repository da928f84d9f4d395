#pragma once
// CREATE_CHILD_SA for a new Child SA (RFC 7296 1.3.1): a flow that needs a pair while the IKE
// SA with its peer is up. New nonces, and a KE payload with PFS (`set pfs`); KEYMAT from SK_d
// and these nonces (2.17). One exchange at a time (window size 1, 2.3): further flows wait.
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::create_child_sa {

void start(Context& ctx, IkeSa& sa, const ChildRequest& flow);
void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& payloads);
void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v2::create_child_sa
