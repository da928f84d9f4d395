#pragma once
// The ISAKMP wire format (RFC 2408 3): the header, the generic payload chain, and the payloads
// with structure (SA/Proposal/Transform with attributes, ID, Notify, Delete). Every length is
// checked against what is really there; a malformed message is refused with a reason, never
// read past its end, and never makes us allocate more than the message holds.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/ike/v1/isakmp_types.hpp"

namespace routerd::ike {

using Cookie = std::array<std::uint8_t, 8>;
inline constexpr std::size_t kHeaderSize = 28;
inline constexpr std::size_t kMaxMessage = 65535;
inline constexpr std::size_t kMaxPayloads = 64;

struct Header {
    Cookie initiator_cookie{};
    Cookie responder_cookie{};
    PayloadType next_payload = PayloadType::NONE;
    std::uint8_t version = kIsakmpVersion;
    ExchangeType exchange = ExchangeType::IDENTITY_PROTECTION;
    std::uint8_t flags = 0;
    std::uint32_t message_id = 0;
    std::uint32_t length = 0;
};

struct Payload {
    PayloadType type = PayloadType::NONE;
    Bytes body;  // after the generic payload header
};

struct Attribute {
    std::uint16_t type = 0;
    bool basic = true;  // TV (AF=1) or TLV
    std::uint16_t value = 0;
    Bytes variable;
    // The value as a number: a basic value, or a variable one of up to 8 octets.
    std::optional<std::uint64_t> number() const;
    static Attribute of(std::uint16_t type, std::uint64_t value);  // TV when it fits 16 bits
};

struct Transform {
    std::uint8_t number = 1;
    std::uint8_t id = 0;
    std::vector<Attribute> attributes;
    const Attribute* find(std::uint16_t type) const;
};

struct Proposal {
    std::uint8_t number = 1;
    ProtocolId protocol = ProtocolId::PROTO_ISAKMP;
    Bytes spi;
    std::vector<Transform> transforms;
};

struct SaPayload {
    std::uint32_t doi = DOI_IPSEC;
    std::uint32_t situation = SIT_IDENTITY_ONLY;
    std::vector<Proposal> proposals;
};

struct IdPayload {
    IdType type = IdType::ID_IPV4_ADDR;
    std::uint8_t protocol = 0;
    std::uint16_t port = 0;
    Bytes data;
};

struct NotifyPayload {
    std::uint32_t doi = DOI_IPSEC;
    ProtocolId protocol = ProtocolId::PROTO_ISAKMP;
    NotifyType type = NotifyType::INVALID_PAYLOAD_TYPE;
    Bytes spi;
    Bytes data;
};

struct DeletePayload {
    std::uint32_t doi = DOI_IPSEC;
    ProtocolId protocol = ProtocolId::PROTO_ISAKMP;
    std::uint8_t spi_size = 16;
    std::vector<Bytes> spis;
};

// What went wrong with a message, for the log and for `debug crypto isakmp`.
struct DecodeError {
    std::string reason;
};

template <typename T>
struct Decoded {
    std::optional<T> value;
    std::string error;
    explicit operator bool() const { return value.has_value(); }
};

Decoded<Header> decode_header(std::span<const std::uint8_t> message);
// The payload chain of a message body (after the header, decrypted if it was encrypted).
Decoded<std::vector<Payload>> decode_payloads(PayloadType first, std::span<const std::uint8_t> body);
Decoded<SaPayload> decode_sa(std::span<const std::uint8_t> body);
Decoded<IdPayload> decode_id(std::span<const std::uint8_t> body);
Decoded<NotifyPayload> decode_notify(std::span<const std::uint8_t> body);
Decoded<DeletePayload> decode_delete(std::span<const std::uint8_t> body);

// Encoding: payload bodies, then the chain (next-payload fields and lengths filled in).
// SA attributes on their own (RFC 2408 3.3), as a RESPONDER-LIFETIME notify carries them.
Decoded<std::vector<Attribute>> decode_attributes(std::span<const std::uint8_t> body);
Bytes encode_attributes(const std::vector<Attribute>& attributes);
Bytes encode_sa(const SaPayload& sa);
Bytes encode_id(const IdPayload& id);
Bytes encode_notify(const NotifyPayload& n);
Bytes encode_delete(const DeletePayload& d);
Bytes encode_payloads(const std::vector<Payload>& payloads);
// A whole message; `body` is the encoded (and possibly encrypted) payload chain whose first
// payload type is `header.next_payload`. The length field is computed.
Bytes encode_message(Header header, std::span<const std::uint8_t> body);

}  // namespace routerd::ike
