#include "engine/config/type6.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>
#include <vector>

namespace routerd::config {
namespace {

using Bytes = std::vector<unsigned char>;

constexpr unsigned char kVersion = 1;
constexpr std::size_t kSalt = 8, kIv = 12, kTag = 16, kHeader = 1 + kSalt + kIv + kTag;
constexpr int kIterations = 2000;  // per key at every load: a config of 1,000 keys stays quick

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(const Bytes& in) {
    std::string out;
    unsigned bits = 0, acc = 0;
    for (unsigned char b : in) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(acc >> bits) & 0x3f];
        }
    }
    if (bits) out += kAlphabet[(acc << (6 - bits)) & 0x3f];
    return out;
}

std::optional<Bytes> decode(std::string_view in) {
    Bytes out;
    unsigned bits = 0, acc = 0;
    for (char c : in) {
        auto at = kAlphabet.find(c);
        if (at == std::string_view::npos) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(at);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

std::array<unsigned char, 32> derive(std::string_view master, const unsigned char* salt) {
    std::array<unsigned char, 32> key{};
    PKCS5_PBKDF2_HMAC(master.data(), static_cast<int>(master.size()), salt, kSalt, kIterations, EVP_sha256(),
                      static_cast<int>(key.size()), key.data());
    return key;
}

using Ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

}  // namespace

std::string type6_encrypt(std::string_view master_key, std::string_view secret) {
    Bytes out(kHeader + secret.size());
    out[0] = kVersion;
    unsigned char* salt = &out[1];
    unsigned char* iv = salt + kSalt;
    unsigned char* tag = iv + kIv;
    RAND_bytes(salt, kSalt + kIv);
    auto key = derive(master_key, salt);
    Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    int len = 0;
    EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), iv);
    EVP_EncryptUpdate(ctx.get(), &out[kHeader], &len, reinterpret_cast<const unsigned char*>(secret.data()),
                      static_cast<int>(secret.size()));
    EVP_EncryptFinal_ex(ctx.get(), &out[kHeader] + len, &len);
    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, tag);
    return encode(out);
}

bool type6_well_formed(std::string_view text) {
    auto raw = decode(text);
    return raw && raw->size() > kHeader && (*raw)[0] == kVersion && encode(*raw) == text;
}

std::optional<std::string> type6_decrypt(std::string_view master_key, std::string_view text) {
    if (!type6_well_formed(text)) return std::nullopt;
    Bytes raw = *decode(text);
    const unsigned char* salt = &raw[1];
    const unsigned char* iv = salt + kSalt;
    unsigned char* tag = &raw[1 + kSalt + kIv];
    auto key = derive(master_key, salt);
    Ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    std::string out(raw.size() - kHeader, '\0');
    int len = 0;
    EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), iv);
    EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len, &raw[kHeader],
                      static_cast<int>(raw.size() - kHeader));
    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag);
    if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) <= 0) return std::nullopt;
    return out;
}

}  // namespace routerd::config
