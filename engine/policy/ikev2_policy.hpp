#pragma once
// The IKEv2 part of the compiled policy (PolicySet::ikev2): what `crypto ikev2 ...` means, with
// IOS's smart defaults filled in and names resolved, for the IKEv2 engine (engine/ike/v2).
//
// Algorithms are IKEv2 transform IDs (RFC 7296 3.3.2, IANA "IKEv2 Parameters"), in the order the
// configuration lists them, which is the order they are proposed. How IOS uses the pieces:
//  - a policy picks the proposals for an IKE_SA_INIT: the first policy (in `policies` order)
//    whose `match address local` and `match fvrf` fit the local address and front-door VRF;
//    the `default` policy (proposal `default`) last, unless disabled;
//  - a profile is chosen for IKE_AUTH by the peer's identity (`match identity remote`) or, as
//    initiator, by the crypto map entry or IPsec profile that names it (`set ikev2-profile`);
//  - the profile's `keyring local` gives the pre-shared keys, per peer by address/mask,
//    hostname or identity; `pre-shared-key` alone is both the local and the remote key.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"

namespace routerd::policy {

// Transform type 1 (ENCR): 3DES = 3, AES-CBC = 12, AES-GCM with a 16-octet ICV = 20 (RFC 5282).
struct Ikev2Encryption {
    std::uint16_t id = 0;
    std::uint16_t key_bits = 0;  // the Key Length attribute; 0 for 3DES
    bool aead() const { return id == 20; }
    bool operator==(const Ikev2Encryption&) const = default;
};
inline constexpr std::uint16_t kEncr3Des = 3, kEncrAesCbc = 12, kEncrAesGcm16 = 20;
// Transform type 2 (PRF): HMAC-MD5 = 1, HMAC-SHA1 = 2, HMAC-SHA2-256/384/512 = 5/6/7.
// Transform type 3 (INTEG): HMAC-MD5-96 = 1, HMAC-SHA1-96 = 2, HMAC-SHA2-256-128/384-192/512-256 = 12/13/14.
// Transform type 4 (D-H): the group number (2, 5, 14, 15, 16, 19, 20, 21, 24, ...).

struct Ikev2ProposalPolicy {
    std::string name;
    std::vector<Ikev2Encryption> encryption;
    std::vector<std::uint16_t> integrity;  // empty for an AEAD-only proposal
    std::vector<std::uint16_t> prf;
    std::vector<std::uint16_t> groups;
    bool complete = false;  // encryption, PRF, a group, and integrity unless every cipher is AEAD
    bool operator==(const Ikev2ProposalPolicy&) const = default;
};

struct Ikev2PolicyEntry {
    std::string name;
    std::vector<std::uint32_t> local_addresses;  // empty: any
    std::string fvrf;                            // "" the global table, "any", or a VRF name
    std::vector<std::string> proposals;          // names in `Ikev2PolicySet::proposals`, defined ones only
    bool operator==(const Ikev2PolicyEntry&) const = default;
};

// An IKEv2 identity (RFC 7296 3.5): ID_IPV4_ADDR 1, ID_FQDN 2, ID_RFC822_ADDR 3, ID_KEY_ID 11;
// as a `match identity remote` pattern, type 0 is `any`.
struct Ikev2Identity {
    std::uint8_t type = 1;
    std::uint32_t address = 0, mask = 0xffffffff;  // ID_IPV4_ADDR
    std::string value;                             // the others; lower-cased for FQDN and e-mail
    bool domain = false;  // `match identity remote fqdn|email domain X`: any name ending in X
    bool operator==(const Ikev2Identity&) const = default;
};

struct Ikev2PeerPolicy {
    std::string name;
    std::optional<std::uint32_t> address;  // `address A [M]`
    std::uint32_t mask = 0xffffffff;
    std::string hostname;
    std::optional<Ikev2Identity> identity;
    // The secrets (type 6 opened); "" when not configured or not usable.
    std::string local_key, remote_key;
    bool operator==(const Ikev2PeerPolicy&) const = default;
};

struct Ikev2KeyringPolicy {
    std::string name;
    std::vector<Ikev2PeerPolicy> peers;  // in configuration order
    bool operator==(const Ikev2KeyringPolicy&) const = default;
};

struct Ikev2Dpd {
    std::uint32_t interval = 0, retry = 0;
    bool periodic = false;
    bool operator==(const Ikev2Dpd&) const = default;
};

struct Ikev2ProfilePolicy {
    std::string name;
    std::string fvrf;
    std::vector<std::uint32_t> local_addresses;  // `match address local` (interfaces resolved); empty: any
    std::vector<Ikev2Identity> remote_identities;  // `match identity remote`: empty matches nobody
    std::optional<Ikev2Identity> local_identity;   // nullopt: our address (ID_IPV4_ADDR)
    bool local_psk = false, remote_psk = false;    // `authentication local|remote pre-share`
    std::string keyring;                           // "" or a defined keyring
    std::uint32_t lifetime = 86400;
    std::optional<Ikev2Dpd> dpd;                   // the profile's, else the global one
    std::optional<std::uint32_t> nat_keepalive;    // likewise
    bool operator==(const Ikev2ProfilePolicy&) const = default;
};

struct Ikev2PolicySet {
    std::vector<Ikev2ProposalPolicy> proposals;  // the default one first when enabled, then by creation
    std::vector<Ikev2PolicyEntry> policies;      // in matching order; the default policy last
    std::vector<Ikev2KeyringPolicy> keyrings;
    std::vector<Ikev2ProfilePolicy> profiles;    // in configuration order
    std::optional<Ikev2Dpd> dpd;
    std::optional<std::uint32_t> nat_keepalive, cookie_challenge, max_sa, max_in_negotiation_sa;
    std::optional<std::uint16_t> fragmentation_mtu;  // RFC 7383 offered, with this MTU (IOS's default 576)

    const Ikev2ProposalPolicy* proposal(const std::string& name) const;
    const Ikev2ProfilePolicy* profile(const std::string& name) const;
    const Ikev2KeyringPolicy* keyring(const std::string& name) const;
    // The proposals an IKE_SA_INIT on `local` offers or accepts: those of the first policy that
    // fits (fvrf: "" global), complete ones only.
    std::vector<const Ikev2ProposalPolicy*> proposals_for(std::uint32_t local, const std::string& fvrf = "") const;
    bool operator==(const Ikev2PolicySet&) const = default;
};

bool identity_matches(const Ikev2Identity& pattern, const Ikev2Identity& id);

// Compiles `crypto ikev2 ...`; what cannot take effect goes to `problems` ("IKEv2 profile P:
// keyring K is not defined").
Ikev2PolicySet compile_ikev2(const config::RunningConfig& rc, std::vector<std::string>& problems);

}  // namespace routerd::policy
