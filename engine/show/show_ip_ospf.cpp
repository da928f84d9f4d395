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

}  // namespace routerd::show
