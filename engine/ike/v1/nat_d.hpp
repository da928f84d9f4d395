#pragma once
// NAT detection (RFC 3947 3): NAT-D payloads in MM3/MM4, what they reveal, and keepalives
// from the side behind the NAT (RFC 3948 4).
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::nat_d {

// The NAT-D payloads we send (when the peer said it does RFC 3947): first the peer's address
// as we send to it, then ours.
std::vector<Payload> payloads(const Context& ctx, const IkeSa& sa);
// Reads the peer's NAT-D payloads into `sa.local_behind_nat` / `sa.peer_behind_nat`.
void detect(Context& ctx, IkeSa& sa, const std::vector<Payload>& received);
// One keepalive to each peer we reach through a NAT we sit behind.
void send_keepalives(Context& ctx);

}  // namespace routerd::ike::v1::nat_d
