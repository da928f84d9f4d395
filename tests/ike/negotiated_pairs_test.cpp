// v1::NegotiatedPairs: whether a peer has a pair stays true while any of its pairs stands,
// whichever way pairs go (one by one, all of a peer's, by expiry).
#include <catch.hpp>

#include "engine/ike/v1/negotiated_pairs.hpp"

using routerd::ike::v1::NegotiatedPair;
using routerd::ike::v1::NegotiatedPairs;

namespace {
NegotiatedPair pair(std::uint32_t peer, std::uint32_t spi) {
    NegotiatedPair p;
    p.peer = peer;
    p.spi_in = spi;
    return p;
}
}  // namespace

TEST_CASE("a peer has pairs until its last one goes") {
    NegotiatedPairs pairs;
    CHECK_FALSE(pairs.any_with(1));
    pairs.push_back(pair(1, 100));
    pairs.push_back(pair(2, 200));
    pairs.push_back(pair(1, 101));
    CHECK(pairs.any_with(1));
    CHECK(pairs.any_with(2));
    CHECK_FALSE(pairs.any_with(3));
    CHECK(pairs.erase_if([](const NegotiatedPair& p) { return p.spi_in == 100; }) == 1);
    CHECK(pairs.any_with(1));  // its second pair stands
    CHECK(pairs.erase_if([](const NegotiatedPair& p) { return p.peer == 1; }) == 1);
    CHECK_FALSE(pairs.any_with(1));
    CHECK(pairs.any_with(2));
    CHECK(pairs.erase_if([](const NegotiatedPair&) { return false; }) == 0);
    CHECK(pairs.size() == 1);
    pairs.push_back(pair(1, 102));  // a peer back after all its pairs went
    CHECK(pairs.any_with(1));
    CHECK(pairs.erase_if([](const NegotiatedPair&) { return true; }) == 2);
    CHECK_FALSE(pairs.any_with(1));
    CHECK_FALSE(pairs.any_with(2));
    CHECK(pairs.size() == 0);
}

TEST_CASE("pairs keep their order, oldest first") {
    NegotiatedPairs pairs;
    for (std::uint32_t i = 0; i < 10; ++i) pairs.push_back(pair(i % 3, i));
    pairs.erase_if([](const NegotiatedPair& p) { return p.spi_in % 2 == 0; });
    std::vector<std::uint32_t> left;
    for (const auto& p : pairs) left.push_back(p.spi_in);
    CHECK(left == std::vector<std::uint32_t>{1, 3, 5, 7, 9});
    for (std::uint32_t peer = 0; peer < 3; ++peer) CHECK(pairs.any_with(peer));
}
