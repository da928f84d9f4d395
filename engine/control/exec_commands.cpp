#include "engine/control/exec_commands.hpp"

#include "engine/config/tunnel_endpoints.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "engine/config/access_groups.hpp"
#include "engine/config/render.hpp"
#include "engine/config/render_acl.hpp"
#include "engine/config/rsa_key.hpp"
#include "engine/control/ping_command.hpp"
#include "engine/interfaces/interface_filters.hpp"
#include "engine/control/telnet_command.hpp"
#include "engine/show/show_ip_bgp.hpp"
#include "engine/show/show_ip_nat.hpp"
#include "engine/show/show_ip_ospf.hpp"
#include "engine/show/show_ip_protocols.hpp"
#include "engine/show/show_ip_route.hpp"
#include "engine/routing/frr_routes.hpp"
#include "platform/route_table.hpp"
#include "engine/show/show_access_lists.hpp"
#include "engine/show/show_crypto_config.hpp"
#include "engine/show/show_crypto_ikev2.hpp"
#include "engine/show/show_crypto_ikev2_sa.hpp"
#include "engine/policy/esp_overhead.hpp"
#include "engine/show/show_crypto_ipsec_sa.hpp"
#include "engine/show/show_crypto_isakmp_sa.hpp"
#include "engine/show/show_crypto_engine.hpp"
#include "engine/show/show_crypto_peer_config.hpp"
#include "engine/show/show_crypto_session.hpp"
#include "engine/show/crypto_views.hpp"
#include "engine/show/show_interfaces.hpp"
#include "engine/show/show_inventory.hpp"
#include "engine/show/show_ip_interface_brief.hpp"
#include "engine/show/show_version.hpp"
#include "grammar/matcher.hpp"
#include "grammar/token.hpp"
#include "platform/files.hpp"
#include "platform/system_info.hpp"

namespace routerd::control {
namespace {

using grammar::CommandId;
using grammar::Mode;

// The interfaces the box has: its ports (links mapped to IOS names), not the ones routerd
// makes from the config.
std::vector<grammar::InterfaceName> box_ports(Router& router) {
    std::vector<grammar::InterfaceName> out;
    for (const auto& [name, link] : router.interfaces())
        if (link && name.is_physical()) out.push_back(name);
    return out;
}

// An interface named in a show command that this box neither has nor has config for: IOS's
// parser knows only the interfaces that exist, so it answers as for any invalid word, the
// caret under the name (`show interfaces GigabitEthernet0/9` on a router with two ports).
std::string no_such_interface(ExecContext& ctx) {
    ctx.invalid = true;
    std::size_t column = 0;
    for (const auto& a : ctx.match.args)
        if (a.token && a.token->kind == grammar::TokenKind::Interface) column = a.column;
    return invalid_input_at(ctx.caret_origin + column);
}

std::string show_running(ExecContext& ctx) {
    if (ctx.match.has("interface")) {
        // IOS: the interface's own block, between the usual header and `end`.
        auto name = grammar::parse_interface_name(ctx.match.value(0));
        std::string body = config::render_config(ctx.router.config, box_ports(ctx.router));
        std::string head = "\ninterface " + (name ? name->canonical() : std::string()) ;
        auto start = name ? body.find(head + "\n") : std::string::npos;
        if (start == std::string::npos) start = name ? body.find(head + " ") : std::string::npos;
        if (start == std::string::npos) return no_such_interface(ctx);
        auto end = body.find("\n!\n", start + 1);
        std::string block = "!" + body.substr(start, end - start) + "\nend\n";
        return "Building configuration...\n\nCurrent configuration : " + std::to_string(block.size()) + " bytes\n" + block;
    }
    if (ctx.match.has("partition")) {
        // IOS 15's partitioned running-config: only the access lists, under their own title.
        std::string block = "!\nConfiguration of Partition - access-list\n!\n!\n" +
                            config::render_access_lists(ctx.router.config.access_lists) + "end\n";
        return "Building configuration...\n\nCurrent configuration : " + std::to_string(block.size()) + " bytes\n" + block;
    }
    if (ctx.filtered) return config::render_config(ctx.router.config, box_ports(ctx.router));
    return config::render_show_running(ctx.router.config, box_ports(ctx.router));
}

std::string show_startup(Router& router) {
    auto text = router.store.load();
    if (!text) return "startup-config is not present\n";
    return "Using " + std::to_string(text->size()) + " out of 262144 bytes\n" + *text;
}

std::string show_version(Router& router) {
    show::VersionFacts f;
    f.hostname = router.config.hostname;
    f.uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - router.booted);
    f.booted = router.booted_wall;
    f.system = platform::read_system_info();
    for (const auto& [name, link] : router.interfaces())
        if (link && name.is_physical()) ++f.ethernet_interfaces;
    f.config_dir = router.store.dir();
    std::error_code ec;
    auto space = std::filesystem::space(f.config_dir, ec);
    if (!ec) f.flash_kb = space.capacity / 1024;
    return show::render_show_version(f);
}

// `show inventory`: the chassis as the firmware describes it, then each port of the box whose
// driver names a device behind it (a bus address); veth, dummy and the links routerd makes
// have none and are no hardware to list.
std::string show_inventory(Router& router) {
    std::vector<show::InventoryItem> items{show::chassis_item(platform::read_chassis_info())};
    for (const auto& [name, link] : router.interfaces()) {
        if (!link || !name.is_physical()) continue;
        auto hw = platform::read_port_hardware(link->name);
        if (hw && !hw->bus_info.empty()) items.push_back(show::port_item(name.canonical(), *hw));
    }
    return show::render_inventory(items);
}

// Every interface with its config, its link, and for a VTI whether its IPsec SA is up.
std::vector<show::InterfaceView> interface_views(Router& router) {
    std::vector<show::InterfaceView> views;
    for (auto& [name, link] : router.interfaces()) {
        auto it = router.config.interfaces.find(name);
        const config::InterfaceConfig* cfg = it == router.config.interfaces.end() ? nullptr : &it->second;
        std::optional<bool> sa_up;
        // A VTI's line protocol follows its IPsec SA; a GRE tunnel's does not (IOS).
        if (cfg && !cfg->tunnel_protection.empty() && cfg->ipsec_tunnel()) {
            std::string key = policy::entry_key(policy::EntryKind::TUNNEL, name.canonical());
            sa_up = router.ipsec && std::any_of(router.ipsec->pairs().begin(), router.ipsec->pairs().end(),
                                                [&](const ipsec::InstalledPair& p) { return p.sa.entry_key == key; });
        }
        views.push_back({name, cfg, link, sa_up});
    }
    return views;
}

std::string show_interfaces(ExecContext& ctx) {
    auto& router = ctx.router;
    std::string only = ctx.match.value(0);
    std::vector<show::InterfaceDetail> details;
    auto views = interface_views(router);
    std::stable_partition(views.begin(), views.end(), [](const auto& v) { return v.name.is_physical(); });
    for (const auto& v : views) {
        if (!only.empty() && v.name.canonical() != only) continue;
        show::InterfaceDetail d{v, {}};
        if (v.link) {
            auto load = router.load_meter.load(v.link->name);
            d.rates = {load.input_bits_per_second, load.output_bits_per_second, load.input_packets_per_second,
                       load.output_packets_per_second, load.errors_per_second};
        }
        if (v.link && router.counters_cleared) {
            auto b = router.counter_base.find(v.link->name);
            if (b != router.counter_base.end()) d.base.counts = b->second;
            d.base.cleared_ago =
                std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - *router.counters_cleared);
        }
        if (v.config && v.name.type == grammar::InterfaceType::Tunnel) {
            // `tunnel source` names an address or an interface whose address it uses.
            if (auto a = grammar::parse_ipv4(v.config->tunnel_source)) {
                d.tunnel.source_address = *a;
            } else if (auto n = grammar::parse_interface_name(v.config->tunnel_source)) {
                d.tunnel.source_interface = n->canonical();
                for (const auto& other : views)
                    if (other.name == *n && other.link && !other.link->addresses.empty())
                        d.tunnel.source_address = other.link->addresses.front().address;
            }
        }
        details.push_back(std::move(d));
    }
    if (!only.empty() && details.empty()) return no_such_interface(ctx);
    return show::render_interfaces(details);
}

// IOS's short interface names (Gi0/0, Se1/2, Lo0, Tu0): the type's first two letters, except
// the two Virtual- types (Vt, Vi).
std::string short_name(const grammar::InterfaceName& n) {
    std::string full = n.canonical();
    std::string type = full.substr(0, full.size() - n.number.size());
    std::string abbrev = type == "Virtual-Template" ? "Vt" : type == "Virtual-Access" ? "Vi" : type.substr(0, 2);
    return abbrev + n.number;
}

// `show interfaces description`: IOS 15's columns (Interface 31, Status 15, Protocol 9), the
// status and protocol as `show ip interface brief` reads them, and the configured description.
std::string show_interfaces_description(Router& router) {
    auto views = interface_views(router);
    std::stable_partition(views.begin(), views.end(), [](const auto& v) { return v.name.is_physical(); });
    std::string out = "Interface                      Status         Protocol Description\n";
    for (const auto& v : views) {
        std::string status = show::interface_status(v);
        if (status == "administratively down") status = "admin down";
        char row[160];
        std::snprintf(row, sizeof row, "%-30s %-14s %-8s ", short_name(v.name).c_str(), status.c_str(),
                      show::line_protocol_up(v) ? "up" : "down");
        std::string line = row;
        if (v.config && !v.config->description.empty()) line += v.config->description;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

// "(N matches)": what the packet filter counted for the interface lists, and what the kernel's
// IPsec policies counted for the crypto ACLs (a list can be both).
show::AclMatches acl_matches(Router& router) {
    show::AclMatches out = router.ipsec ? router.ipsec->acl_matches() : show::AclMatches{};
    if (!router.filter) return out;
    for (const auto& [id, packets] : router.filter->matches())
        if (auto line = interfaces::parse_filter_rule_id(id)) out[*line] += packets;
    return out;
}

// `show ip route [summary]`: the kernel's table of routerd's namespace, each Linux link under
// its IOS name. The loopback network (127/8 on lo) is Linux's, not the router's: IOS has none.
std::optional<std::vector<show::RouteEntry>> route_entries(Router& router, std::string* error) {
    auto routes = platform::read_kernel_routes(error);
    if (!routes) return std::nullopt;
    std::map<std::string, std::string> ios_name;
    for (const auto& [name, link] : router.interfaces())
        if (link) ios_name[link->name] = name.canonical();
    // The routes zebra installed for bgpd and ospfd are in the kernel; their distance, metric
    // and age are FRR's.
    std::map<routing::RouteKey, routing::FrrRouteInfo> learned;
    if (router.routing && router.routing->running()) {
        auto table = router.routing->show("show ip route json");
        auto ospf = router.routing->show("show ip ospf route json");
        if (table) learned = routing::parse_frr_routes(table->output, ospf ? ospf->output : "");
    }
    auto process = [&router](std::string_view protocol) {
        for (const auto& l : router.config.stored)
            if (config::begins_with_words(l.text, "router " + std::string(protocol))) return l.text.substr(7);
        return std::string(protocol);
    };
    std::vector<show::RouteEntry> entries;
    for (const auto& k : *routes) {
        if ((k.destination >> 24) == 127 || k.device == "lo") continue;
        show::RouteEntry e;
        using platform::RouteOrigin;
        e.code = k.local                             ? 'L'
                 : k.connected                       ? 'C'
                 : k.origin == RouteOrigin::Bgp      ? 'B'
                 : k.origin == RouteOrigin::Ospf     ? 'O'
                                                     : 'S';
        e.destination = k.destination;
        e.prefix_length = k.local ? 32 : k.prefix_length;
        e.gateway = k.gateway;
        auto n = ios_name.find(k.device);
        e.interface = n != ios_name.end() ? n->second : k.device;
        if (e.code == 'B' || e.code == 'O') {
            e.source = process(e.code == 'B' ? "bgp" : "ospf");
            // Without FRR's word, the kernel's metric is zebra's distance.
            e.distance = static_cast<int>(k.metric);
            auto info = learned.find({k.destination, k.prefix_length});
            if (info != learned.end()) {
                e.distance = info->second.distance;
                e.metric = info->second.metric;
                e.age = info->second.age;
                e.subtype = info->second.subtype;
            }
        }
        entries.push_back(std::move(e));
    }
    return entries;
}

std::string show_ip_route(Router& router, bool summary) {
    std::string error;
    auto entries = route_entries(router, &error);
    if (!entries) return "% Routing table not available: " + error + "\n";
    return summary ? show::render_ip_route_summary(*entries) : show::render_ip_route(std::move(*entries));
}

// What FRR answers to a show command, "" when FRR does not run (or answers with an error).
std::string frr_answer(Router& router, const std::string& command) {
    if (!router.routing || !router.routing->running()) return "";
    auto r = router.routing->show(command);
    return r && r->ok ? r->output : "";
}

// FRR names Linux links; IOS names them as the interface map does (a link with no IOS name
// keeps its own).
show::IosInterfaceName frr_interface_names(Router& router) {
    std::map<std::string, std::string> names;
    for (const auto& [name, link] : router.interfaces())
        if (link) names[link->name] = name.canonical();
    return [names = std::move(names)](const std::string& link) {
        auto it = names.find(link);
        return it == names.end() ? link : it->second;
    };
}

// The process number of the running-config's `router ospf N` (FRR runs one unnumbered
// instance for it).
std::string ospf_process(Router& router) {
    for (const auto& line : router.config.stored) {
        auto w = grammar::split_words(line.text);
        if (w.size() == 3 && w[0].text == "router" && w[1].text == "ospf") return std::string(w[2].text);
    }
    return "1";
}

// `show ip bgp summary`, `show ip bgp`, `show ip ospf neighbor`, `show ip protocols`: FRR's
// state in IOS's layout. Without FRR, IOS's answers for a router running no such protocol.
std::string show_routing_protocol(Router& router, CommandId id) {
    switch (id) {
        case CommandId::ShowIpBgpSummary: {
            auto summary = frr_answer(router, "show bgp ipv4 unicast summary json");
            if (show::bgp_summary_needs_table(summary))  // no neighbors (or no BGP): a small table
                return show::render_ip_bgp_summary(summary, "", frr_answer(router, "show ip bgp json"));
            return show::render_ip_bgp_summary(summary, frr_answer(router, "show bgp ipv4 unicast statistics json"));
        }
        case CommandId::ShowIpBgp: return show::render_ip_bgp(frr_answer(router, "show ip bgp json"));
        case CommandId::ShowIpOspfNeighbor:
            return show::render_ip_ospf_neighbor(frr_answer(router, "show ip ospf neighbor json"),
                                                 frr_interface_names(router));
        case CommandId::ShowIpOspf:
            return show::render_ip_ospf(frr_answer(router, "show ip ospf json"), ospf_process(router));
        case CommandId::ShowIpOspfInterfaceBrief:
            return show::render_ip_ospf_interface_brief(frr_answer(router, "show ip ospf interface json"),
                                                        ospf_process(router), frr_interface_names(router));
        default: break;
    }
    // `show ip protocols`: the `router ospf|bgp` blocks in the order they were configured.
    std::vector<show::ProtocolSource> protocols;
    bool ospf_seen = false, bgp_seen = false;
    for (const auto& line : router.config.stored) {
        auto split = grammar::split_words(line.text);
        if (split.size() != 3 || split[0].text != "router") continue;
        std::string kind(split[1].text), number(split[2].text);
        if (kind == "ospf" && !ospf_seen) {
            ospf_seen = true;  // FRR runs one OSPF instance
            protocols.push_back(show::OspfProtocolSource{number, frr_answer(router, "show ip ospf json"),
                                                         frr_answer(router, "show ip ospf interface json"),
                                                         frr_answer(router, "show ip ospf database json")});
        } else if (kind == "bgp" && !bgp_seen) {
            bgp_seen = true;
            protocols.push_back(show::BgpProtocolSource{frr_answer(router, "show bgp ipv4 unicast summary json"),
                                                        frr_answer(router, "show ip bgp neighbors json")});
        }
    }
    std::string frr_config = protocols.empty() ? "" : frr_answer(router, "show running-config");
    return show::render_ip_protocols(protocols, frr_config, frr_interface_names(router));
}

// The interfaces `show ip interface [brief] [IF]` lists, physical ones first as IOS lists
// them; with IF only that one.
std::vector<show::InterfaceView> listed_views(ExecContext& ctx) {
    auto views = interface_views(ctx.router);
    std::stable_partition(views.begin(), views.end(), [](const auto& v) { return v.name.is_physical(); });
    std::string only = ctx.match.value(0);
    if (!only.empty())
        std::erase_if(views, [&](const show::InterfaceView& v) { return v.name.canonical() != only; });
    return views;
}

std::string show_ip_interface_brief(ExecContext& ctx) {
    auto views = listed_views(ctx);
    if (views.empty() && !ctx.match.value(0).empty()) return no_such_interface(ctx);
    return show::render_ip_interface_brief(views);
}

// IOS: "*05:57:32.123 UTC Sat Dec 5 2026". The `*` says the clock is not authoritative (never
// synchronised: no NTP), and it is read from the kernel, not assumed; the day is not padded
// (ntc-templates' cisco_ios_show_clock takes one space before it).
std::string show_clock() {
    auto now = std::chrono::system_clock::now();
    std::time_t tt = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    char date[64];
    std::strftime(date, sizeof date, "UTC %a %b", &tm);
    char out[256];
    std::snprintf(out, sizeof out, "%s%s.%03d %s %d %d\n", platform::clock_synchronized() ? "" : "*", buf,
                  static_cast<int>(ms), date, tm.tm_mday, tm.tm_year + 1900);
    return out;
}

std::string idle_text(std::chrono::steady_clock::duration d) {
    auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
    auto two = [](long v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    return two(static_cast<long>(s / 3600)) + ":" + two(static_cast<long>(s / 60 % 60)) + ":" + two(static_cast<long>(s % 60));
}

// IOS layout: a '*' marks the line you are on.
std::string show_users(Router& router, const Session& self) {
    std::string out = "    Line       User       Host(s)              Idle       Location\n";
    auto now = std::chrono::steady_clock::now();
    // IOS lists by line number: the console is line 0, ahead of the vty lines.
    std::vector<const Session*> rows;
    for (const auto& [id, s] : router.sessions) rows.push_back(s);
    std::stable_partition(rows.begin(), rows.end(), [](const Session* s) { return s->console; });
    for (const Session* s : rows) {
        char row[256];
        std::string line = s->console ? "con 0" : "vty " + std::to_string(s->vty);
        // IOS: the idle time, then the address the user came from (nothing for a local line).
        std::snprintf(row, sizeof row, "%s%3d %-9s %-10s %-20s %s%s\n", s == &self ? "*" : " ",
                      s->console ? 0 : s->vty + 2, line.c_str(), s->user.c_str(), "idle",
                      idle_text(now - s->last_input).c_str(), s->origin.empty() ? "" : (" " + s->origin).c_str());
        out += row;
    }
    out += "\n  Interface    User               Mode         Idle     Peer Address\n\n";
    return out;
}

// `show ip interface`: each interface's state and the addresses it really has (the Linux
// link's, as `show ip interface brief`), in IOS 15's wording. routerd forwards no broadcasts,
// runs no helper and sets no interface ACL, and says so as IOS does for those defaults.
std::string show_ip_interface(ExecContext& ctx) {
    std::string out;
    auto views = listed_views(ctx);
    if (views.empty() && !ctx.match.value(0).empty()) return no_such_interface(ctx);
    for (const auto& v : views) {
        out += v.name.canonical() + " is " + show::interface_status(v) + ", line protocol is " +
               (show::line_protocol_up(v) ? "up" : "down") + "\n";
        std::vector<std::pair<std::uint32_t, int>> addresses;
        if (v.link)
            for (const auto& a : v.link->addresses) addresses.emplace_back(a.address, a.length);
        else if (v.config && v.config->address)
            addresses.emplace_back(v.config->address->address, config::mask_length(v.config->address->mask));
        if (addresses.empty()) {
            out += "  Internet protocol processing disabled\n";
            continue;
        }
        out += "  Internet address is " + config::format_ipv4(addresses[0].first) + "/" +
               std::to_string(addresses[0].second) + "\n";
        out += "  Broadcast address is 255.255.255.255\n";
        if (v.config && v.config->address)
            out += v.config->method == config::AddressMethod::Nvram ? "  Address determined by non-volatile memory\n"
                                                                    : "  Address determined by setup command\n";
        std::uint32_t mtu = v.config && v.config->mtu ? *v.config->mtu : v.link && v.link->mtu ? v.link->mtu : 1500;
        out += "  MTU is " + std::to_string(mtu) + " bytes\n";
        out += "  Helper address is not set\n";
        out += "  Directed broadcast forwarding is disabled\n";
        for (std::size_t i = 1; i < addresses.size(); ++i)
            out += "  Secondary address " + config::format_ipv4(addresses[i].first) + "/" +
                   std::to_string(addresses[i].second) + "\n";
        auto groups = v.config ? config::access_groups(*v.config) : config::AccessGroups{};
        out += "  Outgoing access list is " + (groups.out.empty() ? std::string("not set") : groups.out) + "\n";
        out += "  Inbound  access list is " + (groups.in.empty() ? std::string("not set") : groups.in) + "\n";
    }
    return out;
}

// `dir`: routerd's flash is its configuration directory (`show version`: "Configuration
// stored in ..."), listed in IOS's layout with the filesystem's real size and free space.
std::string dir_listing(Router& router, const std::string& arg) {
    namespace fs = std::filesystem;
    if (!arg.empty() && arg != "flash:" && arg != "flash:/" && arg != "/all")
        return "%Error opening " + arg + " (No such file or directory)\n";
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (const auto& e : fs::directory_iterator(router.store.dir(), ec)) entries.push_back(e);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    std::string out = "Directory of flash:/\n\n";
    unsigned index = 0;
    for (const auto& e : entries) {
        bool is_dir = e.is_directory(ec);
        auto size = is_dir ? 0 : e.file_size(ec);
        auto sys = platform::modification_time(e.path().string()).value_or(std::chrono::system_clock::time_point{});
        std::time_t tt = std::chrono::system_clock::to_time_t(sys);
        std::tm tm{};
        gmtime_r(&tt, &tm);
        char date[64];
        std::strftime(date, sizeof date, "%b %d %Y %H:%M:%S +00:00", &tm);
        std::string d = date;
        if (d[4] == '0') d.erase(4, 1);  // IOS: "Dec 5 2026"
        char row[512];
        std::snprintf(row, sizeof row, "%5u  %s  %10llu  %s  %s\n", ++index, is_dir ? "drw-" : "-rw-",
                      static_cast<unsigned long long>(size), d.c_str(), e.path().filename().c_str());
        out += row;
    }
    if (entries.empty()) out += "No files in directory\n";
    auto space = fs::space(router.store.dir(), ec);
    if (!ec)
        out += "\n" + std::to_string(space.capacity) + " bytes total (" + std::to_string(space.available) + " bytes free)\n";
    return out;
}

// `show ip ssh` as IOS 15.x prints it; the key is the router's own RSA key.
std::string show_ip_ssh(Router& router) {
    const auto& c = router.config;
    bool enabled = c.rsa_key && c.rsa_key->bits >= 1024 && router.ssh && router.ssh->running();
    std::string version = c.ssh.version == 2 ? "2.0" : c.ssh.version == 1 ? "1.5" : "1.99";
    std::string out = std::string(enabled ? "SSH Enabled" : "SSH Disabled") + " - version " + version + "\n";
    if (!c.rsa_key) out += "%Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).\n";
    out += "Authentication timeout: " + std::to_string(c.ssh.timeout) + " secs; Authentication retries: " +
           std::to_string(c.ssh.retries) + "\n";
    out += "Minimum expected Diffie Hellman key size : 1024 bits\n";
    if (!c.rsa_key) return out + "IOS Keys in SECSH format(ssh-rsa, base64 encoded): NONE\n";
    out += "IOS Keys in SECSH format(ssh-rsa, base64 encoded): " + c.rsa_key->name + "\n";
    return out + config::rsa_public_secsh(c.rsa_key->private_pem) + "\n";
}

// `show ssh`: the SSH sessions on vty lines. sshd does not tell routerd the cipher it
// negotiated, so those two columns say so instead of inventing one.
std::string show_ssh(Router& router) {
    std::string rows;
    for (const auto& [id, s] : router.sessions) {
        if (!s->ssh) continue;
        for (const char* mode : {"IN", "OUT"}) {
            char row[200];
            std::snprintf(row, sizeof row, "%-10d %-7s %-4s %-11s %-12s %-21s %s\n", s->vty, "2.0", mode, "unknown",
                          "unknown", "Session started", s->user.c_str());
            rows += row;
        }
    }
    if (rows.empty()) return "%No SSHv2 server connections running.\n";
    return "Connection Version Mode Encryption  Hmac         State                 Username\n" + rows +
           "%No SSHv1 server connections running.\n";
}

// `show crypto key mypubkey rsa`: the public key as DER, in IOS's 8-byte groups.
std::string show_mypubkey(Router& router) {
    const auto& k = router.config.rsa_key;
    if (!k) return "";
    std::string hex = config::rsa_public_der_hex(k->private_pem);
    std::string out = "Key name: " + k->name + "\nKey type: RSA KEYS\n Storage Device: private-config\n Usage: General Purpose Key\n"
          " Key is not exportable. Redundancy enabled.\n Key Data:\n";
    for (std::size_t i = 0; i < hex.size(); i += 72) {
        out += " ";
        for (std::size_t j = i; j < std::min(hex.size(), i + 72); j += 8) out += " " + hex.substr(j, 8);
        out += "\n";
    }
    return out;
}

// IOS 15's trap section: the level and what it passed, each `logging host` with what went to
// it, then the source interface (real IOS lists the hosts first):
//     Trap logging: level informational, 35 message lines logged
//         Logging to 10.1.1.1  (udp port 514, audit disabled,
//               link up),
//               3 message lines logged,
//               0 message lines rate-limited,
//               0 message lines dropped-by-MD,
//               xml disabled, sequence number disabled
//               filtering disabled
//         Logging Source-Interface:       VRF Name:
//         Loopback0
// routerd neither rate-limits nor has message discriminators: those counts stay 0 because
// nothing is ever counted there, as on an IOS router without `logging rate-limit` or
// `logging discriminator`. "link down" says the last datagram to the host was refused.
std::string trap_section(Router& router) {
    const auto& log = router.log;
    std::string out;
    if (log.trap_enabled())
        out += "    Trap logging: level " + config::level_name(static_cast<std::uint32_t>(log.trap_level())) + ", " +
               std::to_string(log.trap_logged()) + " message lines logged\n";
    else
        out += "    Trap logging: disabled\n";
    for (const auto& h : router.syslog.hosts()) {
        out += "        Logging to " + config::format_ipv4(h.address) + "  (udp port " + std::to_string(h.port) +
               ", audit disabled,\n"
               "              link " + (h.link_up ? "up" : "down") + "),\n"
               "              " + std::to_string(h.logged) + " message lines logged,\n"
               "              0 message lines rate-limited,\n"
               "              0 message lines dropped-by-MD,\n"
               "              xml disabled, sequence number disabled\n"
               "              filtering disabled\n";
    }
    out += "        Logging Source-Interface:       VRF Name:\n";
    auto source = router.logging.source_interface.empty() ? std::nullopt
                                                          : grammar::parse_interface_name(router.logging.source_interface);
    if (source) out += "        " + source->canonical() + "\n";
    return out + "\n";
}

std::string show_logging(Router& router) {
    auto& log = router.log;
    std::string out = "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, "
                      "xml disabled, filtering disabled)\n\n";
    // IOS 15's two lines per destination; `no logging X` shows "X logging: disabled". The
    // vty lines that asked with `terminal monitor` follow as IOS's "Logging to:" line.
    auto target = [&](const char* name, bool on, int level, std::uint64_t logged) {
        if (!on) return std::string("    ") + name + " logging: disabled\n";
        return std::string("    ") + name + " logging: level " + config::level_name(static_cast<std::uint32_t>(level)) +
               ", " + std::to_string(logged) + " messages logged, xml disabled,\n"
               "                     filtering disabled\n";
    };
    out += target("Console", log.console_enabled(), log.console_level(), log.console_logged());
    out += target("Monitor", log.monitor_enabled(), log.monitor_level(), log.monitor_logged());
    std::string to;
    for (const auto& [id, s] : router.sessions)
        if (s->monitor && !s->console) to += " vty" + std::to_string(s->vty) + "(0)";  // vty lines only
    if (log.monitor_enabled() && !to.empty()) out += "        Logging to:" + to + "\n";
    out += "    Buffer logging:  level " + config::level_name(static_cast<std::uint32_t>(log.buffer_level())) + ", " +
           std::to_string(log.messages_logged()) + " messages logged, xml disabled,\n"
           "                    filtering disabled\n\n";
    out += trap_section(router);
    out += "Log Buffer (" + std::to_string(log.buffer_size()) + " bytes):\n\n";
    for (const auto& l : log.buffer()) out += l + "\n";
    return out;
}

// What a crypto show reads, gathered once per command; IKE's SAs and the links (a netlink
// dump) only for the shows that use them.
struct Gather {
    bool ike_sas = false, links = false;
};
show::CryptoState crypto_state(Router& router, const std::shared_ptr<const policy::PolicySet>& pol, Gather gather) {
    return {router.config,
            *pol,
            router.ipsec.get(),
            gather.ike_sas && router.ike ? router.ike->sas() : std::vector<handoff::IkeSaView>{},
            gather.links ? router.interfaces() : decltype(router.interfaces()){},
            std::chrono::steady_clock::now(),
            gather.ike_sas && router.ike ? router.ike->failures() : std::vector<handoff::PeerFailure>{},
            gather.ike_sas && router.ike ? router.ike->ikev2_sas() : std::vector<handoff::Ikev2SaView>{}};
}

// `show crypto ipsec sa [map NAME | interface IF | peer A.B.C.D] [detail]`.
std::string show_ipsec_sa(ExecContext& ctx) {
    const auto& m = ctx.match;
    auto pol = ctx.router.policy();
    return show::show_ipsec_sa(show::ipsec_sa_views(crypto_state(ctx.router, pol, {.links = true}), {m.after("map"), m.after("interface"), m.after("peer")}),
                               m.has("detail"));
}

// `show crypto peer-config strongswan|libreswan [map NAME SEQ | interface TunnelN]`.
std::string show_crypto_peer_config(ExecContext& ctx) {
    const auto& m = ctx.match;
    auto pol = ctx.router.policy();
    std::optional<std::string> key;
    auto v = m.values();  // map WORD <1-65535> | interface IFNAME
    if (m.has("map") && v.size() >= 2) {
        key = policy::entry_key(policy::EntryKind::CRYPTO_MAP, v[0], static_cast<std::uint32_t>(std::stoul(v[1])));
    } else if (m.has("interface") && !v.empty()) {
        auto name = grammar::parse_interface_name(v[0]);
        key = policy::entry_key(policy::EntryKind::TUNNEL, name ? name->canonical() : v[0]);
    }
    return show::show_crypto_peer_config(ctx.router.config, *pol, m.has("libreswan") ? show::PeerKind::LIBRESWAN : show::PeerKind::STRONGSWAN, key);
}

std::string show_crypto_session(Router& router, bool detail) {
    auto pol = router.policy();
    return show::show_crypto_session(show::crypto_session_views(crypto_state(router, pol, {.ike_sas = true})), detail);
}

std::string show_crypto_engine(Router& router) {
    auto pol = router.policy();
    return show::show_crypto_engine_connections(show::engine_connection_views(crypto_state(router, pol, {.ike_sas = true})));
}

std::string enable(ExecContext& ctx) {
    auto& s = ctx.session;
    if (s.privilege >= 15) return "";
    if (ctx.router.config.enable_secret) {
        s.pending = AwaitEnablePassword{};
        return "";
    }
    // No enable secret: a local administrator (root or routerd's own user) enters; anyone
    // else is refused as IOS refuses a vty without an enable password.
    if (!s.trusted) return "% No password set\n";
    s.privilege = 15;
    s.stack = {{Mode::PrivExec, ""}};
    return "";
}

}  // namespace

std::string invalid_input_at(std::size_t column) {
    return std::string(column, ' ') + "^\n% Invalid input detected at '^' marker.\n\n";
}

std::string save_startup(Router& router) {
    // The file itself does not carry the "NVRAM config last updated" comment: its time is the
    // file's own, shown by show running-config from the filesystem.
    auto saved = router.config;
    saved.last_change = {};
    saved.last_saved.reset();
    if (auto err = router.store.save(config::render_config(saved, box_ports(router))))
        return "Building configuration...\n%Error writing nvram:startup-config (" + *err + ")\n";
    router.config.last_saved = router.store.saved_at();
    return "Building configuration...\n[OK]\n";
}

namespace {

// IOS takes an empty answer, `y` or `yes` to `[confirm]`; anything else declines.
bool confirmed(std::string_view answer) {
    auto words = grammar::split_words(answer);
    return words.empty() || grammar::istarts_with("yes", words.front().text);
}

std::string ask_clear_counters(Router& router, Session& s) {
    Router* r = &router;
    s.pending = AwaitAnswer{"Clear \"show interface\" counters on all interfaces [confirm]", [r](std::string_view a) {
        if (!confirmed(a)) return std::string();
        r->counter_base.clear();
        for (const auto& link : r->links.list())
            r->counter_base[link.name] = link;
        r->counters_cleared = std::chrono::steady_clock::now();
        // IOS logs who did it.
        r->log.emit(5, "%CLEAR-5-COUNTERS: Clear counter on all interfaces by console");
        return std::string();
    }};
    return "";
}

// `write erase` / `erase startup-config`: IOS's dialogue, then the startup-config is gone
// (the running-config stays until reload).
std::string ask_erase_startup(Router& router, Session& s) {
    Router* r = &router;
    s.pending = AwaitAnswer{"Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]",
                            [r](std::string_view a) {
                                if (!confirmed(a)) return std::string();
                                if (auto err = r->store.erase()) return "%Error erasing nvram: (" + *err + ")\n";
                                r->config.last_saved.reset();
                                return std::string("[OK]\nErase of nvram: complete\n");
                            }};
    return "";
}

std::string ask_copy_startup_running(Router& router, Session& s) {
    Router* r = &router;
    Session* session = &s;
    s.pending = AwaitAnswer{"Destination filename [running-config]? ", [r, session](std::string_view a) {
        auto words = grammar::split_words(a);
        if (!words.empty() && words.front().text != "running-config")
            return "%Error opening flash:" + std::string(words.front().text) + " (Not supported)\n";
        return r->merge_startup ? r->merge_startup(*session) : std::string("%Error: cannot merge here\n");
    }};
    return "";
}

std::string proceed_with_reload(Router* r, Session& s) {
    s.pending = AwaitAnswer{"Proceed with reload? [confirm]", [r](std::string_view a) {
        if (!confirmed(a)) return std::string();
        // Restarting is the supervisor's (routerd_main sets on_reload); without one, saying
        // so beats pretending to reload.
        if (!r->on_reload) return std::string("%Error: reload: routerd runs without a supervisor to restart it\n");
        r->log.emit(5, "%SYS-5-RELOAD: Reload requested by console. Reload Reason: Reload Command.");
        r->on_reload();
        return std::string();
    }};
    return "";
}

// "System configuration has been modified. Save? [yes/no]: " until the answer is yes or no.
void ask_save_then_reload(Router* r, Session& s, const std::string& before) {
    Session* session = &s;
    s.pending = AwaitAnswer{before + "System configuration has been modified. Save? [yes/no]: ",
                            [r, session](std::string_view a) {
                                auto words = grammar::split_words(a);
                                std::string w = words.empty() ? "" : std::string(words.front().text);
                                if (!w.empty() && grammar::istarts_with("yes", w)) {
                                    std::string out = save_startup(*r);
                                    proceed_with_reload(r, *session);
                                    return out;
                                }
                                if (!w.empty() && grammar::istarts_with("no", w)) {
                                    proceed_with_reload(r, *session);
                                    return std::string();
                                }
                                ask_save_then_reload(r, *session, "% Please answer 'yes' or 'no'.\n");
                                return std::string();
                            }};
}

// IOS asks to save only when the running-config differs from what was saved.
std::string ask_reload(Router& router, Session& s) {
    auto& c = router.config;
    bool modified = c.last_change.time_since_epoch().count() != 0 && (!c.last_saved || c.last_change > *c.last_saved);
    if (modified) ask_save_then_reload(&router, s, "");
    else proceed_with_reload(&router, s);
    return "";
}

}  // namespace

std::string run_exec_command(ExecContext& ctx) {
    auto& s = ctx.session;
    const auto& m = ctx.match;
    switch (m.id()) {
        case CommandId::Enable: return enable(ctx);
        case CommandId::Disable:
            s.privilege = 1;
            s.stack = {{Mode::UserExec, ""}};
            return "";
        case CommandId::ExecExit:
            s.stack.clear();
            return "";
        case CommandId::ConfigureTerminal:
            if (!m.has("terminal")) {
                s.pending = AwaitConfigureFrom{};
                return "";
            }
            s.stack.push_back({Mode::Config, ""});
            return "Enter configuration commands, one per line.  End with CNTL/Z.\n";
        case CommandId::ShowRunningConfig: return show_running(ctx);
        case CommandId::ShowStartupConfig: return show_startup(ctx.router);
        case CommandId::WriteMemory: return save_startup(ctx.router);
        case CommandId::CopyRunningStartup:
            s.pending = AwaitCopyDestination{};
            return "";
        case CommandId::ShowVersion: return show_version(ctx.router);
        case CommandId::TerminalLength: s.term_length = static_cast<unsigned>(std::stoul(m.value(0))); return "";
        case CommandId::TerminalWidth: s.term_width = static_cast<unsigned>(std::stoul(m.value(0))); return "";
        case CommandId::TerminalMonitor: s.monitor = true; return "";
        case CommandId::TerminalNoMonitor: s.monitor = false; return "";
        case CommandId::ShowHistory: {
            std::string out;
            // From config mode (`do show history`) IOS lists the configuration history.
            for (const auto& h : grammar::is_config(s.mode()) ? s.config_history : s.history) out += "  " + h + "\n";
            return out;
        }
        case CommandId::ShowClock: return show_clock();
        case CommandId::ShowUsers: return show_users(ctx.router, s);
        case CommandId::ShowSsh: return show_ssh(ctx.router);
        case CommandId::ShowIpSsh: return show_ip_ssh(ctx.router);
        case CommandId::ShowIpInterface: return show_ip_interface(ctx);
        // routerd has no IPv6 interfaces yet: IOS then lists nothing.
        case CommandId::ShowIpv6Interface: return "";
        // routerd runs neither protocol: IOS's answers when they are off.
        case CommandId::Dir: return dir_listing(ctx.router, m.value(0));
        case CommandId::ShowLldp: return "% LLDP is not enabled\n";
        case CommandId::ShowCdp: return "% CDP is not enabled\n";
        case CommandId::ShowCryptoKeyMypubkeyRsa: return show_mypubkey(ctx.router);
        case CommandId::ShowIpInterfaceBrief: return show_ip_interface_brief(ctx);
        case CommandId::ShowInterfaces: return show_interfaces(ctx);
        case CommandId::ShowPrivilege: return "Current privilege level is " + std::to_string(s.privilege) + "\n";
        case CommandId::ShowTerminal:
            return "Line " + std::to_string(s.console ? 0 : s.vty + 2) + ", Location: \"\", Type: \"\"\nLength: " +
                   std::to_string(s.term_length) + " lines, Width: " + std::to_string(s.term_width) + " columns\n";
        case CommandId::ShowLogging: return show_logging(ctx.router);
        case CommandId::ShowCryptoIsakmpPolicy: return show::show_isakmp_policy(ctx.router.config.crypto);
        case CommandId::ShowCryptoIsakmpDefaultPolicy: return show::show_isakmp_default_policy();
        case CommandId::ShowCryptoIsakmpKey: return show::show_isakmp_key(ctx.router.config.crypto);
        case CommandId::ShowCryptoIsakmpProfile: return show::show_isakmp_profile(ctx.router.config.crypto, m.after("tag"));
        case CommandId::ShowCryptoIkev2Proposal: return show::show_ikev2_proposal(ctx.router.config.crypto, m.value(0));
        case CommandId::ShowCryptoIkev2Policy: return show::show_ikev2_policy(ctx.router.config.crypto, m.value(0));
        case CommandId::ShowCryptoIkev2Profile: return show::show_ikev2_profile(ctx.router.config.crypto, m.value(0));
        case CommandId::ShowCryptoIkev2Sa:
            return show::show_ikev2_sa(ctx.router.ike ? ctx.router.ike->ikev2_sas() : std::vector<handoff::Ikev2SaView>{}, m.has("detailed"));
        case CommandId::ShowCryptoIkev2Session:
            return show::show_ikev2_session(ctx.router.ike ? ctx.router.ike->ikev2_sas() : std::vector<handoff::Ikev2SaView>{},
                                            m.has("detailed"));
        case CommandId::ShowCryptoIkev2Stats:
            return show::show_ikev2_stats(ctx.router.ike ? ctx.router.ike->ikev2_stats() : handoff::Ikev2StatsView{});
        case CommandId::ClearCryptoIkev2Sa:
            if (ctx.router.ike) ctx.router.ike->clear_ikev2();
            return "";
        case CommandId::ShowCryptoKeyring: return show::show_keyring(ctx.router.config.crypto, m.value(0));
        case CommandId::ShowCryptoIpsecTransformSet:
            return show::show_transform_set(ctx.router.config.crypto, m.after("tag"));
        case CommandId::ShowCryptoIpsecProfile: return show::show_ipsec_profile(ctx.router.config.crypto, m.value(0));
        case CommandId::ShowCryptoMap:
            return show::show_crypto_map(ctx.router.config, m.after("tag"), m.after("interface"));
        case CommandId::ShowCryptoDynamicMap: return show::show_dynamic_map(ctx.router.config, m.after("tag"));
        case CommandId::ShowAccessLists:
        case CommandId::ShowIpAccessLists:
            return show::show_access_lists(ctx.router.config.access_lists, m.value(0), acl_matches(ctx.router));
        case CommandId::ShowCryptoIsakmpSa:
            return show::show_isakmp_sa(ctx.router.ike ? ctx.router.ike->sas() : std::vector<handoff::IkeSaView>{},
                                        m.has("detail"));
        case CommandId::ShowCryptoIpsecSa: return show_ipsec_sa(ctx);
        case CommandId::ShowCryptoIsakmpPeers:
            return show::show_isakmp_peers(ctx.router.ike ? ctx.router.ike->sas() : std::vector<handoff::IkeSaView>{},
                                           m.value(0).empty() ? std::nullopt : grammar::parse_ipv4(m.value(0)));
        case CommandId::ShowCryptoSession: return show_crypto_session(ctx.router, m.has("detail"));
        case CommandId::ShowCryptoPeerConfig: return show_crypto_peer_config(ctx);
        case CommandId::ShowCryptoEngineConnections: return show_crypto_engine(ctx.router);
        case CommandId::ClearCryptoSession: {
            // IOS: the session's IPsec SAs and its IKE SAs go, the peer told of each.
            auto peer = m.has("remote") ? grammar::parse_ipv4(m.after("remote")) : std::nullopt;
            // IKEv2 first: one Delete of the IKE SA takes its Child SAs on both sides (RFC 7296
            // 1.4.1), where a Delete per pair would queue behind each other.
            if (ctx.router.ike) ctx.router.ike->clear_ikev2(peer);
            if (ctx.router.ipsec) ctx.router.ipsec->clear(peer, std::nullopt);
            if (ctx.router.ike)
                for (const auto& v : ctx.router.ike->sas())
                    if (!peer || v.remote == *peer) ctx.router.ike->clear(v.conn_id);
            return "";
        }
        case CommandId::ClearCryptoIsakmp:
            if (ctx.router.ike)
                ctx.router.ike->clear(m.values().empty() ? std::nullopt
                                                         : std::optional(static_cast<std::uint32_t>(std::stoul(m.value(0)))));
            return "";
        case CommandId::Ping: return start_ping(ctx);
        case CommandId::ClearCryptoSa: {
            if (!ctx.router.ipsec) return "";
            auto peer = m.has("peer") ? grammar::parse_ipv4(m.after("peer")) : std::nullopt;
            auto map = m.has("map") ? std::optional(m.after("map")) : std::nullopt;
            // The IKE SA stays (IOS: QM_IDLE remains); the peer learns the pairs are gone
            // (IpsecHooks::removed), and the next packet negotiates new ones through the
            // kernel's ACQUIRE.
            ctx.router.ipsec->clear(peer, map);
            return "";
        }
        case CommandId::DebugCrypto:
        case CommandId::NoDebugCrypto: {
            bool on = m.id() == CommandId::DebugCrypto;
            if (m.has("ikev2")) {
                // IOS: "IKEv2 default debugging is on" (events and errors), "IKEv2 error debugging
                // is on" (IOS XE 16.7), and so for packet and internal.
                auto& d = ctx.router.debug_ikev2;
                const char* kind = m.has("packet") ? "packet" : m.has("internal") ? "internal" : m.has("error") ? "error" : "default";
                (m.has("packet") ? d.packet : m.has("internal") ? d.internal : m.has("error") ? d.error : d.event) = on;
                return std::string("IKEv2 ") + kind + " debugging is " + (on ? "on" : "off") + "\n";
            }
            bool isakmp = m.has("isakmp");
            (isakmp ? ctx.router.debug_isakmp : ctx.router.debug_ipsec) = on;
            return std::string("Crypto ") + (isakmp ? "ISAKMP" : "IPSEC") + " debugging is " + (on ? "on" : "off") + "\n";
        }
        case CommandId::UndebugAll:
            ctx.router.debug_isakmp = ctx.router.debug_ipsec = false;
            ctx.router.debug_ikev2 = {};
            return "All possible debugging has been turned off\n";
        case CommandId::ShowDebugging: {
            const auto& v2 = ctx.router.debug_ikev2;
            if (!ctx.router.debug_isakmp && !ctx.router.debug_ipsec && !v2.any()) return "";
            std::string out = "Cryptographic Subsystem:\n";
            if (ctx.router.debug_isakmp) out += "  Crypto ISAKMP debugging is on\n";
            if (v2.event) out += "  IKEv2 default debugging is on\n";
            if (v2.error) out += "  IKEv2 error debugging is on\n";
            if (v2.packet) out += "  IKEv2 packet debugging is on\n";
            if (v2.internal) out += "  IKEv2 internal debugging is on\n";
            if (ctx.router.debug_ipsec) out += "  Crypto IPSEC debugging is on\n";
            return out;
        }
        case CommandId::ClearLogging:
            s.pending = AwaitClearLoggingConfirm{};
            return "";
        case CommandId::ShowIpNatTranslations:
            return show::show_ip_nat_translations(config::nat_config(ctx.router.config.stored).statics,
                                                  ctx.router.filter ? ctx.router.filter->nat_translations()
                                                                    : std::vector<platform::NatTranslation>{});
        case CommandId::ClearIpNatTranslation:
            if (ctx.router.filter)
                if (auto err = ctx.router.filter->clear_nat_translations()) return "% " + *err + "\n";
            return "";
        case CommandId::ShowIpRoute: return show_ip_route(ctx.router, false);
        case CommandId::ShowIpRouteSummary: return show_ip_route(ctx.router, true);
        case CommandId::ShowIpBgp:
        case CommandId::ShowIpBgpSummary:
        case CommandId::ShowIpOspfNeighbor:
        case CommandId::ShowIpOspfInterfaceBrief:
        case CommandId::ShowIpOspf:
        case CommandId::ShowIpProtocols: return show_routing_protocol(ctx.router, m.id());
        case CommandId::ShowInterfacesDescription: return show_interfaces_description(ctx.router);
        case CommandId::ShowInventory: return show_inventory(ctx.router);
        case CommandId::Telnet: {
            auto address = grammar::parse_ipv4(m.value(0));
            if (!address) return "% Unknown command or computer name, or unable to find computer address\n";
            auto port = m.values().size() > 1 ? static_cast<std::uint16_t>(std::stoul(m.value(1))) : std::uint16_t{23};
            return start_telnet(ctx.router, s, *address, port);
        }
        case CommandId::ClearCounters: return ask_clear_counters(ctx.router, s);
        case CommandId::WriteErase: return ask_erase_startup(ctx.router, s);
        case CommandId::CopyStartupRunning: return ask_copy_startup_running(ctx.router, s);
        case CommandId::Reload: return ask_reload(ctx.router, s);
        case CommandId::Traceroute: return start_traceroute(ctx);
        default: return "% Command not available here\n";
    }
}

}  // namespace routerd::control
