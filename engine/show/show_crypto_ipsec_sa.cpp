#include "engine/show/show_crypto_ipsec_sa.hpp"

#include <cstdio>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string ident(std::uint32_t addr, std::uint32_t mask, std::uint8_t proto, std::uint16_t lo, std::uint16_t hi) {
    return "(" + config::format_ipv4(addr) + "/" + config::format_ipv4(mask) + "/" + std::to_string(proto) + "/" +
           std::to_string(lo == hi ? lo : 0) + ")";
}

std::string spi_text(std::uint32_t spi) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%X(%u)", spi, spi);
    return b;
}

std::string sa_block(const char* title, const std::vector<EspSaView>& sas, const std::string& map, bool detail) {
    std::string out = std::string("     ") + title + " esp sas:\n";
    for (const auto& sa : sas) {
        out += "      spi: " + spi_text(sa.spi) + "\n";
        out += "        transform: " + sa.transform + " ,\n";
        out += std::string("        in use settings ={") + (sa.tunnel ? "Tunnel" : "Transport") +
               (sa.udp_encapsulation ? " UDP-Encaps" : "") + ", }\n";
        out += "        conn id: " + std::to_string(sa.conn_id) + ", flow_id: SW:" + std::to_string(sa.conn_id % 1000) +
               ", sibling_flags 80000040, crypto map: " + map + "\n";
        out += "        sa timing: remaining key lifetime (k/sec): (" + std::to_string(sa.kilobytes_left) + "/" +
               std::to_string(sa.seconds_left) + ")\n";
        out += "        IV size: " + std::to_string(sa.iv_size) + " bytes\n";
        out += std::string("        replay detection support: ") + (sa.replay_window ? "Y" : "N");
        if (detail && sa.replay_window) out += "  replay window size: " + std::to_string(sa.replay_window);
        out += "\n";
        out += "        Status: ACTIVE(ACTIVE)\n";
    }
    out += "\n     " + std::string(title) + " ah sas:\n\n     " + title + " pcp sas:\n";
    return out;
}

}  // namespace

std::string show_ipsec_sa(const std::vector<IpsecInterfaceView>& interfaces, bool detail) {
    std::string out;
    for (const auto& i : interfaces) {
        out += "\ninterface: " + i.interface + "\n";
        out += "    Crypto map tag: " + i.map + ", local addr " + config::format_ipv4(i.local_address) + "\n";
        for (const auto& f : i.flows) {
            const auto& s = f.selector;
            out += "\n   protected vrf: (none)\n";
            out += "   local  ident (addr/mask/prot/port): " +
                   ident(s.source, s.source_mask, s.protocol, s.source_port_low, s.source_port_high) + "\n";
            out += "   remote ident (addr/mask/prot/port): " +
                   ident(s.destination, s.destination_mask, s.protocol, s.destination_port_low, s.destination_port_high) + "\n";
            out += "   current_peer " + f.peer + " port " + std::to_string(f.peer_port) + "\n";
            out += "     PERMIT, flags={origin_is_acl,}\n";
            std::string e = std::to_string(f.encaps), d = std::to_string(f.decaps);
            out += "    #pkts encaps: " + e + ", #pkts encrypt: " + e + ", #pkts digest: " + e + "\n";
            out += "    #pkts decaps: " + d + ", #pkts decrypt: " + d + ", #pkts verify: " + d + "\n";
            out += "    #pkts compressed: 0, #pkts decompressed: 0\n";
            out += "    #pkts not compressed: 0, #pkts compr. failed: 0\n";
            out += "    #pkts not decompressed: 0, #pkts decompress failed: 0\n";
            if (detail) {
                // IOS's error counters one by one. The kernel counts replay and integrity
                // failures per SA; a packet it drops for having no SA, a bad length or a bad
                // protocol is never attributed to a flow, so none is counted against this one.
                out += "    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0\n";
                out += "    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0\n";
                out += "    #pkts invalid prot (recv) 0, #pkts verify failed: " + std::to_string(f.verify_failures) + "\n";
                out += "    #pkts invalid identity (recv) 0, #pkts invalid len (rcv) 0\n";
                out += "    #pkts replay rollover (send): 0, #pkts replay rollover (rcv) 0\n";
                out += "    ##pkts replay failed (rcv): " + std::to_string(f.replay_failures) + "\n";
                out += "    #pkts tagged (send): 0, #pkts untagged (rcv): 0\n";
                out += "    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0\n";
                out += "    #pkts internal err (send): 0, #pkts internal err (recv) 0\n\n";
            } else {
                out += "    #send errors 0, #recv errors " + std::to_string(f.replay_failures + f.verify_failures) + "\n\n";
            }
            out += "     local crypto endpt.: " + config::format_ipv4(f.local_endpoint) +
                   ", remote crypto endpt.: " + config::format_ipv4(f.remote_endpoint) + "\n";
            out += std::string("     ") + (detail ? "plaintext mtu " + std::to_string(f.plaintext_mtu) + ", " : "") +
                   "path mtu " + std::to_string(f.path_mtu) + ", ip mtu " + std::to_string(f.path_mtu) +
                   ", ip mtu idb " + f.mtu_interface + "\n";
            out += "     current outbound spi: " + spi_text(f.outbound.empty() ? 0 : f.outbound.back().spi) + "\n";
            out += "     PFS (Y/N): " + std::string(f.pfs_group ? "Y" : "N") + ", DH group: " +
                   (f.pfs_group ? "group" + std::to_string(*f.pfs_group) : std::string("none")) + "\n\n";
            out += sa_block("inbound", f.inbound, i.map, detail);
            out += "\n";
            out += sa_block("outbound", f.outbound, i.map, detail);
        }
    }
    return out;
}

}  // namespace routerd::show
