#pragma once
// `show ip nat translations`: the static mappings as configured, then each connection the
// kernel's connection tracking translated, in IOS 15's columns.
#include <vector>

#include "engine/config/nat_config.hpp"
#include "platform/packet_filter.hpp"

namespace routerd::show {

std::string show_ip_nat_translations(const std::vector<config::NatStatic>& statics,
                                     const std::vector<platform::NatTranslation>& translated);

}  // namespace routerd::show
