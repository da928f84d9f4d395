#include "engine/ike/v2/key_schedule.hpp"

namespace routerd::ike::v2 {
namespace {

Bytes concat(std::initializer_list<std::span<const std::uint8_t>> parts) {
    Bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// Cuts `stream` into consecutive keys of the given lengths.
struct Cutter {
    std::span<const std::uint8_t> stream;
    std::size_t at = 0;
    Bytes take(std::size_t n) {
        Bytes out(stream.begin() + static_cast<std::ptrdiff_t>(at), stream.begin() + static_cast<std::ptrdiff_t>(at + n));
        at += n;
        return out;
    }
};

IkeKeys keys_from(Bytes skeyseed, const IkeSuite& suite, std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr,
                  std::span<const std::uint8_t> spi_i, std::span<const std::uint8_t> spi_r) {
    auto prf = prf_hash(suite.prf);
    std::size_t prf_len = hash_size(prf), a = integ_key_octets(suite.integ), e = encr_key_octets(suite.encr, suite.encr_bits);
    auto stream = prf_plus(prf, skeyseed, concat({ni, nr, spi_i, spi_r}), 3 * prf_len + 2 * a + 2 * e);
    IkeKeys k;
    if (!stream) return k;  // cannot happen: at most 3 * 64 + 2 * 64 + 2 * 36 octets
    Cutter c{*stream};
    k.skeyseed = std::move(skeyseed);
    // RFC 7296 2.14: {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}; SK_d, SK_pi and
    // SK_pr are as long as the PRF's key.
    k.sk_d = c.take(prf_len);
    k.sk_ai = c.take(a);
    k.sk_ar = c.take(a);
    k.sk_ei = c.take(e);
    k.sk_er = c.take(e);
    k.sk_pi = c.take(prf_len);
    k.sk_pr = c.take(prf_len);
    return k;
}

}  // namespace

std::optional<Bytes> prf_plus(Hash h, std::span<const std::uint8_t> key, std::span<const std::uint8_t> seed, std::size_t length) {
    Bytes out, t;
    for (unsigned n = 1; out.size() < length; ++n) {
        if (n > 255) return std::nullopt;
        Bytes input = t;
        input.insert(input.end(), seed.begin(), seed.end());
        input.push_back(static_cast<std::uint8_t>(n));
        t = prf(h, key, input);
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(length);
    return out;
}

IkeKeys derive_ike_keys(const IkeSuite& suite, std::span<const std::uint8_t> shared, std::span<const std::uint8_t> ni,
                        std::span<const std::uint8_t> nr, std::span<const std::uint8_t> spi_i, std::span<const std::uint8_t> spi_r) {
    auto skeyseed = prf(prf_hash(suite.prf), concat({ni, nr}), shared);
    return keys_from(std::move(skeyseed), suite, ni, nr, spi_i, spi_r);
}

IkeKeys derive_rekeyed_ike_keys(Hash old_prf, std::span<const std::uint8_t> old_sk_d, const IkeSuite& suite,
                                std::span<const std::uint8_t> shared, std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr,
                                std::span<const std::uint8_t> spi_i, std::span<const std::uint8_t> spi_r) {
    auto skeyseed = prf(old_prf, old_sk_d, concat({shared, ni, nr}));
    return keys_from(std::move(skeyseed), suite, ni, nr, spi_i, spi_r);
}

ChildKeys derive_child_keys(Hash h, std::span<const std::uint8_t> sk_d, const ChildSuite& suite,
                            std::span<const std::uint8_t> pfs_shared, std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr) {
    std::size_t e = encr_key_octets(suite.encr, suite.encr_bits), a = integ_key_octets(suite.integ);
    auto stream = prf_plus(h, sk_d, concat({pfs_shared, ni, nr}), 2 * (e + a));
    ChildKeys k;
    if (!stream) return k;
    Cutter c{*stream};
    k.encr_i = c.take(e);
    k.integ_i = c.take(a);
    k.encr_r = c.take(e);
    k.integ_r = c.take(a);
    return k;
}

}  // namespace routerd::ike::v2
