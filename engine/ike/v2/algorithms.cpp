#include "engine/ike/v2/algorithms.hpp"

namespace routerd::ike::v2 {

Hash prf_hash(PrfId prf) {
    switch (prf) {
        case PrfId::PRF_HMAC_MD5: return Hash::MD5;
        case PrfId::PRF_HMAC_SHA1: return Hash::SHA1;
        case PrfId::PRF_HMAC_SHA2_256: return Hash::SHA2_256;
        case PrfId::PRF_HMAC_SHA2_384: return Hash::SHA2_384;
        case PrfId::PRF_HMAC_SHA2_512: return Hash::SHA2_512;
    }
    return Hash::SHA2_256;
}

std::optional<Hash> integ_hash(IntegId integ) {
    switch (integ) {
        case IntegId::NONE: return std::nullopt;
        case IntegId::AUTH_HMAC_MD5_96: return Hash::MD5;
        case IntegId::AUTH_HMAC_SHA1_96: return Hash::SHA1;
        case IntegId::AUTH_HMAC_SHA2_256_128: return Hash::SHA2_256;
        case IntegId::AUTH_HMAC_SHA2_384_192: return Hash::SHA2_384;
        case IntegId::AUTH_HMAC_SHA2_512_256: return Hash::SHA2_512;
    }
    return std::nullopt;
}

std::size_t integ_key_octets(IntegId integ) {
    auto h = integ_hash(integ);
    return h ? hash_size(*h) : 0;
}

std::size_t integ_icv_octets(IntegId integ) {
    switch (integ) {
        case IntegId::AUTH_HMAC_MD5_96:
        case IntegId::AUTH_HMAC_SHA1_96: return 12;  // RFC 2403, RFC 2404
        default: return integ_key_octets(integ) / 2;  // RFC 4868 2.6: half the output
    }
}

bool is_aead(EncrId encr) { return encr == EncrId::ENCR_AES_GCM_16; }

std::size_t encr_key_octets(EncrId encr, std::uint16_t bits) {
    switch (encr) {
        case EncrId::ENCR_3DES: return 24;
        case EncrId::ENCR_AES_CBC: return bits / 8u;
        case EncrId::ENCR_AES_GCM_16: return bits / 8u + kGcmSaltOctets;
    }
    return 0;
}

std::size_t encr_iv_octets(EncrId encr) {
    switch (encr) {
        case EncrId::ENCR_3DES: return 8;
        case EncrId::ENCR_AES_CBC: return 16;
        case EncrId::ENCR_AES_GCM_16: return 8;  // RFC 5282 3.1
    }
    return 16;
}

std::size_t encr_block_octets(EncrId encr) {
    // RFC 5282 3.2: GCM needs no alignment; the Pad Length octet is still there.
    return encr == EncrId::ENCR_3DES ? 8 : encr == EncrId::ENCR_AES_CBC ? 16 : 1;
}

}  // namespace routerd::ike::v2
