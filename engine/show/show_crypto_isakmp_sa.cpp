#include "engine/show/show_crypto_isakmp_sa.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string pad(std::string s, std::size_t w) {
    if (s.size() < w) s.append(w - s.size(), ' ');
    return s;
}

}  // namespace

std::string show_isakmp_sa(const std::vector<handoff::IkeSaView>& sas, bool detail) {
    std::string out;
    if (!detail) {
        out = "IPv4 Crypto ISAKMP SA\ndst             src             state          conn-id status\n";
        for (const auto& s : sas) {
            char id[16];
            std::snprintf(id, sizeof id, "%7u", s.conn_id);
            out += pad(config::format_ipv4(s.dst), 16) + pad(config::format_ipv4(s.src), 16) + pad(s.state, 15) + id +
                   (s.active ? " ACTIVE" : " ACTIVE (deleted)") + "\n";
        }
        return out + "\nIPv6 Crypto ISAKMP SA\n\n";
    }
    out = "Codes: C - IKE configuration mode, D - Dead Peer Detection\n"
          "       K - Keepalives, N - NAT-traversal\n"
          "       T - cTCP encapsulation, X - IKE Extended Authentication\n"
          "       psk - Preshared key, rsig - RSA signature\n"
          "       renc - RSA encryption\n"
          "IPv4 Crypto ISAKMP SA\n\n"
          "C-id  Local           Remote          I-VRF  Status Encr Hash   Auth DH Lifetime Cap.\n\n";
    for (const auto& s : sas) {
        char life[16];
        std::snprintf(life, sizeof life, "%02u:%02u:%02u", s.remaining_seconds / 3600, s.remaining_seconds / 60 % 60,
                      s.remaining_seconds % 60);
        out += pad(std::to_string(s.conn_id), 6) + pad(config::format_ipv4(s.local), 16) +
               pad(config::format_ipv4(s.remote), 16) + pad("", 7) + pad(s.active ? "ACTIVE" : "DELETED", 7) +
               pad(s.encryption, 5) + pad(s.hash, 7) + pad(s.auth, 5) + pad(std::to_string(s.group), 3) + life + "\n";
        out += "       Engine-id:Conn-id =  SW:" + std::to_string(s.conn_id - 1000) + "\n\n";
    }
    return out + "IPv6 Crypto ISAKMP SA\n\n";
}

std::string show_isakmp_peers(const std::vector<handoff::IkeSaView>& sas, std::optional<std::uint32_t> peer) {
    std::string out;
    std::vector<std::uint32_t> shown;
    for (const auto& s : sas) {
        if ((peer && s.remote != *peer) || std::find(shown.begin(), shown.end(), s.remote) != shown.end()) continue;
        shown.push_back(s.remote);
        out += "Peer: " + config::format_ipv4(s.remote) + " Port: " + std::to_string(s.remote_port) +
               " Local: " + config::format_ipv4(s.local) + "\n";
        // Until the peer's ID is authenticated its address stands in for it.
        out += " Phase1 id: " + (s.remote_identity.empty() ? config::format_ipv4(s.remote) : s.remote_identity) + "\n";
    }
    return out;
}

}  // namespace routerd::show
