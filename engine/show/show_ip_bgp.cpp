#include "engine/show/show_ip_bgp.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <tuple>
#include <vector>

#include "engine/show/frr_json.hpp"

namespace routerd::show {
namespace {

// FRR answers `{}` (and `show ip bgp json` a "Default BGP instance not found" warning) when no
// BGP instance exists; the summary of `show ip bgp summary json` sits under "ipv4Unicast".
std::optional<frr::Json> bgp_object(const std::string& text, const char* wrapper) {
    auto j = frr::parse(text);
    if (!j || !j->is_object()) return std::nullopt;
    if (j->contains(wrapper) && (*j)[wrapper].is_object()) j = (*j)[wrapper];
    if (!j->contains("routerId")) return std::nullopt;
    return j;
}

// IOS names the FSM states as FRR does; FRR's transient ones are Idle to IOS.
std::string state_name(const std::string& frr) {
    if (frr == "Clearing" || frr == "Deleted") return "Idle";
    return frr.empty() ? "Idle" : frr;
}

}  // namespace

std::string ios_elapsed(std::uint64_t seconds) {
    char buf[32];
    const std::uint64_t day = 86400, week = 7 * day, year = 365 * day;
    if (seconds < day)
        std::snprintf(buf, sizeof buf, "%02u:%02u:%02u", unsigned(seconds / 3600), unsigned(seconds / 60 % 60),
                      unsigned(seconds % 60));
    else if (seconds < week)
        std::snprintf(buf, sizeof buf, "%ud%02uh", unsigned(seconds / day), unsigned(seconds % day / 3600));
    else if (seconds < year)
        std::snprintf(buf, sizeof buf, "%uw%ud", unsigned(seconds / week), unsigned(seconds % week / day));
    else
        std::snprintf(buf, sizeof buf, "%uy%uw", unsigned(seconds / year), unsigned(seconds % year / week));
    return buf;
}

bool bgp_summary_needs_table(const std::string& summary_json) {
    return !bgp_object(summary_json, "ipv4Unicast");
}

std::string render_ip_bgp_summary(const std::string& summary_json, const std::string& statistics_json,
                                  const std::string& table_json) {
    auto s = bgp_object(summary_json, "ipv4Unicast");
    if (!s) {
        // BGP without neighbors: FRR's table still names the instance.
        auto t = bgp_object(table_json, "ipv4Unicast");
        if (!t) return kBgpNotActive;
        s = frr::Json{{"routerId", (*t)["routerId"]}, {"as", frr::num(*t, "localAS")},
                      {"tableVersion", frr::num(*t, "tableVersion")}};
    }
    std::string out = "BGP router identifier " + frr::str(*s, "routerId") + ", local AS number " +
                      std::to_string(frr::num(*s, "as")) + "\n";
    // FRR keeps one version for the table; it is also the version the RIB was given.
    auto version = std::to_string(frr::num(*s, "tableVersion"));
    out += "BGP table version is " + version + ", main routing table version " + version + "\n";
    // Network entries: the prefixes of the table, as FRR's statistics count them.
    if (auto st = frr::parse(statistics_json); st && st->is_object() && st->contains("ipv4Unicast") &&
                                               (*st)["ipv4Unicast"].is_array() && !(*st)["ipv4Unicast"].empty()) {
        const auto& stats = (*st)["ipv4Unicast"][0];
        if (stats.contains("totalPrefixes") && s->contains("ribMemory"))
            out += std::to_string(frr::num(stats, "totalPrefixes")) + " network entries using " +
                   std::to_string(frr::num(*s, "ribMemory")) + " bytes of memory\n";
    }
    if (!s->contains("peers") || !(*s)["peers"].is_object() || (*s)["peers"].empty()) return out;

    struct Row {
        std::optional<std::uint32_t> address;
        std::string name;
        const frr::Json* peer;
    };
    std::vector<Row> rows;
    for (const auto& [name, peer] : (*s)["peers"].items()) rows.push_back({frr::parse_ipv4(name), name, &peer});
    // IOS lists neighbors in address order; FRR's peers that are not IPv4 addresses follow.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::make_tuple(!a.address, a.address.value_or(0)) < std::make_tuple(!b.address, b.address.value_or(0));
    });

    out += "\nNeighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n";
    for (const auto& r : rows) {
        const auto& p = *r.peer;
        std::string state = state_name(frr::str(p, "state"));
        std::string up_down = frr::str(p, "peerUptime") == "never" || !p.contains("peerUptimeMsec")
                                  ? "never"
                                  : ios_elapsed(frr::num(p, "peerUptimeMsec") / 1000);
        char line[256];
        std::snprintf(line, sizeof line, "%-15s %1u %12llu %7llu %7llu %8llu %4llu %4llu %-8s", r.name.c_str(),
                      unsigned(frr::num(p, "version", 4)), static_cast<unsigned long long>(frr::num(p, "remoteAs")),
                      static_cast<unsigned long long>(frr::num(p, "msgRcvd")),
                      static_cast<unsigned long long>(frr::num(p, "msgSent")),
                      static_cast<unsigned long long>(frr::num(p, "tableVersion")),
                      static_cast<unsigned long long>(frr::num(p, "inq")),
                      static_cast<unsigned long long>(frr::num(p, "outq")), up_down.c_str());
        out += line;
        if (state == "Established") {
            char pfx[32];
            std::snprintf(pfx, sizeof pfx, " %8llu", static_cast<unsigned long long>(frr::num(p, "pfxRcd")));
            out += pfx;
        } else {
            out += " " + state;
        }
        out += "\n";
    }
    return out;
}

namespace {

std::string ios_network(std::uint32_t address, unsigned length, const std::string& text) {
    unsigned first = address >> 24;
    unsigned classful = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 0;
    if (classful && length == classful) return text.substr(0, text.find('/'));
    return text;
}

char origin_code(const std::string& origin) {
    if (origin == "IGP") return 'i';
    if (origin == "EGP") return 'e';
    return '?';
}

// The path's next hop as IOS shows it: the first IPv4 one; 0.0.0.0 for what this router
// originates (FRR gives its aggregates "::").
std::string next_hop(const frr::Json& path) {
    if (frr::str(path, "peerId") == "(unspec)") return "0.0.0.0";
    if (path.contains("nexthops") && path["nexthops"].is_array())
        for (const auto& nh : path["nexthops"])
            if (frr::str(nh, "afi") != "ipv6" && nh.contains("ip")) return frr::str(nh, "ip");
    return "0.0.0.0";
}

}  // namespace

std::string render_ip_bgp(const std::string& table_json) {
    auto t = bgp_object(table_json, "ipv4Unicast");
    if (!t) return kBgpNotActive;
    if (!t->contains("routes") || !(*t)["routes"].is_object() || (*t)["routes"].empty()) return "";

    struct Network {
        std::uint32_t address;
        unsigned length;
        std::string text;
        const frr::Json* paths;
    };
    std::vector<Network> networks;
    for (const auto& [prefix, paths] : (*t)["routes"].items()) {
        auto slash = prefix.find('/');
        if (slash == std::string::npos || !paths.is_array()) continue;
        auto address = frr::parse_ipv4(prefix.substr(0, slash));
        auto length = frr::to_number(prefix.substr(slash + 1));
        if (!address || !length || *length > 32) continue;
        networks.push_back({*address, unsigned(*length), prefix, &paths});
    }
    std::sort(networks.begin(), networks.end(), [](const Network& a, const Network& b) {
        return std::tie(a.address, a.length) < std::tie(b.address, b.length);
    });

    std::string out = "BGP table version is " + std::to_string(frr::num(*t, "tableVersion")) +
                      ", local router ID is " + frr::str(*t, "routerId") + "\n";
    out +=
        "Status codes: s suppressed, d damped, h history, * valid, > best, i - internal, \n"
        "              r RIB-failure, S Stale, m multipath, b backup-path, f RT-Filter, \n"
        "              x best-external, a additional-path, c RIB-compressed, \n"
        "              t secondary path, \n"
        "Origin codes: i - IGP, e - EGP, ? - incomplete\n"
        "RPKI validation codes: V valid, I invalid, N Not found\n"
        "\n"
        "     Network          Next Hop            Metric LocPrf Weight Path\n";
    for (const auto& n : networks) {
        std::string shown = ios_network(n.address, n.length, n.text);
        bool first = true;
        for (const auto& p : *n.paths) {
            char status = frr::flag(p, "suppressed") ? 's'
                          : frr::flag(p, "damped")   ? 'd'
                          : frr::flag(p, "history")  ? 'h'
                          : frr::flag(p, "stale")    ? 'S'
                          : frr::flag(p, "valid")    ? '*'
                                                     : ' ';
            char best = frr::flag(p, "bestpath") ? '>' : frr::flag(p, "multipath") ? 'm' : ' ';
            char source = frr::str(p, "pathFrom") == "internal" ? 'i' : ' ';
            std::string network = first ? shown : "";
            first = false;
            std::string head = std::string(" ") + status + best + source + " ";
            if (network.size() > 16) {
                // IOS: a network too long for its column stands alone; the path continues
                // on the next line under Next Hop.
                out += head + network + "\n";
                head = std::string(5, ' ');
                network.clear();
            }
            std::string metric = p.contains("metric") ? std::to_string(frr::num(p, "metric")) : "";
            std::string locprf = p.contains("locPrf") ? std::to_string(frr::num(p, "locPrf")) : "";
            std::string path = frr::str(p, "path");
            char line[512];
            std::snprintf(line, sizeof line, "%s%-16s %-15s %10s %6s %6llu ", head.c_str(), network.c_str(),
                          next_hop(p).c_str(), metric.c_str(), locprf.c_str(),
                          static_cast<unsigned long long>(frr::num(p, "weight")));
            out += line;
            if (!path.empty()) out += path + " ";
            out += origin_code(frr::str(p, "origin"));
            out += "\n";
        }
    }
    return out;
}

}  // namespace routerd::show
