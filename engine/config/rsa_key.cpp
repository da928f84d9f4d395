#include "engine/config/rsa_key.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>
#include <vector>

namespace routerd::config {
namespace {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct BioFree { void operator()(BIO* b) const { BIO_free(b); } };
struct BnFree { void operator()(BIGNUM* b) const { BN_free(b); } };
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Pkey load(const std::string& pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return nullptr;
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return nullptr;
    return key;
}

void put_u32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

// RFC 4251 mpint: big-endian, a leading zero when the top bit is set.
void put_mpint(std::string& out, const BIGNUM* bn) {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, bytes.data());
    bool pad = !bytes.empty() && (bytes[0] & 0x80);
    put_u32(out, static_cast<std::uint32_t>(bytes.size() + (pad ? 1 : 0)));
    if (pad) out.push_back('\0');
    out.append(bytes.begin(), bytes.end());
}

}  // namespace

std::optional<std::string> generate_rsa_pem(std::uint32_t bits) {
    Pkey key(EVP_RSA_gen(bits));
    if (!key) return std::nullopt;
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return std::nullopt;
    char* data = nullptr;
    long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

std::uint32_t rsa_pem_bits(const std::string& pem) {
    auto key = load(pem);
    return key ? static_cast<std::uint32_t>(EVP_PKEY_get_bits(key.get())) : 0;
}

std::string rsa_public_secsh(const std::string& pem) {
    auto key = load(pem);
    if (!key) return "";
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    if (!EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n) ||
        !EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_E, &e)) {
        BN_free(n);
        BN_free(e);
        return "";
    }
    Bn nn(n), ee(e);
    std::string blob;
    put_u32(blob, 7);
    blob += "ssh-rsa";
    put_mpint(blob, ee.get());
    put_mpint(blob, nn.get());
    std::string b64(4 * ((blob.size() + 2) / 3) + 1, '\0');
    int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                              reinterpret_cast<const unsigned char*>(blob.data()), static_cast<int>(blob.size()));
    b64.resize(static_cast<std::size_t>(len));
    return "ssh-rsa " + b64;
}

std::string rsa_public_der_hex(const std::string& pem) {
    auto key = load(pem);
    if (!key) return "";
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(key.get(), &der);
    if (len <= 0) return "";
    static const char* digits = "0123456789ABCDEF";
    std::string hex;
    for (int i = 0; i < len; ++i) {
        hex.push_back(digits[der[i] >> 4]);
        hex.push_back(digits[der[i] & 15]);
    }
    OPENSSL_free(der);
    return hex;
}

}  // namespace routerd::config
