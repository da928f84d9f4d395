#pragma once
// ISAKMP profiles as IOS uses them (12.2(15)T+): which profile a peer belongs to is decided by
// its phase 1 identity against each profile's `match identity` statements, and the profile then
// decides which keyrings its keys come from, which map entries and virtual templates serve it,
// and (with `self-identity fqdn`) how we name ourselves to it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"

namespace routerd::policy {

// A peer's phase 1 identity (RFC 2407 4.6.2.1), as far as profiles look at it.
struct PeerIdentity {
    enum class Kind { ADDRESS, FQDN, USER_FQDN, OTHER } kind = Kind::OTHER;
    std::uint32_t address = 0;  // ADDRESS
    std::string name;           // FQDN, USER_FQDN
    // "address 12.1.1.2", "fqdn R2.example.com", "user-fqdn vpn@example.com" (IOS's words for
    // the ID types in `self-identity`).
    std::string text() const;
};

// One `match identity` statement.
struct IdentityMatch {
    enum class Kind { ADDRESS, HOST, HOST_DOMAIN, USER, USER_DOMAIN, GROUP } kind = Kind::ADDRESS;
    std::uint32_t address = 0, mask = 0xffffffff;
    std::string value;  // host, domain, user or group, lower-cased (DNS names ignore case)
    std::string text;   // as `show running-config` prints it after `match identity `
    bool matches(const PeerIdentity& id) const;
    // How narrowly it names the peer, for choosing between profiles that both match: an
    // address by its mask length, a host name above any address, a domain by its length.
    int specificity() const;
    bool operator==(const IdentityMatch&) const = default;
};

struct IsakmpProfilePolicy {
    std::string name;
    std::vector<std::string> keyrings;       // empty: keys from every keyring
    std::vector<IdentityMatch> matches;      // empty: the profile is incomplete and matches nobody
    std::uint32_t local_address = 0;         // `local-address`, resolved; 0 = any
    std::string self_fqdn;                   // `self-identity fqdn`: our ID to its peers
    bool operator==(const IsakmpProfilePolicy&) const = default;
};

// A keyring's or profile's `local-address`: an address as typed, or an interface's primary
// address (0 when that interface has none or the text names neither).
std::uint32_t resolve_local_address(const config::RunningConfig& rc, const std::string& typed);

// The profiles in the order they were configured (IOS's order in `show running-config`).
std::vector<IsakmpProfilePolicy> compile_profiles(const config::RunningConfig& rc, std::vector<std::string>& problems);

// The statement of `profile` that admits `id`, if any.
const IdentityMatch* admitting_statement(const IsakmpProfilePolicy& profile, const PeerIdentity& id);

struct ProfileMatch {
    const IsakmpProfilePolicy* profile = nullptr;
    const IdentityMatch* statement = nullptr;
};
// The profile a responder gives a peer with identity `id` that reached us on `local`: among the
// profiles not bound to another local address, the one with the narrowest matching statement;
// on a tie the one configured first. nullopt: "peer matches *none* of the profiles".
std::optional<ProfileMatch> match_profile(const std::vector<IsakmpProfilePolicy>& profiles, const PeerIdentity& id,
                                          std::uint32_t local);

}  // namespace routerd::policy
