#include "engine/show/show_crypto_ikev2_sa.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

// "      Local req msg id:  2              Remote req msg id:  0": the right column starts at
// character 40 (IOS XE captures, `show crypto ikev2 sa detailed`).
std::string pair_line(const std::string& left, std::uint32_t l, const std::string& right, std::uint32_t r) {
    return "      " + pad(left + std::to_string(l), 34) + right + std::to_string(r) + "\n";
}

// IOS prints SPIs as upper-case hex without leading zeros: "0xA6FDEB3".
std::string spi_hex(std::uint32_t spi) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%X", spi);
    return buf;
}

// "10.1.0.16/0 - 10.1.0.16/65535": first address/first port - last address/last port.
std::string selector_range(std::uint32_t address, std::uint32_t mask, std::uint16_t port_low, std::uint16_t port_high) {
    return config::format_ipv4(address & mask) + "/" + std::to_string(port_low) + " - " + config::format_ipv4((address & mask) | ~mask) + "/" +
           std::to_string(port_high);
}

// One IKE SA: its row, the algorithms, the lifetime and, `detailed`, the rest of what IOS
// prints of it (the same block in `show crypto ikev2 sa` and `... session`).
std::string ike_sa_block(const handoff::Ikev2SaView& s, bool detailed) {
    std::string out = "Tunnel-id Local                 Remote                fvrf/ivrf            Status\n";
    out += pad(std::to_string(s.tunnel_id), 10) + pad(config::format_ipv4(s.local) + "/" + std::to_string(s.local_port), 22) +
           pad(config::format_ipv4(s.remote) + "/" + std::to_string(s.remote_port), 22) + pad("none/none", 21) + s.status + "\n";
    if (!s.encryption.empty()) {
        out += "      Encr: " + s.encryption + (s.key_bits ? ", keysize: " + std::to_string(s.key_bits) : "") + ", PRF: " + s.prf +
               ", Hash: " + s.hash + ", DH Grp:" + std::to_string(s.group) + ", Auth sign: PSK, Auth verify: PSK\n";
    }
    out += "      Life/Active Time: " + std::to_string(s.lifetime_seconds) + "/" + std::to_string(s.active_seconds) + " sec\n";
    if (!detailed) return out;
    out += "      CE id: 0, Session-id: " + std::to_string(s.tunnel_id) + "\n";
    out += std::string("      Status Description: ") +
           (s.status == "READY" ? "Negotiation done" : s.status == "DELETE" ? "Deleting IKE SA" : "Negotiating") + "\n";
    out += "      Local spi: " + s.local_spi + "       Remote spi: " + s.remote_spi + "\n";
    out += "      Local id: " + s.local_id + "\n";
    out += "      Remote id: " + s.remote_id + "\n";
    out += pair_line("Local req msg id:  ", s.local_next_message_id, "Remote req msg id:  ", s.remote_next_message_id);
    out += pair_line("Local next msg id: ", s.local_next_message_id, "Remote next msg id: ", s.remote_next_message_id);
    out += pair_line("Local req queued:  ", s.local_next_message_id, "Remote req queued:  ", s.remote_next_message_id);
    // One request outstanding each way (RFC 7296 2.3: the window this engine keeps).
    out += pair_line("Local window:      ", 1, "Remote window:      ", 1);
    out += "      DPD configured for " + std::to_string(s.dpd_interval) + " seconds, retry " + std::to_string(s.dpd_retry) + "\n";
    // IOS XE: "IETF Std Fragmentation  configured." and the MTU in use once both offered it.
    if (s.fragmentation_mtu) {
        out += "      IETF Std Fragmentation  configured.\n";
        if (s.fragmentation_in_use) out += "      IETF Std Fragmentation MTU in use: " + std::to_string(s.fragmentation_mtu) + " bytes.\n";
    } else {
        out += "      Fragmentation not configured.\n";
    }
    out += "      Extended Authentication not configured.\n";
    // IOS XE: "inside" when the NAT is in front of this router, "outside" when in front of the peer.
    if (s.nat_inside) out += "      NAT-T is detected inside\n";
    else if (s.nat_outside) out += "      NAT-T is detected outside\n";
    else out += std::string("      NAT-T is ") + (s.nat_detected ? "detected" : "not detected") + "\n";
    out += "      Cisco Trust Security SGT is disabled\n";
    out += std::string("      Initiator of SA : ") + (s.initiator ? "Yes" : "No") + "\n";
    return out;
}

// A Child SA in IOS 15 / XE 16's layout ("Child sa: local selector  ..."), with `detailed` the
// AH/CPI/transform lines of IOS XE.
std::string child_block(const handoff::Ikev2ChildView& c, bool detailed) {
    const auto& s = c.selector;
    std::string out = "Child sa: local selector  " + selector_range(s.source, s.source_mask, s.source_port_low, s.source_port_high) + "\n";
    out += "          remote selector " + selector_range(s.destination, s.destination_mask, s.destination_port_low, s.destination_port_high) + "\n";
    out += "          ESP spi in/out: " + spi_hex(c.spi_in) + "/" + spi_hex(c.spi_out) + "\n";
    if (!detailed) return out;
    out += "          AH spi in/out: 0x0/0x0\n";
    out += "          CPI in/out: 0x0/0x0\n";
    out += "          Encr: " + c.encryption + (c.key_bits ? ", keysize: " + std::to_string(c.key_bits) : "") + ", esp_hmac: " + c.esp_hmac + "\n";
    out += std::string("          ah_hmac: None, comp: IPCOMP_NONE, mode ") + (c.transport ? "transport" : "tunnel") + "\n";
    return out;
}

std::vector<handoff::Ikev2SaView> by_tunnel_id(std::vector<handoff::Ikev2SaView> sas) {
    std::sort(sas.begin(), sas.end(), [](const auto& a, const auto& b) { return a.tunnel_id < b.tunnel_id; });
    return sas;
}

}  // namespace

std::string show_ikev2_sa(const std::vector<handoff::Ikev2SaView>& sas, bool detailed) {
    std::string out = " IPv4 Crypto IKEv2  SA\n\n";
    for (const auto& s : by_tunnel_id(sas)) out += ike_sa_block(s, detailed) + "\n";
    out += " IPv6 Crypto IKEv2  SA\n\n";
    return out;
}

std::string show_ikev2_session(const std::vector<handoff::Ikev2SaView>& sas, bool detailed) {
    // A session is what IOS groups under one peer: its IKE SAs (a rekey briefly makes two) and
    // their Child SAs, numbered by its first IKE SA.
    std::vector<std::vector<handoff::Ikev2SaView>> sessions;
    for (const auto& s : by_tunnel_id(sas)) {
        auto it = std::find_if(sessions.begin(), sessions.end(),
                               [&](const auto& group) { return group.front().remote == s.remote && group.front().local == s.local; });
        if (it == sessions.end()) sessions.push_back({s});
        else it->push_back(s);
    }
    std::string out = " IPv4 Crypto IKEv2 Session\n\n";
    for (const auto& group : sessions) {
        std::size_t children = 0;
        bool up = false;
        for (const auto& s : group) {
            children += s.child_sas.size();
            up |= s.status == "READY";
        }
        // IOS's session states (`show crypto session`): UP-ACTIVE with traffic SAs, UP-IDLE
        // without, DOWN-NEGOTIATING while no IKE SA is up.
        const char* status = !up ? "DOWN-NEGOTIATING" : children ? "UP-ACTIVE" : "UP-IDLE";
        out += "Session-id:" + std::to_string(group.front().tunnel_id) + ", Status:" + status + ", IKE count:" + std::to_string(group.size()) +
               ", CHILD count:" + std::to_string(children) + "\n\n";
        for (const auto& s : group) {
            out += ike_sa_block(s, detailed);
            for (const auto& c : s.child_sas) out += child_block(c, detailed);
            out += "\n";
        }
    }
    out += " IPv6 Crypto IKEv2 Session\n\n";
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
