#include <catch.hpp>

#include <set>

#include "algorithms/dh_groups.hpp"
#include "engine/ike/core/crypto.hpp"

using namespace routerd::ike;

TEST_CASE("Diffie-Hellman: both sides agree in every group of the table, bad peer values are refused") {
    std::set<int> groups;
    for (const auto& g : routerd::algorithms::dh_groups()) groups.insert(g.number);
    CHECK(groups == std::set<int>{1, 2, 5, 14, 15, 16, 19, 20, 21, 24});
    for (int group : groups) {
        INFO("group " << group);
        auto a = DiffieHellman::generate(group);
        auto b = DiffieHellman::generate(group);
        REQUIRE(a);
        REQUIRE(b);
        CHECK(a->public_value().size() == DiffieHellman::public_size(group));
        auto s1 = a->shared_secret(b->public_value());
        auto s2 = b->shared_secret(a->public_value());
        REQUIRE(s1);
        CHECK(s1 == s2);
        CHECK_FALSE(a->shared_secret(Bytes(3, 1)));  // wrong length
        Bytes one(DiffieHellman::public_size(group), 0);
        one.back() = 1;  // g^y = 1 (MODP) or a point off the curve (ECP)
        CHECK_FALSE(a->shared_secret(one));
        // RFC 6989: 0 and anything from p-1 up are refused in every MODP group (all ones is above
        // p, whose lowest 64 bits are ones and whose next ones are not all set).
        CHECK_FALSE(a->shared_secret(Bytes(DiffieHellman::public_size(group), 0)));
        CHECK_FALSE(a->shared_secret(Bytes(DiffieHellman::public_size(group), 0xff)));
        // Group 24's prime has other subgroups: 2 is in range but not in the q-order one.
        Bytes two(DiffieHellman::public_size(group), 0);
        two.back() = 2;
        if (group == 24) CHECK_FALSE(a->shared_secret(two));
    }
    CHECK_FALSE(DiffieHellman::generate(3));
}

TEST_CASE("CBC round trip for every IKE cipher, whole blocks only") {
    struct C { Cipher c; std::size_t key; };
    for (auto c : {C{Cipher::DES_CBC, 8}, C{Cipher::TRIPLE_DES_CBC, 24}, C{Cipher::AES_CBC, 16}, C{Cipher::AES_CBC, 32}}) {
        Bytes key = random_bytes(c.key), iv = random_bytes(block_size(c.c)), plain(48, 0x5a);
        auto enc = cbc_encrypt(c.c, key, iv, plain);
        REQUIRE(enc);
        CHECK(enc->size() == plain.size());
        CHECK(*enc != plain);
        CHECK(cbc_decrypt(c.c, key, iv, *enc) == std::optional(plain));
        CHECK_FALSE(cbc_encrypt(c.c, key, iv, Bytes(5, 1)));
    }
}
