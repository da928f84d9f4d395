#include "engine/control/interface_map.hpp"

#include "grammar/token.hpp"

#include <algorithm>
#include <string>
#include <set>
#include <sstream>

namespace routerd::control {

std::vector<std::string> InterfaceMap::load_file(const std::string& text) {
    std::vector<std::string> errors;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        auto hash = line.find('#');
        if (hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::string ios, linux_name, extra;
        if (!(words >> ios)) continue;
        auto name = grammar::parse_interface_name(ios);
        if (!name || !(words >> linux_name) || (words >> extra)) {
            errors.push_back("interfaces line " + std::to_string(number) + ": expected \"IOS-NAME linux-name\"");
            continue;
        }
        explicit_[*name] = linux_name;
    }
    return errors;
}

std::map<grammar::InterfaceName, platform::LinkInfo> InterfaceMap::resolve(
    const std::vector<platform::LinkInfo>& links) const {
    std::map<grammar::InterfaceName, platform::LinkInfo> out;
    std::set<std::string> used;
    for (const auto& [name, linux_name] : explicit_) {
        auto it = std::find_if(links.begin(), links.end(), [&linux_name = linux_name](const auto& l) { return l.name == linux_name; });
        if (it == links.end()) continue;
        out[name] = *it;
        used.insert(linux_name);
    }
    std::vector<platform::LinkInfo> rest;
    for (const auto& l : links) {
        if (used.count(l.name) || l.loopback) continue;
        // Only a full type name counts ("Loopback0"), so that "lo" or "eth0" never do. Linux
        // names cannot hold '/', so "Serial1-2" stands for Serial1/2.
        std::string as_ios = l.name;
        // Only in the number: type names have hyphens of their own (Virtual-Access1).
        std::replace(as_ios.begin() + static_cast<std::ptrdiff_t>(grammar::type_prefix_length(as_ios)), as_ios.end(), '-', '/');
        auto own = grammar::parse_interface_name(as_ios);
        bool looks_ios = own && grammar::istarts_with(l.name, grammar::info(own->type).name);
        if (looks_ios && !out.count(*own)) {
            out[*own] = l;
            continue;
        }
        // Only Ethernet-like links (physical NICs and virtio have no kind; veth in the lab)
        // become GigabitEthernet ports. Never the fallback devices a loaded tunnel module
        // puts in every namespace (ip_vti0, gre0, tunl0, sit0, ...), nor dummies, xfrm
        // interfaces or VLANs, which routerd makes itself.
        if (l.kind.empty() || l.kind == "veth") rest.push_back(l);
    }
    std::sort(rest.begin(), rest.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
    int port = 0;
    for (const auto& l : rest) {
        grammar::InterfaceName gi{grammar::InterfaceType::GigabitEthernet, "0/" + std::to_string(port++)};
        while (out.count(gi)) gi.number = "0/" + std::to_string(port++);
        out[gi] = l;
    }
    // A sub-interface's VLAN link is PARENT.N on its parent's link (interface_sync names them
    // so): it is that port's sub-interface N.
    std::map<std::string, grammar::InterfaceName> by_linux;
    for (const auto& [ios, l] : out) by_linux.emplace(l.name, ios);
    for (const auto& l : links) {
        if (l.kind != "vlan") continue;
        auto dot = l.name.rfind('.');
        if (dot == std::string::npos || dot + 1 == l.name.size()) continue;
        auto parent = by_linux.find(l.name.substr(0, dot));
        if (parent == by_linux.end() || !parent->second.is_physical()) continue;
        grammar::InterfaceName sub{parent->second.type, parent->second.number + l.name.substr(dot)};
        if (grammar::valid_interface_number(sub.type, sub.number) && !out.count(sub)) out[sub] = l;
    }
    return out;
}

}  // namespace routerd::control
