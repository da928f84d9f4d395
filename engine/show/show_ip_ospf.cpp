#include "engine/show/show_ip_ospf.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/show/frr_json.hpp"

namespace routerd::show {

std::string ios_hms(std::uint64_t seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02llu:%02u:%02u", static_cast<unsigned long long>(seconds / 3600),
                  unsigned(seconds / 60 % 60), unsigned(seconds % 60));
    return buf;
}

std::string ios_ospf_state(const std::string& frr_state) {
    auto slash = frr_state.find('/');
    std::string state = frr_state.substr(0, slash);
    std::string role = slash == std::string::npos ? "" : frr_state.substr(slash + 1);
    state.erase(std::remove(state.begin(), state.end(), '-'), state.end());  // 2-Way -> 2WAY
    if (state == "Deleted") state = "Down";
    std::transform(state.begin(), state.end(), state.begin(), [](unsigned char c) { return std::toupper(c); });
    if (role.empty()) return state;
    if (role == "-") return state + "/  -";
    if (role == "Backup") return state + "/BDR";
    std::transform(role.begin(), role.end(), role.begin(), [](unsigned char c) { return std::toupper(c); });
    return state + "/" + role;
}

std::string render_ip_ospf_neighbor(const std::string& neighbor_json, const IosInterfaceName& ios_name) {
    auto j = frr::parse(neighbor_json);
    if (!j || !j->is_object() || !j->contains("neighbors") || !(*j)["neighbors"].is_object()) return "";
    std::string rows;
    for (const auto& [router_id, list] : (*j)["neighbors"].items()) {
        if (!list.is_array()) continue;
        for (const auto& n : list) {
            // FRR: "eth0:10.0.0.1", the link and the router's own address on it.
            std::string link = frr::str(n, "ifaceName");
            link = link.substr(0, link.find(':'));
            std::string interface = ios_name ? ios_name(link) : link;
            std::string state = ios_ospf_state(frr::str(n, "nbrState", frr::str(n, "state")));
            std::uint64_t dead_ms = frr::num(n, "deadTimeMsecs", frr::num(n, "routerDeadIntervalTimerDueMsec"));
            char line[256];
            std::snprintf(line, sizeof line, "%-15s %3u   %-15s %-11s %-15s %s\n", router_id.c_str(),
                          unsigned(frr::num(n, "nbrPriority", frr::num(n, "priority"))), state.c_str(),
                          ios_hms(dead_ms / 1000).c_str(), frr::str(n, "ifaceAddress", frr::str(n, "address")).c_str(),
                          interface.c_str());
            rows += line;
        }
    }
    if (rows.empty()) return "";
    return "\nNeighbor ID     Pri   State           Dead Time   Address         Interface\n" + rows;
}

namespace {

// IOS's short interface names: the type's first two letters, then the number.
std::string short_name(const std::string& name) {
    auto digit = name.find_first_of("0123456789");
    if (digit == std::string::npos || digit < 2) return name;
    std::string type = name.substr(0, digit);
    std::string abbrev = type == "Virtual-Template" ? "Vt" : type == "Virtual-Access" ? "Vi" : type.substr(0, 2);
    return abbrev + name.substr(digit);
}

std::string ospf_interface_state(const frr::Json& i) {
    if (!frr::flag(i, "ifUp")) return "DOWN";
    std::string s = frr::str(i, "state");
    if (s == "Backup") return "BDR";
    if (s == "DROther") return "DROTH";
    if (s == "Point-To-Point") return "P2P";
    if (s == "Loopback") return "LOOP";
    if (s == "Waiting") return "WAIT";
    if (s == "Down") return "DOWN";
    return s;
}

std::string decimal_area(const std::string& area) {
    auto a = frr::parse_ipv4(area);
    return a ? std::to_string(*a) : area;
}

}  // namespace

std::string render_ip_ospf_interface_brief(const std::string& interface_json, const std::string& process_id,
                                           const IosInterfaceName& ios_name) {
    auto j = frr::parse(interface_json);
    if (!j || !j->is_object() || !j->contains("interfaces") || !(*j)["interfaces"].is_object()) return "";
    std::string rows;
    for (const auto& [link, i] : (*j)["interfaces"].items()) {
        if (!frr::flag(i, "ospfEnabled")) continue;
        std::string address = frr::str(i, "ipAddress", "0.0.0.0") + "/" + std::to_string(frr::num(i, "ipAddressPrefixlen"));
        std::string fc = std::to_string(frr::num(i, "nbrAdjacentCount")) + "/" + std::to_string(frr::num(i, "nbrCount"));
        char line[256];
        std::snprintf(line, sizeof line, "%-12s %-5s %-15s %-18s %-5llu %-5s %s\n",
                      short_name(ios_name ? ios_name(link) : link).c_str(), process_id.c_str(),
                      decimal_area(frr::str(i, "area")).c_str(), address.c_str(),
                      static_cast<unsigned long long>(frr::num(i, "cost")), ospf_interface_state(i).c_str(), fc.c_str());
        rows += line;
    }
    if (rows.empty()) return "";
    return "Interface    PID   Area            IP Address/Mask    Cost  State Nbrs F/C\n" + rows;
}

std::string render_ip_ospf(const std::string& ospf_json, const std::string& process_id) {
    auto j = frr::parse(ospf_json);
    if (!j || !j->is_object() || !j->contains("routerId")) return "";
    const auto& o = *j;
    auto number = [&](const char* key) { return std::to_string(frr::num(o, key)); };
    auto checksum = [](std::uint64_t sum) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "0x%06llX", static_cast<unsigned long long>(sum));
        return std::string(buf);
    };
    std::string out = " Routing Process \"ospf " + process_id + "\" with ID " + frr::str(o, "routerId") + "\n";
    if (frr::flag(o, "tosRoutesOnly")) out += " Supports only single TOS(TOS0) routes\n";
    if (frr::flag(o, "opaqueCapable")) out += " Supports opaque LSA\n";
    if (o.contains("spfScheduleDelayMsecs")) out += " Initial SPF schedule delay " + number("spfScheduleDelayMsecs") + " msecs\n";
    if (o.contains("holdtimeMinMsecs"))
        out += " Minimum hold time between two consecutive SPFs " + number("holdtimeMinMsecs") + " msecs\n";
    if (o.contains("holdtimeMaxMsecs"))
        out += " Maximum wait time between two consecutive SPFs " + number("holdtimeMaxMsecs") + " msecs\n";
    if (o.contains("lsaMinIntervalMsecs"))
        out += " Minimum LSA interval " + std::to_string(frr::num(o, "lsaMinIntervalMsecs") / 1000) + " secs\n";
    if (o.contains("lsaMinArrivalMsecs")) out += " Minimum LSA arrival " + number("lsaMinArrivalMsecs") + " msecs\n";
    if (o.contains("lsaExternalCounter"))
        out += " Number of external LSA " + number("lsaExternalCounter") + ". Checksum Sum " +
               checksum(frr::num(o, "lsaExternalChecksum")) + "\n";
    if (o.contains("lsaAsopaqueCounter"))
        out += " Number of opaque AS LSA " + number("lsaAsopaqueCounter") + ". Checksum Sum " +
               checksum(frr::num(o, "lsaAsOpaqueChecksum")) + "\n";
    if (!o.contains("areas") || !o["areas"].is_object()) return out;
    unsigned normal = 0, stub = 0, nssa = 0;
    for (const auto& [id, area] : o["areas"].items()) {
        bool is_stub = false;
        for (const auto& [key, value] : area.items()) is_stub = is_stub || key.rfind("stub", 0) == 0;
        (area.contains("nssa") ? nssa : is_stub ? stub : normal)++;
    }
    out += " Number of areas in this router is " + std::to_string(normal + stub + nssa) + ". " + std::to_string(normal) +
           " normal " + std::to_string(stub) + " stub " + std::to_string(nssa) + " nssa\n";
    for (const auto& [id, area] : o["areas"].items()) {
        std::string decimal = decimal_area(id);
        out += frr::flag(area, "backbone") ? "    Area BACKBONE(" + decimal + ")\n" : "    Area " + decimal + "\n";
        auto line = [&](const std::string& text) { out += "        " + text + "\n"; };
        auto count = [&area = area](const char* key) { return std::to_string(frr::num(area, key)); };
        if (area.contains("areaIfTotalCounter")) line("Number of interfaces in this area is " + count("areaIfTotalCounter"));
        std::string auth = frr::str(area, "authentication");
        if (auth == "authenticationNone") line("Area has no authentication");
        else if (auth == "authenticationSimplePassword") line("Area has simple password authentication");
        else if (auth == "authenticationMessageDigest") line("Area has message digest authentication");
        if (o.contains("spfLastExecutedMsecs")) {
            std::uint64_t ms = frr::num(o, "spfLastExecutedMsecs");
            char ago[48];
            std::snprintf(ago, sizeof ago, "%s.%03u", ios_hms(ms / 1000).c_str(), unsigned(ms % 1000));
            line(std::string("SPF algorithm last executed ") + ago + " ago");
        }
        if (area.contains("spfExecutedCounter")) line("SPF algorithm executed " + count("spfExecutedCounter") + " times");
        if (area.contains("lsaNumber")) {
            std::uint64_t sum = 0;
            for (const char* key : {"lsaRouterChecksum", "lsaNetworkChecksum", "lsaSummaryChecksum", "lsaAsbrChecksum",
                                    "lsaNssaChecksum", "lsaOpaqueAreaChecksum"})
                sum += frr::num(area, key);
            line("Number of LSA " + count("lsaNumber") + ". Checksum Sum " + checksum(sum));
        }
        if (area.contains("lsaOpaqueLinkNumber"))
            line("Number of opaque link LSA " + count("lsaOpaqueLinkNumber") + ". Checksum Sum " +
                 checksum(frr::num(area, "lsaOpaqueLinkChecksum")));
    }
    return out;
}

}  // namespace routerd::show
