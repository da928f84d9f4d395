#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"
#include "platform/links.hpp"

namespace routerd::show {

// One IOS interface with what the box knows of it: its configuration and, when it maps to a
// Linux link, that link's real state.
struct InterfaceView {
    grammar::InterfaceName name;
    const config::InterfaceConfig* config = nullptr;  // nullptr: not configured
    std::optional<platform::LinkInfo> link;           // nullopt: no Linux link behind it
    // A VTI's line protocol is up only while it has an IPsec SA (IOS 15); nullopt: the link's.
    std::optional<bool> sa_up;
};

// IOS's words for the two states: "up", "down", "administratively down"; and the protocol.
std::string interface_status(const InterfaceView& v);
bool line_protocol_up(const InterfaceView& v);

// `show ip interface brief` in IOS 15's columns (Interface 27, IP-Address 16, OK? 4,
// Method 7, Status 22, Protocol).
std::string render_ip_interface_brief(const std::vector<InterfaceView>& interfaces);

}  // namespace routerd::show
