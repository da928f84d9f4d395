// Two findings about the IKEv2 SK payload (engine/ike/v2/encrypted_payload.cpp), found while
// writing the SK vectors and the IKEv2 fuzzer, and fixed: each test states what RFC 7296 asks
// for and failed before the fix.
#include <catch.hpp>

#include "engine/ike/v2/encrypted_payload.hpp"

using namespace routerd::ike;
using namespace routerd::ike::v2;

TEST_CASE("IKEv2 finding: a CBC cipher without an integrity algorithm is refused by seal() and open() (RFC 7296 3.3.3, 3.14)") {
    // RFC 7296 3.14: with a non-AEAD cipher the Encrypted payload carries an ICV from the
    // negotiated integrity algorithm, and 3.3.3 makes INTEG mandatory beside a non-AEAD ENCR.
    // With IntegId::NONE, integ_icv_octets() is 0, mac() returns nothing and
    // equal_in_constant_time() of two empty spans is true: open() decrypts an unauthenticated
    // message, and a changed ciphertext is not noticed.
    SkKeys keys{EncrId::ENCR_AES_CBC, IntegId::NONE, Bytes(16, 0x11), {}};
    Header h;
    h.spi_i = {1, 2, 3, 4, 5, 6, 7, 8};
    h.spi_r = {8, 7, 6, 5, 4, 3, 2, 1};
    h.exchange = ExchangeType::IKE_AUTH;
    h.flags = FLAG_INITIATOR;
    h.message_id = 1;
    std::vector<Payload> inner{{PayloadType::IDi, false, encode_id({IdType::ID_IPV4_ADDR, {12, 1, 1, 1}})}};
    // seal() makes no such message.
    CHECK(seal(h, inner, keys, Bytes(16, 0x22)).empty());
    // open() decrypts nothing it cannot verify: a message sealed with an integrity key, its IV
    // changed (CBC flips the same bit of plaintext octet 8, the ID's first address octet), is
    // refused by keys that lack the integrity algorithm.
    SkKeys real{EncrId::ENCR_AES_CBC, IntegId::AUTH_HMAC_SHA1_96, Bytes(16, 0x11), Bytes(20, 0x33)};
    auto sealed = seal(h, inner, real, Bytes(16, 0x22));
    REQUIRE(sealed.size() > kHeaderSize + 4 + 16);
    auto tampered = sealed;
    tampered[kHeaderSize + 4 + 8] ^= 0x01;
    auto m = decode_message(tampered);
    REQUIRE(m);
    auto opened = open(tampered, *m.value, keys);
    CHECK_FALSE(opened);
    CHECK(opened.error.find("no integrity algorithm") != std::string::npos);
    CHECK_FALSE(open(tampered, *m.value, real));  // and the real keys see the change
}

TEST_CASE("IKEv2 finding: an SK payload too long for its 16-bit Payload Length is refused, not sent with a wrapped length (RFC 7296 3.2)") {
    // Low severity (no IKE message this long fits a UDP datagram): encode_payloads() writes
    // static_cast<std::uint16_t>(body.size() + 4) without a check, so seal() of inner payloads
    // near 64 KiB gives an SK payload whose length field has wrapped, which no peer (nor our own
    // decode_message) can read. seal() returning nothing would be the honest answer.
    SkKeys keys{EncrId::ENCR_AES_CBC, IntegId::AUTH_HMAC_SHA2_256_128, Bytes(32, 0x11), Bytes(32, 0x33)};
    Header h;
    h.exchange = ExchangeType::IKE_AUTH;
    h.flags = FLAG_INITIATOR;
    std::vector<Payload> inner{{PayloadType::CERT, false, Bytes(65500, 0x44)}};  // itself fits: 65504
    auto sealed = seal(h, inner, keys, Bytes(16, 0x22));
    INFO("seal() gave " << sealed.size() << " octets");
    CHECK((sealed.empty() || decode_message(sealed)));
}
