#include <catch.hpp>

#include "engine/policy/esp_overhead.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {
policy::TransformDescriptor transform(const std::string& name, const std::string& config) {
    auto c = test::configure(config);
    auto d = policy::describe(c.crypto.transform_sets.at(name));
    REQUIRE(d);
    return *d;
}
}  // namespace

TEST_CASE("plaintext MTU: the figure IOS prints for esp-256-aes esp-sha-hmac, transport, UDP-encapsulated") {
    // ntc-templates' `show crypto ipsec sa detail` samples (IOS): "plaintext mtu 1442, path mtu 1500".
    auto t = transform("T", "crypto ipsec transform-set T esp-aes 256 esp-sha-hmac\n mode transport\n");
    CHECK(policy::esp_iv_size(t) == 16);
    CHECK(policy::esp_icv_size(t) == 12);
    CHECK(policy::esp_plaintext_mtu(t, 1500, true) == 1442);
}

TEST_CASE("plaintext MTU: tunnel mode pays a new IP header; 8-octet blocks pad less; GCM only to 4") {
    auto tdes = transform("T", "crypto ipsec transform-set T esp-3des esp-md5-hmac\n");
    // 1500 - 20 (outer IP) - 8 (SPI, sequence) - 8 (IV) - 12 (ICV) = 1452, padded to 1448, less the trailer.
    CHECK(policy::esp_plaintext_mtu(tdes, 1500, false) == 1446);
    CHECK(policy::esp_plaintext_mtu(tdes, 1500, true) == 1438);
    auto gcm = transform("G", "crypto ipsec transform-set G esp-gcm 256\n");
    CHECK(policy::esp_icv_size(gcm) == 16);
    // 1500 - 20 - 8 - 8 - 16 = 1448 (a multiple of 4), less the trailer.
    CHECK(policy::esp_plaintext_mtu(gcm, 1500, false) == 1446);
    CHECK(policy::esp_plaintext_mtu(gcm, 0, false) == 0);
}
