#include "engine/policy/esp_overhead.hpp"

namespace routerd::policy {

int esp_iv_size(const TransformDescriptor& t) {
    if (!t.esp) return 0;
    switch (*t.esp) {
        case EspTransformId::ESP_AES_CBC: return 16;  // RFC 3602 3
        case EspTransformId::ESP_NULL: return 0;
        default: return 8;  // DES, 3DES (RFC 2405/2451); GCM/GMAC carry an 8-octet IV (RFC 4106 3.1)
    }
}

int esp_block_size(const TransformDescriptor& t) {
    if (!t.esp) return 4;
    switch (*t.esp) {
        case EspTransformId::ESP_DES:
        case EspTransformId::ESP_3DES: return 8;
        case EspTransformId::ESP_AES_CBC: return 16;
        default: return 4;  // NULL and the counter-mode AEADs pad only to 4 octets (RFC 4106 3.2)
    }
}

int esp_icv_size(const TransformDescriptor& t) {
    if (t.kernel_icv_bits) return t.kernel_icv_bits / 8;
    return t.auth_trunc_bits / 8;
}

std::uint32_t esp_plaintext_mtu(const TransformDescriptor& t, std::uint32_t path_mtu, bool udp_encapsulation) {
    constexpr int kIpHeader = 20, kUdpHeader = 8, kEspHeader = 8 /* SPI + sequence */, kTrailer = 2;
    // Tunnel mode encrypts the whole packet behind a new IP header; transport mode keeps the
    // packet's own header in clear and encrypts what follows it.
    int available = static_cast<int>(path_mtu) - kIpHeader - (udp_encapsulation ? kUdpHeader : 0) - kEspHeader -
                    esp_iv_size(t) - esp_icv_size(t);
    int block = esp_block_size(t);
    int padded = available / block * block;  // the largest padded payload that fits
    int plaintext = padded - kTrailer + (t.transport ? kIpHeader : 0);
    return plaintext > 0 ? static_cast<std::uint32_t>(plaintext) : 0;
}

}  // namespace routerd::policy
