// IKEv2 known answers (issue #13): the key schedule, the PSK AUTH payload, Child SA KEYMAT and
// whole messages with an Encrypted (SK) payload against vectors from an independent generator (make_ikev2_vectors.py: Python's hmac and
// pyca/cryptography's HKDF-Expand; see vectors/README.md). The key lengths come from our own
// transform table, so a wrong length there fails here too.
#include <catch.hpp>

#include "engine/ike/v2/auth_psk.hpp"
#include "engine/ike/v2/encrypted_payload.hpp"
#include "engine/ike/v2/key_schedule.hpp"
#include "tests/support/vector_file.hpp"

using namespace routerd::ike;
using namespace routerd::ike::v2;
using routerd::test::hex;
using routerd::test::read_vectors;

namespace {

PrfId prf_named(const std::string& n) {
    if (n == "hmac_sha1") return PrfId::PRF_HMAC_SHA1;
    if (n == "hmac_sha256") return PrfId::PRF_HMAC_SHA2_256;
    if (n == "hmac_sha384") return PrfId::PRF_HMAC_SHA2_384;
    if (n == "hmac_sha512") return PrfId::PRF_HMAC_SHA2_512;
    FAIL("unknown prf " << n);
    return PrfId::PRF_HMAC_MD5;
}

// "aes128_sha1_prfsha1_modp2048", "aes256gcm16_prfsha256_ecp256": cipher, integrity (absent
// with GCM), PRF, group.
IkeSuite suite_named(const std::string& name, const std::string& prf, int group) {
    IkeSuite s;
    s.prf = prf_named(prf);
    s.group = static_cast<std::uint16_t>(group);
    bool gcm = name.find("gcm16") != std::string::npos;
    s.encr = gcm ? EncrId::ENCR_AES_GCM_16 : EncrId::ENCR_AES_CBC;
    s.encr_bits = static_cast<std::uint16_t>(std::stoi(name.substr(3, 3)));
    s.integ = IntegId::NONE;
    if (!gcm) {
        auto integ = name.substr(name.find('_') + 1);
        integ = integ.substr(0, integ.find('_'));
        s.integ = integ == "sha1"     ? IntegId::AUTH_HMAC_SHA1_96
                  : integ == "sha256" ? IntegId::AUTH_HMAC_SHA2_256_128
                  : integ == "sha384" ? IntegId::AUTH_HMAC_SHA2_384_192
                                      : IntegId::AUTH_HMAC_SHA2_512_256;
    }
    return s;
}

ChildSuite child_named(const std::string& n) {
    if (n == "esp_aes128_sha1") return {EncrId::ENCR_AES_CBC, 128, IntegId::AUTH_HMAC_SHA1_96};
    if (n == "esp_aes256_sha256") return {EncrId::ENCR_AES_CBC, 256, IntegId::AUTH_HMAC_SHA2_256_128};
    if (n == "esp_aes256gcm16") return {EncrId::ENCR_AES_GCM_16, 256, IntegId::NONE};
    FAIL("unknown child suite " << n);
    return {};
}

}  // namespace

TEST_CASE("IKEv2 KAT: prf+ is T1 | T2 | ... cut to length, and refuses beyond 255 rounds") {
    // T1 = prf(K, S | 0x01); the stream's first block must be exactly that.
    Bytes key{1, 2, 3}, seed{9, 9};
    auto stream = prf_plus(Hash::SHA1, key, seed, 50);
    REQUIRE(stream);
    CHECK(stream->size() == 50);
    Bytes first_input{9, 9, 1};
    auto t1 = prf(Hash::SHA1, key, first_input);
    CHECK(Bytes(stream->begin(), stream->begin() + 20) == t1);
    Bytes second_input = t1;
    second_input.insert(second_input.end(), {9, 9, 2});
    CHECK(Bytes(stream->begin() + 20, stream->begin() + 40) == prf(Hash::SHA1, key, second_input));
    CHECK(prf_plus(Hash::SHA1, key, seed, 255 * 20));
    CHECK_FALSE(prf_plus(Hash::SHA1, key, seed, 255 * 20 + 1));
}

TEST_CASE("IKEv2 KAT: SKEYSEED and the seven keys (RFC 7296 2.14), and a rekeyed IKE SA (2.18)") {
    auto blocks = read_vectors("ikev2_keys.txt");
    REQUIRE(blocks.size() == 6);
    int rekeyed = 0;
    for (auto& b : blocks) {
        INFO("suite " << b["suite"]);
        auto suite = suite_named(b["suite"], b["prf"], std::stoi(b["group"]));
        CHECK(encr_key_octets(suite.encr, suite.encr_bits) == std::stoul(b["encryption_octets"]));
        CHECK(integ_key_octets(suite.integ) == std::stoul(b["integrity_octets"]));
        IkeKeys k;
        if (b.count("old_sk_d")) {
            ++rekeyed;
            k = derive_rekeyed_ike_keys(prf_hash(suite.prf), hex(b["old_sk_d"]), suite, hex(b["shared"]), hex(b["ni"]), hex(b["nr"]),
                                        hex(b["spi_i"]), hex(b["spi_r"]));
        } else {
            k = derive_ike_keys(suite, hex(b["shared"]), hex(b["ni"]), hex(b["nr"]), hex(b["spi_i"]), hex(b["spi_r"]));
        }
        CHECK(k.skeyseed == hex(b["skeyseed"]));
        CHECK(k.sk_d == hex(b["sk_d"]));
        CHECK(k.sk_ai == hex(b.count("sk_ai") ? b["sk_ai"] : ""));
        CHECK(k.sk_ar == hex(b.count("sk_ar") ? b["sk_ar"] : ""));
        CHECK(k.sk_ei == hex(b["sk_ei"]));
        CHECK(k.sk_er == hex(b["sk_er"]));
        CHECK(k.sk_pi == hex(b["sk_pi"]));
        CHECK(k.sk_pr == hex(b["sk_pr"]));
    }
    CHECK(rekeyed == 1);
}

TEST_CASE("IKEv2 KAT: AUTH with a pre-shared key for both sides (RFC 7296 2.15)") {
    auto blocks = read_vectors("ikev2_auth.txt");
    REQUIRE(blocks.size() == 5);
    for (auto& b : blocks) {
        INFO("suite " << b["suite"]);
        auto h = prf_hash(prf_named(b["prf"]));
        // The initiator signs its IKE_SA_INIT request with the responder's nonce; the
        // responder its response with the initiator's.
        CHECK(psk_auth(h, hex(b["psk"]), hex(b["message1"]), hex(b["nr"]), hex(b["sk_pi"]), hex(b["id_i"])) == hex(b["auth_i"]));
        CHECK(psk_auth(h, hex(b["psk"]), hex(b["message2"]), hex(b["ni"]), hex(b["sk_pr"]), hex(b["id_r"])) == hex(b["auth_r"]));
        // A wrong key, or the other side's SK_p, gives another value.
        auto wrong = hex(b["psk"]);
        wrong.back() ^= 1;
        CHECK(psk_auth(h, wrong, hex(b["message1"]), hex(b["nr"]), hex(b["sk_pi"]), hex(b["id_i"])) != hex(b["auth_i"]));
        CHECK(psk_auth(h, hex(b["psk"]), hex(b["message1"]), hex(b["nr"]), hex(b["sk_pr"]), hex(b["id_i"])) != hex(b["auth_i"]));
    }
}

TEST_CASE("IKEv2 KAT: Child SA KEYMAT with and without PFS (RFC 7296 2.17)") {
    auto blocks = read_vectors("ikev2_child.txt");
    REQUIRE(blocks.size() == 18);
    for (auto& b : blocks) {
        INFO("suite " << b["suite"] << ", child " << b["child"] << ", pfs group " << b["pfs_group"]);
        auto h = prf_hash(prf_named(b["prf"]));
        Bytes shared = b["pfs_group"] == "0" ? Bytes{} : hex(b["shared"]);
        auto k = derive_child_keys(h, hex(b["sk_d"]), child_named(b["child"]), shared, hex(b["ni"]), hex(b["nr"]));
        CHECK(k.encr_i == hex(b["encr_i"]));
        CHECK(k.encr_r == hex(b["encr_r"]));
        CHECK(k.integ_i == hex(b.count("integ_i") ? b["integ_i"] : ""));
        CHECK(k.integ_r == hex(b.count("integ_r") ? b["integ_r"] : ""));
    }
}

TEST_CASE("IKEv2 KAT: whole messages with an Encrypted payload, CBC+HMAC and AES-GCM (RFC 7296 3.14, RFC 5282)") {
    auto blocks = read_vectors("ikev2_sk.txt");
    REQUIRE(blocks.size() == 7);
    for (auto& b : blocks) {
        INFO("vector " << b["name"]);
        SkKeys keys;
        const auto& encr = b["encr"];
        keys.encr = encr == "3des_cbc" ? EncrId::ENCR_3DES : encr == "aes256_gcm16" ? EncrId::ENCR_AES_GCM_16 : EncrId::ENCR_AES_CBC;
        keys.integ = !b.count("integ")             ? IntegId::NONE
                     : b["integ"] == "sha1_96"     ? IntegId::AUTH_HMAC_SHA1_96
                     : b["integ"] == "sha256_128" ? IntegId::AUTH_HMAC_SHA2_256_128
                                                   : IntegId::AUTH_HMAC_SHA2_512_256;
        keys.encryption = hex(b["sk_e"]);
        keys.integrity = hex(b.count("sk_a") ? b["sk_a"] : "");
        CHECK(encr_iv_octets(keys.encr) == hex(b["iv"]).size());

        Header h;
        auto spi_i = hex(b["spi_i"]), spi_r = hex(b["spi_r"]);
        std::copy(spi_i.begin(), spi_i.end(), h.spi_i.begin());
        std::copy(spi_r.begin(), spi_r.end(), h.spi_r.begin());
        h.exchange = static_cast<ExchangeType>(std::stoi(b["exchange"]));
        h.flags = static_cast<std::uint8_t>(std::stoi(b["flags"]));
        h.message_id = static_cast<std::uint32_t>(std::stoul(b["message_id"]));
        auto inner_octets = hex(b.count("inner") ? b["inner"] : "");
        auto inner_first = static_cast<PayloadType>(std::stoi(b["inner_first"]));
        auto inner = decode_payloads(inner_first, inner_octets);
        REQUIRE(inner);
        REQUIRE(inner.value->size() == std::stoul(b["inner_count"]));
        CHECK(encode_payloads(*inner.value) == inner_octets);

        // (a) Sealing the same payloads with the same keys and IV gives the vector's octets.
        auto message = hex(b["message"]);
        CHECK(seal(h, *inner.value, keys, hex(b["iv"])) == message);

        // (b) Opening the vector's message gives the payloads back.
        auto m = decode_message(message);
        REQUIRE(m);
        CHECK(m.value->header.exchange == h.exchange);
        CHECK(m.value->header.flags == h.flags);
        CHECK(m.value->header.message_id == h.message_id);
        REQUIRE(m.value->payloads.size() == 1);
        CHECK(m.value->payloads[0].type == PayloadType::SK);
        CHECK(m.value->payloads[0].inner_first == inner_first);
        auto opened = open(message, *m.value, keys);
        INFO("open: " << opened.error);
        REQUIRE(opened);
        REQUIRE(opened.value->size() == inner.value->size());
        for (std::size_t i = 0; i < opened.value->size(); ++i) {
            CHECK((*opened.value)[i].type == (*inner.value)[i].type);
            CHECK((*opened.value)[i].body == (*inner.value)[i].body);
        }
        CHECK(encode_payloads(*opened.value) == inner_octets);
        if (!opened.value->empty()) {
            auto id = decode_id(opened.value->front().body);
            REQUIRE(id);
            CHECK(opened.value->front().type == PayloadType::IDi);
            CHECK(opened.value->at(1).type == PayloadType::AUTH);
            CHECK(decode_auth(opened.value->at(1).body));
        }

        // One flipped octet anywhere after the header (SK header, IV, ciphertext or ICV) is refused.
        for (std::size_t at : {kHeaderSize + 1, kHeaderSize + 4, message.size() / 2 + 10, message.size() - 1}) {
            auto bad = message;
            bad[at] ^= 0x01;
            auto bm = decode_message(bad);
            if (!bm) continue;  // the SK header's length no longer adds up: refused earlier
            CHECK_FALSE(open(bad, *bm.value, keys));
        }
    }
}
