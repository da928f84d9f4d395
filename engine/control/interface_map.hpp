#pragma once
// Which Linux link stands behind each IOS interface name.
//
// 1. `<config-dir>/interfaces`: lines "IOS-NAME linux-name" ("Serial1/2 eth1"), '#' comments.
// 2. A Linux link whose own name is an IOS name ("Loopback0", "Tunnel0", or "Serial1-2" for
//    Serial1/2, since Linux names have no '/') is that interface.
// 3. Every other link but the loopback "lo", in ifindex order: GigabitEthernet0/0, 0/1, ...
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grammar/interface_name.hpp"
#include "platform/links.hpp"

namespace routerd::control {

class InterfaceMap {
public:
    // Parses the mapping file text; returns the lines it could not use, as messages.
    std::vector<std::string> load_file(const std::string& text);
    // IOS name -> link, for the links that exist now.
    std::map<grammar::InterfaceName, platform::LinkInfo> resolve(const std::vector<platform::LinkInfo>& links) const;

private:
    std::map<grammar::InterfaceName, std::string> explicit_;
};

}  // namespace routerd::control
