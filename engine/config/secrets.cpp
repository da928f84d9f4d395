#include "engine/config/secrets.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace routerd::config {
namespace {

constexpr std::string_view kCryptAlphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kType7Key = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

// Cisco's type 8/9 encoding: RFC 4648 bit order with the crypt alphabet, no padding.
std::string cisco_base64(const unsigned char* data, std::size_t len) {
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        for (int s = 18; s >= 0; s -= 6) out += kCryptAlphabet[(v >> s) & 0x3f];
    }
    if (len - i == 1) {
        std::uint32_t v = data[i] << 16;
        out += kCryptAlphabet[(v >> 18) & 0x3f];
        out += kCryptAlphabet[(v >> 12) & 0x3f];
    } else if (len - i == 2) {
        std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8);
        out += kCryptAlphabet[(v >> 18) & 0x3f];
        out += kCryptAlphabet[(v >> 12) & 0x3f];
        out += kCryptAlphabet[(v >> 6) & 0x3f];
    }
    return out;
}

// md5-crypt's own little-endian 24-bit groups.
void to64(std::string& out, std::uint32_t v, int n) {
    while (n-- > 0) {
        out += kCryptAlphabet[v & 0x3f];
        v >>= 6;
    }
}

std::array<unsigned char, 16> md5(const std::string& data) {
    std::array<unsigned char, 16> out{};
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_md5(), nullptr);
    return out;
}

std::string_view salt_of(std::string_view text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) return {};
    auto rest = text.substr(prefix.size());
    auto dollar = rest.find('$');
    return dollar == std::string_view::npos ? std::string_view{} : rest.substr(0, dollar);
}

bool equal_ct(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string hash_type9(std::string_view password, std::string_view salt) {
    std::array<unsigned char, 32> key{};
    EVP_PBE_scrypt(password.data(), password.size(), reinterpret_cast<const unsigned char*>(salt.data()), salt.size(),
                   16384, 1, 1, 0, key.data(), key.size());
    return "$9$" + std::string(salt) + "$" + cisco_base64(key.data(), key.size());
}

std::string hash_type8(std::string_view password, std::string_view salt) {
    std::array<unsigned char, 32> key{};
    PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                      reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), 20000,
                      EVP_sha256(), static_cast<int>(key.size()), key.data());
    return "$8$" + std::string(salt) + "$" + cisco_base64(key.data(), key.size());
}

// md5-crypt as specified by its FreeBSD origin (the $1$ format every crypt(3) shares).
std::string hash_type5(std::string_view password, std::string_view salt) {
    salt = salt.substr(0, 8);
    std::string pw(password), s(salt);
    auto alt = md5(pw + s + pw);
    std::string ctx = pw + "$1$" + s;
    for (std::size_t n = pw.size(); n > 0; n -= std::min<std::size_t>(n, 16))
        ctx.append(reinterpret_cast<const char*>(alt.data()), std::min<std::size_t>(n, 16));
    for (std::size_t n = pw.size(); n > 0; n >>= 1) ctx += (n & 1) ? '\0' : pw[0];
    auto fin = md5(ctx);
    for (int i = 0; i < 1000; ++i) {
        std::string c;
        std::string f(reinterpret_cast<const char*>(fin.data()), fin.size());
        c += (i & 1) ? pw : f;
        if (i % 3) c += s;
        if (i % 7) c += pw;
        c += (i & 1) ? f : pw;
        fin = md5(c);
    }
    std::string out = "$1$" + s + "$";
    to64(out, (fin[0] << 16) | (fin[6] << 8) | fin[12], 4);
    to64(out, (fin[1] << 16) | (fin[7] << 8) | fin[13], 4);
    to64(out, (fin[2] << 16) | (fin[8] << 8) | fin[14], 4);
    to64(out, (fin[3] << 16) | (fin[9] << 8) | fin[15], 4);
    to64(out, (fin[4] << 16) | (fin[10] << 8) | fin[5], 4);
    to64(out, fin[11], 2);
    return out;
}

std::string random_salt() {
    std::array<unsigned char, 14> raw{};
    RAND_bytes(raw.data(), static_cast<int>(raw.size()));
    std::string out;
    for (unsigned char c : raw) out += kCryptAlphabet[c & 0x3f];
    return out;
}

std::string encode_type7(std::string_view plain, unsigned seed) {
    seed %= 16;
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02u", seed);
    std::string out = buf;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(plain[i]) ^ static_cast<unsigned char>(kType7Key[(seed + i) % kType7Key.size()]);
        std::snprintf(buf, sizeof buf, "%02X", c);
        out += buf;
    }
    return out;
}

std::optional<std::string> decode_type7(std::string_view encoded) {
    if (encoded.size() < 2 || encoded.size() % 2 != 0) return std::nullopt;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    if (hex(encoded[0]) < 0 || hex(encoded[0]) > 9 || hex(encoded[1]) < 0 || hex(encoded[1]) > 9) return std::nullopt;
    unsigned seed = static_cast<unsigned>(hex(encoded[0]) * 10 + hex(encoded[1]));
    if (seed > 15) return std::nullopt;
    std::string out;
    for (std::size_t i = 2; i < encoded.size(); i += 2) {
        int hi = hex(encoded[i]), lo = hex(encoded[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        std::size_t k = (seed + (i - 2) / 2) % kType7Key.size();
        out += static_cast<char>((hi << 4 | lo) ^ static_cast<unsigned char>(kType7Key[k]));
    }
    return out;
}

bool valid_hash(int type, std::string_view text) {
    switch (type) {
        case 5: return !salt_of(text, "$1$").empty();
        case 7: return decode_type7(text).has_value();
        case 8: return salt_of(text, "$8$").size() == 14 && text.size() == 3 + 14 + 1 + 43;
        case 9: return salt_of(text, "$9$").size() == 14 && text.size() == 3 + 14 + 1 + 43;
        default: return false;
    }
}

bool verify_secret(const StoredSecret& stored, std::string_view password) {
    switch (stored.type) {
        case 0: return equal_ct(stored.text, std::string(password));
        case 5: return equal_ct(stored.text, hash_type5(password, salt_of(stored.text, "$1$")));
        case 7: {
            auto plain = decode_type7(stored.text);
            return plain && equal_ct(*plain, std::string(password));
        }
        case 8: return equal_ct(stored.text, hash_type8(password, salt_of(stored.text, "$8$")));
        case 9: return equal_ct(stored.text, hash_type9(password, salt_of(stored.text, "$9$")));
        default: return false;
    }
}

namespace {

struct LineWord {
    std::string_view text;
    std::size_t column;
    std::string lower;
};

std::vector<LineWord> words_of(std::string_view line) {
    std::vector<LineWord> out;
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ' || line[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        LineWord w{line.substr(start, i - start), start, {}};
        for (char c : w.text) w.lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back(std::move(w));
    }
    return out;
}

bool one_of(const std::string& word, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), word) != set.end();
}

// The encryption type IOS writes before a secret: `key 6 ...`, `secret 9 ...`, `password 7 ...`.
bool type_digit(const std::string& word) { return one_of(word, {"0", "5", "6", "7", "8", "9"}); }

}  // namespace

MaskedLine mask_secrets(std::string_view line) {
    auto words = words_of(line);
    std::vector<bool> secret(words.size(), false);
    // The secret after the keyword at `i`: the next word, or the one after a type digit (unless
    // the digit is the last word or an `address` follows: then the digit is the key itself).
    auto after = [&](std::size_t i) {
        std::size_t k = i + 1;
        if (k >= words.size()) return;
        if (type_digit(words[k].lower) && k + 1 < words.size() &&
            !one_of(words[k + 1].lower, {"address", "hostname", "ipv6"}))
            ++k;
        secret[k] = true;
    };
    bool digest_key = false;  // `message-digest-key 1 md5 X`, `authentication-key 1 md5 X`
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i].lower;
        const std::string next = i + 1 < words.size() ? words[i + 1].lower : "";
        if (w == "message-digest-key" || w == "authentication-key") {
            digest_key = true;
            // `ip ospf authentication-key X`: the key follows; a key number precedes `md5`.
            if (!(i + 2 < words.size() && words[i + 2].lower == "md5")) after(i);
        } else if (w == "md5" && digest_key) {
            after(i);
        } else if (w == "key") {
            // `crypto key generate rsa`, `key chain NAME`, `key config-key password-encrypt X`:
            // the word after `key` is a keyword there, not a key.
            if (!one_of(next, {"", "config-key", "chain", "generate", "zeroize", "pubkey-chain", "import", "export",
                               "storage", "move", "decrypt", "encrypt", "lock", "unlock"}))
                after(i);
        } else if (w == "pre-shared-key") {
            // `pre-shared-key address A key X` masks at `key`; IKEv2's `pre-shared-key [local|remote] X`.
            if (one_of(next, {"local", "remote"})) after(i + 1);
            else if (!one_of(next, {"", "address", "hostname", "ipv6"})) after(i);
        } else if (w == "password" || w == "secret") {
            if (next == "encryption") continue;  // `password encryption aes`
            std::size_t at = i;
            if (next == "level" && i + 2 < words.size()) at = i + 2;  // `enable secret level 15 5 $1$...`
            after(at);
        } else if (one_of(w, {"password-encrypt", "key-string", "community", "psk"})) {
            after(i);
        }
    }
    MaskedLine out;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!secret[i]) continue;
        out.text.append(line.substr(pos, words[i].column - pos));
        out.text += kMaskedSecret;
        out.masked.push_back({words[i].column, words[i].text.size()});
        out.secrets.emplace_back(words[i].text);
        pos = words[i].column + words[i].text.size();
    }
    out.text.append(line.substr(pos));
    return out;
}

std::size_t MaskedLine::column_in_text(std::size_t column) const {
    std::size_t shift_in = 0, shift_out = 0;  // columns removed, columns added before `column`
    for (const auto& m : masked) {
        if (column < m.column) break;
        if (column < m.column + m.length) return m.column - shift_in + shift_out;  // inside: its start
        shift_in += m.length;
        shift_out += kMaskedSecret.size();
    }
    return column - shift_in + shift_out;
}

}  // namespace routerd::config
