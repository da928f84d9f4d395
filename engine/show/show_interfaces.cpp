#include "engine/show/show_interfaces.hpp"

#include <algorithm>
#include <cmath>
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

// IOS's bandwidth (Kbit/s) and delay (usec) defaults by interface type (what `show interfaces`
// prints when `bandwidth`/`delay` are not configured).
struct BandwidthDelay {
    std::uint64_t kbit;
    std::uint64_t usec;
};
BandwidthDelay bandwidth_delay(const grammar::InterfaceName& n) {
    switch (n.type) {
        case grammar::InterfaceType::Tunnel: return {100, 50000};
        case grammar::InterfaceType::Loopback: return {8000000, 5000};
        case grammar::InterfaceType::Serial: return {1544, 20000};
        case grammar::InterfaceType::FastEthernet: return {100000, 100};
        default: return {1000000, 10};
    }
}

// "fa16.3e57.336f": IOS writes a MAC address as three groups of four hex digits.
std::string cisco_mac(const std::array<std::uint8_t, 6>& m) {
    char b[16];
    std::snprintf(b, sizeof b, "%02x%02x.%02x%02x.%02x%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    return b;
}

// txload/rxload: the averaged rate as a fraction of the bandwidth, in 255ths, at least 1
// (IOS never shows 0/255).
long load_255(double bits_per_second, std::uint64_t bandwidth_kbit) {
    double load = bits_per_second * 255.0 / (static_cast<double>(bandwidth_kbit) * 1000.0);
    return std::clamp(std::lround(load), 1L, 255L);
}

// reliability: the share of packets without error over the same average, in 255ths.
long reliability_255(const InterfaceRates& r) {
    double packets = r.input_packets + r.output_packets;
    if (packets <= 0) return 255;
    return std::clamp(std::lround(255.0 * (1.0 - r.errors / packets)), 0L, 255L);
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
        const platform::LinkInfo* link = v.link ? &*v.link : nullptr;
        // The first line ends in a space on IOS (reference A.3.14).
        out += v.name.canonical() + " is " + interface_status(v) + ", line protocol is " +
               (line_protocol_up(v) ? "up" : "down") + " \n";
        out += "  Hardware is " + hardware(v.name);
        // The address Linux gives the link; IOS's "bia" is the burnt-in one, which libnl does
        // not expose (IFLA_PERM_ADDRESS): the two agree unless someone changed the address.
        if (link && link->mac) out += ", address is " + cisco_mac(*link->mac) + " (bia " + cisco_mac(*link->mac) + ")";
        out += "\n";
        if (v.config && !v.config->description.empty()) out += "  Description: " + v.config->description + "\n";
        if (link && !link->addresses.empty()) {
            const auto& a = link->addresses.front();
            out += "  Internet address is " + config::format_ipv4(a.address) + "/" + std::to_string(a.length) + "\n";
        } else if (!link && v.config && v.config->address) {
            out += "  Internet address is " + config::format_ipv4(v.config->address->address) + "/" +
                   std::to_string(config::mask_length(v.config->address->mask)) + "\n";
        }
        auto bw = bandwidth_delay(v.name);
        std::uint32_t mtu = link ? link->mtu : 1500;
        out += "  MTU " + std::to_string(mtu) + " bytes, BW " + std::to_string(bw.kbit) + " Kbit/sec, DLY " +
               std::to_string(bw.usec) + " usec, \n";
        out += "     reliability " + std::to_string(reliability_255(d.rates)) + "/255, txload " +
               std::to_string(load_255(d.rates.output_bits, bw.kbit)) + "/255, rxload " +
               std::to_string(load_255(d.rates.input_bits, bw.kbit)) + "/255\n";
        bool tunnel = v.name.type == grammar::InterfaceType::Tunnel;
        bool loopback = v.name.type == grammar::InterfaceType::Loopback;
        // A sub-interface names its VLAN instead (IOS: "Vlan ID  10.", two spaces and a period).
        if (v.config && v.config->dot1q_vlan)
            out += "  Encapsulation 802.1Q Virtual LAN, Vlan ID  " + std::to_string(*v.config->dot1q_vlan) + ".\n";
        else
            out += std::string("  Encapsulation ") + (tunnel ? "TUNNEL" : loopback ? "LOOPBACK" : "ARPA") + ", loopback not set\n";
        // routerd sends no Ethernet keepalives (IOS's `keepalive` is kept without effect).
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
        auto rate = [](double x) { return std::to_string(std::llround(x)); };
        out += "  5 minute input rate " + rate(d.rates.input_bits) + " bits/sec, " + rate(d.rates.input_packets) +
               " packets/sec\n";
        out += "  5 minute output rate " + rate(d.rates.output_bits) + " bits/sec, " + rate(d.rates.output_packets) +
               " packets/sec\n";
        // Every count since `clear counters`: the kernel's own cannot be reset, so the counts
        // taken then are subtracted. Lines whose counts Linux does not keep are left out.
        platform::LinkInfo zero;
        const platform::LinkInfo& now = link ? *link : zero;
        const platform::LinkInfo& base = d.base.counts;
        auto n = [](std::uint64_t current, std::uint64_t then) {
            return std::to_string(current >= then ? current - then : current);
        };
        const auto &e = now.errors, &b = base.errors;
        out += "     " + n(now.rx_packets, base.rx_packets) + " packets input, " + n(now.rx_bytes, base.rx_bytes) +
               " bytes, " + n(e.rx_dropped, b.rx_dropped) + " no buffer\n";
        out += "     " + n(e.rx_errors, b.rx_errors) + " input errors, " + n(e.rx_crc, b.rx_crc) + " CRC, " +
               n(e.rx_frame, b.rx_frame) + " frame, " + n(e.rx_over, b.rx_over) + " overrun, " +
               n(e.rx_missed, b.rx_missed) + " ignored\n";
        out += "     " + n(now.tx_packets, base.tx_packets) + " packets output, " + n(now.tx_bytes, base.tx_bytes) +
               " bytes, " + n(e.tx_fifo, b.tx_fifo) + " underruns\n";
        // IOS counts an interface reset each time the link goes down and up: the kernel's
        // carrier changes.
        out += "     " + n(e.tx_errors, b.tx_errors) + " output errors, " + n(e.collisions, b.collisions) +
               " collisions, " + n(e.carrier_changes, b.carrier_changes) + " interface resets\n";
    }
    return out;
}

}  // namespace routerd::show
