#pragma once
// `show crypto session [detail]` in the layout of reference A.3.9 (what ntc-templates'
// cisco_ios_show_crypto_session_detail and Genie's ShowCryptoSession read): one session per
// interface and peer, its IKE SAs and its IPsec flows, all from live state.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/policy/selectors.hpp"

namespace routerd::show {

struct SessionIkeView {
    std::uint32_t local = 0, remote = 0;
    std::uint16_t local_port = 500, remote_port = 500;
    bool active = false;          // QM_IDLE
    std::string capabilities;     // "D", "N", "DN" or "" (none)
    std::uint32_t conn_id = 0;
    std::uint32_t seconds_left = 0;
    int version = 1;  // IKEv1 or IKEv2: IOS's "IKEv1 SA:" / "IKEv2 SA:" line
};

struct SessionFlowView {
    policy::Selector selector;  // local -> remote
    int active_sas = 0;         // inbound + outbound
    std::uint64_t decrypted = 0, encrypted = 0;
    std::uint64_t kilobytes_left = 0;
    std::uint32_t seconds_left = 0;
};

struct CryptoSessionView {
    std::string interface;
    std::string profile;  // ISAKMP profile, "" when none
    std::uint32_t uptime_seconds = 0;
    bool up = false;
    std::uint32_t peer = 0;
    std::uint16_t peer_port = 500;
    std::string phase1_id;  // "" when not authenticated yet
    std::uint32_t session_id = 0;  // IKEv2's session; IOS prints 0 for IKEv1
    std::vector<SessionIkeView> ike;
    std::vector<SessionFlowView> flows;
    std::string last_failure;  // why the last negotiation failed, in plain words; "" when none
};

// UP-ACTIVE (IKE and IPsec up), UP-IDLE (IKE only), UP-NO-IKE (IPsec only),
// DOWN-NEGOTIATING (IKE in progress), DOWN.
std::string session_status(const CryptoSessionView& s);

std::string show_crypto_session(const std::vector<CryptoSessionView>& sessions, bool detail);

}  // namespace routerd::show
