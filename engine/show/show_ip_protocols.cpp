#include "engine/show/show_ip_protocols.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "engine/show/frr_json.hpp"
#include "engine/show/show_ip_bgp.hpp"

namespace routerd::show {
namespace {

// The blocks of FRR's running-config this command reads: `router ospf`, `router bgp N` (its
// address-family lines included) and `interface X`, each line trimmed.
struct FrrConfig {
    std::vector<std::string> ospf, bgp;
    std::string bgp_as;
    std::map<std::string, std::vector<std::string>> interfaces;
};

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

FrrConfig parse_frr_config(const std::string& text) {
    FrrConfig c;
    std::vector<std::string>* block = nullptr;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        if (line[0] != ' ') {
            auto w = words(line);
            block = nullptr;
            if (w.size() >= 2 && w[0] == "router" && w[1] == "ospf") block = &c.ospf;
            else if (w.size() == 3 && w[0] == "router" && w[1] == "bgp") block = &c.bgp, c.bgp_as = w[2];
            else if (w.size() >= 2 && w[0] == "interface") block = &c.interfaces[w[1]];
            continue;
        }
        if (block) block->push_back(trim(line));
    }
    return c;
}

std::string dotted(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) + "." +
           std::to_string(a & 255);
}

// `distribute-list X in|out` of a protocol block (no interface named): IOS's filter lines.
std::string filter_lines(const std::vector<std::string>& block) {
    std::string out_list = "not set", in_list = "not set";
    for (const auto& l : block) {
        auto w = words(l);
        if (w.size() == 3 && w[0] == "distribute-list") (w[2] == "out" ? out_list : in_list) = w[1];
        if (w.size() == 4 && w[0] == "distribute-list" && w[1] == "prefix") (w[3] == "out" ? out_list : in_list) = "prefix " + w[2];
    }
    return "  Outgoing update filter list for all interfaces is " + out_list +
           "\n  Incoming update filter list for all interfaces is " + in_list + "\n";
}

std::string source_line(const std::string& gateway, std::uint64_t distance, std::uint64_t seconds) {
    char line[128];
    std::snprintf(line, sizeof line, "    %-15s %8llu      %s\n", gateway.c_str(), static_cast<unsigned long long>(distance),
                  ios_hms(seconds).c_str());
    return line;
}

std::string ospf_block(const OspfProtocolSource& src, const FrrConfig& config, const IosInterfaceName& ios_name) {
    auto ospf = frr::parse(src.ospf_json);
    if (!ospf || !ospf->is_object() || !ospf->contains("routerId")) return "";
    std::string router_id = frr::str(*ospf, "routerId");
    std::string out = "Routing Protocol is \"ospf " + src.process_id + "\"\n" + filter_lines(config.ospf);
    out += "  Router ID " + router_id + "\n";
    if (ospf->contains("areas") && (*ospf)["areas"].is_object()) {
        unsigned normal = 0, stub = 0, nssa = 0;
        for (const auto& [id, area] : (*ospf)["areas"].items()) {
            bool is_stub = false, is_nssa = area.contains("nssa");
            for (const auto& [key, value] : area.items()) is_stub = is_stub || key.rfind("stub", 0) == 0;
            (is_nssa ? nssa : is_stub ? stub : normal)++;
        }
        out += "  Number of areas in this router is " + std::to_string(normal + stub + nssa) + ". " +
               std::to_string(normal) + " normal " + std::to_string(stub) + " stub " + std::to_string(nssa) + " nssa\n";
    }
    if (ospf->contains("maximumPaths")) out += "  Maximum path: " + std::to_string(frr::num(*ospf, "maximumPaths")) + "\n";

    // `network 10.0.0.0/24 area 0` is IOS's `network 10.0.0.0 0.0.0.255 area 0`.
    std::string networks;
    for (const auto& l : config.ospf) {
        auto w = words(l);
        if (w.size() != 4 || w[0] != "network" || w[2] != "area") continue;
        auto slash = w[1].find('/');
        if (slash == std::string::npos) continue;
        auto address = frr::parse_ipv4(w[1].substr(0, slash));
        auto length = frr::to_number(w[1].substr(slash + 1));
        if (!address || !length || *length > 32) continue;
        std::uint32_t wildcard = *length >= 32 ? 0 : 0xffffffffu >> *length;
        networks += "    " + dotted(*address) + " " + dotted(wildcard) + " area " + w[3] + "\n";
    }
    // Interfaces in an area by their own `ip ospf area`, grouped by area as IOS does.
    std::map<std::string, std::vector<std::string>> explicit_areas;
    for (const auto& [link, lines] : config.interfaces)
        for (const auto& l : lines) {
            auto w = words(l);
            if (w.size() == 4 && w[0] == "ip" && w[1] == "ospf" && w[2] == "area") explicit_areas[w[3]].push_back(ios_name ? ios_name(link) : link);
        }
    out += "  Routing for Networks:\n" + networks;
    for (const auto& [area, names] : explicit_areas) {
        out += "  Routing on Interfaces Configured Explicitly (Area " + area + "):\n";
        for (const auto& n : names) out += "    " + n + "\n";
    }

    std::vector<std::string> passive;
    if (auto ifs = frr::parse(src.interface_json); ifs && ifs->is_object() && ifs->contains("interfaces"))
        for (const auto& [link, i] : (*ifs)["interfaces"].items())
            if (frr::flag(i, "timerPassiveIface")) passive.push_back(ios_name ? ios_name(link) : link);
    if (!passive.empty()) {
        out += "  Passive Interface(s):\n";
        for (const auto& p : passive) out += "    " + p + "\n";
    }

    // The routers whose LSAs the routes come from, and how long ago each last updated its
    // router LSA.
    std::uint64_t distance = frr::num(*ospf, "preference", 110);
    std::map<std::uint32_t, std::uint64_t> sources;
    if (auto db = frr::parse(src.database_json); db && db->is_object() && db->contains("areas"))
        for (const auto& [id, area] : (*db)["areas"].items()) {
            if (!area.contains("routerLinkStates")) continue;
            for (const auto& lsa : area["routerLinkStates"]) {
                std::string adv = frr::str(lsa, "advertisedRouter");
                auto a = frr::parse_ipv4(adv);
                if (!a || adv == router_id) continue;
                std::uint64_t age = frr::num(lsa, "lsaAge");
                auto [it, fresh] = sources.emplace(*a, age);
                if (!fresh) it->second = std::min(it->second, age);
            }
        }
    out += "  Routing Information Sources:\n    Gateway         Distance      Last Update\n";
    for (const auto& [a, age] : sources) out += source_line(dotted(a), distance, age);
    out += "  Distance: (default is " + std::to_string(distance) + ")\n\n";
    return out;
}

std::string bgp_block(const BgpProtocolSource& src, const FrrConfig& config) {
    auto s = frr::parse(src.summary_json);
    if (s && s->is_object() && s->contains("ipv4Unicast")) s = (*s)["ipv4Unicast"];
    if (!s || !s->is_object() || !s->contains("as")) {
        // FRR's summary is {} for BGP without neighbors: its configuration still has it.
        if (config.bgp_as.empty()) return "";
        s = frr::Json::object();
    }
    std::string local_as = s->contains("as") ? std::to_string(frr::num(*s, "as")) : config.bgp_as;
    std::string out = "Routing Protocol is \"bgp " + local_as + "\"\n" + filter_lines(config.bgp);
    out += "  IGP synchronization is disabled\n  Automatic route summarization is disabled\n";

    // Per neighbor, what FRR's configuration filters it with.
    struct Filters {
        std::string filt_in, filt_out, dist_in, dist_out, weight, route_map;
    };
    std::map<std::string, Filters> filters;
    // FRR's defaults for the distances (its `distance bgp` line shows only when set); its
    // maximum paths only when configured (its default is its build's multipath number).
    std::uint64_t external = 20, internal = 200, local = 200;
    std::optional<std::uint64_t> max_paths;
    for (const auto& l : config.bgp) {
        auto w = words(l);
        if (w.size() == 5 && w[0] == "distance" && w[1] == "bgp") {
            auto e = frr::to_number(w[2]), i = frr::to_number(w[3]), l = frr::to_number(w[4]);
            if (e && i && l) external = *e, internal = *i, local = *l;
        } else if (w.size() == 2 && w[0] == "maximum-paths") {
            max_paths = frr::to_number(w[1]);
        } else if (w.size() >= 4 && w[0] == "neighbor") {
            auto& f = filters[w[1]];
            if (w[2] == "weight") f.weight = w[3];
            else if (w.size() == 5 && w[2] == "filter-list") (w[4] == "in" ? f.filt_in : f.filt_out) = w[3];
            else if (w.size() == 5 && w[2] == "distribute-list") (w[4] == "in" ? f.dist_in : f.dist_out) = w[3];
            else if (w.size() == 5 && w[2] == "route-map" && (w[4] == "in" || f.route_map.empty())) f.route_map = w[3];
        }
    }

    struct Peer {
        std::uint32_t address;
        std::string name;
        const frr::Json* summary;
    };
    std::vector<Peer> peers;
    if (s->contains("peers") && (*s)["peers"].is_object())
        for (const auto& [name, p] : (*s)["peers"].items())
            if (auto a = frr::parse_ipv4(name)) peers.push_back({*a, name, &p});
    std::sort(peers.begin(), peers.end(), [](const Peer& a, const Peer& b) { return a.address < b.address; });
    if (!peers.empty()) {
        out += "  Neighbor(s):\n    Address          FiltIn FiltOut DistIn DistOut Weight RouteMap\n";
        for (const auto& p : peers) {
            const auto& f = filters[p.name];
            char line[256];
            std::snprintf(line, sizeof line, "    %-16s %6s %7s %6s %7s %6s %s", p.name.c_str(), f.filt_in.c_str(),
                          f.filt_out.c_str(), f.dist_in.c_str(), f.dist_out.c_str(), f.weight.c_str(), f.route_map.c_str());
            std::string row = line;
            row.erase(row.find_last_not_of(' ') + 1);
            out += row + "\n";
        }
    }
    if (max_paths) out += "  Maximum path: " + std::to_string(*max_paths) + "\n";

    // The neighbors routes came from, and how long ago each last sent an UPDATE.
    auto neighbors = frr::parse(src.neighbors_json);
    out += "  Routing Information Sources:\n    Gateway         Distance      Last Update\n";
    for (const auto& p : peers) {
        const auto& sp = *p.summary;
        if (frr::str(sp, "state") != "Established" || frr::num(sp, "pfxRcd") == 0) continue;
        if (!neighbors || !neighbors->is_object() || !neighbors->contains(p.name)) continue;
        const auto& n = (*neighbors)[p.name];
        if (!n.contains("bgpInUpdateElapsedTimeMsecs")) continue;
        bool ebgp = frr::num(sp, "remoteAs") != frr::num(sp, "localAs", frr::num(*s, "as"));
        out += source_line(p.name, ebgp ? external : internal, frr::num(n, "bgpInUpdateElapsedTimeMsecs") / 1000);
    }
    out += "  Distance: external " + std::to_string(external) + " internal " + std::to_string(internal) + " local " +
           std::to_string(local) + "\n\n";
    return out;
}

}  // namespace

std::string render_ip_protocols(const std::vector<ProtocolSource>& protocols, const std::string& frr_running_config,
                                const IosInterfaceName& ios_name) {
    auto config = parse_frr_config(frr_running_config);
    std::string out = "*** IP Routing is NSF aware ***\n\n";
    for (const auto& p : protocols) {
        if (auto* o = std::get_if<OspfProtocolSource>(&p)) out += ospf_block(*o, config, ios_name);
        if (auto* b = std::get_if<BgpProtocolSource>(&p)) out += bgp_block(*b, config);
    }
    return out;
}

}  // namespace routerd::show
