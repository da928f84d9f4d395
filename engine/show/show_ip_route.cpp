#include "engine/show/show_ip_route.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace routerd::show {
namespace {

std::string dotted(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." + std::to_string((a >> 8) & 255) + "." +
           std::to_string(a & 255);
}

// The classful prefix length IOS groups subnets under (A /8, B /16, C /24).
int classful_length(std::uint32_t a) {
    if ((a >> 31) == 0) return 8;
    if ((a >> 30) == 2) return 16;
    return 24;
}

std::uint32_t mask_of(int len) { return len == 0 ? 0 : 0xffffffffu << (32 - len); }

// What follows the network: "is directly connected, Serial1/2", "[1/0] via 12.1.1.2", and
// for a routing protocol's route its age, and for OSPF's the interface too:
// "[20/0] via 169.254.1.1, 00:01:23", "[110/2] via 10.255.0.2, 00:00:42, Tunnel1".
std::string tail(const RouteEntry& r) {
    if (r.code == 'L' || r.code == 'C') return " is directly connected, " + r.interface;
    std::string metric = " [" + std::to_string(r.distance) + "/" + std::to_string(r.metric) + "]";
    if (r.code == 'B' || r.code == 'O') {
        std::string out = metric + " via " + dotted(r.gateway);
        if (!r.age.empty()) out += ", " + r.age;
        if (r.code == 'O' && !r.interface.empty()) out += ", " + r.interface;
        return out;
    }
    if (r.gateway) return metric + " via " + dotted(r.gateway);
    return " is directly connected, " + r.interface;  // a static route to an interface
}

// "S*", "B", "O E2": the code column's text.
std::string code_of(const RouteEntry& r) {
    std::string code(1, r.code);
    if (r.prefix_length == 0) code += '*';
    if (!r.subtype.empty()) code += " " + r.subtype;
    return code;
}

}  // namespace

std::string render_ip_route(std::vector<RouteEntry> routes) {
    // IOS 15.x's legend, word for word.
    std::string out =
        "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
        "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
        "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
        "       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
        "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
        "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
        "       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
        "       a - application route\n"
        "       + - replicated route, % - next hop override, p - overrides from PfR\n\n";
    std::sort(routes.begin(), routes.end(), [](const RouteEntry& a, const RouteEntry& b) {
        return a.destination != b.destination ? a.destination < b.destination : a.prefix_length < b.prefix_length;
    });
    const RouteEntry* def = nullptr;
    for (const auto& r : routes)
        if (r.prefix_length == 0 && r.code != 'C' && r.code != 'L') def = &r;
    if (def && def->gateway)
        out += "Gateway of last resort is " + dotted(def->gateway) + " to network 0.0.0.0\n\n";
    else if (def)
        out += "Gateway of last resort is 0.0.0.0 to network 0.0.0.0\n\n";
    else
        out += "Gateway of last resort is not set\n\n";
    // Subnets (longer than their classful length) print under a header line for their
    // classful network; the rest (supernets, the default, a classful network itself) print
    // on their own with their mask.
    std::size_t i = 0;
    while (i < routes.size()) {
        const auto& r = routes[i];
        int classful = classful_length(r.destination);
        std::uint32_t network = r.destination & mask_of(classful);
        if (r.prefix_length <= classful) {
            std::string code = code_of(r);
            code.resize(std::max<std::size_t>(6, code.size() + 1), ' ');
            out += code + dotted(r.destination) + "/" + std::to_string(r.prefix_length) + tail(r) + "\n";
            ++i;
            continue;
        }
        std::size_t end = i;
        std::set<int> masks;
        while (end < routes.size() && routes[end].prefix_length > classful &&
               (routes[end].destination & mask_of(classful)) == network && classful_length(routes[end].destination) == classful) {
            masks.insert(routes[end].prefix_length);
            ++end;
        }
        std::size_t count = end - i;
        bool variable = masks.size() > 1;
        out += "      " + dotted(network) + "/" + std::to_string(variable ? classful : *masks.begin()) + " is " +
               (variable ? "variably " : "") + "subnetted, " + std::to_string(count) + " subnet" + (count == 1 ? "" : "s") +
               (variable ? ", " + std::to_string(masks.size()) + " masks" : "") + "\n";
        for (; i < end; ++i) {
            const auto& s = routes[i];
            std::string code = code_of(s);
            code.resize(std::max<std::size_t>(9, code.size() + 1), ' ');
            out += code + dotted(s.destination) + (variable ? "/" + std::to_string(s.prefix_length) : "") + tail(s) + "\n";
        }
    }
    return out;
}

std::string render_ip_route_summary(const std::vector<RouteEntry>& routes) {
    struct Counts {
        std::size_t networks = 0, subnets = 0;
        std::map<std::string, std::size_t> kinds;  // OSPF's route types, BGP's external/internal
    };
    // IOS's sources in its order; connected counts the local /32s too (IOS files L under it).
    Counts connected, statics;
    std::map<std::string, Counts> protocols;  // "bgp 65001", "ospf 1"
    std::set<std::uint32_t> parents;
    for (const auto& r : routes) {
        int classful = classful_length(r.destination);
        auto& c = (r.code == 'S') ? statics : (r.code == 'B' || r.code == 'O') ? protocols[r.source] : connected;
        if (r.code == 'O') ++c.kinds[r.subtype];
        if (r.code == 'B') ++c.kinds[r.distance == 200 ? "Internal" : "External"];
        if (r.prefix_length > classful) {
            ++c.subnets;
            parents.insert(r.destination & mask_of(classful));
        } else {
            ++c.networks;
        }
    }
    auto col = [](std::string s, std::size_t width) {
        if (s.size() < width) s.resize(width, ' ');
        return s;
    };
    // Overhead and Memory are what IOS's RIB spends on the routes. routerd keeps no RIB of its
    // own (the routes live in the kernel's FIB, read back for every show), so it spends none.
    auto row = [&](const std::string& source, const Counts& c) {
        return col(source, 16) + col(std::to_string(c.networks), 12) + col(std::to_string(c.subnets), 12) +
               col("0", 12) + col("0", 12) + "0\n";
    };
    std::string out = "IP routing table name is default (0x0)\n"
                      "Route Source    Networks    Subnets     Replicates  Overhead    Memory (bytes)\n";
    out += row("connected", connected);
    out += row("static", statics);
    Counts total{connected.networks + statics.networks + parents.size(), connected.subnets + statics.subnets, {}};
    for (const auto& [source, c] : protocols) {
        out += row(source, c);
        auto n = [&c = c](const char* kind) {
            auto it = c.kinds.find(kind);
            return std::to_string(it == c.kinds.end() ? 0 : it->second);
        };
        // IOS's breakdown under each protocol's row.
        if (source.starts_with("ospf"))
            out += "  Intra-area: " + n("") + " Inter-area: " + n("IA") + " External-1: " + n("E1") +
                   " External-2: " + n("E2") + "\n  NSSA External-1: " + n("N1") + " NSSA External-2: " + n("N2") + "\n";
        else
            out += "  External: " + n("External") + " Internal: " + n("Internal") + " Local: 0\n";
        total.networks += c.networks;
        total.subnets += c.subnets;
    }
    out += col("internal", 16) + col(std::to_string(parents.size()), 48) + "0\n";
    out += row("Total", total);
    return out;
}

}  // namespace routerd::show
