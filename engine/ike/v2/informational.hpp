#pragma once
// INFORMATIONAL (RFC 7296 1.4, 1.5): Delete of the IKE SA or of Child SAs, and the empty
// request that checks the peer is alive (IOS's DPD for IKEv2). Every request gets an answer;
// a Delete of Child SAs is answered with the Delete of their other halves (1.4.1).
#include "engine/ike/v2/context.hpp"

namespace routerd::ike::v2::informational {

void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& payloads);
void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads);
// Tells the peer the IKE SA is gone (with its Child SAs) and forgets it.
void send_ike_delete(Context& ctx, IkeSa& sa);
// Tells the peer the Child SA whose inbound SPI is `spi_in` is gone (IPsec removed it here:
// `clear crypto sa`).
void send_child_delete(Context& ctx, IkeSa& sa, std::uint32_t spi_in);
// Removes our pairs with inbound SPIs `ours` (handed to IPsec as deleted) and tells the peer,
// with `unmade`: inbound SPIs of pairs the peer made but we never installed. One Delete
// payload for all of them (one request: window size 1, RFC 7296 2.3).
// `rekeyed`: `ours` were just replaced by a rekey of ours; IPsec keeps them a few seconds for what
// the peer sends before our Delete reaches it (Context::remove_child_later).
void send_child_deletes(Context& ctx, IkeSa& sa, const std::vector<std::uint32_t>& ours, const std::vector<std::uint32_t>& unmade,
                        bool rekeyed = false);
// The IKE SA is gone (the peer or we deleted it, or the peer's INITIAL_CONTACT made it stale):
// its Child SAs go with it (RFC 7296 1.4.1), handed to IPsec as deleted; nothing is sent.
void forget(Context& ctx, IkeSa& sa, const std::string& why);
// The liveness check: an empty request.
void send_liveness(Context& ctx, IkeSa& sa);

}  // namespace routerd::ike::v2::informational
