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
    const auto& x = e.extras.get();
    word(" ", x.tcp_flags);
    word(" ", x.icmp);
    word(" dscp ", x.dscp);
    if (e.fragments) out += " fragments";
    word(" ", x.log);
    word(" time-range ", x.time_range);
}

bool numeric(const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), ::isdigit); }

}  // namespace

void append_entry_text(std::string& out, const AccessList& acl, const AclEntry& e) {
    if (e.is_remark) {
        out += "remark ";
        out += e.extras.get().remark;
        return;
    }
    out += e.permit ? "permit " : "deny   ";
    if (!acl.extended) {
        if (e.source.any()) {
            out += "any";
        } else {
            out += format_ipv4(e.source.address);
            if (!e.source.host()) {
                out += ' ';
                out += format_ipv4(e.source.wildcard);
            }
        }
        if (const auto& log = e.extras.get().log; !log.empty()) {
            out += ' ';
            out += log;
        }
        return;
    }
    out += e.protocol;
    out += ' ';
    append_address(out, e.source);
    append_port(out, e.protocol, e.source_port);
    out += ' ';
    append_address(out, e.destination);
    append_port(out, e.protocol, e.destination_port);
    append_tail(out, e);
}

std::string entry_text(const AccessList& acl, const AclEntry& e) {
    std::string out;
    out.reserve(64);
    append_entry_text(out, acl, e);
    return out;
}

std::string entry_show_text(const AccessList& acl, const AclEntry& e) {
    if (acl.extended || e.is_remark) return entry_text(acl, e);
    std::string out = e.permit ? "permit " : "deny   ";
    if (e.source.any()) out += "any";
    else if (e.source.host()) out += format_ipv4(e.source.address);
    else out += format_ipv4(e.source.address) + ", wildcard bits " + format_ipv4(e.source.wildcard);
    const auto& log = e.extras.get().log;
    return out + (log.empty() ? "" : " " + log);
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

void append_access_lists(std::string& out, const AccessLists& lists) {
    // Written where it ends up: a 100,000-line configuration's lists are megabytes, and a string
    // per entry and per section, each copied into the next, was half of `show running-config`.
    auto lists_in_order = ordered(lists);
    bool any = false;
    for (const AccessList* acl : lists_in_order) {
        if (acl->numbered) continue;
        any = true;
        out += "ip access-list ";
        out += acl->extended ? "extended " : "standard ";
        out += acl->name;
        out += '\n';
        for (const auto& e : acl->entries) {
            out += ' ';
            append_entry_text(out, *acl, e);
            out += '\n';
        }
    }
    if (any) out += "!\n";
    any = false;
    for (const AccessList* acl : lists_in_order) {
        if (!acl->numbered) continue;
        for (const auto& e : acl->entries) {
            any = true;
            out += "access-list ";
            out += acl->name;
            out += ' ';
            append_entry_text(out, *acl, e);
            out += '\n';
        }
    }
    if (any) out += "!\n";
}

std::string render_access_lists(const AccessLists& lists) {
    std::string out;
    append_access_lists(out, lists);
    return out;
}

}  // namespace routerd::config
