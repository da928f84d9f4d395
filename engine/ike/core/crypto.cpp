#include "engine/ike/core/crypto.hpp"

#include "algorithms/dh_groups.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace routerd::ike {
namespace {

struct PkeyDeleter { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct CtxDeleter { void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); } };
struct CipherCtxDeleter { void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); } };
struct CipherDeleter { void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); } };
struct BnDeleter { void operator()(BIGNUM* p) const { BN_free(p); } };
struct BldDeleter { void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); } };
struct ParamDeleter { void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, CtxDeleter>;
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

const char* digest_name(Hash h) {
    switch (h) {
        case Hash::MD5: return "MD5";
        case Hash::SHA1: return "SHA1";
        case Hash::SHA2_256: return "SHA256";
        case Hash::SHA2_384: return "SHA384";
        case Hash::SHA2_512: return "SHA512";
    }
    return "SHA1";
}

// Single DES lives in OpenSSL 3's legacy provider; old IOS configs still use it. Loading a
// provider explicitly turns the implicit default off, so both are loaded. They are unloaded at
// exit: a provider left loaded is 6.5 KB LeakSanitizer reports, which fails a sanitizer build.
// The owner is built after OpenSSL registered its own atexit cleanup, so it is destroyed
// before that cleanup runs.
struct ProviderUnloader {
    void operator()(OSSL_PROVIDER* p) const { OSSL_PROVIDER_unload(p); }
};
using Provider = std::unique_ptr<OSSL_PROVIDER, ProviderUnloader>;

struct Providers {
    Provider fallback{OSSL_PROVIDER_load(nullptr, "default")};
    Provider legacy{OSSL_PROVIDER_load(nullptr, "legacy")};
};

void load_providers() {
    static const Providers loaded;
    (void)loaded;
}

struct MdDeleter { void operator()(EVP_MD* p) const { EVP_MD_free(p); } };
struct MacDeleter { void operator()(EVP_MAC* p) const { EVP_MAC_free(p); } };
struct MacCtxDeleter { void operator()(EVP_MAC_CTX* p) const { EVP_MAC_CTX_free(p); } };
struct MdCtxDeleter { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter>;

constexpr Hash kHashes[] = {Hash::MD5, Hash::SHA1, Hash::SHA2_256, Hash::SHA2_384, Hash::SHA2_512};
constexpr const char* kCiphers[] = {"DES-CBC", "DES-EDE3-CBC", "AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
                                    "AES-128-GCM", "AES-192-GCM", "AES-256-GCM"};

// OpenSSL 3 looks an algorithm up by name at every implicit fetch (EVP_Q_mac, EVP_Q_digest, a
// cipher by name): a lock, a walk of its tables and string compares, and HMAC fetches its digest
// again for every MAC. IKE computes a dozen or more PRFs, hashes and ciphers per tunnel, and the
// look-ups cost more than the hashing (issue 14). Each algorithm is fetched once, on first use,
// and kept; OpenSSL's algorithm objects may be shared between threads. A MAC starts as a copy of
// an HMAC context that already holds its digest. Built after the providers, so destroyed before
// them (and before OpenSSL's own cleanup at exit).
struct Fetched {
    std::unique_ptr<EVP_MD, MdDeleter> md[std::size(kHashes)];
    std::unique_ptr<EVP_MAC, MacDeleter> hmac;
    MacCtx hmac_with[std::size(kHashes)];  // no key yet
    std::unique_ptr<EVP_CIPHER, CipherDeleter> cipher[std::size(kCiphers)];

    Fetched() {
        load_providers();
        hmac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        for (std::size_t i = 0; i < std::size(kHashes); ++i) {
            md[i].reset(EVP_MD_fetch(nullptr, digest_name(kHashes[i]), nullptr));
            if (!hmac || !md[i]) continue;
            hmac_with[i].reset(EVP_MAC_CTX_new(hmac.get()));
            OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest_name(kHashes[i])), 0),
                OSSL_PARAM_construct_end()};
            if (hmac_with[i] && EVP_MAC_CTX_set_params(hmac_with[i].get(), params) != 1) hmac_with[i].reset();
        }
        for (std::size_t i = 0; i < std::size(kCiphers); ++i) cipher[i].reset(EVP_CIPHER_fetch(nullptr, kCiphers[i], nullptr));
    }

    const EVP_MD* digest(Hash h) const { return md[static_cast<std::size_t>(h)].get(); }
    const EVP_MAC_CTX* hmac_for(Hash h) const { return hmac_with[static_cast<std::size_t>(h)].get(); }
    EVP_CIPHER* cipher_named(const char* name) const {
        for (std::size_t i = 0; i < std::size(kCiphers); ++i)
            if (std::strcmp(kCiphers[i], name) == 0) return cipher[i].get();
        return nullptr;
    }
};

const Fetched& fetched() {
    static const Fetched f;
    return f;
}

std::optional<Bytes> cbc(Cipher c, std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv,
                         std::span<const std::uint8_t> in, bool encrypt) {
    const char* name = nullptr;
    switch (c) {
        case Cipher::DES_CBC: name = "DES-CBC"; break;
        case Cipher::TRIPLE_DES_CBC: name = "DES-EDE3-CBC"; break;
        case Cipher::AES_CBC:
            name = key.size() == 16 ? "AES-128-CBC" : key.size() == 24 ? "AES-192-CBC" : key.size() == 32 ? "AES-256-CBC" : nullptr;
            break;
    }
    if (!name || in.size() % block_size(c) != 0 || iv.size() != block_size(c)) return std::nullopt;
    EVP_CIPHER* cipher = fetched().cipher_named(name);
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx || static_cast<std::size_t>(EVP_CIPHER_get_key_length(cipher)) != key.size()) return std::nullopt;
    if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), iv.data(), encrypt ? 1 : 0, nullptr) != 1) return std::nullopt;
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    Bytes out(in.size() + block_size(c));
    int n = 0, fin = 0;
    if (EVP_CipherUpdate(ctx.get(), out.data(), &n, in.data(), static_cast<int>(in.size())) != 1) return std::nullopt;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + n, &fin) != 1) return std::nullopt;
    out.resize(static_cast<std::size_t>(n + fin));
    return out;
}

// RFC 2409 6.1/6.2 (Oakley groups 1, 2) and RFC 3526 (5, 14, 15, 16) primes, generator 2.
Bn modp_prime(int group) {
    switch (group) {
        case 1: return Bn(BN_get_rfc2409_prime_768(nullptr));
        case 2: return Bn(BN_get_rfc2409_prime_1024(nullptr));
        case 5: return Bn(BN_get_rfc3526_prime_1536(nullptr));
        case 14: return Bn(BN_get_rfc3526_prime_2048(nullptr));
        case 15: return Bn(BN_get_rfc3526_prime_3072(nullptr));
        case 16: return Bn(BN_get_rfc3526_prime_4096(nullptr));
        default: return nullptr;
    }
}

const char* ecp_curve(int group) {
    switch (group) {
        case 19: return "P-256";
        case 20: return "P-384";
        case 21: return "P-521";
        default: return nullptr;
    }
}

// An ECP group's field size: half its KE payload (x | y, RFC 5903 7).
std::size_t ecp_field(int group) { return DiffieHellman::public_size(group) / 2; }

// Domain parameters (and optionally keys) of a group as OSSL_PARAMs for EVP_PKEY_fromdata.
std::unique_ptr<OSSL_PARAM, ParamDeleter> group_params(int group, const BIGNUM* priv, std::span<const std::uint8_t> pub_octets,
                                                       const BIGNUM* pub_bn) {
    std::unique_ptr<OSSL_PARAM_BLD, BldDeleter> bld(OSSL_PARAM_BLD_new());
    Bn p = modp_prime(group), g(BN_new());
    if (const char* curve = ecp_curve(group)) {
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve, 0);
        if (!pub_octets.empty())
            OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub_octets.data(), pub_octets.size());
    } else if (group == 24) {
        // RFC 5114 2.3: 2048-bit MODP with a 256-bit prime order subgroup.
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "dh_2048_256", 0);
        if (pub_bn) OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub_bn);
    } else {
        BN_set_word(g.get(), 2);
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get());
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g.get());
        if (pub_bn) OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub_bn);
    }
    if (priv) OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv);
    return std::unique_ptr<OSSL_PARAM, ParamDeleter>(OSSL_PARAM_BLD_to_param(bld.get()));
}

Pkey from_params(int group, OSSL_PARAM* params, int selection) {
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, ecp_curve(group) ? "EC" : "DH", nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 || EVP_PKEY_fromdata(ctx.get(), &key, selection, params) != 1)
        return nullptr;
    return Pkey(key);
}

// Each group's domain parameters as a key object, made once: a key pair is generated from them
// per exchange, and making them from raw parameters each time cost a tenth of an ECP-256 tunnel
// (issue 14). Shared read-only, as OpenSSL allows.
class Domains {
public:
    Domains() {
        for (const auto& g : algorithms::dh_groups()) {
            auto params = group_params(g.number, nullptr, {}, nullptr);
            domains_.emplace_back(g.number, from_params(g.number, params.get(), EVP_PKEY_KEY_PARAMETERS));
        }
    }
    EVP_PKEY* of(int group) const {
        for (const auto& [number, key] : domains_)
            if (number == group) return key.get();
        return nullptr;
    }

private:
    std::vector<std::pair<int, Pkey>> domains_;
};

const Domains& domains() {
    load_providers();
    static const Domains d;
    return d;
}

// KE payload data of a key: g^x padded to the prime, or x|y for ECP (RFC 5903 7, no 0x04).
Bytes public_of(int group, EVP_PKEY* key) {
    if (ecp_curve(group)) {
        std::size_t len = 0;
        unsigned char buf[160];
        if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len) != 1 || len < 1 || buf[0] != 4)
            return {};
        return Bytes(buf + 1, buf + len);
    }
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PUB_KEY, &raw) != 1) return {};
    Bn pub(raw);
    Bytes out(DiffieHellman::public_size(group));
    if (BN_bn2binpad(pub.get(), out.data(), static_cast<int>(out.size())) < 0) return {};
    return out;
}

}  // namespace

struct DiffieHellman::Key {
    Pkey pkey;
};

std::size_t hash_size(Hash h) {
    switch (h) {
        case Hash::MD5: return 16;
        case Hash::SHA1: return 20;
        case Hash::SHA2_256: return 32;
        case Hash::SHA2_384: return 48;
        case Hash::SHA2_512: return 64;
    }
    return 20;
}

Bytes hash(Hash h, std::span<const std::uint8_t> data) {
    Bytes out(hash_size(h));
    unsigned int len = 0;
    const EVP_MD* md = fetched().digest(h);
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!md || !ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 || EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1)
        return {};
    out.resize(len);
    return out;
}

Bytes prf(Hash h, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
    Bytes out(hash_size(h));
    std::size_t len = 0;
    const EVP_MAC_CTX* with_digest = fetched().hmac_for(h);
    MacCtx ctx(with_digest ? EVP_MAC_CTX_dup(with_digest) : nullptr);
    // A null key would mean "the key set before", and this copy has none.
    static const unsigned char empty_key = 0;
    if (!ctx || EVP_MAC_init(ctx.get(), key.empty() ? &empty_key : key.data(), key.size(), nullptr) != 1 ||
        EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 || EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1)
        return {};
    out.resize(len);
    return out;
}

std::size_t block_size(Cipher c) { return c == Cipher::AES_CBC ? 16 : 8; }

std::size_t key_size(Cipher c, std::size_t aes_bits) {
    switch (c) {
        case Cipher::DES_CBC: return 8;
        case Cipher::TRIPLE_DES_CBC: return 24;
        case Cipher::AES_CBC: return aes_bits / 8;
    }
    return 0;
}

std::optional<Bytes> cbc_encrypt(Cipher c, std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv,
                                 std::span<const std::uint8_t> plaintext) {
    return cbc(c, key, iv, plaintext, true);
}

std::optional<Bytes> cbc_decrypt(Cipher c, std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv,
                                 std::span<const std::uint8_t> ciphertext) {
    return cbc(c, key, iv, ciphertext, false);
}

namespace {

std::optional<Bytes> gcm(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce, std::span<const std::uint8_t> aad,
                         std::span<const std::uint8_t> in, bool encrypt) {
    const char* name = key.size() == 16 ? "AES-128-GCM" : key.size() == 24 ? "AES-192-GCM" : key.size() == 32 ? "AES-256-GCM" : nullptr;
    if (!name || nonce.size() != 12 || (!encrypt && in.size() < kGcmIcvSize)) return std::nullopt;
    EVP_CIPHER* cipher = fetched().cipher_named(name);
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx) return std::nullopt;
    // The default GCM IV length is 12, which is what RFC 4106's salt | IV makes.
    if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), nonce.data(), encrypt ? 1 : 0, nullptr) != 1) return std::nullopt;
    auto body = encrypt ? in : in.first(in.size() - kGcmIcvSize);
    int n = 0;
    if (!aad.empty() && EVP_CipherUpdate(ctx.get(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1) return std::nullopt;
    Bytes out(body.size() + kGcmIcvSize);
    int len = 0;
    if (!body.empty() && EVP_CipherUpdate(ctx.get(), out.data(), &len, body.data(), static_cast<int>(body.size())) != 1)
        return std::nullopt;
    if (!encrypt) {
        Bytes tag(in.end() - static_cast<std::ptrdiff_t>(kGcmIcvSize), in.end());
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kGcmIcvSize), tag.data()) != 1) return std::nullopt;
    }
    int fin = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + len, &fin) != 1) return std::nullopt;
    std::size_t produced = static_cast<std::size_t>(len + fin);
    if (!encrypt) {
        out.resize(produced);
        return out;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kGcmIcvSize), out.data() + produced) != 1)
        return std::nullopt;
    out.resize(produced + kGcmIcvSize);
    return out;
}

}  // namespace

std::optional<Bytes> gcm_seal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce, std::span<const std::uint8_t> aad,
                              std::span<const std::uint8_t> plaintext) {
    return gcm(key, nonce, aad, plaintext, true);
}

std::optional<Bytes> gcm_open(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce, std::span<const std::uint8_t> aad,
                              std::span<const std::uint8_t> sealed) {
    return gcm(key, nonce, aad, sealed, false);
}

bool equal_in_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void wipe(Bytes& secret) {
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
    Bytes().swap(secret);  // clear() would keep the capacity
}

Bytes random_bytes(std::size_t n) {
    Bytes out(n);
    RAND_bytes(out.data(), static_cast<int>(n));
    return out;
}

bool DiffieHellman::supported(int group) { return algorithms::dh_group(group) != nullptr; }

std::size_t DiffieHellman::public_size(int group) {
    const auto* g = algorithms::dh_group(group);
    return g ? g->public_size : 0;
}

DiffieHellman::DiffieHellman(int group, std::unique_ptr<Key> key, Bytes pub)
    : group_(group), key_(std::move(key)), public_(std::move(pub)) {}
DiffieHellman::~DiffieHellman() = default;

std::unique_ptr<DiffieHellman> DiffieHellman::generate(int group) {
    if (!supported(group)) return nullptr;
    EVP_PKEY* domain = domains().of(group);
    if (!domain) return nullptr;
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, domain, nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1) return nullptr;
    auto k = std::make_unique<Key>();
    k->pkey.reset(key);
    Bytes pub = public_of(group, key);
    if (pub.size() != public_size(group)) return nullptr;
    return std::unique_ptr<DiffieHellman>(new DiffieHellman(group, std::move(k), std::move(pub)));
}

std::unique_ptr<DiffieHellman> DiffieHellman::from_private(int group, std::span<const std::uint8_t> priv,
                                                          std::span<const std::uint8_t> pub) {
    if (!supported(group) || pub.size() != public_size(group)) return nullptr;
    Bn x(BN_bin2bn(priv.data(), static_cast<int>(priv.size()), nullptr));
    Bytes octets;
    Bn y;
    if (ecp_curve(group)) {
        octets.push_back(4);
        octets.insert(octets.end(), pub.begin(), pub.end());
    } else {
        y.reset(BN_bin2bn(pub.data(), static_cast<int>(pub.size()), nullptr));
    }
    auto params = group_params(group, x.get(), octets, y.get());
    Pkey key = from_params(group, params.get(), EVP_PKEY_KEYPAIR);
    if (!key) return nullptr;
    auto k = std::make_unique<Key>();
    k->pkey = std::move(key);
    return std::unique_ptr<DiffieHellman>(new DiffieHellman(group, std::move(k), Bytes(pub.begin(), pub.end())));
}

std::optional<Bytes> DiffieHellman::shared_secret(std::span<const std::uint8_t> peer_public) const {
    if (peer_public.size() != public_size(group_)) return std::nullopt;
    Bytes octets;
    Bn y;
    if (ecp_curve(group_)) {
        octets.push_back(4);
        octets.insert(octets.end(), peer_public.begin(), peer_public.end());
    } else {
        y.reset(BN_bin2bn(peer_public.data(), static_cast<int>(peer_public.size()), nullptr));
    }
    auto params = group_params(group_, nullptr, octets, y.get());
    Pkey peer = from_params(group_, params.get(), EVP_PKEY_PUBLIC_KEY);
    if (!peer) return std::nullopt;
    // The peer's value is checked once, here (RFC 6989): an ECP point must lie on the curve
    // (section 2.3) and a value of a prime-order-subgroup group (24) must be in the subgroup
    // (section 2.2), both OpenSSL's public check; a value of the safe-prime MODP groups needs
    // only 1 < y < p-1 (section 2.1), where OpenSSL's full check costs a whole exponentiation.
    // The derive below is told not to check again (it would, by default).
    if (algorithms::dh_group(group_)->kind != algorithms::DhKind::MODP) {
        PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, peer.get(), nullptr));
        if (!check || EVP_PKEY_public_check(check.get()) != 1) return std::nullopt;
    } else {
        BIGNUM* p = nullptr;
        if (EVP_PKEY_get_bn_param(peer.get(), OSSL_PKEY_PARAM_FFC_P, &p) != 1) return std::nullopt;
        Bn prime(p), top(BN_dup(p));
        if (!top || !BN_sub_word(top.get(), 1)) return std::nullopt;
        if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), top.get()) >= 0) return std::nullopt;
    }
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_->pkey.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return std::nullopt;
    if (!ecp_curve(group_)) EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1);  // g^xy keeps the prime's length
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1) return std::nullopt;
    std::size_t len = 0;
    if (EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1) return std::nullopt;
    Bytes out(len);
    if (EVP_PKEY_derive(ctx.get(), out.data(), &len) != 1) return std::nullopt;
    out.resize(len);
    std::size_t want = ecp_curve(group_) ? ecp_field(group_) : public_size(group_);
    if (out.size() < want) out.insert(out.begin(), want - out.size(), 0);
    return out;
}

}  // namespace routerd::ike
