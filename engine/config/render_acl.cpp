#include "engine/config/render_acl.hpp"

#include <algorithm>
#include <cctype>

#include "engine/config/running_config.hpp"
#include "grammar/acl_keywords.hpp"

namespace routerd::config {
namespace {

// The parts of an entry are appended to one string: the text is written for every entry
// pasted (the list's index of rules, apply_acl.cpp), where a temporary string per part was a
// third of the entry's cost.
void append_address(std::string& out, const AclAddress& a) {
    if (a.any()) {
        out += "any";
        return;
    }
    if (a.host()) out += "host ";
    out += format_ipv4(a.address);
    if (a.host()) return;
    out += ' ';
    out += format_ipv4(a.wildcard);
}

void append_port_value(std::string& out, const std::string& protocol, std::uint16_t port) {
    auto name = grammar::port_name(protocol, port);
    if (name.empty()) out += std::to_string(port);
    else out += name;
}

void append_port(std::string& out, const std::string& protocol, const std::optional<PortMatch>& p) {
    if (!p) return;
    out += ' ';
    out += port_op_name(p->op);
    out += ' ';
    append_port_value(out, protocol, p->low);
    if (p->op != PortOp::Range) return;
    out += ' ';
    append_port_value(out, protocol, p->high);
}

void append_tail(std::string& out, const AclEntry& e) {
    auto word = [&](std::string_view prefix, const std::string& value) {
        if (value.empty()) return;
        out += prefix;
        out += value;
    };
    if (e.established) out += " established";
    word(" ", e.tcp_flags);
    word(" ", e.icmp);
    word(" dscp ", e.dscp);
    if (e.fragments) out += " fragments";
    word(" ", e.log);
    word(" time-range ", e.time_range);
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
    out.reserve(64);
    out += e.protocol;
    out += ' ';
    append_address(out, e.source);
    append_port(out, e.protocol, e.source_port);
    out += ' ';
    append_address(out, e.destination);
    append_port(out, e.protocol, e.destination_port);
    append_tail(out, e);
    return out;
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
