#include "engine/config/render_acl.hpp"

#include <algorithm>
#include <cctype>

#include "engine/config/running_config.hpp"
#include "grammar/acl_keywords.hpp"

namespace routerd::config {
namespace {

std::string address_text(const AclAddress& a) {
    if (a.any()) return "any";
    if (a.host()) return "host " + format_ipv4(a.address);
    return format_ipv4(a.address) + " " + format_ipv4(a.wildcard);
}

std::string port_value(const std::string& protocol, std::uint16_t port) {
    auto name = grammar::port_name(protocol, port);
    return name.empty() ? std::to_string(port) : std::string(name);
}

std::string port_text(const std::string& protocol, const std::optional<PortMatch>& p) {
    if (!p) return "";
    std::string out = " " + p->op + " " + port_value(protocol, p->low);
    if (p->op == "range") out += " " + port_value(protocol, p->high);
    return out;
}

std::string tail(const AclEntry& e) {
    std::string out;
    if (e.established) out += " established";
    if (!e.tcp_flags.empty()) out += " " + e.tcp_flags;
    if (!e.icmp.empty()) out += " " + e.icmp;
    if (!e.dscp.empty()) out += " dscp " + e.dscp;
    if (e.fragments) out += " fragments";
    if (!e.log.empty()) out += " " + e.log;
    if (!e.time_range.empty()) out += " time-range " + e.time_range;
    return out;
}

bool numeric(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), ::isdigit); }

}  // namespace

std::string entry_text(const AccessList& acl, const AclEntry& e) {
    if (e.is_remark) return "remark " + e.remark;
    std::string out = e.permit ? "permit " : "deny   ";
    if (!acl.extended) {
        if (e.source.any()) out += "any";
        else if (e.source.host()) out += format_ipv4(e.source.address);
        else out += format_ipv4(e.source.address) + " " + format_ipv4(e.source.wildcard);
        return out + (e.log.empty() ? "" : " " + e.log);
    }
    out += e.protocol + " " + address_text(e.source) + port_text(e.protocol, e.source_port) + " " +
           address_text(e.destination) + port_text(e.protocol, e.destination_port);
    return out + tail(e);
}

std::string entry_show_text(const AccessList& acl, const AclEntry& e) {
    if (acl.extended || e.is_remark) return entry_text(acl, e);
    std::string out = e.permit ? "permit " : "deny   ";
    if (e.source.any()) out += "any";
    else if (e.source.host()) out += format_ipv4(e.source.address);
    else out += format_ipv4(e.source.address) + ", wildcard bits " + format_ipv4(e.source.wildcard);
    return out + (e.log.empty() ? "" : " " + e.log);
}

std::vector<const AccessList*> ordered(const AccessLists& lists) {
    std::vector<const AccessList*> out;
    for (const auto& [name, acl] : lists) out.push_back(&acl);
    std::stable_sort(out.begin(), out.end(), [](const AccessList* a, const AccessList* b) {
        bool na = numeric(a->name), nb = numeric(b->name);
        if (na != nb) return na;
        if (na) return std::stoul(a->name) < std::stoul(b->name);
        return a->name < b->name;
    });
    return out;
}

std::string render_access_lists(const AccessLists& lists) {
    std::string named, numbered;
    for (const AccessList* acl : ordered(lists)) {
        if (acl->numbered) {
            for (const auto& e : acl->entries) numbered += "access-list " + acl->name + " " + entry_text(*acl, e) + "\n";
            continue;
        }
        named += "ip access-list " + std::string(acl->extended ? "extended " : "standard ") + acl->name + "\n";
        for (const auto& e : acl->entries) named += " " + entry_text(*acl, e) + "\n";
    }
    std::string out;
    if (!named.empty()) out += named + "!\n";
    if (!numbered.empty()) out += numbered + "!\n";
    return out;
}

}  // namespace routerd::config
