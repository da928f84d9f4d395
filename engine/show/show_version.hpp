#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/system_info.hpp"

namespace routerd::show {

struct VersionFacts {
    std::string hostname;
    std::chrono::seconds uptime{};
    std::chrono::system_clock::time_point booted;
    platform::SystemInfo system;
    int ethernet_interfaces = 0;  // physical interfaces known to the interface map
    std::string config_dir;
    // The size of the filesystem `flash:` is (the config directory's, as `dir` totals it);
    // nullopt when it cannot be read.
    std::optional<std::uint64_t> flash_kb;
};

// `show version` in the IOS 15 layout that Netmiko, Ansible and ntc-templates parse.
std::string render_show_version(const VersionFacts& facts);
// "2 hours, 5 minutes" as IOS words uptime.
std::string format_uptime(std::chrono::seconds uptime);

}  // namespace routerd::show
