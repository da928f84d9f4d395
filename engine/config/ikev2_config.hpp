#pragma once
// The IKEv2 part of the running-config (IOS 15.x FlexVPN commands): proposals, policies,
// keyrings with their peers, profiles and the global `crypto ikev2 ...` settings. Values are as
// configured (keywords as IOS shows them, in the order typed); engine/policy turns them into
// transform IDs and fills in IOS's smart defaults (ikev2_policy.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/preshared_key.hpp"
#include "engine/config/stored_config.hpp"

namespace routerd::config {

// `crypto ikev2 proposal NAME`: each list accumulates (`encryption aes-cbc-128` then
// `encryption aes-cbc-256` gives both), keywords as typed ("aes-cbc-256", "sha512", "14").
struct Ikev2Proposal {
    std::string name;
    std::uint64_t created = 0;
    std::vector<std::string> encryption, integrity, prf;
    std::vector<int> groups;
    std::vector<StoredLine> stored;
    bool operator==(const Ikev2Proposal&) const = default;
};

// `crypto ikev2 policy NAME`
struct Ikev2Policy {
    std::string name;
    std::uint64_t created = 0;
    std::vector<std::string> proposals;
    std::vector<std::uint32_t> match_local;  // `match address local A.B.C.D`
    std::string fvrf;                        // "" (global), "any" or a VRF name
    std::vector<StoredLine> stored;
};

// `peer NAME` in a keyring. Keys are PresharedKey (type 0/6 as ISAKMP keys, secret opened).
struct Ikev2KeyringPeer {
    std::string name;
    std::string description;
    std::optional<std::uint32_t> address;
    std::uint32_t mask = 0xffffffff;
    bool mask_given = false;
    std::string hostname;
    std::string identity;  // "address 1.1.1.1", "fqdn host.example.com", "email a@b", "key-id X"
    // `pre-shared-key [local|remote]`: type, key as shown, secret (the address fields unused)
    std::optional<PresharedKey> psk, psk_local, psk_remote;
    std::vector<StoredLine> stored;
};

struct Ikev2Keyring {
    std::string name;
    std::uint64_t created = 0;
    std::vector<Ikev2KeyringPeer> peers;  // in the order configured
    Ikev2KeyringPeer* peer(const std::string& name);
};

struct Ikev2Dpd {
    std::uint32_t interval = 0, retry = 0;
    bool periodic = false;  // else on-demand
    bool operator==(const Ikev2Dpd&) const = default;
};

// `crypto ikev2 profile NAME`
struct Ikev2Profile {
    std::string name;
    std::uint64_t created = 0;
    std::string description;
    std::string fvrf;                      // `match fvrf`: "" (global), "any" or a VRF
    std::vector<std::string> match_local;  // "A.B.C.D" or "interface IFNAME"
    std::vector<std::string> match_identities;  // after `match identity remote `: "address A [M]", "fqdn [domain] X", "email [domain] X"
    std::string identity_local;            // "address A", "fqdn X", "email X"; "" = the address
    bool auth_local_psk = false, auth_remote_psk = false;
    std::string keyring;                   // `keyring local NAME`
    std::optional<std::uint32_t> lifetime;
    std::optional<Ikev2Dpd> dpd;
    std::optional<std::uint32_t> nat_keepalive;
    std::optional<std::uint32_t> virtual_template;  // `virtual-template N`: a dynamic VTI hub's template
    bool virtual_template_mode_auto = false;        // `... mode auto` (IOS XE: the tunnel mode from the peer)
    std::vector<StoredLine> stored;        // AAA, certificates, ... (kept)
};

struct Ikev2Config {
    std::map<std::string, Ikev2Proposal> proposals;  // "default" here: the default one, edited
    std::map<std::string, Ikev2Policy> policies;
    std::map<std::string, Ikev2Keyring> keyrings;
    std::map<std::string, Ikev2Profile> profiles;
    bool default_proposal_disabled = false;  // `no crypto ikev2 proposal default`
    bool default_policy_disabled = false;    // `no crypto ikev2 policy default`
    std::optional<Ikev2Dpd> dpd;
    std::optional<std::uint32_t> nat_keepalive, cookie_challenge, max_sa, max_in_negotiation_sa;
    // `crypto ikev2 fragmentation [mtu N]`: 0 when no MTU was given (IOS's default, 576).
    std::optional<std::uint32_t> fragmentation_mtu;
};

// IOS 15's smart default proposal: AES-CBC 256/192/128, SHA-512/384/256/1 and MD5 for both
// integrity and PRF, DH groups 5 and 2 (`show crypto ikev2 proposal default`).
const Ikev2Proposal& ikev2_default_proposal();
// A proposal with every list it leaves empty taken from the smart default (only the edited
// `default` proposal leaves any empty; a named one is incomplete without them).
Ikev2Proposal ikev2_effective_default(const Ikev2Config& c);
// The keyring peer a `(config-ikev2-keyring-peer)` frame edits ("RING PEER"), or nullptr.
Ikev2KeyringPeer* ikev2_peer_of(Ikev2Config& c, const std::string& context);

}  // namespace routerd::config
