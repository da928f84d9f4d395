#include "engine/show/show_interfaces.hpp"

#include <cstdio>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string hardware(const grammar::InterfaceName& n) {
    switch (n.type) {
        case grammar::InterfaceType::Tunnel: return "Tunnel";
        case grammar::InterfaceType::Loopback: return "Loopback";
        case grammar::InterfaceType::Serial: return "Serial";
        default: return "Ethernet";
    }
}

// IOS's bandwidth and delay defaults by interface type (what `show interfaces` prints when
// `bandwidth`/`delay` are not configured).
std::string bw_dly(const grammar::InterfaceName& n) {
    switch (n.type) {
        case grammar::InterfaceType::Tunnel: return "BW 100 Kbit/sec, DLY 50000 usec, ";
        case grammar::InterfaceType::Loopback: return "BW 8000000 Kbit/sec, DLY 5000 usec, ";
        case grammar::InterfaceType::Serial: return "BW 1544 Kbit/sec, DLY 20000 usec, ";
        case grammar::InterfaceType::FastEthernet: return "BW 100000 Kbit/sec, DLY 100 usec, ";
        default: return "BW 1000000 Kbit/sec, DLY 10 usec, ";
    }
}

std::string tunnel_lines(const InterfaceDetail& d) {
    const auto* c = d.view.config;
    if (!c) return "";
    std::string out = "  Tunnel linestate evaluation " + std::string(line_protocol_up(d.view) ? "up" : "down") + "\n";
    if (!c->tunnel_source.empty() || !c->tunnel_destination.empty()) {
        std::string src = d.tunnel.source_address ? config::format_ipv4(d.tunnel.source_address) : "UNKNOWN";
        if (!d.tunnel.source_interface.empty()) src += " (" + d.tunnel.source_interface + ")";
        out += "  Tunnel source " + src + ", destination " +
               (c->tunnel_destination.empty() ? std::string("UNKNOWN") : c->tunnel_destination) + "\n";
    }
    const std::string& mode = c->tunnel_mode;
    std::string transport = c->ipsec_tunnel() ? "IPSEC/IP" : mode == "gre multipoint" ? "multi-GRE/IP" : "GRE/IP";
    out += "  Tunnel protocol/transport " + transport + "\n";
    out += "  Tunnel TTL 255\n";
    if (!c->tunnel_protection.empty())
        out += "  Tunnel protection via IPSec (profile \"" + c->tunnel_protection + "\"" +
               (c->tunnel_protection_shared ? " shared" : "") + ")\n";
    return out;
}

}  // namespace

std::string render_interfaces(const std::vector<InterfaceDetail>& interfaces) {
    std::string out;
    for (const auto& d : interfaces) {
        const auto& v = d.view;
        // The first line ends in a space on IOS (reference A.3.14).
        out += v.name.canonical() + " is " + interface_status(v) + ", line protocol is " +
               (line_protocol_up(v) ? "up" : "down") + " \n";
        out += "  Hardware is " + hardware(v.name) + "\n";
        if (v.link && !v.link->addresses.empty()) {
            const auto& a = v.link->addresses.front();
            out += "  Internet address is " + config::format_ipv4(a.address) + "/" + std::to_string(a.length) + "\n";
        } else if (!v.link && v.config && v.config->address) {
            out += "  Internet address is " + config::format_ipv4(v.config->address->address) + "/" +
                   std::to_string(config::mask_length(v.config->address->mask)) + "\n";
        }
        std::uint32_t mtu = v.link ? v.link->mtu : 1500;
        out += "  MTU " + std::to_string(mtu) + " bytes, " + bw_dly(v.name) + "\n";
        out += "     reliability 255/255, txload 1/255, rxload 1/255\n";
        bool tunnel = v.name.type == grammar::InterfaceType::Tunnel;
        bool loopback = v.name.type == grammar::InterfaceType::Loopback;
        out += std::string("  Encapsulation ") + (tunnel ? "TUNNEL" : loopback ? "LOOPBACK" : "ARPA") + ", loopback not set\n";
        out += "  Keepalive not set\n";
        if (tunnel) out += tunnel_lines(d);
        // IOS: "Last clearing of "show interface" counters never" (or hh:mm:ss since).
        std::string cleared = "never";
        if (d.base.cleared_ago) {
            auto t = d.base.cleared_ago->count();
            char buf[32];
            std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(t / 3600),
                          static_cast<long long>(t / 60 % 60), static_cast<long long>(t % 60));
            cleared = buf;
        }
        out += "  Last clearing of \"show interface\" counters " + cleared + "\n";
        auto since = [](std::uint64_t now, std::uint64_t base) { return now >= base ? now - base : now; };
        std::uint64_t rx_p = v.link ? since(v.link->rx_packets, d.base.rx_packets) : 0;
        std::uint64_t rx_b = v.link ? since(v.link->rx_bytes, d.base.rx_bytes) : 0;
        std::uint64_t tx_p = v.link ? since(v.link->tx_packets, d.base.tx_packets) : 0;
        std::uint64_t tx_b = v.link ? since(v.link->tx_bytes, d.base.tx_bytes) : 0;
        out += "     " + std::to_string(rx_p) + " packets input, " + std::to_string(rx_b) + " bytes, 0 no buffer\n";
        out += "     " + std::to_string(tx_p) + " packets output, " + std::to_string(tx_b) + " bytes, 0 underruns\n";
    }
    return out;
}

}  // namespace routerd::show
