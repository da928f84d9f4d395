#pragma once
// Informational exchanges (RFC 2409 5.7): one protected message, HASH(1) then a Notify or a
// Delete, in a new exchange whose IV chains from phase 1. Carries Delete (RFC 2408 3.15),
// refusals, and DPD's R-U-THERE / R-U-THERE-ACK (RFC 3706 5).
#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::informational {

void send_notify(Context& ctx, IkeSa& sa, NotifyType type, const Bytes& data);
// Tells the peer this IKE SA is gone.
// A Quick Mode refused (IOS: "Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3"): protocol ESP
// and the SPI of the refused proposal, so the initiator knows which of its exchanges it was.
void send_phase2_refusal(Context& ctx, IkeSa& sa, NotifyType type, std::uint32_t proposal_spi);
void send_delete(Context& ctx, IkeSa& sa);
// Tells the peer the IPsec SA pair whose inbound SPI is `spi_in` is gone.
void send_child_delete(Context& ctx, IkeSa& sa, std::uint32_t spi_in);
// An informational message of `sa`. May erase `sa` (a Delete for it).
void receive(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v1::informational
