#pragma once
// What the IKEv2 exchange files share: building a request or a response of an SA, with its
// payloads inside SK, and the small conversions the payloads need.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/ike/v2/context.hpp"
#include "engine/ike/v2/octets.hpp"

namespace routerd::ike::v2 {

// The header of a message of `sa` (RFC 7296 3.1: the Initiator flag says who made the SA,
// the Response flag what the message is).
Header header_for(const IkeSa& sa, ExchangeType exchange, std::uint32_t message_id, bool response);
// A request of ours inside SK, sent and retransmitted until answered.
void send_protected_request(Context& ctx, IkeSa& sa, ExchangeType exchange, const std::vector<Payload>& inner);
// Our answer to the peer's request `message_id`, inside SK, kept for a retransmission.
void send_protected_response(Context& ctx, IkeSa& sa, ExchangeType exchange, std::uint32_t message_id,
                             const std::vector<Payload>& inner);

Payload notify(NotifyType type, Bytes data = {}, ProtocolId protocol = ProtocolId::NONE, Bytes spi = {});
// The notifications in a payload list, decoded (undecodable ones skipped).
std::vector<NotifyPayload> notifies(const std::vector<Payload>& payloads);
const Payload* find(const std::vector<Payload>& payloads, PayloadType type);

std::uint32_t new_child_spi();
std::string hex(std::span<const std::uint8_t> bytes);
// IOS's name of a notification ("NO_PROPOSAL_CHOSEN"), or its number.
std::string notify_name(NotifyType t);
// An identity as IOS shows it: the address, or the name.
std::string identity_text(const IdPayload& id);

}  // namespace routerd::ike::v2
