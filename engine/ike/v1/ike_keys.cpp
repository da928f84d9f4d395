#include "engine/ike/v1/ike_keys.hpp"

namespace routerd::ike {
namespace {

Bytes cat(std::initializer_list<std::span<const std::uint8_t>> parts) {
    Bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

}  // namespace

Bytes message_id_bytes(std::uint32_t m) {
    return {static_cast<std::uint8_t>(m >> 24), static_cast<std::uint8_t>(m >> 16), static_cast<std::uint8_t>(m >> 8),
            static_cast<std::uint8_t>(m)};
}

Phase1Keys derive_phase1(Hash h, Cipher c, std::size_t key_bytes, std::span<const std::uint8_t> psk,
                         std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr,
                         std::span<const std::uint8_t> gxy, const Cookie& cky_i, const Cookie& cky_r,
                         std::span<const std::uint8_t> gxi, std::span<const std::uint8_t> gxr) {
    Phase1Keys k;
    static const std::uint8_t zero = 0, one = 1, two = 2;
    // RFC 2409 5: for pre-shared keys SKEYID = prf(pre-shared-key, Ni_b | Nr_b).
    k.skeyid = prf(h, psk, cat({ni, nr}));
    k.skeyid_d = prf(h, k.skeyid, cat({gxy, cky_i, cky_r, {&zero, 1}}));
    k.skeyid_a = prf(h, k.skeyid, cat({k.skeyid_d, gxy, cky_i, cky_r, {&one, 1}}));
    k.skeyid_e = prf(h, k.skeyid, cat({k.skeyid_a, gxy, cky_i, cky_r, {&two, 1}}));
    // Appendix B: Ka = K1 | K2 | ..., K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1), when
    // SKEYID_e is shorter than the cipher's key.
    if (k.skeyid_e.size() >= key_bytes) {
        k.encryption_key.assign(k.skeyid_e.begin(), k.skeyid_e.begin() + static_cast<std::ptrdiff_t>(key_bytes));
    } else {
        Bytes block = prf(h, k.skeyid_e, {&zero, 1});
        while (k.encryption_key.size() < key_bytes) {
            k.encryption_key.insert(k.encryption_key.end(), block.begin(), block.end());
            block = prf(h, k.skeyid_e, block);
        }
        k.encryption_key.resize(key_bytes);
    }
    k.iv = hash(h, cat({gxi, gxr}));
    k.iv.resize(block_size(c));
    return k;
}

Bytes hash_i(Hash h, std::span<const std::uint8_t> skeyid, std::span<const std::uint8_t> gxi,
             std::span<const std::uint8_t> gxr, const Cookie& cky_i, const Cookie& cky_r,
             std::span<const std::uint8_t> sai_b, std::span<const std::uint8_t> idii_b) {
    return prf(h, skeyid, cat({gxi, gxr, cky_i, cky_r, sai_b, idii_b}));
}

Bytes hash_r(Hash h, std::span<const std::uint8_t> skeyid, std::span<const std::uint8_t> gxi,
             std::span<const std::uint8_t> gxr, const Cookie& cky_i, const Cookie& cky_r,
             std::span<const std::uint8_t> sai_b, std::span<const std::uint8_t> idir_b) {
    return prf(h, skeyid, cat({gxr, gxi, cky_r, cky_i, sai_b, idir_b}));
}

Bytes keymat(Hash h, std::span<const std::uint8_t> skeyid_d, const std::optional<Bytes>& gqm_xy, std::uint8_t protocol,
             std::span<const std::uint8_t> spi, std::span<const std::uint8_t> ni_b, std::span<const std::uint8_t> nr_b,
             std::size_t length) {
    Bytes seed;
    if (gqm_xy) seed = *gqm_xy;
    seed.push_back(protocol);
    seed.insert(seed.end(), spi.begin(), spi.end());
    seed.insert(seed.end(), ni_b.begin(), ni_b.end());
    seed.insert(seed.end(), nr_b.begin(), nr_b.end());
    Bytes out, block;
    while (out.size() < length) {
        block = prf(h, skeyid_d, cat({block, seed}));  // K1 has no previous block
        out.insert(out.end(), block.begin(), block.end());
    }
    out.resize(length);
    return out;
}

Bytes exchange_iv(Hash h, std::span<const std::uint8_t> last_block, std::uint32_t message_id, std::size_t block) {
    Bytes m = message_id_bytes(message_id);
    Bytes iv = hash(h, cat({last_block, m}));
    iv.resize(block);
    return iv;
}

}  // namespace routerd::ike
