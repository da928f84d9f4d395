// Access lists: numbered (`access-list N ...`) and named (`ip access-list ...` and its
// sub-modes), with IOS's sequence numbering (last + 10) and normalisation (host bits that
// the wildcard ignores are cleared).
#include <algorithm>

#include "engine/config/apply.hpp"
#include "engine/config/render_acl.hpp"
#include "grammar/acl_keywords.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;
using grammar::Mode;

ApplyResult changed() { return changed_result(); }

// Reads an entry's tokens in order, as the grammar matched them.
class Cursor {
public:
    explicit Cursor(const std::vector<grammar::Arg>& args, std::size_t start) : args_(args), i_(start) {}
    bool done() const { return i_ >= args_.size(); }
    const std::string& peek() const { return args_[i_].value; }
    bool peek_is(std::string_view kw) const {
        return !done() && args_[i_].token->kind == grammar::TokenKind::Keyword && args_[i_].value == kw;
    }
    std::string take() { return args_[i_++].value; }
    bool take_if(std::string_view kw) {
        if (!peek_is(kw)) return false;
        ++i_;
        return true;
    }

    AclAddress address() {
        AclAddress a;
        if (take_if("any")) return a;
        if (take_if("host")) {
            a.address = *grammar::parse_ipv4(take());
            a.wildcard = 0;
            return a;
        }
        a.address = *grammar::parse_ipv4(take());
        a.wildcard = 0;
        if (!done() && args_[i_].token->kind == grammar::TokenKind::Ipv4) a.wildcard = *grammar::parse_ipv4(take());
        a.address &= ~a.wildcard;  // IOS keeps only the bits that are compared
        return a;
    }

    std::optional<PortMatch> port(const std::string& protocol) {
        for (PortOp op : {PortOp::Eq, PortOp::Neq, PortOp::Lt, PortOp::Gt, PortOp::Range}) {
            if (!take_if(port_op_name(op))) continue;
            PortMatch p;
            p.op = op;
            p.low = *grammar::port_number(protocol, take());
            p.high = op == PortOp::Range ? *grammar::port_number(protocol, take()) : p.low;
            return p;
        }
        return std::nullopt;
    }

private:
    const std::vector<grammar::Arg>& args_;
    std::size_t i_;
};

// `permit`/`deny` onwards, standard or extended.
AclEntry parse_entry(const grammar::Matched& m, std::size_t start, bool extended) {
    Cursor c(m.args, start);
    AclEntry e;
    if (!c.peek_is("permit") && !c.peek_is("deny")) e.seq = static_cast<std::uint32_t>(std::stoul(c.take()));
    e.permit = c.take() == "permit";
    if (!extended) {
        e.source = c.address();
        if (c.take_if("log")) e.extras.edit().log = "log";
        return e;
    }
    e.protocol = c.take();
    // IOS shows a protocol number by its name when it has one (47 is `gre`).
    if (auto n = grammar::protocol_number(e.protocol))
        for (const auto& p : grammar::ip_protocols())
            if (p.number == *n && p.name != "nos") {
                e.protocol = std::string(p.name);
                break;
            }
    e.source = c.address();
    e.source_port = c.port(e.protocol);
    e.destination = c.address();
    e.destination_port = c.port(e.protocol);
    e.established = c.take_if("established");
    for (std::string_view kw : {"match-all", "match-any"}) {
        if (!c.take_if(kw)) continue;
        auto& flags = e.extras.edit().tcp_flags;
        flags = std::string(kw);
        while (!c.done() && (c.peek()[0] == '+' || c.peek()[0] == '-')) flags += " " + c.take();
    }
    if (e.protocol == "icmp" && !c.done() && !c.peek_is("dscp") && !c.peek_is("fragments") && !c.peek_is("log") &&
        !c.peek_is("log-input") && !c.peek_is("time-range")) {
        auto& icmp = e.extras.edit().icmp;
        icmp = c.take();
        if (!c.done() && std::isdigit(static_cast<unsigned char>(c.peek()[0]))) icmp += " " + c.take();
    }
    if (c.take_if("dscp")) e.extras.edit().dscp = c.take();
    e.fragments = c.take_if("fragments");
    if (c.take_if("log")) e.extras.edit().log = "log";
    else if (c.take_if("log-input")) e.extras.edit().log = "log-input";
    if (c.take_if("time-range")) e.extras.edit().time_range = c.take();
    return e;
}

std::string rule_of(const AccessList& acl, const AclEntry& e) { return entry_text(acl, e); }

// Removes the entries `pred` selects, keeping the rule index in step.
template <typename Pred>
void remove_entries(AccessList& acl, Pred pred) {
    std::erase_if(acl.entries, [&](const AclEntry& e) {
        if (!pred(e)) return false;
        if (!e.is_remark) acl.rules.erase(rule_of(acl, e));
        return true;
    });
}

// Adds an entry: at its sequence number, or 10 past the last one.
std::string add_entry(AccessList& acl, AclEntry e) {
    // The rule goes into the index at once (one hashing of its text per pasted line, not a
    // look-up and then an insertion), and out again if the entry is refused.
    std::optional<std::unordered_set<std::string>::iterator> rule;
    if (!e.is_remark) {
        auto [it, added] = acl.rules.insert(rule_of(acl, e));
        if (!added) return "";  // IOS ignores a line already in the list
        rule = it;
    }
    if (e.seq == 0) {
        e.seq = acl.entries.empty() ? 10 : acl.entries.back().seq + 10;
    } else if (std::any_of(acl.entries.begin(), acl.entries.end(), [&](const AclEntry& o) { return o.seq == e.seq; })) {
        if (rule) acl.rules.erase(*rule);
        return "% Duplicate sequence number\n";
    }
    auto pos = std::upper_bound(acl.entries.begin(), acl.entries.end(), e.seq,
                                [](std::uint32_t s, const AclEntry& o) { return s < o.seq; });
    acl.entries.insert(pos, std::move(e));
    return "";
}

bool number_in(const std::string& s, std::uint32_t lo, std::uint32_t hi) {
    if (s.empty() || !std::all_of(s.begin(), s.end(), ::isdigit) || s.size() > 9) return false;
    auto n = std::stoul(s);
    return n >= lo && n <= hi;
}

bool extended_number(const std::string& s) { return number_in(s, 100, 199) || number_in(s, 2000, 2699); }
bool standard_number(const std::string& s) { return number_in(s, 1, 99) || number_in(s, 1300, 1999); }

// IOS limits a remark to 100 characters ("Comment up to 100 characters"): a longer one is
// refused with the caret under its 101st character, where the LINE token stops matching,
// rather than stored (an unbounded remark once let one line hold 200 KB of the config).
constexpr std::size_t kMaxRemark = 100;

std::optional<ApplyResult> remark_too_long(const grammar::Matched& m) {
    const auto& text = m.args.back();
    if (text.value.size() <= kMaxRemark) return std::nullopt;
    ApplyResult r;
    r.invalid_column = text.column + kMaxRemark;
    return r;
}

}  // namespace

std::optional<ApplyResult> apply_acl(ApplyContext& ctx) {
    const auto& m = ctx.match;
    auto& lists = ctx.config.access_lists;
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::AccessListStandard:
        case CommandId::AccessListExtended:
        case CommandId::AccessListRemark: {
            std::string number = m.args[1].value;
            if (!set) {  // `no access-list N` removes the whole list, as on IOS
                lists.erase(number);
                return changed();
            }
            auto& acl = lists[number];
            acl.name = number;
            acl.numbered = true;
            acl.extended = extended_number(number);
            if (m.id() == CommandId::AccessListRemark) {
                if (auto refused = remark_too_long(m)) return refused;
                AclEntry r;
                r.is_remark = true;
                r.extras.edit().remark = m.args.back().value;
                add_entry(acl, std::move(r));
            } else {
                ctx.out += add_entry(acl, parse_entry(m, 2, acl.extended));
            }
            return changed();
        }
        case CommandId::IpAccessList: {
            std::string name = m.value(0);
            bool extended = m.has("extended");
            if (!set) {
                lists.erase(name);
                return changed();
            }
            auto it = lists.find(name);
            if (it != lists.end() && it->second.extended != extended) {
                ctx.out += std::string("% A named ") + (extended ? "standard" : "extended") +
                           " IP access list with this name already exists\n";
                return ApplyResult{};
            }
            if ((extended && standard_number(name)) || (!extended && extended_number(name))) {
                ctx.out += "% Invalid access list name.\n";
                return ApplyResult{};
            }
            auto& acl = lists[name];
            acl.name = name;
            acl.extended = extended;
            // `ip access-list extended 101` is access list 101: IOS shows it as `access-list 101`.
            if (extended_number(name) || standard_number(name)) acl.numbered = true;
            ApplyResult r;
            r.enter = grammar::ModeFrame{extended ? Mode::ConfigExtNacl : Mode::ConfigStdNacl, name};
            return r;
        }
        case CommandId::IpAccessListResequence: {
            auto it = lists.find(m.value(0));
            if (it == lists.end()) {
                ctx.out += "%Access list " + m.value(0) + " does not exist\n";
                return ApplyResult{};
            }
            auto seq = static_cast<std::uint32_t>(std::stoul(m.value(1)));
            auto step = static_cast<std::uint32_t>(std::stoul(m.value(2)));
            for (auto& e : it->second.entries) {
                e.seq = seq;
                seq += step;
            }
            return changed();
        }
        case CommandId::AclEntryStandard:
        case CommandId::AclEntryExtended:
        case CommandId::AclEntryRemark:
        case CommandId::AclDeleteSequence: {
            auto it = lists.find(ctx.frame.context);
            if (it == lists.end()) return ApplyResult{};
            auto& acl = it->second;
            if (m.id() == CommandId::AclDeleteSequence) {
                auto seq = static_cast<std::uint32_t>(std::stoul(m.value(0)));
                remove_entries(acl, [&](const AclEntry& e) { return e.seq == seq; });
                return changed();
            }
            AclEntry e;
            if (m.id() == CommandId::AclEntryRemark) {
                if (auto refused = remark_too_long(m); refused && set) return refused;
                e.is_remark = true;
                e.extras.edit().remark = m.args.back().value;
                if (m.args.front().token->kind == grammar::TokenKind::Range) e.seq = static_cast<std::uint32_t>(std::stoul(m.args.front().value));
            } else {
                e = parse_entry(m, 0, m.id() == CommandId::AclEntryExtended);
            }
            if (!set) {
                std::string rule = e.is_remark ? "" : rule_of(acl, e);
                remove_entries(acl, [&](const AclEntry& o) {
                    return (o.is_remark == e.is_remark && (o.is_remark ? o.extras.get().remark == e.extras.get().remark : rule_of(acl, o) == rule)) ||
                           (e.seq && o.seq == e.seq);
                });
                return changed();
            }
            ctx.out += add_entry(acl, std::move(e));
            return changed();
        }
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
