#pragma once
// The crypto shows' views gathered from the live state: the running-config, the policy, the
// IPsec engine's pairs with the kernel's counters, IKE's SAs, the links. The control layer
// hands the state over; the renderers beside (show_crypto_ipsec_sa, show_crypto_session,
// show_crypto_engine) print what comes out.
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/handoff/ike_sa_view.hpp"
#include "engine/ipsec/ipsec_engine.hpp"
#include "engine/policy/policy_set.hpp"
#include "engine/show/show_crypto_engine.hpp"
#include "engine/show/show_crypto_ipsec_sa.hpp"
#include "engine/show/show_crypto_session.hpp"
#include "platform/links.hpp"

namespace routerd::show {

struct CryptoState {
    const config::RunningConfig& config;
    const policy::PolicySet& policy;
    ipsec::IpsecEngine* ipsec;  // null without a dataplane; asked for counters, changed never
    std::vector<handoff::IkeSaView> ike_sas;  // read by the session and engine views
    std::vector<std::pair<grammar::InterfaceName, std::optional<platform::LinkInfo>>> links;  // IOS name, its link; read by the SA view
    std::chrono::steady_clock::time_point now;
    std::vector<handoff::PeerFailure> failures = {};  // IKE's last failure per peer; read by the session view
    std::vector<handoff::Ikev2SaView> ikev2_sas = {};  // read by the session view
};

// `show crypto ipsec sa [map NAME | interface IF | peer A.B.C.D]`: "" for no filter.
struct IpsecSaFilter {
    std::string map, interface, peer;
};

// A flow per permit line of each crypto map on an interface (and per protected tunnel and
// Virtual-Access), with the newest SA pair negotiated for it and the kernel's counters.
std::vector<IpsecInterfaceView> ipsec_sa_views(const CryptoState& state, const IpsecSaFilter& filter);
// A session per interface and peer (each configured peer, down or not, and each peer a
// dynamic map accepted), with the peer's IKE SAs and its flows.
std::vector<CryptoSessionView> crypto_session_views(const CryptoState& state);
// Each pair's SAs under the conn ids `show crypto ipsec sa` gives them, then the IKE SAs.
std::vector<EngineConnectionView> engine_connection_views(const CryptoState& state);

}  // namespace routerd::show
