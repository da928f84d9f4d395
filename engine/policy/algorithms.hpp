#pragma once
// Protocol numbers for what the configuration names, as the RFCs name them, and the Linux
// kernel's algorithm names for the dataplane.
#include <cstdint>
#include <optional>
#include <string>

#include "engine/config/crypto_config.hpp"

namespace routerd::policy {

// RFC 2409 Appendix A, phase 1 attribute values.
enum class IkeEncryptionAlgorithm : std::uint16_t { DES_CBC = 1, TRIPLE_DES_CBC = 5, AES_CBC = 7 };  // AES: RFC 3602
enum class IkeHashAlgorithm : std::uint16_t { MD5 = 1, SHA = 2, SHA2_256 = 4, SHA2_384 = 5, SHA2_512 = 6 };  // RFC 4868
enum class IkeAuthenticationMethod : std::uint16_t { PRE_SHARED_KEY = 1, DSS_SIGNATURES = 2, RSA_SIGNATURES = 3, RSA_ENCRYPTION = 4 };

// RFC 2407 4.4.1 protocol IDs, 4.4.3 AH and 4.4.4 ESP transform IDs (IANA registry values for
// AES: RFC 3602, GCM: RFC 4106, GMAC: RFC 4543, SHA-2: RFC 4868).
enum class IpsecProtocolId : std::uint8_t { PROTO_IPSEC_AH = 2, PROTO_IPSEC_ESP = 3 };
enum class AhTransformId : std::uint8_t { AH_MD5 = 2, AH_SHA = 3, AH_SHA2_256 = 5, AH_SHA2_384 = 6, AH_SHA2_512 = 7 };
enum class EspTransformId : std::uint8_t {
    ESP_DES = 2, ESP_3DES = 3, ESP_NULL = 11, ESP_AES_CBC = 12, ESP_AES_GCM_16 = 20, ESP_NULL_AUTH_AES_GMAC = 23
};
// RFC 2407 4.5 "Authentication Algorithm" SA attribute (class 5).
enum class AuthenticationAlgorithm : std::uint16_t {
    HMAC_MD5 = 1, HMAC_SHA = 2, HMAC_SHA2_256 = 5, HMAC_SHA2_384 = 6, HMAC_SHA2_512 = 7
};

struct IkeProposal {
    std::uint32_t priority = 0;
    IkeEncryptionAlgorithm encryption = IkeEncryptionAlgorithm::DES_CBC;
    std::uint16_t key_bits = 0;  // AES only
    IkeHashAlgorithm hash = IkeHashAlgorithm::SHA;
    IkeAuthenticationMethod authentication = IkeAuthenticationMethod::RSA_SIGNATURES;
    std::uint16_t dh_group = 1;
    std::uint32_t lifetime_seconds = 86400;
    bool operator==(const IkeProposal&) const = default;
};
IkeProposal ike_proposal(const config::IsakmpPolicy& p);

// One IPsec transform set, ready to propose and to install.
struct TransformDescriptor {
    std::string name;
    std::optional<EspTransformId> esp;
    std::uint16_t esp_key_bits = 0;  // without the GCM salt
    std::optional<AuthenticationAlgorithm> esp_auth;
    std::optional<AhTransformId> ah;
    bool transport = false;
    bool transport_required = false;  // `mode transport require`: never fall back to tunnel
    // Linux XFRM algorithm names and sizes.
    std::string kernel_cipher;      // "cbc(aes)", "rfc4106(gcm(aes))", "ecb(cipher_null)"
    std::uint16_t kernel_icv_bits = 0;  // AEAD tag length
    std::string kernel_auth;        // "hmac(sha1)"
    std::uint16_t auth_key_bits = 0;
    std::uint16_t auth_trunc_bits = 0;  // 96 for MD5/SHA-1 (RFC 2403/2404), n/2 for SHA-2 (RFC 4868)
    bool operator==(const TransformDescriptor&) const = default;
};
std::optional<TransformDescriptor> describe(const config::TransformSet& ts);

// IOS's words for what was negotiated: "esp-3des esp-md5-hmac" (`show crypto ipsec sa`, debug),
// "3des"/"aes" and "md5"/"sha256" (`show crypto isakmp sa detail`).
std::string transform_show_name(const TransformDescriptor& t);
const char* ike_encryption_show_name(IkeEncryptionAlgorithm e);
const char* ike_hash_show_name(IkeHashAlgorithm h);

// IOS's built-in "default" transform set: esp-aes esp-sha-hmac, transport (IOS 15.2+).
config::TransformSet default_transform_set();

}  // namespace routerd::policy
