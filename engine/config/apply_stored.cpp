// Lines IOS accepts that this box keeps without carrying them out (grammar/definitions/
// stored.cpp): global lines, blocks with their children, interface lines.
#include <algorithm>
#include <cstdio>

#include "engine/config/access_groups.hpp"
#include "engine/config/nat_config.hpp"
#include "engine/config/apply.hpp"
#include "engine/config/logging_config.hpp"
#include "engine/config/routing_blocks.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;

// The canonical keywords and the rest as typed: `snmp-s community x RO` is kept as
// `snmp-server community x RO`, as IOS shows it.
std::string body_of(const grammar::Matched& m) {
    std::string body;
    for (const auto& a : m.args) {
        if (!body.empty()) body += ' ';
        body += a.value;
    }
    return body;
}

// IOS 15: "%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 192.168.1.50 port 514 started - CLI
// initiated" when `logging host` is typed, "stopped" when `no logging host` removes it.
void host_start_stop(const std::vector<SyslogHostConfig>& before, const std::vector<SyslogHostConfig>& after,
                     std::vector<std::pair<int, std::string>>& log) {
    auto say = [&](const SyslogHostConfig& h, const char* what) {
        log.emplace_back(6, "%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host " + format_ipv4(h.address) +
                                " port " + std::to_string(h.port) + " " + what + " - CLI initiated");
    };
    for (const auto& h : before)
        if (std::find(after.begin(), after.end(), h) == after.end()) say(h, "stopped");
    for (const auto& h : after)
        if (std::find(before.begin(), before.end(), h) == before.end()) say(h, "started");
}

std::string not_applied(const std::string& line) {
    return "%CONFIG-4-NOT_APPLIED: \"" + line + "\" is kept in the configuration but has no effect on this box\n";
}

// The indentation a child keeps: one blank deeper than its parent at least, and as much
// deeper as it was typed (a pasted `address-family` block keeps its own children nested).
std::string child_text(std::string_view typed, std::size_t indent, std::size_t parent_indent) {
    std::size_t depth = indent > parent_indent ? indent - parent_indent : 1;
    std::size_t start = typed.find_first_not_of(" \t");
    std::string_view rest = start == std::string_view::npos ? std::string_view{} : typed.substr(start);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
    return std::string(depth, ' ') + std::string(rest);
}

std::vector<StoredLine>* lines_for(RunningConfig& config, const std::string& interface) {
    if (interface.empty()) return &config.stored;
    auto name = grammar::parse_interface_name(interface);
    if (!name) return nullptr;
    auto it = config.interfaces.find(*name);
    return it == config.interfaces.end() ? nullptr : &it->second.stored;
}

// The kept lines of the object a modelled sub-mode edits (a `line vty 0 4` range: each line).
std::vector<std::vector<StoredLine>*> submode_lines(RunningConfig& c, const grammar::ModeFrame& f) {
    using grammar::Mode;
    auto& crypto = c.crypto;
    switch (f.mode) {
        case Mode::ConfigCryptoMap: {
            auto* e = map_entry_of(crypto, f.context);
            return e ? std::vector<std::vector<StoredLine>*>{&e->stored} : std::vector<std::vector<StoredLine>*>{};
        }
        case Mode::IpsecProfile: {
            auto p = crypto.ipsec_profiles.find(f.context);
            return p == crypto.ipsec_profiles.end() ? std::vector<std::vector<StoredLine>*>{}
                                                    : std::vector<std::vector<StoredLine>*>{&p->second.stored};
        }
        case Mode::ConfIsaProf: {
            auto p = crypto.isakmp_profiles.find(f.context);
            return p == crypto.isakmp_profiles.end() ? std::vector<std::vector<StoredLine>*>{}
                                                     : std::vector<std::vector<StoredLine>*>{&p->second.stored};
        }
        case Mode::Ikev2Profile: {
            auto p = crypto.ikev2.profiles.find(f.context);
            return p == crypto.ikev2.profiles.end() ? std::vector<std::vector<StoredLine>*>{}
                                                    : std::vector<std::vector<StoredLine>*>{&p->second.stored};
        }
        case Mode::Ikev2KeyringPeer: {
            auto* p = ikev2_peer_of(crypto.ikev2, f.context);
            return p ? std::vector<std::vector<StoredLine>*>{&p->stored} : std::vector<std::vector<StoredLine>*>{};
        }
        case Mode::ConfigLine: {
            if (f.context == "con 0") return {&c.console.stored};
            if (f.context == "aux 0") return {&c.aux.stored};
            std::vector<std::vector<StoredLine>*> out;
            unsigned first = 0, last = 0;
            if (std::sscanf(f.context.c_str(), "vty %u %u", &first, &last) != 2) return {};
            for (unsigned n = first; n <= last && n < c.vty.size(); ++n) out.push_back(&c.vty[n].stored);
            return out;
        }
        default: return {};
    }
}

}  // namespace

bool attach_child(RunningConfig& config, const ChildTarget& target, std::string_view typed, std::size_t indent) {
    auto* lines = lines_for(config, target.interface);
    if (!lines) return false;
    auto* line = find_stored(*lines, target.header);
    if (!line) return false;
    add_child(*line, child_text(typed, indent, target.indent));
    return true;
}

std::optional<ApplyResult> apply_stored(ApplyContext& ctx) {
    const auto& m = ctx.match;
    switch (m.id()) {
        case CommandId::StoredLine:
        case CommandId::StoredBlock:
        case CommandId::StoredInterfaceLine:
        case CommandId::StoredChild:
        case CommandId::StoredSubmodeLine: break;
        default: return std::nullopt;
    }
    ApplyResult r;
    if (m.id() == CommandId::StoredSubmodeLine) {
        std::string body = body_of(m);
        for (auto* lines : submode_lines(ctx.config, ctx.frame)) {
            bool changed = false;
            keep_line(*lines, m.form(), body, changed);
            r.changed = r.changed || changed;
        }
        if (m.form() == Form::Set) r.notice = not_applied(body);
        return r;
    }
    if (m.id() == CommandId::StoredChild) {
        // A line inside a kept block: the block is the frame's context.
        auto [header, family] = split_family_context(ctx.frame.context);
        auto* block = find_stored(ctx.config.stored, header);
        if (!block) {
            // Another session removed the block while this one was in it (`no router bgp 1`).
            ctx.out += "% Not applied: " + header + " was removed by another session while this one edited it\n";
            return r;
        }
        if (routing_block(block->text)) {
            std::string typed = child_text(m.value(0), 0, 0);
            std::string_view text = std::string_view(typed).substr(1);
            r.changed = add_routing_child(*block, text, ctx.indent, family);
            // IOS's address-family sub-mode: `R1(config-router-af)#` until exit-address-family
            // (or `exit`) goes back to `R1(config-router)#`.
            if (begins_with_words(block->text, "router bgp") && begins_with_words(text, "address-family")) {
                r.enter = grammar::ModeFrame{grammar::Mode::ConfigBlock, family_context(block->text, text),
                                             "(config-router-af)#"};
                r.nested = true;
            }
            r.leave = text == "exit-address-family" && !family.empty();
            return r;
        }
        r.changed = add_child(*block, child_text(m.value(0), ctx.indent, 0));
        return r;
    }
    std::string body = body_of(m);
    bool interface_line = m.id() == CommandId::StoredInterfaceLine;
    std::vector<StoredLine>* lines = &ctx.config.stored;
    if (interface_line) {
        auto* i = current_interface(ctx);
        if (!i) return r;
        lines = &i->stored;
    }
    // The `logging` lines routerd carries out (logging_config.hpp) keep IOS 15's spelling and
    // say so when a syslog host starts or stops receiving, as IOS does.
    bool logging = !interface_line && m.id() == CommandId::StoredLine && body.starts_with("logging ");
    if (logging) body = canonical_logging_line(std::move(body));
    auto hosts_before = logging ? logging_settings(*lines).hosts : std::vector<SyslogHostConfig>{};
    StoredLine* kept = keep_line(*lines, m.form(), body, r.changed);
    // `ip access-group` and the NAT lines are carried out by the packet filter
    // (engine/interfaces/interface_filters).
    bool applies = (logging && logging_line_applies(body)) ||
                   (interface_line && (access_group_line(body) || nat_interface_line_applies(body))) ||
                   (interface_line && routing_interface_line(body)) ||
                   (!interface_line && (nat_global_line_applies(body) || body == "ip routing" ||
                                        routing_block(body) || routing_line(body)));
    if (m.form() == Form::Set && !applies) r.notice = not_applied(body);
    if (logging && r.changed && !ctx.from_startup) host_start_stop(hosts_before, logging_settings(*lines).hosts, r.log);
    if (!kept) return r;
    if (m.id() == CommandId::StoredBlock && m.form() == Form::Set) {
        r.enter = grammar::ModeFrame{grammar::Mode::ConfigBlock, kept->text, block_prompt(kept->text)};
        return r;
    }
    r.children_of = ChildTarget{interface_line ? ctx.frame.context : std::string(), kept->text, ctx.indent};
    return r;
}

}  // namespace routerd::config
