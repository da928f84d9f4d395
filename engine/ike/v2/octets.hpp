#pragma once
// The small octet conversions the IKEv2 files share: 32-bit SPIs and addresses on the wire, the
// 8-octet IKE SPIs, and the nonce order RFC 7296 2.8's collision rules compare.
#include <algorithm>
#include <cstdint>
#include <span>

#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v2/message_codec.hpp"

namespace routerd::ike::v2 {

inline Bytes be32(std::uint32_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8),
            static_cast<std::uint8_t>(v)};
}

// Four octets in network order as a number; 0 for any other length (no SPI or address).
inline std::uint32_t read_be32(std::span<const std::uint8_t> b) {
    if (b.size() != 4) return 0;
    return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 | static_cast<std::uint32_t>(b[2]) << 8 | b[3];
}

// An IKE SA's SPI from its 8 octets; zero for any other length.
inline Spi spi_of(std::span<const std::uint8_t> b) {
    Spi s{};
    if (b.size() == s.size()) std::copy(b.begin(), b.end(), s.begin());
    return s;
}

// A random IKE SPI (never zero: zero means "not known yet", RFC 7296 3.1).
inline Spi new_ike_spi() {
    Spi s{};
    while (s == Spi{}) s = spi_of(random_bytes(8));
    return s;
}

// The lower of two nonces, compared as unsigned octet strings (RFC 7296 2.8.1).
inline bool nonce_lower(const Bytes& a, const Bytes& b) { return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end()); }
inline const Bytes& lower_nonce(const Bytes& a, const Bytes& b) { return nonce_lower(a, b) ? a : b; }

}  // namespace routerd::ike::v2
