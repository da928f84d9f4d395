#pragma once
// IOS password storage forms: type 7 (reversible, `service password-encryption`), type 5
// (md5-crypt), type 8 (PBKDF2-SHA256) and type 9 (scrypt), as IOS writes them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::config {

// A secret as stored in the running-config: its type and text (`9 $9$salt$hash`).
struct StoredSecret {
    int type = 0;
    std::string text;
    bool operator==(const StoredSecret&) const = default;
};

// Type 9: scrypt N=16384 r=1 p=1 over a 14-character salt, Cisco's base64 alphabet.
std::string hash_type9(std::string_view password, std::string_view salt);
// Type 8: PBKDF2-HMAC-SHA256, 20000 iterations, 14-character salt.
std::string hash_type8(std::string_view password, std::string_view salt);
// Type 5: md5-crypt ($1$).
std::string hash_type5(std::string_view password, std::string_view salt);
std::string random_salt();  // 14 characters of the crypt alphabet, from the OpenSSL RNG

// Type 7 (a Vigenère cipher: obfuscation only, as on IOS).
std::string encode_type7(std::string_view plain, unsigned seed);
std::optional<std::string> decode_type7(std::string_view encoded);

// Whether `password` matches a stored secret of type 0, 5, 7, 8 or 9 (constant-time compare).
bool verify_secret(const StoredSecret& stored, std::string_view password);
// A well-formed hash of the given type (`enable secret 9 ...` pasted from another router).
bool valid_hash(int type, std::string_view text);

// A config line with its secrets hidden, for echoing it where secrets must not go (a rejected
// startup-config line in routerd's log, which is the journal under systemd). As IOS's
// `archive log config` with `hidekeys` shows a line: each pre-shared key, password, secret,
// key string or SNMP community becomes `*****`, whatever its type (a type 7 or 6 string is
// reversible, a type 5/8/9 hash can be attacked offline: none is shown).
struct MaskedLine {
    std::string text;
    struct Span {
        std::size_t column = 0, length = 0;  // where the secret was in the original line
    };
    std::vector<Span> masked;
    std::vector<std::string> secrets;  // the hidden words themselves
    // Where `column` of the original line is in `text` (a caret under a word after a secret).
    std::size_t column_in_text(std::size_t column) const;
};
MaskedLine mask_secrets(std::string_view line);
inline constexpr std::string_view kMaskedSecret = "*****";

}  // namespace routerd::config
