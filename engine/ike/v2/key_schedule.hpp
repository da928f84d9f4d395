#pragma once
// The IKEv2 key schedule (RFC 7296 2.13, 2.14, 2.17, 2.18): prf+, SKEYSEED and the seven keys
// of an IKE SA, the SKEYSEED of a rekeyed IKE SA, and a Child SA's KEYMAT. What lengths the
// keys have follows from the negotiated transforms (algorithms.hpp).
#include <optional>
#include <span>

#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v2/algorithms.hpp"

namespace routerd::ike::v2 {

// RFC 7296 2.13: T1 | T2 | ... where Tn = prf(K, Tn-1 | S | n), n from 1, cut to `length`.
// nullopt beyond 255 rounds, which the RFC forbids.
std::optional<Bytes> prf_plus(Hash prf, std::span<const std::uint8_t> key, std::span<const std::uint8_t> seed, std::size_t length);

struct IkeKeys {
    Bytes skeyseed, sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr;
};

// RFC 7296 2.14: SKEYSEED = prf(Ni | Nr, g^ir), then prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
IkeKeys derive_ike_keys(const IkeSuite& suite, std::span<const std::uint8_t> shared, std::span<const std::uint8_t> ni,
                        std::span<const std::uint8_t> nr, std::span<const std::uint8_t> spi_i, std::span<const std::uint8_t> spi_r);
// RFC 7296 2.18: a new IKE SA made by CREATE_CHILD_SA takes SKEYSEED = prf(SK_d (old),
// g^ir (new) | Ni | Nr), with the old SA's PRF; the rest as 2.14 with the new suite and SPIs.
IkeKeys derive_rekeyed_ike_keys(Hash old_prf, std::span<const std::uint8_t> old_sk_d, const IkeSuite& suite,
                                std::span<const std::uint8_t> shared, std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr,
                                std::span<const std::uint8_t> spi_i, std::span<const std::uint8_t> spi_r);

struct ChildKeys {
    Bytes encr_i, integ_i, encr_r, integ_r;  // _i: initiator to responder
};
// RFC 7296 2.17: KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr), taken as the initiator-to-
// responder encryption then integrity key, then the responder-to-initiator pair.
ChildKeys derive_child_keys(Hash prf, std::span<const std::uint8_t> sk_d, const ChildSuite& suite,
                            std::span<const std::uint8_t> pfs_shared, std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr);

}  // namespace routerd::ike::v2
