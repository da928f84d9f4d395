// core::RandomPool: values for the clear (cookies, SPIs, nonces) drawn from OpenSSL 4 KB at a
// time. Each byte is handed out once, across refills, and what is handed out looks random.
#include <catch.hpp>

#include <algorithm>
#include <array>
#include <set>

#include "engine/ike/core/random_pool.hpp"

using routerd::ike::Bytes;
using routerd::ike::core::RandomPool;

TEST_CASE("a random pool hands out each value once, across its refills") {
    RandomPool pool;
    // 20-byte nonces: 4096 is no multiple of 20, so values straddle each refill.
    std::set<Bytes> seen;
    for (int i = 0; i < 2000; ++i) {
        Bytes nonce = pool.take(20);
        REQUIRE(nonce.size() == 20);
        CHECK(seen.insert(nonce).second);
    }
    std::set<std::uint32_t> spis;
    for (int i = 0; i < 5000; ++i) spis.insert(pool.take32());
    CHECK(spis.size() > 4990);  // 5,000 draws of 32 bits: a repeat is a one-in-a-thousand event
}

TEST_CASE("a random pool fills a span larger than itself, with no long run of one byte") {
    RandomPool pool;
    pool.take(7);
    Bytes big(10000);
    pool.fill(big);
    std::array<int, 256> counts{};
    for (auto b : big) ++counts[b];
    // 10,000 bytes: about 39 of each value; a pool copied wrong (zeros, one refill repeated)
    // would leave values far over or under.
    CHECK(*std::max_element(counts.begin(), counts.end()) < 100);
    CHECK(*std::min_element(counts.begin(), counts.end()) > 5);
    CHECK_FALSE(std::equal(big.begin(), big.begin() + 4096, big.begin() + 4096));
    Bytes none = pool.take(0);
    CHECK(none.empty());
}

TEST_CASE("two pools draw different values") {
    RandomPool a, b;
    CHECK(a.take(16) != b.take(16));
}
