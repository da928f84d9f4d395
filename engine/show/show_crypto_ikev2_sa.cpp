#include "engine/show/show_crypto_ikev2_sa.hpp"

#include <algorithm>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

// "Local req msg id:  2              Remote req msg id:  0": the right column starts at 35.
std::string pair_line(const std::string& left, std::uint32_t l, const std::string& right, std::uint32_t r) {
    return "      " + pad(left + std::to_string(l), 29) + right + std::to_string(r) + "\n";
}

}  // namespace

std::string show_ikev2_sa(const std::vector<handoff::Ikev2SaView>& sas, bool detailed) {
    auto sorted = sas;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.tunnel_id < b.tunnel_id; });
    std::string out = " IPv4 Crypto IKEv2  SA\n\n";
    for (const auto& s : sorted) {
        out += "Tunnel-id Local                 Remote                fvrf/ivrf            Status\n";
        out += pad(std::to_string(s.tunnel_id), 10) + pad(config::format_ipv4(s.local) + "/" + std::to_string(s.local_port), 22) +
               pad(config::format_ipv4(s.remote) + "/" + std::to_string(s.remote_port), 22) + pad("none/none", 21) + s.status + "\n";
        if (!s.encryption.empty()) {
            out += "      Encr: " + s.encryption + (s.key_bits ? ", keysize: " + std::to_string(s.key_bits) : "") + ", PRF: " + s.prf +
                   ", Hash: " + s.hash + ", DH Grp:" + std::to_string(s.group) + ", Auth sign: PSK, Auth verify: PSK\n";
        }
        out += "      Life/Active Time: " + std::to_string(s.lifetime_seconds) + "/" + std::to_string(s.active_seconds) + " sec\n";
        if (detailed) {
            out += "      CE id: 0, Session-id: " + std::to_string(s.tunnel_id) + "\n";
            out += std::string("      Status Description: ") + (s.status == "READY" ? "Negotiation done" : s.status == "DELETE" ? "Deleting IKE SA" : "Negotiating") + "\n";
            out += "      Local spi: " + s.local_spi + "       Remote spi: " + s.remote_spi + "\n";
            out += "      Local id: " + s.local_id + "\n";
            out += "      Remote id: " + s.remote_id + "\n";
            out += pair_line("Local req msg id:  ", s.local_next_message_id, "Remote req msg id:  ", s.remote_next_message_id);
            out += pair_line("Local next msg id: ", s.local_next_message_id, "Remote next msg id: ", s.remote_next_message_id);
            out += pair_line("Local req queued:  ", s.local_next_message_id, "Remote req queued:  ", s.remote_next_message_id);
            // One request outstanding each way (RFC 7296 2.3: the window this engine keeps).
            out += pair_line("Local window:      ", 1, "Remote window:      ", 1);
            out += "      DPD configured for " + std::to_string(s.dpd_interval) + " seconds, retry " + std::to_string(s.dpd_retry) + "\n";
            out += "      Fragmentation not configured.\n";
            out += "      Extended Authentication not configured.\n";
            out += std::string("      NAT-T is ") + (s.nat_detected ? "detected" : "not detected") + "\n";
            out += "      Cisco Trust Security SGT is disabled\n";
            out += std::string("      Initiator of SA : ") + (s.initiator ? "Yes" : "No") + "\n";
        }
        out += "\n";
    }
    out += " IPv6 Crypto IKEv2  SA\n\n";
    return out;
}

std::string show_ikev2_stats(const handoff::Ikev2StatsView& s) {
    const auto& c = s.counters;
    auto n = [](auto v, std::size_t width) { return pad(std::to_string(v), width); };
    std::string rule(80, '-');
    std::string out = rule + "\n                           Crypto IKEv2 SA Statistics\n" + rule + "\n";
    out += "System Resource Limit:   0        Max IKEv2 SAs: " + n(s.max_sa, 9) + "Max in nego(in/out): " +
           std::to_string(s.max_in_negotiation) + "/" + std::to_string(s.max_in_negotiation) + "\n";
    out += "Total incoming IKEv2 SA Count:    " + n(s.incoming_total, 9) + "active:        " + n(s.incoming_active, 9) +
           "negotiating: " + std::to_string(s.incoming_negotiating) + "\n";
    out += "Total outgoing IKEv2 SA Count:    " + n(s.outgoing_total, 9) + "active:        " + n(s.outgoing_active, 9) +
           "negotiating: " + std::to_string(s.outgoing_negotiating) + "\n";
    out += "Incoming IKEv2 Requests: " + n(c.incoming, 9) + "accepted:      " + n(c.incoming_accepted, 9) + "rejected:    " +
           std::to_string(c.incoming_rejected) + "\n";
    out += "Outgoing IKEv2 Requests: " + n(c.outgoing, 9) + "accepted:      " + n(c.outgoing_accepted, 9) + "rejected:    " +
           std::to_string(c.outgoing_rejected) + "\n";
    out += "Rejected IKEv2 Requests: " + n(c.rejected_resource + c.rejected_sa_limit, 9) + "rsrc low:      " + n(c.rejected_resource, 9) +
           "SA limit:    " + std::to_string(c.rejected_sa_limit) + "\n";
    out += "IKEv2 packets dropped at dispatch: " + std::to_string(c.dropped_at_dispatch) + "\n";
    out += "Incoming Requests dropped as LOW Q limit reached : 0\n";
    out += "Incoming IKEV2 Cookie Challenged Requests: " + std::to_string(c.cookie_challenged) + "\n";
    out += "    accepted: " + n(c.cookie_accepted, 9) + "rejected: " + n(c.cookie_rejected, 9) + "rejected no cookie: " +
           std::to_string(c.cookie_missing) + "\n";
    out += "Total Deleted sessions of Cert Revoked Peers: 0\n";
    out += "Total init sa request rejected due to queue limit : 0\n";
    out += "SA Strength Enforcement Rejects - incoming: 0        outgoing: 0\n";
    return out;
}

}  // namespace routerd::show
