// `line con 0` / `line vty 0 4` sub-mode commands; each applies to every line in the range.
#include <sstream>

#include "engine/config/apply.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;

std::vector<LineConfig*> lines_of(RunningConfig& c, const std::string& context) {
    std::istringstream in(context);
    std::string kind;
    std::size_t first = 0, last = 0;
    in >> kind >> first;
    if (kind == "con") return {&c.console};
    if (kind == "aux") return {&c.aux};
    if (!(in >> last)) last = first;
    std::vector<LineConfig*> out;
    for (std::size_t i = first; i <= last && i < c.vty.size(); ++i) out.push_back(&c.vty[i]);
    return out;
}

}  // namespace

std::optional<ApplyResult> apply_line(ApplyContext& ctx) {
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::ExecTimeout:
        case CommandId::LoggingSynchronous:
        case CommandId::LinePassword:
        case CommandId::Login:
        case CommandId::TransportInput:
        case CommandId::PrivilegeLevel:
        case CommandId::AccessClass: break;
        default: return std::nullopt;
    }
    std::optional<StoredSecret> password;
    if (m.id() == CommandId::LinePassword && set) {
        std::string text = m.values().back();
        if (m.has("7")) {
            if (!decode_type7(text)) {
                ctx.out += "Invalid encrypted password: " + text + "\n";
                return ApplyResult{};
            }
            password = StoredSecret{7, text};
        } else {
            password = ctx.config.password_encryption
                           ? StoredSecret{7, encode_type7(text, static_cast<unsigned>(text.size()))}
                           : StoredSecret{0, text};
        }
    }
    std::string transport;
    if (m.id() == CommandId::TransportInput && set)
        for (const auto& a : m.args)
            if (a.value != "transport" && a.value != "input") transport += (transport.empty() ? "" : " ") + a.value;

    for (LineConfig* l : lines_of(ctx.config, ctx.frame.context)) {
        switch (m.id()) {
            case CommandId::ExecTimeout:
                if (set) {
                    auto v = m.values();
                    l->exec_timeout = std::pair{static_cast<std::uint32_t>(std::stoul(v[0])),
                                                v.size() > 1 ? static_cast<std::uint32_t>(std::stoul(v[1])) : 0u};
                } else {
                    l->exec_timeout.reset();
                }
                break;
            case CommandId::LoggingSynchronous: l->logging_synchronous = set; break;
            case CommandId::LinePassword: l->password = password; break;
            case CommandId::Login:
                l->login = !set ? LineConfig::Login::None
                                : m.has("local") ? LineConfig::Login::Local : LineConfig::Login::Password;
                break;
            case CommandId::TransportInput: l->transport_input = transport; break;
            case CommandId::AccessClass:
                // IOS keeps one list per direction; `no access-class X in` clears the inbound one.
                if (m.has("out")) {
                    l->access_class_out = set ? m.value(0) : "";
                } else {
                    l->access_class_in = set ? m.value(0) : "";
                    l->access_class_vrf_also = set && m.has("vrf-also");
                }
                break;
            case CommandId::PrivilegeLevel:
                if (set) l->privilege = static_cast<std::uint32_t>(std::stoul(m.value(0)));
                else l->privilege.reset();
                break;
            default: break;
        }
    }
    return changed_result();
}

}  // namespace routerd::config
