#pragma once
// The AUTH payload with a pre-shared key (RFC 7296 2.15):
//   AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets> )
//   SignedOctets = the sender's IKE_SA_INIT message | the peer's nonce | prf(SK_px, IDx')
// where IDx' is the ID payload's body (type, reserved octets, data). Each side computes its
// own with its SK_p and checks the peer's with the peer's.
#include <span>

#include "engine/ike/core/crypto.hpp"

namespace routerd::ike::v2 {

Bytes psk_auth(Hash prf, std::span<const std::uint8_t> psk, std::span<const std::uint8_t> init_message,
               std::span<const std::uint8_t> peer_nonce, std::span<const std::uint8_t> sk_p, std::span<const std::uint8_t> id_body);

}  // namespace routerd::ike::v2
