#pragma once
// Type 6 pre-shared keys (IOS's "Encrypted Preshared Key": `key config-key password-encrypt`
// sets a master key kept out of the running-config, `password encryption aes` stores keys
// encrypted under it, and a key may be pasted as `key 6 TEXT`).
//
// The encryption is routerd's own, not IOS's: AES-256-GCM under a key derived from the master
// key (PBKDF2-HMAC-SHA256, a salt per key), written in base64url. A type 6 key of a real IOS
// router is refused as not valid here (IOS's own format is not published); paste it as type 0.
#include <optional>
#include <string>
#include <string_view>

namespace routerd::config {

// IOS: a master key has at least 8 characters.
constexpr std::size_t kMinMasterKeyLength = 8;

std::string type6_encrypt(std::string_view master_key, std::string_view secret);
// The secret, or nullopt when the text is not ours or the master key is not the one it was
// encrypted under (the GCM tag does not verify).
std::optional<std::string> type6_decrypt(std::string_view master_key, std::string_view text);
// Whether the text has the form of a type 6 key at all (checkable without the master key).
bool type6_well_formed(std::string_view text);

}  // namespace routerd::config
