#include "engine/routing/frr_routes.hpp"

#include <nlohmann/json.hpp>

#include "grammar/token.hpp"

namespace routerd::routing {
namespace {

std::optional<RouteKey> key_of(const std::string& prefix) {
    auto slash = prefix.find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto address = grammar::parse_ipv4(prefix.substr(0, slash));
    if (!address) return std::nullopt;
    return RouteKey{*address, std::atoi(prefix.c_str() + slash + 1)};
}

// FRR prints ages as 00:01:23, 2d03h12m and 01w2d03h; IOS as 00:01:23, 2d03h and 1w2d.
std::string ios_age(const std::string& frr) {
    auto w = frr.find('w');
    if (w != std::string::npos) {
        auto d = frr.find('d', w);
        int weeks = std::atoi(frr.c_str());
        int days = d == std::string::npos ? 0 : std::atoi(frr.c_str() + w + 1);
        return std::to_string(weeks) + "w" + std::to_string(days) + "d";
    }
    auto d = frr.find('d');
    if (d != std::string::npos) {
        auto h = frr.find('h', d);
        return h == std::string::npos ? frr : frr.substr(0, h + 1);
    }
    return frr;
}

// `show ip ospf route json`'s routeType: "N", "N IA", "N E2", "R " (a router, not a route).
std::string ospf_subtype(const std::string& type) {
    for (std::string_view t : {"IA", "E1", "E2", "N1", "N2"})
        if (type.find(t) != std::string::npos) return std::string(t);
    return "";
}

}  // namespace

std::map<RouteKey, FrrRouteInfo> parse_frr_routes(std::string_view route_json, std::string_view ospf_route_json) {
    std::map<RouteKey, FrrRouteInfo> out;
    auto routes = nlohmann::json::parse(route_json, nullptr, false);
    if (!routes.is_object()) return out;
    std::map<RouteKey, std::string> ospf_types;
    auto ospf = nlohmann::json::parse(ospf_route_json, nullptr, false);
    if (ospf.is_object())
        for (const auto& [prefix, r] : ospf.items())
            if (auto k = key_of(prefix); k && r.is_object() && r.contains("routeType") && r["routeType"].is_string())
                ospf_types[*k] = r["routeType"].get<std::string>();
    for (const auto& [prefix, list] : routes.items()) {
        auto k = key_of(prefix);
        if (!k || !list.is_array()) continue;
        for (const auto& r : list) {
            if (!r.is_object() || !r.value("selected", false)) continue;
            std::string protocol = r.value("protocol", "");
            if (protocol != "bgp" && protocol != "ospf") continue;
            FrrRouteInfo info;
            info.distance = r.value("distance", 0);
            info.metric = r.value("metric", 0u);
            info.age = ios_age(r.value("uptime", ""));
            if (protocol == "ospf") {
                auto t = ospf_types.find(*k);
                if (t != ospf_types.end()) info.subtype = ospf_subtype(t->second);
            }
            out[*k] = info;
        }
    }
    return out;
}

}  // namespace routerd::routing
