#pragma once
// ISAKMP protocol constants, named as RFC 2408, RFC 2407 (IPsec DOI), RFC 2409 and RFC 3947
// name them.
#include <cstdint>

#include "engine/ike/core/bytes.hpp"

namespace routerd::ike {

// RFC 2408 3.1 next-payload types; NAT-D/NAT-OA from RFC 3947 5.
enum class PayloadType : std::uint8_t {
    NONE = 0, SA = 1, PROPOSAL = 2, TRANSFORM = 3, KE = 4, ID = 5, CERT = 6, CR = 7, HASH = 8, SIG = 9,
    NONCE = 10, N = 11, D = 12, VID = 13, NAT_D = 20, NAT_OA = 21,
};

// RFC 2408 3.1 exchange types; Quick Mode from RFC 2409 5.5.
enum class ExchangeType : std::uint8_t {
    BASE = 1, IDENTITY_PROTECTION = 2, AUTHENTICATION_ONLY = 3, AGGRESSIVE = 4, INFORMATIONAL = 5, QUICK_MODE = 32,
};

// RFC 2408 3.1 header flags.
enum HeaderFlag : std::uint8_t { FLAG_ENCRYPTION = 0x01, FLAG_COMMIT = 0x02, FLAG_AUTHENTICATION_ONLY = 0x04 };

inline constexpr std::uint8_t kIsakmpVersion = 0x10;  // major 1, minor 0
inline constexpr std::uint32_t DOI_IPSEC = 1;          // RFC 2407 4.2
inline constexpr std::uint32_t SIT_IDENTITY_ONLY = 1;  // RFC 2407 4.2.1

// RFC 2407 4.4.1 protocol identifiers (PROTO_ISAKMP for phase 1).
enum class ProtocolId : std::uint8_t { PROTO_ISAKMP = 1, PROTO_IPSEC_AH = 2, PROTO_IPSEC_ESP = 3, PROTO_IPCOMP = 4 };
inline constexpr std::uint8_t KEY_IKE = 1;  // RFC 2407 4.4.2 ISAKMP transform ID

// RFC 2409 Appendix A phase 1 attribute classes.
enum class Phase1Attribute : std::uint16_t {
    ENCRYPTION_ALGORITHM = 1, HASH_ALGORITHM = 2, AUTHENTICATION_METHOD = 3, GROUP_DESCRIPTION = 4,
    GROUP_TYPE = 5, LIFE_TYPE = 11, LIFE_DURATION = 12, PRF = 13, KEY_LENGTH = 14,
};
// RFC 2407 4.5 IPsec SA attribute classes.
enum class Phase2Attribute : std::uint16_t {
    SA_LIFE_TYPE = 1, SA_LIFE_DURATION = 2, GROUP_DESCRIPTION = 3, ENCAPSULATION_MODE = 4,
    AUTHENTICATION_ALGORITHM = 5, KEY_LENGTH = 6, KEY_ROUNDS = 7,
};
enum class LifeType : std::uint16_t { SECONDS = 1, KILOBYTES = 2 };
// RFC 2407 4.5 encapsulation modes; the UDP-encapsulated ones from RFC 3947 5.1.
enum class EncapsulationMode : std::uint16_t { TUNNEL = 1, TRANSPORT = 2, UDP_TUNNEL = 3, UDP_TRANSPORT = 4 };

// RFC 2407 4.6.2.1 identification types.
enum class IdType : std::uint8_t {
    ID_IPV4_ADDR = 1, ID_FQDN = 2, ID_USER_FQDN = 3, ID_IPV4_ADDR_SUBNET = 4, ID_IPV6_ADDR = 5,
    ID_IPV6_ADDR_SUBNET = 6, ID_IPV4_ADDR_RANGE = 7, ID_KEY_ID = 11,
};

// RFC 2408 3.14.1 notify message types; RFC 2407 4.6.3 IPsec DOI status; RFC 3706 DPD.
enum class NotifyType : std::uint16_t {
    INVALID_PAYLOAD_TYPE = 1, DOI_NOT_SUPPORTED = 2, SITUATION_NOT_SUPPORTED = 3, INVALID_COOKIE = 4,
    INVALID_MAJOR_VERSION = 5, INVALID_MINOR_VERSION = 6, INVALID_EXCHANGE_TYPE = 7, INVALID_FLAGS = 8,
    INVALID_MESSAGE_ID = 9, INVALID_PROTOCOL_ID = 10, INVALID_SPI = 11, INVALID_TRANSFORM_ID = 12,
    ATTRIBUTES_NOT_SUPPORTED = 13, NO_PROPOSAL_CHOSEN = 14, BAD_PROPOSAL_SYNTAX = 15, PAYLOAD_MALFORMED = 16,
    INVALID_KEY_INFORMATION = 17, INVALID_ID_INFORMATION = 18, AUTHENTICATION_FAILED = 24,
    INVALID_HASH_INFORMATION = 23, RESPONDER_LIFETIME = 24576, INITIAL_CONTACT = 24578,
    R_U_THERE = 36136, R_U_THERE_ACK = 36137,
};

}  // namespace routerd::ike
