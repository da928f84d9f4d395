#include <catch.hpp>

#include "engine/show/show_crypto_engine.hpp"

using namespace routerd;

TEST_CASE("show crypto engine connections active lines up as IOS 15 (reference A.3.10)") {
    std::vector<show::EngineConnectionView> rows{{1001, true, "SHA+AES256", 0, 0, 0, 0x19000001},
                                                 {2, false, "AES256+SHA", 199, 0, 0, 0x19000001},
                                                 {1, false, "AES256+SHA", 0, 199, 199, 0x19000001}};
    CHECK(show::show_crypto_engine_connections(rows) ==
          "Crypto Engine Connections\n\n"
          "   ID  Type    Algorithm           Encrypt  Decrypt LastSeqN IP-Address\n"
          "    1  IPsec   AES256+SHA                0      199      199 25.0.0.1\n"
          "    2  IPsec   AES256+SHA              199        0        0 25.0.0.1\n"
          " 1001  IKE     SHA+AES256                0        0        0 25.0.0.1\n");
}

TEST_CASE("algorithm words: CIPHER+HASH for IPsec, HASH+CIPHER for IKE") {
    policy::TransformDescriptor t;
    t.esp = policy::EspTransformId::ESP_3DES;
    t.esp_auth = policy::AuthenticationAlgorithm::HMAC_MD5;
    CHECK(show::ipsec_algorithm(t) == "3DES+MD5");
    t.esp = policy::EspTransformId::ESP_AES_CBC;
    t.esp_key_bits = 128;
    t.esp_auth = policy::AuthenticationAlgorithm::HMAC_SHA;
    CHECK(show::ipsec_algorithm(t) == "AES+SHA");
    t.esp_key_bits = 256;
    t.esp_auth = policy::AuthenticationAlgorithm::HMAC_SHA2_256;
    CHECK(show::ipsec_algorithm(t) == "AES256+SHA256");
    CHECK(show::ike_algorithm("aes", 256, "sha") == "SHA+AES256");
    CHECK(show::ike_algorithm("3des", 0, "md5") == "MD5+3DES");
    CHECK(show::ike_algorithm("aes", 128, "sha256") == "SHA256+AES");
}
