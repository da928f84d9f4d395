#pragma once
// Beyond IOS: `show crypto peer-config strongswan|libreswan [map NAME SEQ | interface TunnelN]`
// prints the configuration the other end needs to match a crypto map entry or a VTI, as that
// peer's own configuration file: strongSwan's swanctl.conf (IKEv1) or Libreswan's ipsec.conf and
// ipsec.secrets. Proposals, proxies (mirrored), mode, lifetimes and DPD come from the compiled
// policy; the pre-shared key is named by where it is configured, never printed.
#include <optional>
#include <string>

#include "engine/config/running_config.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::show {

enum class PeerKind { STRONGSWAN, LIBRESWAN };

// `entry_key`: one entry (policy::entry_key), or nullopt for every static map entry and VTI.
// Returns the text, or an error line (`% ...`) when the entry does not exist or is incomplete.
std::string show_crypto_peer_config(const config::RunningConfig& running, const policy::PolicySet& policy, PeerKind peer,
                                    const std::optional<std::string>& entry_key);

}  // namespace routerd::show
