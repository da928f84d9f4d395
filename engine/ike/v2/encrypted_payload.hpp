#pragma once
// The Encrypted payload, SK (RFC 7296 3.14): every message after IKE_SA_INIT carries its
// payloads inside it. With a CBC cipher: IV | E(payloads | padding | pad length) | ICV, the
// ICV a truncated HMAC over the whole message up to it. With AES-GCM (RFC 5282 5): an 8-octet
// IV, the nonce salt | IV, the IKE header and the SK payload's generic header as AAD.
#include <span>

#include "engine/ike/v2/algorithms.hpp"
#include "engine/ike/v2/message_codec.hpp"

namespace routerd::ike::v2 {

// One direction's keys: SK_ei/SK_ai for what the initiator sends, SK_er/SK_ar for the other.
struct SkKeys {
    EncrId encr = EncrId::ENCR_AES_CBC;
    IntegId integ = IntegId::NONE;
    Bytes encryption;  // with the salt last for AES-GCM
    Bytes integrity;
};

// The whole message: `header` (length filled in) and one SK payload holding `inner`. `iv`
// empty: a random one (tests pass a fixed one); padding is the least that aligns.
Bytes seal(Header header, const std::vector<Payload>& inner, const SkKeys& keys, std::span<const std::uint8_t> iv = {});

// The payloads inside the SK payload of `message` (as decoded by decode_message from
// `octets`), after the ICV verifies; an error saying why not otherwise.
Decoded<std::vector<Payload>> open(std::span<const std::uint8_t> octets, const Message& message, const SkKeys& keys);

// RFC 7383 2.5: the same payloads as several messages of at most `max_message` octets, each
// with an Encrypted Fragment payload (SKF: Fragment Number | Total Fragments | IV | ciphertext |
// ICV), each protected on its own; only the first names the first inner payload. One message
// when it fits; empty when `max_message` leaves no room for a fragment or more than 64 are needed.
std::vector<Bytes> seal_fragments(Header header, const std::vector<Payload>& inner, const SkKeys& keys, std::size_t max_message);

// One fragment, verified and decrypted: its place, the count, the first inner payload's type
// (fragment 1 only), and its share of the payload chain's octets.
struct Fragment {
    std::uint16_t number = 0, total = 0;
    PayloadType first = PayloadType::NONE;
    Bytes plaintext;
};
Decoded<Fragment> open_fragment(std::span<const std::uint8_t> octets, const Message& message, const SkKeys& keys);
inline constexpr std::uint16_t kMaxFragments = 64;

}  // namespace routerd::ike::v2
