#pragma once
// The compiled, immutable policy the IKE and IPsec engines work from: what the running-config
// means, with IOS defaults filled in and references resolved. Recompiled after changes; the
// engines reconcile against the diff of two snapshots.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/policy/algorithms.hpp"
#include "engine/policy/ikev2_policy.hpp"
#include "engine/policy/isakmp_profiles.hpp"
#include "engine/policy/key_table.hpp"
#include "engine/policy/selectors.hpp"

namespace routerd::policy {

// What a policy entry is. Its key says the same in words ("map TST 10", "dynamic DYN 10",
// "tunnel Tunnel0", "vtemplate Virtual-Template1"), and keys travel with negotiated SAs; these
// functions are the one place that reads or makes them.
enum class EntryKind { CRYPTO_MAP, DYNAMIC_MAP, TUNNEL, VIRTUAL_TEMPLATE };
std::string entry_key(EntryKind kind, std::string_view name, std::optional<std::uint32_t> seq = std::nullopt);
EntryKind entry_kind(std::string_view key);
// The map (static or dynamic) or the interface a key names: "TST", "DYN", "Tunnel0".
std::string entry_subject(std::string_view key);
// How messages name an entry: "crypto map TST 10", "dynamic map DYN 10", "Tunnel0".
std::string entry_title(std::string_view key);

// A crypto map entry, a dynamic map template entry, or the implicit entry of a protected tunnel.
struct ProtectionPolicy {
    std::string key;  // entry_key(kind, ...)
    EntryKind kind = EntryKind::CRYPTO_MAP;
    std::string map;
    std::uint32_t seq = 0;
    bool manual = false;
    std::string dynamic_template;  // a map entry that points to a dynamic map
    std::vector<std::uint32_t> peers;  // IPv4, in failover order, the default first
    std::vector<TransformDescriptor> transforms;  // in priority order
    std::string acl;
    std::vector<Selector> selectors;  // empty with no ACL (dynamic: accept what the peer proposes)
    std::optional<int> pfs_group;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;  // 0 = volume rekey disabled
    std::optional<std::uint32_t> idle_time;
    std::uint32_t replay_window = 64;  // 0 = replay check disabled
    std::string isakmp_profile;
    std::string ikev2_profile;  // `set ikev2-profile`: the entry negotiates with IKEv2 (PolicySet::ikev2)
    bool aggressive = false;  // the ISAKMP profile says `initiate mode aggressive`
    // Reverse route injection: a route to the remote side of each flow, through the peer (or
    // the `remote-peer A.B.C.D` gateway). `static`: always there, not only while SAs are up.
    bool reverse_route = false;
    bool reverse_route_static = false;
    std::optional<std::uint32_t> reverse_route_gateway;
    std::vector<std::string> interfaces;  // where the map is applied
    std::string local_address;            // `crypto map NAME local-address IF`
    // A protected tunnel's xfrm interface if_id (Tunnel N -> N + 1; the kernel rejects 0),
    // and whether the tunnel is shut down (then it negotiates nothing).
    std::uint32_t if_id = 0;
    bool shutdown = false;
    bool complete = false;  // peer (unless dynamic), ACL (unless dynamic) and a transform set
    bool operator==(const ProtectionPolicy&) const = default;
};

struct TunnelPolicy {
    std::string interface;
    std::string source, destination;
    std::string mode;  // "ipsec ipv4", "gre ip"
    std::string profile;
    bool shutdown = false;
    bool operator==(const TunnelPolicy&) const = default;
};

struct PolicySet {
    bool isakmp_enabled = true;
    std::vector<IkeProposal> ike_proposals;  // by priority; the built-in suites when none
    bool default_suites = false;
    KeyTable keys;
    // ISAKMP profiles in configuration order: a peer's identity picks one (isakmp_profiles.hpp).
    std::vector<IsakmpProfilePolicy> profiles;
    std::optional<config::IsakmpGlobals::Keepalive> dpd;
    std::optional<std::uint32_t> nat_keepalive;
    // `crypto call admission limit ike sa N` / `... in-negotiation-sa N` (ike/v1/context.hpp)
    std::optional<std::uint32_t> admission_sa_limit, admission_in_negotiation_limit;
    // `crypto isakmp identity hostname`: phase 1 identifies us by our FQDN, `hostname` + `ip
    // domain name` ("R1.example.com"); empty: by our address (IOS's default).
    std::string own_fqdn;
    bool aggressive_mode_disabled = false;
    bool log_sessions = false;  // %CRYPTO-5-SESSION_STATUS (crypto logging session)
    std::vector<ProtectionPolicy> entries;  // map entries, dynamic entries, tunnel entries
    std::vector<TunnelPolicy> tunnels;
    Ikev2PolicySet ikev2;  // `crypto ikev2 ...` (ikev2_policy.hpp)
    std::vector<std::string> problems;  // what cannot take effect, and why

    const ProtectionPolicy* find(const std::string& key) const;
    const IsakmpProfilePolicy* profile(const std::string& name) const;
    // IOS: an entry (or a virtual template) that names an ISAKMP profile serves only phase 1
    // SAs of that profile; one without (or naming none that exists) serves any.
    bool serves_profile(const ProtectionPolicy& entry, const std::string& sa_profile) const {
        return entry.isakmp_profile.empty() || entry.isakmp_profile == sa_profile || !profile(entry.isakmp_profile);
    }
    // The entries in the order a responder tries them for a peer's Quick Mode. IOS walks each
    // crypto map's entries by sequence number, a `dynamic` entry standing for its dynamic map's
    // entries in their order (which is why a dynamic entry belongs below every static one:
    // seeds-catalog F16); then tunnels, virtual templates, and dynamic maps no map refers to.
    std::vector<const ProtectionPolicy*> responder_order() const;
};

// The if_id of TunnelN's xfrm interface: N + 1 (if_id 0 means "none" to the kernel).
std::uint32_t tunnel_if_id(const grammar::InterfaceName& tunnel);

std::shared_ptr<const PolicySet> compile(const config::RunningConfig& config);

struct PolicyDiff {
    std::vector<std::string> added, removed, changed;  // ProtectionPolicy keys and "tunnel X"
    bool ike_changed = false;  // proposals, keys, ISAKMP or IKEv2 settings
    bool empty() const { return added.empty() && removed.empty() && changed.empty() && !ike_changed; }
};
PolicyDiff diff(const PolicySet& before, const PolicySet& after);

}  // namespace routerd::policy
