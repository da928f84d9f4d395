#pragma once
// The IKEv1 message layer: headers, encryption with the IV chaining of RFC 2409 Appendix B,
// retransmission of the requester's messages, and a received datagram taken apart once
// (duplicate check, decryption, payload decoding) before an exchange sees it.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1 {

// The header of a message of `sa` in `exchange`.
Header header_for(const IkeSa& sa, ExchangeType exchange, PayloadType next, std::uint32_t message_id = 0);

// Sends a message of `sa`; encrypted under `iv` (which then chains to the last ciphertext
// block) when `encrypt`. Returns the message as sent (empty when it could not be encrypted).
Bytes send(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads, bool encrypt, Bytes* iv);
// Sends a message that waits for an answer (MM1, MM3, MM5, AM1, QM1; AM2 and QM2, whose
// answers AM3 and QM3 nobody else would ask for again): kept, and sent again until a message
// of the same exchange (cookie and message ID) comes.
Bytes request(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads, bool encrypt, Bytes* iv);
// Puts bytes on the wire to the peer, on the NAT-T port once the SA floated.
void transmit(Context& ctx, IkeSa& sa, std::span<const std::uint8_t> message);
// Before phase 1 keys exist a refusal goes in clear (RFC 2408 5.5: NO_PROPOSAL_CHOSEN).
void send_clear_notify(Context& ctx, const Header& to, std::uint32_t local, const core::Endpoint& peer, NotifyType type);

// The retransmitter's two events (core::Retransmitter::Events), in IOS's debug words.
bool retransmit(Context& ctx, const core::ExchangeKey& exchange, const Bytes& message, int attempt);
void retransmissions_exhausted(Context& ctx, const core::ExchangeKey& exchange);

// A received message of a known SA, decrypted and decoded.
struct Inbound {
    Header header;
    Bytes clear;  // the payloads' bytes after decryption
    std::vector<Payload> payloads;
};
// Takes apart a datagram for `sa`: nullopt when it is a retransmission (answered here when we
// are the responder), cannot be decrypted or does not decode (each said in debug and log).
std::optional<Inbound> open_message(Context& ctx, IkeSa& sa, const Header& h, const Bytes& datagram);

// Small helpers the exchanges share.
Bytes be32(std::uint32_t v);
std::uint32_t read32(std::span<const std::uint8_t> b);
Bytes cat(std::initializer_list<std::span<const std::uint8_t>> parts);
const Payload* first(const std::vector<Payload>& ps, PayloadType t);
std::string ip(std::uint32_t address);
Cookie new_cookie(core::RandomPool& random);
std::uint32_t new_spi(core::RandomPool& random);

}  // namespace routerd::ike::v1
