#include "engine/show/show_crypto_session.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string hms(std::uint32_t seconds) {
    char b[32];
    std::snprintf(b, sizeof b, "%02u:%02u:%02u", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return b;
}

// "ip host 1.1.1.1 host 2.2.2.2", "ip 10.1.1.0/255.255.255.0 10.2.2.0/255.255.255.0" or, for GRE,
// "47 host A host B": IOS names the protocol by number unless it is IP.
std::string flow_text(const policy::Selector& s) {
    auto end = [](std::uint32_t a, std::uint32_t m) {
        return m == 0xffffffff ? "host " + config::format_ipv4(a) : config::format_ipv4(a) + "/" + config::format_ipv4(m);
    };
    std::string proto = s.protocol == 0 ? "ip" : std::to_string(s.protocol);
    return proto + " " + end(s.source, s.source_mask) + " " + end(s.destination, s.destination_mask);
}

}  // namespace

std::string session_status(const CryptoSessionView& s) {
    bool ike_up = std::any_of(s.ike.begin(), s.ike.end(), [](const SessionIkeView& i) { return i.active; });
    bool ipsec_up = std::any_of(s.flows.begin(), s.flows.end(), [](const SessionFlowView& f) { return f.active_sas > 0; });
    if (ike_up) return ipsec_up ? "UP-ACTIVE" : "UP-IDLE";
    if (ipsec_up) return "UP-NO-IKE";
    return s.ike.empty() ? "DOWN" : "DOWN-NEGOTIATING";
}

std::string show_crypto_session(const std::vector<CryptoSessionView>& sessions, bool detail) {
    std::string out = "Crypto session current status\n\n";
    if (detail)
        out += "Code: C - IKE Configuration mode, D - Dead Peer Detection     \n"
               "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     \n"
               "X - IKE Extended Authentication, F - IKE Fragmentation\n"
               "R - IKE Auto Reconnect\n\n";
    for (const auto& s : sessions) {
        auto status = session_status(s);
        out += "Interface: " + s.interface + "\n";
        if (detail && !s.profile.empty()) out += "Profile: " + s.profile + "\n";
        if (detail && status.rfind("UP", 0) == 0) out += "Uptime: " + hms(s.uptime_seconds) + "\n";
        // IOS pads the status to the width of its longest word (trailing spaces, A.3.9).
        std::string padded = status;
        if (padded.size() < 14) padded.append(14 - padded.size(), ' ');
        out += "Session status: " + padded + "\n";
        // Beyond IOS: why a session carries no traffic. DOWN and DOWN-NEGOTIATING (phase 1 failed)
        // and UP-IDLE (phase 1 up, its Quick Mode or CREATE_CHILD_SA refused). The line starts
        // with "Crypto", which ntc-templates' session parsers skip, so scripts still work.
        bool no_pair = status.rfind("DOWN", 0) == 0 || status == "UP-IDLE";
        if (detail && no_pair && !s.last_failure.empty())
            out += "Crypto session last failure: " + s.last_failure + "\n";
        out += "Peer: " + config::format_ipv4(s.peer) + " port " + std::to_string(s.peer_port) +
               (detail ? " fvrf: (none) ivrf: (none)" : " ") + "\n";
        if (detail) {
            out += "      Phase1_id: " + (s.phase1_id.empty() ? std::string("(none)") : s.phase1_id) + "\n";
            out += "      Desc: (none)\n";
        }
        out += "  Session ID: " + std::to_string(s.session_id) + "  \n";
        for (const auto& i : s.ike) {
            out += "  IKEv" + std::to_string(i.version) + " SA: local " + config::format_ipv4(i.local) + "/" + std::to_string(i.local_port) + " remote " +
                   config::format_ipv4(i.remote) + "/" + std::to_string(i.remote_port) + (i.active ? " Active " : " Inactive") + "\n";
            if (detail)
                out += "          Capabilities:" + (i.capabilities.empty() ? std::string("(none)") : i.capabilities) +
                       " connid:" + std::to_string(i.conn_id) + " lifetime:" + hms(i.seconds_left) + "\n";
        }
        for (const auto& f : s.flows) {
            out += "  IPSEC FLOW: permit " + flow_text(f.selector) + " \n";
            out += "        Active SAs: " + std::to_string(f.active_sas) + ", origin: crypto map\n";
            if (detail) {
                std::string life = std::to_string(f.kilobytes_left) + "/" + std::to_string(f.seconds_left);
                out += "        Inbound:  #pkts dec'ed " + std::to_string(f.decrypted) + " drop 0 life (KB/Sec) " + life + "\n";
                out += "        Outbound: #pkts enc'ed " + std::to_string(f.encrypted) + " drop 0 life (KB/Sec) " + life + "\n";
            }
        }
        out += "\n";
    }
    return out;
}

}  // namespace routerd::show
