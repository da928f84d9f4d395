#include "engine/config/nat_config.hpp"


#include "grammar/interface_name.hpp"
#include "grammar/matcher.hpp"
#include "grammar/token.hpp"

namespace routerd::config {
namespace {

// The line's words as strings (the parsers below index and compare them).
std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> w;
    for (const auto& word : grammar::split_words(text)) w.emplace_back(word.text);
    return w;
}

std::optional<std::uint16_t> port(const std::string& s) {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    auto v = std::stoul(s);
    if (v == 0 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

// The words after "ip nat inside source".
std::optional<NatStatic> parse_static(const std::vector<std::string>& w) {
    std::size_t i = 5;  // after "ip nat inside source static"
    NatStatic s;
    if (i < w.size() && (w[i] == "tcp" || w[i] == "udp")) {
        s.protocol = w[i] == "tcp" ? 6 : 17;
        ++i;
    }
    auto take_address = [&](std::uint32_t& a) {
        if (i >= w.size()) return false;
        auto v = grammar::parse_ipv4(w[i++]);
        if (!v) return false;
        a = *v;
        return true;
    };
    auto take_port = [&](std::uint16_t& p) {
        if (i >= w.size()) return false;
        auto v = port(w[i++]);
        if (!v) return false;
        p = *v;
        return true;
    };
    if (!take_address(s.local)) return std::nullopt;
    if (s.protocol && !take_port(s.local_port)) return std::nullopt;
    if (!take_address(s.global)) return std::nullopt;
    if (s.protocol && !take_port(s.global_port)) return std::nullopt;
    // `extendable` (IOS adds it to port mappings itself) changes nothing here; anything else
    // (`route-map`, `vrf`, `redundancy`, `no-alias`) is an option this box does not carry out.
    if (i < w.size() && w[i] == "extendable") ++i;
    if (i != w.size()) return std::nullopt;
    return s;
}

std::optional<NatDynamic> parse_dynamic(const std::vector<std::string>& w) {
    // ip nat inside source list ACL interface IF overload
    // ip nat inside source list ACL pool NAME [overload]
    // ip nat inside source route-map RM interface IF overload | pool NAME [overload]
    if (w.size() < 8 || (w[4] != "list" && w[4] != "route-map")) return std::nullopt;
    NatDynamic d;
    (w[4] == "list" ? d.list : d.route_map) = w[5];
    if (w[6] == "interface" && w.size() == 9 && w[8] == "overload") {
        auto name = grammar::parse_interface_name(w[7]);
        if (!name) return std::nullopt;
        d.interface = *name;
        d.overload = true;
        return d;
    }
    if (w[6] == "pool" && (w.size() == 8 || (w.size() == 9 && w[8] == "overload"))) {
        d.pool = w[7];
        d.overload = w.size() == 9;
        return d;
    }
    return std::nullopt;
}

// ip nat pool NAME START END {netmask M | prefix-length N}
std::optional<NatPool> parse_pool(const std::vector<std::string>& w) {
    if (w.size() != 8 || w[0] != "ip" || w[1] != "nat" || w[2] != "pool") return std::nullopt;
    if (w[6] != "netmask" && w[6] != "prefix-length") return std::nullopt;
    auto start = grammar::parse_ipv4(w[4]), end = grammar::parse_ipv4(w[5]);
    if (!start || !end || *end < *start) return std::nullopt;
    return NatPool{w[3], *start, *end};
}

bool is_source_line(const std::vector<std::string>& w) {
    return w.size() > 4 && w[0] == "ip" && w[1] == "nat" && w[2] == "inside" && w[3] == "source";
}

}  // namespace

NatConfig nat_config(const std::vector<StoredLine>& lines) {
    NatConfig c;
    for (const auto& l : lines) {
        auto w = words(l.text);
        if (auto p = parse_pool(w)) c.pools.push_back(*p);
        if (!is_source_line(w)) continue;
        if (w[4] == "static") {
            if (auto s = parse_static(w)) c.statics.push_back(*s);
        } else if (auto d = parse_dynamic(w)) {
            c.dynamics.push_back(*d);
        }
    }
    return c;
}

std::optional<std::string> nat_route_map_list(const RunningConfig& c, const std::string& route_map, std::string& why) {
    std::vector<const StoredLine*> entries;
    for (const auto& l : c.stored) {
        auto w = words(l.text);
        if (w.size() >= 2 && w[0] == "route-map" && w[1] == route_map) entries.push_back(&l);
    }
    if (entries.empty()) {
        why = "route map " + route_map + " does not exist";  // IOS: then nothing is translated
        return std::nullopt;
    }
    // Several entries would be tried in turn, an ACL's deny line passing to the next entry;
    // the kernel's NAT takes a deny line as final, so only the one-entry form is exact.
    if (entries.size() > 1) {
        why = "route map " + route_map + " has several entries";
        return std::nullopt;
    }
    auto header = words(entries[0]->text);
    if (header.size() >= 3 && header[2] == "deny") {
        why = "route map " + route_map + " denies";
        return std::nullopt;
    }
    std::optional<std::string> list;
    for (const auto& child : entries[0]->children) {
        auto w = words(child);
        if (w.empty() || w[0] == "description") continue;
        if (w.size() == 4 && w[0] == "match" && w[1] == "ip" && w[2] == "address" && !list) {
            list = w[3];
            continue;
        }
        why = "route map " + route_map + " has \"" + child.substr(child.find_first_not_of(' ')) +
              "\", which NAT here does not carry out";
        return std::nullopt;
    }
    if (!list) why = "route map " + route_map + " matches no access list";
    return list;
}

NatSide nat_side(const InterfaceConfig& i) {
    NatSide side = NatSide::None;
    for (const auto& l : i.stored) {
        if (l.text == "ip nat inside") side = NatSide::Inside;
        if (l.text == "ip nat outside") side = NatSide::Outside;
    }
    return side;
}

bool nat_global_line_applies(std::string_view body) {
    auto w = words(body);
    if (parse_pool(w)) return true;
    if (!is_source_line(w)) return false;
    return w[4] == "static" ? parse_static(w).has_value() : parse_dynamic(w).has_value();
}

bool nat_interface_line_applies(std::string_view body) { return body == "ip nat inside" || body == "ip nat outside"; }

}  // namespace routerd::config
