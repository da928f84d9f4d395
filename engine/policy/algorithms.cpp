#include "engine/policy/algorithms.hpp"

namespace routerd::policy {

IkeProposal ike_proposal(const config::IsakmpPolicy& p) {
    IkeProposal out;
    out.priority = p.priority;
    switch (p.encryption) {
        case config::IkeEncryption::Des: out.encryption = IkeEncryptionAlgorithm::DES_CBC; break;
        case config::IkeEncryption::TripleDes: out.encryption = IkeEncryptionAlgorithm::TRIPLE_DES_CBC; break;
        case config::IkeEncryption::Aes128: out.encryption = IkeEncryptionAlgorithm::AES_CBC; out.key_bits = 128; break;
        case config::IkeEncryption::Aes192: out.encryption = IkeEncryptionAlgorithm::AES_CBC; out.key_bits = 192; break;
        case config::IkeEncryption::Aes256: out.encryption = IkeEncryptionAlgorithm::AES_CBC; out.key_bits = 256; break;
    }
    switch (p.hash) {
        case config::IkeHash::Md5: out.hash = IkeHashAlgorithm::MD5; break;
        case config::IkeHash::Sha: out.hash = IkeHashAlgorithm::SHA; break;
        case config::IkeHash::Sha256: out.hash = IkeHashAlgorithm::SHA2_256; break;
        case config::IkeHash::Sha384: out.hash = IkeHashAlgorithm::SHA2_384; break;
        case config::IkeHash::Sha512: out.hash = IkeHashAlgorithm::SHA2_512; break;
    }
    switch (p.authentication) {
        case config::IkeAuthentication::PreShare: out.authentication = IkeAuthenticationMethod::PRE_SHARED_KEY; break;
        case config::IkeAuthentication::RsaEncr: out.authentication = IkeAuthenticationMethod::RSA_ENCRYPTION; break;
        case config::IkeAuthentication::RsaSig: out.authentication = IkeAuthenticationMethod::RSA_SIGNATURES; break;
    }
    out.dh_group = static_cast<std::uint16_t>(p.group);
    out.lifetime_seconds = p.lifetime;
    return out;
}

config::TransformSet default_transform_set() {
    config::TransformSet ts;
    ts.name = "default";
    ts.transforms = {{"esp-aes", 0}, {"esp-sha-hmac", 0}};
    ts.transport = true;
    return ts;
}

std::optional<TransformDescriptor> describe(const config::TransformSet& ts) {
    TransformDescriptor d;
    d.name = ts.name;
    d.transport = ts.transport;
    d.transport_required = ts.transport && ts.require;
    for (const auto& t : ts.transforms) {
        const auto& n = t.name;
        std::uint16_t bits = static_cast<std::uint16_t>(t.key_bits ? t.key_bits : 128);  // IOS default: 128
        if (n == "esp-des") { d.esp = EspTransformId::ESP_DES; d.esp_key_bits = 64; d.kernel_cipher = "cbc(des)"; }
        else if (n == "esp-3des") { d.esp = EspTransformId::ESP_3DES; d.esp_key_bits = 192; d.kernel_cipher = "cbc(des3_ede)"; }
        else if (n == "esp-aes") { d.esp = EspTransformId::ESP_AES_CBC; d.esp_key_bits = bits; d.kernel_cipher = "cbc(aes)"; }
        else if (n == "esp-gcm") {
            // RFC 4106: 16-octet ICV; the kernel key carries a 4-octet salt after the AES key.
            d.esp = EspTransformId::ESP_AES_GCM_16; d.esp_key_bits = bits;
            d.kernel_cipher = "rfc4106(gcm(aes))"; d.kernel_icv_bits = 128;
        } else if (n == "esp-gmac") {
            d.esp = EspTransformId::ESP_NULL_AUTH_AES_GMAC; d.esp_key_bits = bits;
            d.kernel_cipher = "rfc4543(gcm(aes))"; d.kernel_icv_bits = 128;
        } else if (n == "esp-null") { d.esp = EspTransformId::ESP_NULL; d.kernel_cipher = "ecb(cipher_null)"; }
        else if (n == "esp-md5-hmac") { d.esp_auth = AuthenticationAlgorithm::HMAC_MD5; d.kernel_auth = "hmac(md5)"; d.auth_key_bits = 128; d.auth_trunc_bits = 96; }
        else if (n == "esp-sha-hmac") { d.esp_auth = AuthenticationAlgorithm::HMAC_SHA; d.kernel_auth = "hmac(sha1)"; d.auth_key_bits = 160; d.auth_trunc_bits = 96; }
        else if (n == "esp-sha256-hmac") { d.esp_auth = AuthenticationAlgorithm::HMAC_SHA2_256; d.kernel_auth = "hmac(sha256)"; d.auth_key_bits = 256; d.auth_trunc_bits = 128; }
        else if (n == "esp-sha384-hmac") { d.esp_auth = AuthenticationAlgorithm::HMAC_SHA2_384; d.kernel_auth = "hmac(sha384)"; d.auth_key_bits = 384; d.auth_trunc_bits = 192; }
        else if (n == "esp-sha512-hmac") { d.esp_auth = AuthenticationAlgorithm::HMAC_SHA2_512; d.kernel_auth = "hmac(sha512)"; d.auth_key_bits = 512; d.auth_trunc_bits = 256; }
        else if (n == "ah-md5-hmac") d.ah = AhTransformId::AH_MD5;
        else if (n == "ah-sha-hmac") d.ah = AhTransformId::AH_SHA;
        else if (n == "ah-sha256-hmac") d.ah = AhTransformId::AH_SHA2_256;
        else if (n == "ah-sha384-hmac") d.ah = AhTransformId::AH_SHA2_384;
        else if (n == "ah-sha512-hmac") d.ah = AhTransformId::AH_SHA2_512;
        else return std::nullopt;
    }
    // An ESP authenticator without a cipher is ESP with NULL encryption (RFC 2410).
    if (!d.esp && d.esp_auth) { d.esp = EspTransformId::ESP_NULL; d.kernel_cipher = "ecb(cipher_null)"; }
    if (!d.esp && !d.ah) return std::nullopt;
    return d;
}

std::string transform_show_name(const TransformDescriptor& t) {
    std::string out;
    if (t.esp) {
        switch (*t.esp) {
            case EspTransformId::ESP_DES: out = "esp-des"; break;
            case EspTransformId::ESP_3DES: out = "esp-3des"; break;
            case EspTransformId::ESP_AES_CBC: out = t.esp_key_bits == 128 ? "esp-aes" : "esp-" + std::to_string(t.esp_key_bits) + "-aes"; break;
            case EspTransformId::ESP_AES_GCM_16:
                // The CLI's own words: `esp-gcm` is 128 bits, `esp-gcm 256` says its size.
                out = t.esp_key_bits == 256 ? "esp-gcm 256" : t.esp_key_bits == 192 ? "esp-gcm 192" : "esp-gcm";
                break;
            case EspTransformId::ESP_NULL_AUTH_AES_GMAC: out = "esp-gmac"; break;
            case EspTransformId::ESP_NULL: out = "esp-null"; break;
        }
    }
    if (t.esp_auth) {
        static const char* names[] = {"", "esp-md5-hmac", "esp-sha-hmac", "", "", "esp-sha256-hmac", "esp-sha384-hmac", "esp-sha512-hmac"};
        out += std::string(out.empty() ? "" : " ") + names[static_cast<int>(*t.esp_auth)];
    }
    return out;
}

const char* ike_encryption_show_name(IkeEncryptionAlgorithm e) {
    switch (e) {
        case IkeEncryptionAlgorithm::DES_CBC: return "des";
        case IkeEncryptionAlgorithm::TRIPLE_DES_CBC: return "3des";
        case IkeEncryptionAlgorithm::AES_CBC: return "aes";
    }
    return "";
}

const char* ike_hash_show_name(IkeHashAlgorithm h) {
    switch (h) {
        case IkeHashAlgorithm::MD5: return "md5";
        case IkeHashAlgorithm::SHA: return "sha";
        case IkeHashAlgorithm::SHA2_256: return "sha256";
        case IkeHashAlgorithm::SHA2_384: return "sha384";
        case IkeHashAlgorithm::SHA2_512: return "sha512";
    }
    return "";
}

}  // namespace routerd::policy
