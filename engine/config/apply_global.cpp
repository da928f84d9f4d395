// Global configuration commands: hostname, enable secret, username, service, logging, line,
// banner, ip route, domain settings.
#include <algorithm>
#include <cctype>

#include "engine/config/apply.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;

ApplyResult changed() { return changed_result(); }

// `enable secret [0|5|8|9] TEXT` and `username X secret ...`: type 0 (or none) is hashed with
// scrypt as IOS does for type 9; hashed types are checked for shape and kept as given.
std::optional<StoredSecret> make_secret(const grammar::Matched& m, std::string_view text, std::string& out) {
    int type = m.has("5") ? 5 : m.has("8") ? 8 : m.has("9") ? 9 : 0;
    if (type == 0) return StoredSecret{9, hash_type9(text, random_salt())};
    if (!valid_hash(type, text)) {
        out += "ERROR: The secret you entered is not a valid encrypted secret.\n"
               "To enter an UNENCRYPTED secret, do not specify type " + std::to_string(type) + " encryption.\n"
               "When you properly enter an UNENCRYPTED secret, it will be encrypted.\n";
        return std::nullopt;
    }
    return StoredSecret{type, std::string(text)};
}

bool valid_hostname(std::string_view name) {
    if (name.empty() || name.size() > 63 || !std::isalpha(static_cast<unsigned char>(name.front()))) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

std::uint32_t level_number(const grammar::Matched& m) {
    static const char* names[] = {"emergencies", "alerts", "critical", "errors", "warnings", "notifications",
                                  "informational", "debugging"};
    for (std::uint32_t i = 0; i < 8; ++i)
        if (m.has(names[i])) return i;
    for (const auto& v : m.values()) {
        auto n = std::stoul(v);
        if (n <= 7) return static_cast<std::uint32_t>(n);
    }
    return 7;
}

ApplyResult apply_route(ApplyContext& ctx) {
    const auto& m = ctx.match;
    auto values = m.values();
    if (values.size() < 2) {  // `no ip route` needs the prefix and mask at least
        return {};
    }
    StaticRoute r;
    r.prefix = *grammar::parse_ipv4(values[0]);
    r.mask = *grammar::parse_ipv4(values[1]);
    if (!contiguous_mask(r.mask) || (r.prefix & ~r.mask) != 0) {
        ctx.out += "%Inconsistent address and mask\n";
        return {};
    }
    for (std::size_t i = 2; i < values.size(); ++i) {
        const auto& v = values[i];
        if (auto ip = grammar::parse_ipv4(v)) r.next_hop = *ip;
        else if (auto ifn = grammar::parse_interface_name(v)) r.interface = *ifn;
        else if (v == m.after("name")) r.name = v;
        else r.distance = static_cast<std::uint32_t>(std::stoul(v));
    }
    r.permanent = m.has("permanent");
    auto same_path = [&](const StaticRoute& o) {
        return o.prefix == r.prefix && o.mask == r.mask && o.next_hop == r.next_hop && o.interface == r.interface;
    };
    auto& routes = ctx.config.routes;
    if (m.form() != Form::Set) {
        // `no ip route P M` removes every path to P/M; with a next hop, only that one.
        auto before = routes.size();
        std::erase_if(routes, [&](const StaticRoute& o) {
            return o.prefix == r.prefix && o.mask == r.mask && (values.size() == 2 || same_path(o));
        });
        if (routes.size() == before && !ctx.from_startup) ctx.out += "%No matching route to delete\n";
        return changed();
    }
    if (!r.next_hop && !r.interface) return {};
    auto it = std::find_if(routes.begin(), routes.end(), same_path);
    if (it != routes.end()) *it = r;
    else routes.push_back(r);
    std::stable_sort(routes.begin(), routes.end(), [](const StaticRoute& a, const StaticRoute& b) {
        return std::tie(a.prefix, a.mask) < std::tie(b.prefix, b.mask);
    });
    return changed();
}

// The sub-mode of `line ...`; vty lines above 4 come into existence when first named.
std::optional<grammar::ModeFrame> line_target(RunningConfig& c, const grammar::Matched& m) {
    if (m.has("vty")) {
        auto first = static_cast<std::uint32_t>(std::stoul(m.value(0)));
        auto last = m.values().size() > 1 ? static_cast<std::uint32_t>(std::stoul(m.value(1))) : first;
        if (last < first) return std::nullopt;
        if (c.vty.size() <= last) c.vty.resize(last + 1, RunningConfig::vty_default());
        std::string ctx = "vty " + std::to_string(first) + " " + std::to_string(last);
        return grammar::ModeFrame{grammar::Mode::ConfigLine, ctx};
    }
    return grammar::ModeFrame{grammar::Mode::ConfigLine, m.has("console") ? "con 0" : "aux 0"};
}

}  // namespace

void set_banner(RunningConfig& config, const std::string& kind, std::string delimiter, std::string text) {
    if (kind == "motd") config.motd = Banner{std::move(delimiter), std::move(text)};
    else config.banners[kind] = Banner{std::move(delimiter), std::move(text)};
}

std::optional<ApplyResult> apply_global(ApplyContext& ctx) {
    auto& c = ctx.config;
    const auto& m = ctx.match;
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::Hostname:
            if (!set) { c.hostname = "Router"; return changed(); }
            if (!valid_hostname(m.value(0))) {
                ctx.out += "% Hostname contains one or more illegal characters.\n";
                return ApplyResult{};
            }
            c.hostname = m.value(0);
            return changed();
        case CommandId::EnableSecret:
            if (!set) { c.enable_secret.reset(); return changed(); }
            if (auto s = make_secret(m, m.value(0), ctx.out)) { c.enable_secret = *s; return changed(); }
            return ApplyResult{};
        case CommandId::Username: {
            auto name = m.value(0);
            auto it = std::find_if(c.users.begin(), c.users.end(), [&](const User& u) { return u.name == name; });
            if (!set) {
                if (it != c.users.end()) c.users.erase(it);
                return changed();
            }
            User u;
            u.name = name;
            if (m.has("privilege")) u.privilege = static_cast<std::uint32_t>(std::stoul(m.after("privilege")));
            std::string text = m.values().back();
            if (m.has("secret")) {
                auto s = make_secret(m, text, ctx.out);
                if (!s) return ApplyResult{};
                u.secret = *s;
            } else {
                u.is_secret = false;
                if (m.has("7")) {
                    if (!decode_type7(text)) { ctx.out += "Invalid encrypted password: " + text + "\n"; return ApplyResult{}; }
                    u.secret = {7, text};
                } else {
                    u.secret = c.password_encryption ? StoredSecret{7, encode_type7(text, static_cast<unsigned>(text.size()))}
                                                     : StoredSecret{0, text};
                }
            }
            if (it != c.users.end()) *it = u;
            else c.users.push_back(u);
            return changed();
        }
        case CommandId::ServicePasswordEncryption:
            c.password_encryption = set;
            if (set) {
                // IOS encrypts the clear-text passwords already in the configuration at once.
                auto hide = [](std::optional<StoredSecret>& p) {
                    if (p && p->type == 0) p = StoredSecret{7, encode_type7(p->text, static_cast<unsigned>(p->text.size()))};
                };
                hide(c.console.password);
                hide(c.aux.password);
                for (auto& l : c.vty) hide(l.password);
                for (auto& u : c.users)
                    if (!u.is_secret && u.secret.type == 0) u.secret = {7, encode_type7(u.secret.text, static_cast<unsigned>(u.secret.text.size()))};
            }
            return changed();
        case CommandId::ServiceTimestamps: {
            TimestampStyle s;
            if (set) {
                s.uptime = m.has("uptime");
                s.msec = m.has("msec");
                s.localtime = m.has("localtime");
                s.show_timezone = m.has("show-timezone");
                s.year = m.has("year");
            } else {
                s.msec = true;
            }
            bool debug = m.has("debug") || !m.has("log");
            bool log = m.has("log") || !m.has("debug");
            if (debug) c.timestamps_debug = s;
            if (log) c.timestamps_log = s;
            return changed();
        }
        case CommandId::LoggingBuffered: {
            if (!set) { c.logging_buffered.reset(); return changed(); }
            LoggingBuffered b;
            for (const auto& v : m.values()) {
                auto n = std::stoul(v);
                if (n >= 4096) b.size = static_cast<std::uint32_t>(n);
            }
            b.level = level_number(m);
            c.logging_buffered = b;
            return changed();
        }
        case CommandId::Line: {
            auto target = line_target(c, m);
            if (!target) {
                ctx.out += "%Invalid line range\n";
                return ApplyResult{};
            }
            return ApplyResult{*target, std::nullopt, false, std::nullopt, {}, {}, std::nullopt, std::nullopt};
        }
        case CommandId::BannerMotd: {
            std::string kind = m.args.size() > 1 ? m.args[1].value : "motd";
            if (!set) {
                if (kind == "motd") c.motd.reset();
                else c.banners.erase(kind);
                return changed();
            }
            std::string text = m.value(0);
            std::string delim = text.rfind("^C", 0) == 0 ? "^C" : text.substr(0, 1);
            std::string rest = text.substr(delim.size());
            auto end = rest.find(delim);
            if (end != std::string::npos) {
                set_banner(c, kind, delim, rest.substr(0, end));
                return changed();
            }
            if (!ctx.from_startup)
                ctx.out += "Enter TEXT message.  End with the character '" + (delim == "^C" ? std::string("^C") : delim) + "'.\n";
            ApplyResult r;
            // Everything after the delimiter is banner text, the end of this first line included:
            // IOS shows `banner motd ^C` alone on its line, the text below it.
            r.collect_banner = BannerCollect{kind, delim, rest + "\n"};
            return r;
        }
        case CommandId::IpRoute: return apply_route(ctx);
        case CommandId::Version: return ApplyResult{};  // accepted as IOS accepts it; ours is fixed
        case CommandId::IpDomainLookup: c.domain_lookup = set || m.form() == Form::Default; return changed();
        case CommandId::IpDomainName: c.domain_name = set ? m.value(0) : ""; return changed();
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
