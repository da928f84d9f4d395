#pragma once
// IKEv2 protocol constants, named as RFC 7296 (and the IANA "IKEv2 Parameters" registry it
// created) names them. Kept apart from IKEv1's: the numbers overlap but do not mean the same.
#include <cstdint>

namespace routerd::ike::v2 {

inline constexpr std::uint8_t kVersion = 0x20;  // RFC 7296 3.1: major 2, minor 0

// RFC 7296 3.1 exchange types.
enum class ExchangeType : std::uint8_t { IKE_SA_INIT = 34, IKE_AUTH = 35, CREATE_CHILD_SA = 36, INFORMATIONAL = 37 };

// RFC 7296 3.1 header flags.
enum HeaderFlag : std::uint8_t { FLAG_INITIATOR = 0x08, FLAG_VERSION = 0x10, FLAG_RESPONSE = 0x20 };

// RFC 7296 3.2 next-payload types; SKF from RFC 7383 2.5.
enum class PayloadType : std::uint8_t {
    NONE = 0, SA = 33, KE = 34, IDi = 35, IDr = 36, CERT = 37, CERTREQ = 38, AUTH = 39, NONCE = 40,
    NOTIFY = 41, DELETE = 42, VENDOR = 43, TSi = 44, TSr = 45, SK = 46, CP = 47, EAP = 48, SKF = 53,
};

// RFC 7296 3.3.1 protocol IDs.
enum class ProtocolId : std::uint8_t { NONE = 0, IKE = 1, AH = 2, ESP = 3 };

// RFC 7296 3.3.2 transform types.
enum class TransformType : std::uint8_t { ENCR = 1, PRF = 2, INTEG = 3, DH = 4, ESN = 5 };

// RFC 7296 3.3.2 transform IDs (IANA), the ones IOS offers.
enum class EncrId : std::uint16_t { ENCR_3DES = 3, ENCR_AES_CBC = 12, ENCR_AES_GCM_16 = 20 };
enum class PrfId : std::uint16_t { PRF_HMAC_MD5 = 1, PRF_HMAC_SHA1 = 2, PRF_HMAC_SHA2_256 = 5, PRF_HMAC_SHA2_384 = 6, PRF_HMAC_SHA2_512 = 7 };
enum class IntegId : std::uint16_t {
    NONE = 0, AUTH_HMAC_MD5_96 = 1, AUTH_HMAC_SHA1_96 = 2, AUTH_HMAC_SHA2_256_128 = 12, AUTH_HMAC_SHA2_384_192 = 13,
    AUTH_HMAC_SHA2_512_256 = 14,
};
enum class EsnId : std::uint16_t { NO_ESN = 0, ESN = 1 };
inline constexpr std::uint16_t kKeyLengthAttribute = 14;  // RFC 7296 3.3.5, TV format

// RFC 7296 3.5 identification types.
enum class IdType : std::uint8_t { ID_IPV4_ADDR = 1, ID_FQDN = 2, ID_RFC822_ADDR = 3, ID_IPV6_ADDR = 5, ID_KEY_ID = 11 };

// RFC 7296 3.8 authentication methods.
enum class AuthMethod : std::uint8_t { RSA_SIGNATURE = 1, SHARED_KEY_MIC = 2, DSS_SIGNATURE = 3 };

// RFC 7296 3.13.1 traffic selector types.
enum class TsType : std::uint8_t { TS_IPV4_ADDR_RANGE = 7, TS_IPV6_ADDR_RANGE = 8 };

// RFC 7296 3.10.1 notify message types: errors below 16384, status from 16384. NAT-D and
// fragmentation are from 2.23 and RFC 7383.
enum class NotifyType : std::uint16_t {
    UNSUPPORTED_CRITICAL_PAYLOAD = 1, INVALID_IKE_SPI = 4, INVALID_MAJOR_VERSION = 5, INVALID_SYNTAX = 7,
    INVALID_MESSAGE_ID = 9, INVALID_SPI = 11, NO_PROPOSAL_CHOSEN = 14, INVALID_KE_PAYLOAD = 17,
    AUTHENTICATION_FAILED = 24, SINGLE_PAIR_REQUIRED = 34, NO_ADDITIONAL_SAS = 35, INTERNAL_ADDRESS_FAILURE = 36,
    FAILED_CP_REQUIRED = 37, TS_UNACCEPTABLE = 38, INVALID_SELECTORS = 39, TEMPORARY_FAILURE = 43,
    CHILD_SA_NOT_FOUND = 44,
    INITIAL_CONTACT = 16384, SET_WINDOW_SIZE = 16385, ADDITIONAL_TS_POSSIBLE = 16386, IPCOMP_SUPPORTED = 16387,
    NAT_DETECTION_SOURCE_IP = 16388, NAT_DETECTION_DESTINATION_IP = 16389, COOKIE = 16390, USE_TRANSPORT_MODE = 16391,
    HTTP_CERT_LOOKUP_SUPPORTED = 16392, REKEY_SA = 16393, ESP_TFC_PADDING_NOT_SUPPORTED = 16394,
    NON_FIRST_FRAGMENTS_ALSO = 16395, IKEV2_FRAGMENTATION_SUPPORTED = 16430, SIGNATURE_HASH_ALGORITHMS = 16431,
};

inline bool is_error(NotifyType t) { return static_cast<std::uint16_t>(t) < 16384; }

}  // namespace routerd::ike::v2
