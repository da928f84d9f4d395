#pragma once
// What an IKEv2 transform ID means for the keys and the cipher: key and ICV lengths, the
// OpenSSL-side hash and cipher. One table, read by the key schedule, the SK payload and the
// proposal matching.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v2/ikev2_types.hpp"

namespace routerd::ike::v2 {

// The transforms an IKE SA runs with, as negotiated (one of each).
struct IkeSuite {
    EncrId encr = EncrId::ENCR_AES_CBC;
    std::uint16_t encr_bits = 256;
    PrfId prf = PrfId::PRF_HMAC_SHA2_256;
    IntegId integ = IntegId::AUTH_HMAC_SHA2_256_128;  // NONE with an AEAD cipher (RFC 5282 8)
    std::uint16_t group = 14;
    bool operator==(const IkeSuite&) const = default;
};

// A Child SA's ESP transforms.
struct ChildSuite {
    EncrId encr = EncrId::ENCR_AES_CBC;
    std::uint16_t encr_bits = 256;
    IntegId integ = IntegId::AUTH_HMAC_SHA2_256_128;
    bool operator==(const ChildSuite&) const = default;
};

Hash prf_hash(PrfId prf);
std::optional<Hash> integ_hash(IntegId integ);
std::size_t integ_key_octets(IntegId integ);  // the hash's output size (RFC 2104 keys, RFC 4868 2.1)
std::size_t integ_icv_octets(IntegId integ);  // the truncated output (-96, -128, ...)
bool is_aead(EncrId encr);
// The key of one direction; AES-GCM's carries its 4-octet salt after the key (RFC 5282 7.1,
// RFC 4106 8.1).
std::size_t encr_key_octets(EncrId encr, std::uint16_t bits);
std::size_t encr_iv_octets(EncrId encr);      // the IV the SK payload carries
std::size_t encr_block_octets(EncrId encr);   // what the plaintext is padded to
inline constexpr std::size_t kGcmSaltOctets = 4;

}  // namespace routerd::ike::v2
