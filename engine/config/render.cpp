#include "engine/config/render.hpp"

#include <algorithm>
#include <bit>

#include <ctime>

#include "engine/config/render_acl.hpp"
#include "engine/config/render_crypto.hpp"
#include "engine/config/render_ikev2.hpp"
#include "net/ipv4.hpp"

namespace routerd::config {

std::string format_ipv4(std::uint32_t a) { return net::format_ipv4(a); }

bool subnets_overlap(const Ipv4WithMask& a, const Ipv4WithMask& b) {
    std::uint32_t m = a.mask & b.mask;  // the shorter prefix
    return (a.address & m) == (b.address & m);
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

void render_stored(std::string& out, const StoredLine& l, std::string_view indent);

void render_line(std::string& out, const std::string& header, const LineConfig& l) {
    out += header + "\n";
    // IOS lists the access classes first in a line block.
    if (!l.access_class_in.empty())
        out += " access-class " + l.access_class_in + " in" + (l.access_class_vrf_also ? " vrf-also" : "") + "\n";
    if (!l.access_class_out.empty()) out += " access-class " + l.access_class_out + " out\n";
    if (l.exec_timeout)
        out += " exec-timeout " + std::to_string(l.exec_timeout->first) + " " + std::to_string(l.exec_timeout->second) + "\n";
    if (l.privilege) out += " privilege level " + std::to_string(*l.privilege) + "\n";
    if (l.password) out += " password " + (l.password->type == 7 ? "7 " + l.password->text : l.password->text) + "\n";
    if (l.logging_synchronous) out += " logging synchronous\n";
    if (l.login == LineConfig::Login::Password) out += " login\n";
    if (l.login == LineConfig::Login::Local) out += " login local\n";
    if (!l.transport_input.empty()) out += " transport input " + l.transport_input + "\n";
    for (const auto& k : l.stored) render_stored(out, k, " ");
}

// IOS shows `aaa new-model` after the enable secret, its method lists after it.
std::string render_aaa(const AaaConfig& a) {
    if (!a.new_model && a.authentication_login.empty() && a.authorization_exec.empty()) return "";
    std::string out = a.new_model ? "aaa new-model\n!\n!\n" : "";
    auto lists = [&out](const char* head, const std::map<std::string, std::vector<std::string>>& m) {
        for (const auto& [name, methods] : m) {
            out += std::string(head) + " " + name;
            for (const auto& x : methods) out += " " + x;
            out += "\n";
        }
    };
    lists("aaa authentication login", a.authentication_login);
    lists("aaa authorization exec", a.authorization_exec);
    return out + "!\n";
}

// `ip ssh` lines that differ from IOS's defaults.
std::string render_ip_ssh(const SshConfig& s) {
    std::string out;
    if (s.port_rotary)
        out += "ip ssh port " + std::to_string(s.port_rotary->first) + " rotary " + std::to_string(s.port_rotary->second) + "\n";
    if (s.timeout != 120) out += "ip ssh time-out " + std::to_string(s.timeout) + "\n";
    if (s.retries != 3) out += "ip ssh authentication-retries " + std::to_string(s.retries) + "\n";
    if (s.version) out += "ip ssh version " + std::to_string(s.version) + "\n";
    return out.empty() ? out : out + "!\n";
}

void render_stored(std::string& out, const StoredLine& l, std::string_view indent) {
    out += std::string(indent) + l.text + "\n";
    for (const auto& child : l.children) out += std::string(indent) + child + "\n";
}

// The kept global lines of one section, then the `!` IOS puts after a group.
void render_section(std::string& out, const RunningConfig& c, StoredSection section) {
    std::vector<const StoredLine*> lines;
    for (const auto& l : c.stored)
        if (section_of(l.text) == section) lines.push_back(&l);
    std::stable_sort(lines.begin(), lines.end(), [](const StoredLine* a, const StoredLine* b) {
        return order_in_section(a->text) < order_in_section(b->text);
    });
    bool any = false;
    for (const auto* lp : lines) {
        const auto& l = *lp;
        render_stored(out, l, "");
        // A block is closed by `!`, as IOS shows `router bgp 1 ... !`.
        if (!l.children.empty()) out += "!\n";
        any = true;
    }
    if (any && out.size() >= 2 && out.compare(out.size() - 2, 2, "!\n") != 0) out += "!\n";
}

// Where a kept interface line goes among the modelled ones, as IOS orders them: before the
// address (bandwidth, vrf forwarding), in place of it (`ip address dhcp`), among the IP lines
// after it, `load-interval` right after those (seeds 002 L971, L1728, L4914: before the tunnel
// lines and `shutdown`), or after `shutdown` (duplex, speed, cdp, ...).
enum class IfGroup { BeforeAddress, Address, Ip, Load, After };

IfGroup group_of(std::string_view t) {
    for (std::string_view w : {"bandwidth", "vrf", "ip vrf", "mac-address", "encapsulation", "no bandwidth", "delay"})
        if (begins_with_words(t, w)) return IfGroup::BeforeAddress;
    if (begins_with_words(t, "ip address")) return IfGroup::Address;
    for (std::string_view w : {"ip", "no ip", "ipv6", "no ipv6"})
        if (begins_with_words(t, w)) return IfGroup::Ip;
    if (begins_with_words(t, "load-interval")) return IfGroup::Load;
    return IfGroup::After;
}

// After `shutdown`, IOS prints `duplex` before `speed`, and `no cdp enable` after the rest
// (seeds 002 L930-934, L4727-4731); other lines keep the order they were typed in.
int after_rank(std::string_view t) {
    if (begins_with_words(t, "duplex")) return 0;
    if (begins_with_words(t, "speed")) return 1;
    if (begins_with_words(t, "cdp") || begins_with_words(t, "no cdp")) return 3;
    return 2;
}

void render_interface_stored(std::string& out, const InterfaceConfig& i, IfGroup g) {
    std::vector<const StoredLine*> lines;
    for (const auto& l : i.stored)
        if (group_of(l.text) == g) lines.push_back(&l);
    if (g == IfGroup::After)
        std::stable_sort(lines.begin(), lines.end(),
                         [](const StoredLine* a, const StoredLine* b) { return after_rank(a->text) < after_rank(b->text); });
    for (const auto* l : lines) render_stored(out, *l, " ");
}

bool has_group(const InterfaceConfig& i, IfGroup g) {
    for (const auto& l : i.stored)
        if (group_of(l.text) == g) return true;
    return false;
}

}  // namespace

std::string render_config(const RunningConfig& c, const std::vector<grammar::InterfaceName>& present) {
    // The box's own ports show even when nothing configures them: the configured interfaces
    // and the bare ports, in IOS order (the config itself is not copied: it can be large).
    std::map<grammar::InterfaceName, InterfaceConfig> bare;
    for (const auto& n : present)
        if (!c.interfaces.count(n)) bare.emplace(n, InterfaceConfig::named(n));
    std::vector<std::pair<const grammar::InterfaceName*, const InterfaceConfig*>> interfaces;
    // A Virtual-Access is cloned from its Virtual-Template for a session: IOS's running-config
    // never lists one [mem, transcript review], and a reload must not make it a fixed interface.
    for (const auto* m : {&c.interfaces, static_cast<const decltype(bare)*>(&bare)})
        for (const auto& [name, i] : *m)
            if (name.type != grammar::InterfaceType::VirtualAccess) interfaces.emplace_back(&name, &i);
    std::sort(interfaces.begin(), interfaces.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
    std::string out;
    // Roughly what it will come to, made once: growing a megabytes-long string by doubling
    // copies it a dozen times into freshly faulted pages (a third of `show running-config` at
    // 100,000 lines). A line is about 40 characters; ACL entries are most of a large config.
    std::size_t lines = 200 + c.stored.size() + 8 * interfaces.size();
    for (const auto& [name, acl] : c.access_lists) lines += acl.entries.size() + 1;
    out.reserve(lines * 48);
    out += "!\n";
    if (c.last_change.time_since_epoch().count() != 0)
        out += "! Last configuration change at " + format_timestamp(c.last_change) + "\n";
    if (c.last_saved) out += "! NVRAM config last updated at " + format_timestamp(*c.last_saved) + "\n";
    if (c.last_change.time_since_epoch().count() != 0 || c.last_saved) out += "!\n";
    out += "version 15.7\n";
    out += timestamps_line("debug", c.timestamps_debug) + "\n";
    out += timestamps_line("log", c.timestamps_log) + "\n";
    out += c.password_encryption ? "service password-encryption\n" : "no service password-encryption\n";
    for (const auto& l : c.stored)
        if (section_of(l.text) == StoredSection::Services) render_stored(out, l, "");
    out += "!\nhostname " + c.hostname + "\n!\n";
    render_section(out, c, StoredSection::Boot);
    if (c.logging_buffered) {
        out += "logging buffered";
        if (c.logging_buffered->size != 8192) out += " " + std::to_string(c.logging_buffered->size);
        if (c.logging_buffered->level != 7) out += " " + level_name(c.logging_buffered->level);
        out += "\n";
    }
    if (c.enable_secret) out += "enable secret " + secret_text(*c.enable_secret) + "\n";
    out += "!\n";
    render_section(out, c, StoredSection::Aaa);
    out += render_aaa(c.aaa);
    if (!c.domain_lookup) out += "no ip domain-lookup\n";
    if (!c.domain_name.empty()) out += "ip domain-name " + c.domain_name + "\n";
    if (!c.domain_lookup || !c.domain_name.empty()) out += "!\n";
    render_section(out, c, StoredSection::IpServices);
    render_section(out, c, StoredSection::Pki);
    for (const auto& u : c.users) {
        out += "username " + u.name;
        if (u.privilege != 1) out += " privilege " + std::to_string(u.privilege);
        out += (u.is_secret ? " secret " : " password ") + secret_text(u.secret) + "\n";
    }
    if (!c.users.empty()) out += "!\n";
    render_section(out, c, StoredSection::Redundancy);
    render_section(out, c, StoredSection::Ikev2Before);
    out += render_ikev2(c.crypto.ikev2);
    render_section(out, c, StoredSection::Ikev2After);
    render_section(out, c, StoredSection::BeforeCrypto);
    out += render_crypto(c.crypto);
    render_section(out, c, StoredSection::Crypto);
    for (const auto& [name_p, i_p] : interfaces) {
        const auto& name = *name_p;
        const auto& i = *i_p;
        out += "!\ninterface " + name.canonical();
        if (!i.header_suffix.empty()) out += " " + i.header_suffix;
        out += "\n";
        if (!i.description.empty()) out += " description " + i.description + "\n";
        if (i.dot1q_vlan) out += " encapsulation dot1Q " + std::to_string(*i.dot1q_vlan) + (i.dot1q_native ? " native" : "") + "\n";
        if (i.link_mtu) out += " mtu " + std::to_string(*i.link_mtu) + "\n";
        render_interface_stored(out, i, IfGroup::BeforeAddress);
        if (has_group(i, IfGroup::Address)) {
            render_interface_stored(out, i, IfGroup::Address);
        } else if (i.address) {
            out += " ip address " + format_ipv4(i.address->address) + " " + format_ipv4(i.address->mask) + "\n";
            for (const auto& s : i.secondaries)
                out += " ip address " + format_ipv4(s.address) + " " + format_ipv4(s.mask) + " secondary\n";
        } else if (i.unnumbered) {
            out += " ip unnumbered " + i.unnumbered->canonical() + "\n";
        } else {
            out += " no ip address\n";
        }
        if (i.mtu) out += " ip mtu " + std::to_string(*i.mtu) + "\n";
        render_interface_stored(out, i, IfGroup::Ip);
        if (i.tcp_adjust_mss) out += " ip tcp adjust-mss " + std::to_string(*i.tcp_adjust_mss) + "\n";
        render_interface_stored(out, i, IfGroup::Load);
        if (i.shutdown) out += " shutdown\n";
        render_interface_stored(out, i, IfGroup::After);
        if (!i.tunnel_source.empty()) out += " tunnel source " + i.tunnel_source + "\n";
        if (!i.tunnel_mode.empty()) out += " tunnel mode " + i.tunnel_mode + "\n";
        if (!i.tunnel_destination.empty()) out += " tunnel destination " + i.tunnel_destination + "\n";
        if (!i.tunnel_protection.empty())
            out += " tunnel protection ipsec profile " + i.tunnel_protection + (i.tunnel_protection_shared ? " shared" : "") + "\n";
        if (!i.crypto_map.empty()) out += " crypto map " + i.crypto_map + "\n";
    }
    out += "!\n";
    render_section(out, c, StoredSection::AfterInterfaces);
    out += render_ip_ssh(c.ssh);
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
    render_section(out, c, StoredSection::AfterRoutes);
    append_access_lists(out, c.access_lists);
    render_section(out, c, StoredSection::AfterAcls);
    for (const auto& [kind, b] : c.banners) out += "banner " + kind + " " + b.delimiter + b.text + b.delimiter + "\n";
    if (c.motd) out += "banner motd " + c.motd->delimiter + c.motd->text + c.motd->delimiter + "\n";
    if (c.motd || !c.banners.empty()) out += "!\n";
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
    out += "!\n";
    render_section(out, c, StoredSection::AfterLines);
    out += "end\n";
    return out;
}

std::string render_show_running(const RunningConfig& config, const std::vector<grammar::InterfaceName>& present) {
    std::string body = render_config(config, present);
    return "Building configuration...\n\nCurrent configuration : " + std::to_string(body.size()) + " bytes\n" + body;
}

}  // namespace routerd::config
