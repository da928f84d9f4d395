#pragma once
// IKEv1 key material, RFC 2409: phase 1 with pre-shared keys (5, Appendix B), the HASH
// payloads, phase 2 KEYMAT and the Quick Mode hashes (5.5), and IV chaining (Appendix B).
#include <optional>

#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v1/isakmp_codec.hpp"

namespace routerd::ike {

struct Phase1Keys {
    Bytes skeyid, skeyid_d, skeyid_a, skeyid_e;
    Bytes encryption_key;  // SKEYID_e, expanded per Appendix B when it is too short
    Bytes iv;              // hash(g^xi | g^xr), truncated to the block size
};

Phase1Keys derive_phase1(Hash h, Cipher c, std::size_t key_bytes, std::span<const std::uint8_t> psk,
                         std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr,
                         std::span<const std::uint8_t> gxy, const Cookie& cky_i, const Cookie& cky_r,
                         std::span<const std::uint8_t> gxi, std::span<const std::uint8_t> gxr);

// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b); HASH_R swaps the sides.
Bytes hash_i(Hash h, std::span<const std::uint8_t> skeyid, std::span<const std::uint8_t> gxi,
             std::span<const std::uint8_t> gxr, const Cookie& cky_i, const Cookie& cky_r,
             std::span<const std::uint8_t> sai_b, std::span<const std::uint8_t> idii_b);
Bytes hash_r(Hash h, std::span<const std::uint8_t> skeyid, std::span<const std::uint8_t> gxi,
             std::span<const std::uint8_t> gxr, const Cookie& cky_i, const Cookie& cky_r,
             std::span<const std::uint8_t> sai_b, std::span<const std::uint8_t> idir_b);

// KEYMAT = K1 | K2 | ..., K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b).
Bytes keymat(Hash h, std::span<const std::uint8_t> skeyid_d, const std::optional<Bytes>& gqm_xy, std::uint8_t protocol,
             std::span<const std::uint8_t> spi, std::span<const std::uint8_t> ni_b, std::span<const std::uint8_t> nr_b,
             std::size_t length);

// The IV of a new exchange after phase 1: hash(last phase-1 CBC block | M-ID).
Bytes exchange_iv(Hash h, std::span<const std::uint8_t> last_block, std::uint32_t message_id, std::size_t block);

Bytes message_id_bytes(std::uint32_t m);

}  // namespace routerd::ike
