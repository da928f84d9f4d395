// Known-answer tests against vectors made by an independent implementation (Python's hashlib,
// hmac and pyca/cryptography, cross-checked with the openssl command line): see
// vectors/README.md for how each was produced and vectors/make_vectors.py to regenerate them.
#include <catch.hpp>

#include <sstream>

#include "engine/ike/v1/ike_keys.hpp"
#include "tests/support/vector_file.hpp"

using namespace routerd::ike;
using routerd::test::hex;
using routerd::test::read_vectors;

namespace {

Hash hash_named(const std::string& n) {
    if (n == "md5") return Hash::MD5;
    if (n == "sha1") return Hash::SHA1;
    if (n == "sha256") return Hash::SHA2_256;
    if (n == "sha384") return Hash::SHA2_384;
    return Hash::SHA2_512;
}

std::pair<Cipher, std::size_t> cipher_named(const std::string& n) {
    if (n == "des") return {Cipher::DES_CBC, 8};
    if (n == "3des") return {Cipher::TRIPLE_DES_CBC, 24};
    return {Cipher::AES_CBC, std::stoul(n.substr(3)) / 8};
}

Cookie cookie(const std::string& s) {
    Cookie c{};
    auto b = hex(s);
    std::copy(b.begin(), b.end(), c.begin());
    return c;
}

}  // namespace

TEST_CASE("KAT: Diffie-Hellman in every IKE group, leading zeros kept") {
    auto blocks = read_vectors("dh.txt");
    REQUIRE(blocks.size() == 10);
    for (auto& b : blocks) {
        int group = std::stoi(b["group"]);
        INFO("group " << group);
        auto i = DiffieHellman::from_private(group, hex(b["private_i"]), hex(b["public_i"]));
        auto r = DiffieHellman::from_private(group, hex(b["private_r"]), hex(b["public_r"]));
        REQUIRE(i);
        REQUIRE(r);
        auto s1 = i->shared_secret(hex(b["public_r"]));
        auto s2 = r->shared_secret(hex(b["public_i"]));
        REQUIRE(s1);
        CHECK(*s1 == hex(b["shared"]));
        CHECK(s2 == s1);
    }
}

TEST_CASE("KAT: phase 1 keys, Appendix B expansion, IV, HASH_I and HASH_R") {
    auto blocks = read_vectors("phase1.txt");
    REQUIRE(blocks.size() == 25);
    for (auto& b : blocks) {
        INFO(b["hash"] << " " << b["cipher"]);
        auto h = hash_named(b["hash"]);
        auto [c, key_bytes] = cipher_named(b["cipher"]);
        auto k = derive_phase1(h, c, key_bytes, hex(b["psk"]), hex(b["ni"]), hex(b["nr"]), hex(b["gxy"]),
                               cookie(b["cky_i"]), cookie(b["cky_r"]), hex(b["gxi"]), hex(b["gxr"]));
        CHECK(k.skeyid == hex(b["skeyid"]));
        CHECK(k.skeyid_d == hex(b["skeyid_d"]));
        CHECK(k.skeyid_a == hex(b["skeyid_a"]));
        CHECK(k.skeyid_e == hex(b["skeyid_e"]));
        CHECK(k.encryption_key == hex(b["enc_key"]));
        CHECK(k.iv == hex(b["iv"]));
        CHECK(hash_i(h, k.skeyid, hex(b["gxi"]), hex(b["gxr"]), cookie(b["cky_i"]), cookie(b["cky_r"]), hex(b["sai_b"]),
                     hex(b["idii_b"])) == hex(b["hash_i"]));
        CHECK(hash_r(h, k.skeyid, hex(b["gxi"]), hex(b["gxr"]), cookie(b["cky_i"]), cookie(b["cky_r"]), hex(b["sai_b"]),
                     hex(b["idir_b"])) == hex(b["hash_r"]));
    }
}

TEST_CASE("KAT: CBC payload encryption for DES, 3DES and AES") {
    auto blocks = read_vectors("cbc.txt");
    REQUIRE(blocks.size() == 5);
    for (auto& b : blocks) {
        INFO(b["cipher"]);
        auto [c, key_bytes] = cipher_named(b["cipher"]);
        REQUIRE(hex(b["key"]).size() == key_bytes);
        CHECK(cbc_encrypt(c, hex(b["key"]), hex(b["iv"]), hex(b["plaintext"])) == std::optional(hex(b["ciphertext"])));
        CHECK(cbc_decrypt(c, hex(b["key"]), hex(b["iv"]), hex(b["ciphertext"])) == std::optional(hex(b["plaintext"])));
    }
}

TEST_CASE("KAT: phase 2 KEYMAT (with and without PFS), Quick Mode hashes, IV chaining") {
    auto blocks = read_vectors("phase2.txt");
    REQUIRE(blocks.size() == 6);
    for (auto& b : blocks) {
        INFO(b["hash"] << (b.count("gqm_xy") ? " pfs" : ""));
        auto h = hash_named(b["hash"]);
        std::optional<Bytes> gqm;
        if (b.count("gqm_xy")) gqm = hex(b["gqm_xy"]);
        CHECK(keymat(h, hex(b["skeyid_d"]), gqm, static_cast<std::uint8_t>(std::stoi(b["protocol"])), hex(b["spi"]),
                     hex(b["ni_b"]), hex(b["nr_b"]), std::stoul(b["keymat_len"])) == hex(b["keymat"]));
        Bytes mid = hex(b["message_id"]);
        Bytes h3in{0};
        for (auto part : {mid, hex(b["ni_b"]), hex(b["nr_b"])}) h3in.insert(h3in.end(), part.begin(), part.end());
        CHECK(prf(h, hex(b["skeyid_a"]), h3in) == hex(b["hash3"]));
        std::uint32_t m = static_cast<std::uint32_t>(std::stoul(b["message_id"], nullptr, 16));
        auto [c, key_bytes] = cipher_named(b["cipher"]);
        (void)key_bytes;
        CHECK(exchange_iv(h, hex(b["last_block"]), m, block_size(c)) == hex(b["phase2_iv"]));
    }
}
