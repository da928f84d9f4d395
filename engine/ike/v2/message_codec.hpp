#pragma once
// The IKEv2 wire format (RFC 7296 3): the header, the generic payload chain, and the payloads
// with structure (SA/Proposal/Transform, KE, ID, AUTH, Notify, Delete, Traffic Selectors).
// Every length is checked against what is really there: a malformed message is refused with a
// reason, never read past its end, and never makes us allocate more than the message holds.
// Encryption of the SK payload is encrypted_payload.hpp's; this file sees its body as octets.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/ike/core/bytes.hpp"
#include "engine/ike/v2/ikev2_types.hpp"

namespace routerd::ike::v2 {

using Spi = std::array<std::uint8_t, 8>;
inline constexpr std::size_t kHeaderSize = 28;
inline constexpr std::size_t kGenericHeaderSize = 4;
inline constexpr std::size_t kMaxPayloads = 64;

struct Header {
    Spi spi_i{};
    Spi spi_r{};
    PayloadType next_payload = PayloadType::NONE;
    std::uint8_t version = kVersion;
    ExchangeType exchange = ExchangeType::IKE_SA_INIT;
    std::uint8_t flags = 0;
    std::uint32_t message_id = 0;
    std::uint32_t length = 0;

    bool is_response() const { return flags & FLAG_RESPONSE; }
    bool from_initiator() const { return flags & FLAG_INITIATOR; }
};

struct Payload {
    PayloadType type = PayloadType::NONE;
    bool critical = false;
    Bytes body;  // after the generic payload header
    // SK and SKF only: the type of the first payload inside (RFC 7296 3.14).
    PayloadType inner_first = PayloadType::NONE;
};

struct Transform {
    TransformType type = TransformType::ENCR;
    std::uint16_t id = 0;
    std::optional<std::uint16_t> key_length;  // bits (RFC 7296 3.3.5)
    // RFC 7296 3.3.6: a transform with an attribute we do not know is refused, not the message.
    bool unknown_attribute = false;
    bool operator==(const Transform&) const = default;
};

struct Proposal {
    std::uint8_t number = 1;
    ProtocolId protocol = ProtocolId::IKE;
    Bytes spi;  // empty in IKE_SA_INIT; 4 octets for ESP
    std::vector<Transform> transforms;
};

struct SaPayload {
    std::vector<Proposal> proposals;
};

struct KePayload {
    std::uint16_t group = 0;
    Bytes data;
};

struct IdPayload {
    IdType type = IdType::ID_IPV4_ADDR;
    Bytes data;
    // The octets the AUTH payload's MACedIDFor covers (RFC 7296 2.15): type, three reserved
    // octets, data.
    Bytes body() const;
};

struct AuthPayload {
    AuthMethod method = AuthMethod::SHARED_KEY_MIC;
    Bytes data;
};

struct NotifyPayload {
    ProtocolId protocol = ProtocolId::NONE;
    NotifyType type = NotifyType::INITIAL_CONTACT;
    Bytes spi;
    Bytes data;
};

struct DeletePayload {
    ProtocolId protocol = ProtocolId::IKE;
    std::uint8_t spi_size = 0;
    std::vector<Bytes> spis;
};

// One IPv4 traffic selector (RFC 7296 3.13.1): an address range, a protocol (0: any) and a
// port range (0-65535: any). Addresses in host order.
struct TrafficSelector {
    std::uint8_t protocol = 0;
    std::uint16_t start_port = 0, end_port = 65535;
    std::uint32_t start_address = 0, end_address = 0xffffffff;
    bool operator==(const TrafficSelector&) const = default;
};

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
// The payload chain after the header. An SK (or SKF) payload must be the last (RFC 7296 3.14);
// its body stays encrypted here.
Decoded<std::vector<Payload>> decode_payloads(PayloadType first, std::span<const std::uint8_t> body);
// A whole message: the header (its length must be the datagram's) and the payload chain.
struct Message {
    Header header;
    std::vector<Payload> payloads;
    const Payload* find(PayloadType t) const;
};
Decoded<Message> decode_message(std::span<const std::uint8_t> message);

Decoded<SaPayload> decode_sa(std::span<const std::uint8_t> body);
Decoded<KePayload> decode_ke(std::span<const std::uint8_t> body);
Decoded<IdPayload> decode_id(std::span<const std::uint8_t> body);
Decoded<AuthPayload> decode_auth(std::span<const std::uint8_t> body);
Decoded<NotifyPayload> decode_notify(std::span<const std::uint8_t> body);
Decoded<DeletePayload> decode_delete(std::span<const std::uint8_t> body);
// IPv6 selectors are skipped (this box runs IPv4 tunnels); an unknown type is an error.
Decoded<std::vector<TrafficSelector>> decode_ts(std::span<const std::uint8_t> body);

Bytes encode_sa(const SaPayload& sa);
Bytes encode_ke(const KePayload& ke);
Bytes encode_id(const IdPayload& id);
Bytes encode_auth(const AuthPayload& auth);
Bytes encode_notify(const NotifyPayload& n);
Bytes encode_delete(const DeletePayload& d);
Bytes encode_ts(const std::vector<TrafficSelector>& ts);
// The chain, next-payload fields and lengths filled in. An SK payload, if any, must be last
// and carries its `inner_first` in its next-payload field. Empty when a payload is too long
// for its 16-bit length (RFC 7296 3.2); encode_message and seal() then give nothing either.
Bytes encode_payloads(const std::vector<Payload>& payloads);
// A whole message; the header's next_payload and length are computed.
Bytes encode_message(Header header, const std::vector<Payload>& payloads);

}  // namespace routerd::ike::v2
