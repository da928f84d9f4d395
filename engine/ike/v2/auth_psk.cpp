#include "engine/ike/v2/auth_psk.hpp"

#include <string_view>

namespace routerd::ike::v2 {

Bytes psk_auth(Hash h, std::span<const std::uint8_t> psk, std::span<const std::uint8_t> init_message,
               std::span<const std::uint8_t> peer_nonce, std::span<const std::uint8_t> sk_p, std::span<const std::uint8_t> id_body) {
    // RFC 7296 2.15: the 17 ASCII characters, without a terminating NUL.
    constexpr std::string_view kPad = "Key Pad for IKEv2";
    auto pad_key = prf(h, psk, std::span(reinterpret_cast<const std::uint8_t*>(kPad.data()), kPad.size()));
    Bytes signed_octets(init_message.begin(), init_message.end());
    signed_octets.insert(signed_octets.end(), peer_nonce.begin(), peer_nonce.end());
    auto maced_id = prf(h, sk_p, id_body);
    signed_octets.insert(signed_octets.end(), maced_id.begin(), maced_id.end());
    return prf(h, pad_key, signed_octets);
}

}  // namespace routerd::ike::v2
