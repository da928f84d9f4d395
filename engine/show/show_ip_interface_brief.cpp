#include "engine/show/show_ip_interface_brief.hpp"

#include <cstdio>

#include "engine/config/render.hpp"

namespace routerd::show {
namespace {

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    else s += ' ';
    return s;
}

const char* method_name(config::AddressMethod m) {
    switch (m) {
        case config::AddressMethod::Nvram: return "NVRAM";
        case config::AddressMethod::Manual: return "manual";
        case config::AddressMethod::Unset: return "unset";
    }
    return "unset";
}

}  // namespace

std::string interface_status(const InterfaceView& v) {
    bool admin_down = (v.config && v.config->shutdown) || (v.link && !v.link->admin_up);
    if (admin_down) return "administratively down";
    if (v.link) return v.link->admin_up ? "up" : "down";
    // No link behind it. A tunnel IOS has but cannot bring up yet (no source or destination)
    // is up with its line protocol down; any other interface without hardware on this box
    // shows as IOS shows absent hardware.
    // A Virtual-Template is a template, never a link of its own: IOS shows it up/down.
    if (v.name.type == grammar::InterfaceType::Tunnel || v.name.type == grammar::InterfaceType::VirtualTemplate) return "up";
    // A loopback is routerd's to make: without its link, making it failed (logged).
    if (v.name.type == grammar::InterfaceType::Loopback) return "down";
    return "administratively down";
}

bool line_protocol_up(const InterfaceView& v) {
    return v.link && interface_status(v) == "up" && v.link->oper_up && v.sa_up.value_or(true);
}

std::string render_ip_interface_brief(const std::vector<InterfaceView>& interfaces) {
    std::string out = "Interface                  IP-Address      OK? Method Status                Protocol\n";
    for (const auto& v : interfaces) {
        // The address the interface really has: the Linux link's when there is one, else the
        // configured one (an interface with no link behind it is down either way).
        std::string address = "unassigned";
        std::string method = "unset";
        if (v.link && !v.link->addresses.empty()) {
            address = config::format_ipv4(v.link->addresses.front().address);
            method = v.config && v.config->address ? method_name(v.config->method) : "manual";
        } else if (!v.link && v.config && v.config->address) {
            address = config::format_ipv4(v.config->address->address);
            method = method_name(v.config->method);
        }
        out += pad(v.name.canonical(), 27) + pad(address, 16) + "YES " + pad(method, 7) + pad(interface_status(v), 22) +
               pad(line_protocol_up(v) ? "up" : "down", 8) + "\n";
    }
    return out;
}

}  // namespace routerd::show
