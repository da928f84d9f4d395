#pragma once
#include <string>

#include "engine/config/running_config.hpp"

namespace routerd::config {

// The configuration text from the first `!` to `end`, as IOS prints it in
// `show running-config` and stores it in startup-config.
// `present`: the interfaces the box has (its ports), which IOS lists whether configured or
// not (`no ip address`), in their place among the configured ones.
std::string render_config(const RunningConfig& config, const std::vector<grammar::InterfaceName>& present = {});

// "Building configuration...", a blank line, "Current configuration : N bytes", then the body.
std::string render_show_running(const RunningConfig& config, const std::vector<grammar::InterfaceName>& present = {});

std::string level_name(std::uint32_t level);
std::string format_timestamp(std::chrono::system_clock::time_point t);  // "20:44:01 UTC Tue Nov 24 2026"

}  // namespace routerd::config
