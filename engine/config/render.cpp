#include "engine/config/render.hpp"

#include <bit>

#include <ctime>

#include "engine/config/render_acl.hpp"
#include "engine/config/render_crypto.hpp"

namespace routerd::config {

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) +
           "." + std::to_string(a & 0xff);
}

std::uint32_t prefix_to_mask(int length) {
    return length <= 0 ? 0 : length >= 32 ? 0xffffffffu : ~((1u << (32 - length)) - 1);
}

int mask_length(std::uint32_t mask) { return std::popcount(mask); }

bool contiguous_mask(std::uint32_t mask) { return (~mask & (~mask + 1)) == 0; }

std::string level_name(std::uint32_t level) {
    static const char* names[] = {"emergencies", "alerts", "critical", "errors", "warnings", "notifications",
                                  "informational", "debugging"};
    return level < 8 ? names[level] : std::to_string(level);
}

std::string format_timestamp(std::chrono::system_clock::time_point t) {
    std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%H:%M:%S UTC %a %b %e %Y", &tm);
    return buf;
}

namespace {

std::string timestamps_line(const char* which, const TimestampStyle& s) {
    std::string out = std::string("service timestamps ") + which;
    if (s.uptime) return out + " uptime";
    out += " datetime";
    if (s.msec) out += " msec";
    if (s.localtime) out += " localtime";
    if (s.show_timezone) out += " show-timezone";
    if (s.year) out += " year";
    return out;
}

std::string secret_text(const StoredSecret& s) { return std::to_string(s.type) + " " + s.text; }

void render_line(std::string& out, const std::string& header, const LineConfig& l) {
    out += header + "\n";
    if (l.exec_timeout)
        out += " exec-timeout " + std::to_string(l.exec_timeout->first) + " " + std::to_string(l.exec_timeout->second) + "\n";
    if (l.privilege) out += " privilege level " + std::to_string(*l.privilege) + "\n";
    if (l.password) out += " password " + (l.password->type == 7 ? "7 " + l.password->text : l.password->text) + "\n";
    if (l.logging_synchronous) out += " logging synchronous\n";
    if (l.login == LineConfig::Login::Password) out += " login\n";
    if (l.login == LineConfig::Login::Local) out += " login local\n";
    if (!l.transport_input.empty()) out += " transport input " + l.transport_input + "\n";
}

}  // namespace

std::string render_config(const RunningConfig& c) {
    std::string out = "!\n";
    if (c.last_change.time_since_epoch().count() != 0)
        out += "! Last configuration change at " + format_timestamp(c.last_change) + "\n";
    if (c.last_saved) out += "! NVRAM config last updated at " + format_timestamp(*c.last_saved) + "\n";
    if (c.last_change.time_since_epoch().count() != 0 || c.last_saved) out += "!\n";
    out += "version 15.7\n";
    out += timestamps_line("debug", c.timestamps_debug) + "\n";
    out += timestamps_line("log", c.timestamps_log) + "\n";
    out += c.password_encryption ? "service password-encryption\n" : "no service password-encryption\n";
    out += "!\nhostname " + c.hostname + "\n!\n";
    if (c.logging_buffered) {
        out += "logging buffered";
        if (c.logging_buffered->size != 8192) out += " " + std::to_string(c.logging_buffered->size);
        if (c.logging_buffered->level != 7) out += " " + level_name(c.logging_buffered->level);
        out += "\n";
    }
    if (c.enable_secret) out += "enable secret " + secret_text(*c.enable_secret) + "\n";
    out += "!\n";
    if (!c.domain_lookup) out += "no ip domain-lookup\n";
    if (!c.domain_name.empty()) out += "ip domain-name " + c.domain_name + "\n";
    if (!c.domain_lookup || !c.domain_name.empty()) out += "!\n";
    for (const auto& u : c.users) {
        out += "username " + u.name;
        if (u.privilege != 1) out += " privilege " + std::to_string(u.privilege);
        out += (u.is_secret ? " secret " : " password ") + secret_text(u.secret) + "\n";
    }
    if (!c.users.empty()) out += "!\n";
    out += render_crypto(c.crypto);
    for (const auto& [name, i] : c.interfaces) {
        out += "!\ninterface " + name.canonical() + "\n";
        if (!i.description.empty()) out += " description " + i.description + "\n";
        if (i.address) {
            out += " ip address " + format_ipv4(i.address->address) + " " + format_ipv4(i.address->mask) + "\n";
            for (const auto& s : i.secondaries)
                out += " ip address " + format_ipv4(s.address) + " " + format_ipv4(s.mask) + " secondary\n";
        } else if (i.unnumbered) {
            out += " ip unnumbered " + i.unnumbered->canonical() + "\n";
        } else {
            out += " no ip address\n";
        }
        if (i.mtu) out += " ip mtu " + std::to_string(*i.mtu) + "\n";
        if (i.tcp_adjust_mss) out += " ip tcp adjust-mss " + std::to_string(*i.tcp_adjust_mss) + "\n";
        if (i.shutdown) out += " shutdown\n";
        if (!i.tunnel_source.empty()) out += " tunnel source " + i.tunnel_source + "\n";
        if (!i.tunnel_mode.empty()) out += " tunnel mode " + i.tunnel_mode + "\n";
        if (!i.tunnel_destination.empty()) out += " tunnel destination " + i.tunnel_destination + "\n";
        if (!i.tunnel_protection.empty())
            out += " tunnel protection ipsec profile " + i.tunnel_protection + (i.tunnel_protection_shared ? " shared" : "") + "\n";
        if (!i.crypto_map.empty()) out += " crypto map " + i.crypto_map + "\n";
    }
    out += "!\n";
    for (const auto& r : c.routes) {
        out += "ip route " + format_ipv4(r.prefix) + " " + format_ipv4(r.mask);
        if (r.interface) out += " " + r.interface->canonical();
        if (r.next_hop) out += " " + format_ipv4(*r.next_hop);
        if (r.distance != 1) out += " " + std::to_string(r.distance);
        if (!r.name.empty()) out += " name " + r.name;
        if (r.permanent) out += " permanent";
        out += "\n";
    }
    if (!c.routes.empty()) out += "!\n";
    out += render_access_lists(c.access_lists);
    if (c.motd) out += "banner motd " + c.motd->delimiter + c.motd->text + c.motd->delimiter + "\n!\n";
    render_line(out, "line con 0", c.console);
    render_line(out, "line aux 0", c.aux);
    // IOS groups consecutive vty lines with the same settings, but never across 4/5: lines
    // 5 and up exist only once configured.
    for (std::size_t first = 0; first < c.vty.size();) {
        std::size_t last = first;
        while (last + 1 < c.vty.size() && last + 1 != 5 && c.vty[last + 1] == c.vty[first]) ++last;
        std::string header = "line vty " + std::to_string(first);
        if (last != first) header += " " + std::to_string(last);
        render_line(out, header, c.vty[first]);
        first = last + 1;
    }
    out += "!\nend\n";
    return out;
}

std::string render_show_running(const RunningConfig& config) {
    std::string body = render_config(config);
    return "Building configuration...\n\nCurrent configuration : " + std::to_string(body.size()) + " bytes\n" + body;
}

}  // namespace routerd::config
