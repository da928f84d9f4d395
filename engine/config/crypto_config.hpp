#pragma once
// The crypto part of the running-config: ISAKMP policies and keys, keyrings, ISAKMP profiles,
// transform sets, global IPsec SA settings, crypto maps, dynamic maps and IPsec profiles.
// Values are as configured; IOS defaults are filled in by engine/policy when compiling.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/ikev2_config.hpp"
#include "engine/config/preshared_key.hpp"
#include "engine/config/stored_config.hpp"

namespace routerd::config {

enum class IkeEncryption { Des, TripleDes, Aes128, Aes192, Aes256 };
enum class IkeHash { Md5, Sha, Sha256, Sha384, Sha512 };
enum class IkeAuthentication { PreShare, RsaEncr, RsaSig };

// `crypto isakmp policy N`: IOS 15 defaults are des, sha, rsa-sig, group 1, 86400 s.
struct IsakmpPolicy {
    std::uint32_t priority = 0;
    IkeEncryption encryption = IkeEncryption::Des;
    IkeHash hash = IkeHash::Sha;
    IkeAuthentication authentication = IkeAuthentication::RsaSig;
    int group = 1;
    std::uint32_t lifetime = 86400;
};

// IOS 12.4(20)T+'s eight built-in suites (priorities 65507-65514), used when no policy is
// configured and `crypto isakmp default policy` is on.
std::vector<IsakmpPolicy> builtin_isakmp_policies();

struct Keyring {
    std::string name;
    std::string vrf;
    std::string description;
    std::string local_address;  // address or interface name, as typed
    std::vector<PresharedKey> keys;
    std::vector<StoredLine> stored;  // lines kept without effect (stored_config.hpp)
};

struct IsakmpProfile {
    std::string name;
    std::uint64_t created = 0;  // IOS lists them in the order they were made
    std::string description;
    std::vector<std::string> keyrings;
    std::vector<std::string> match_identities;  // canonical text after `match identity `
    std::string self_identity;
    std::string local_address;
    std::optional<std::pair<std::uint32_t, std::uint32_t>> keepalive;  // seconds, retry
    std::string vrf;
    bool initiate_aggressive = false;
    // A dynamic VTI hub: peers of this profile get a Virtual-Access cloned from the template.
    std::optional<std::uint32_t> virtual_template;
    std::vector<StoredLine> stored;
};

struct IsakmpGlobals {
    bool enabled = true;
    bool default_policy = true;
    bool aggressive_mode_disabled = false;
    bool invalid_spi_recovery = false;
    bool fragmentation = false;
    bool log_sessions = false;  // `crypto logging session`
    std::string identity;  // "" = address (the default)
    struct Keepalive {
        std::uint32_t seconds = 0, retry = 2;
        bool retry_given = false;
        std::string mode;  // "", "periodic" or "on-demand"
    };
    std::optional<Keepalive> keepalive;
    std::optional<std::uint32_t> nat_keepalive;
    // `crypto call admission limit ike sa N` / `... in-negotiation-sa N`
    std::optional<std::uint32_t> admission_sa_limit, admission_in_negotiation_limit;
};

// A transform as configured: its keyword and, for AES/GCM/GMAC, the key size typed (0 = default).
struct Transform {
    std::string name;  // "esp-aes", "esp-sha-hmac", "ah-sha-hmac", ...
    std::uint32_t key_bits = 0;
    bool operator==(const Transform&) const = default;
};

struct TransformSet {
    std::string name;
    std::uint64_t created = 0;  // IOS lists them in the order they were made, not by name
    std::vector<Transform> transforms;  // in the order typed
    bool transport = false;
    bool require = false;
};

// IPsec SA lifetime and friends; unset fields fall back to the global settings.
struct SaSettings {
    std::optional<std::uint32_t> lifetime_seconds;
    std::optional<std::uint64_t> lifetime_kilobytes;
    bool kilobytes_disabled = false;
    std::optional<std::uint32_t> lifetime_days;
    std::optional<std::uint32_t> idle_time;
    bool idle_default = false;
    std::optional<std::uint32_t> replay_window;
    bool replay_disabled = false;
};

struct Peer {
    std::string address;  // dotted quad or host name, as typed
    bool is_default = false;
};

// A crypto map entry (`crypto map NAME SEQ ...`) or a dynamic map entry.
struct CryptoMapEntry {
    std::uint32_t seq = 0;
    enum class Kind { IpsecIsakmp, IpsecManual } kind = Kind::IpsecIsakmp;
    std::string dynamic_template;  // `ipsec-isakmp dynamic DYN`
    bool discover = false;
    std::string description;
    std::vector<Peer> peers;
    std::vector<std::string> transform_sets;
    std::string match_address;
    std::optional<int> pfs_group;  // set pfs: group number (1 when given without a group)
    SaSettings sa;
    std::string isakmp_profile;
    std::string ikev2_profile;  // `set ikev2-profile NAME`
    std::optional<std::string> reverse_route;  // "" = plain `reverse-route`, else its arguments
    bool nat_demux = false;
    std::vector<std::string> session_keys;  // `set session-key ...` arguments, as typed
    std::vector<StoredLine> stored;
};

struct CryptoMap {
    std::string name;
    std::map<std::uint32_t, CryptoMapEntry> entries;
    std::string local_address;  // interface
    std::string isakmp_profile;
};

struct IpsecProfile {
    std::string name;
    std::uint64_t created = 0;  // IOS lists them in the order they were made
    std::string description;
    std::vector<std::string> transform_sets;
    std::optional<int> pfs_group;
    SaSettings sa;
    std::string isakmp_profile;
    std::string ikev2_profile;  // `set ikev2-profile NAME`
    bool responder_only = false;
    std::vector<StoredLine> stored;
};

struct IpsecGlobals {
    SaSettings sa;  // `crypto ipsec security-association ...`
    std::string df_bit;  // "", "clear", "set", "copy"
    bool nat_transparency = true;
};

struct CryptoConfig {
    std::map<std::uint32_t, IsakmpPolicy> policies;
    std::vector<PresharedKey> keys;  // keyring "default"
    std::map<std::string, Keyring> keyrings;
    std::map<std::string, IsakmpProfile> isakmp_profiles;
    IsakmpGlobals isakmp;
    std::map<std::string, TransformSet> transform_sets;
    IpsecGlobals ipsec;
    std::map<std::string, IpsecProfile> ipsec_profiles;
    std::map<std::string, CryptoMap> maps;
    std::map<std::string, CryptoMap> dynamic_maps;
    Ikev2Config ikev2;
    // `key config-key password-encrypt`: never in the running-config (IOS keeps it in private
    // NVRAM; routerd in its config directory's private-config). `password encryption aes`
    // stores pre-shared keys as type 6 under it.
    std::string master_key;
    bool password_encryption_aes = false;
    std::uint64_t next_created = 1;  // stamps `created` above
};

// The entry a crypto map sub-mode edits, by its context ("map TST 10" / "dynamic DYN 10");
// nullptr when it does not exist (any more).
const CryptoMapEntry* map_entry_of(const CryptoConfig& c, const std::string& context);
inline CryptoMapEntry* map_entry_of(CryptoConfig& c, const std::string& context) {
    return const_cast<CryptoMapEntry*>(map_entry_of(std::as_const(c), context));
}

// The values of `objects` (a map by name) in the order they were created.
template <typename T>
std::vector<const T*> in_creation_order(const std::map<std::string, T>& objects) {
    std::vector<const T*> out;
    for (const auto& [name, o] : objects) out.push_back(&o);
    std::stable_sort(out.begin(), out.end(), [](const T* a, const T* b) { return a->created < b->created; });
    return out;
}

}  // namespace routerd::config
