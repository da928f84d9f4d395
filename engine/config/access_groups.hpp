#pragma once
// `ip access-group ACL in|out` on an interface. The lines are kept as typed (stored_config), so
// that they show in their IOS place; their meaning is read back here.
#include <string>
#include <string_view>

#include "engine/config/running_config.hpp"

namespace routerd::config {

struct AccessGroups {
    std::string in, out;  // ACL names, "" when none
};
AccessGroups access_groups(const InterfaceConfig& interface);

// Whether the kept interface line `body` is an `ip access-group` this box carries out.
bool access_group_line(std::string_view body);

// Two `ip access-group` lines for the same direction: the second replaces the first (IOS keeps
// one list per direction).
bool same_access_group_direction(std::string_view a, std::string_view b);

}  // namespace routerd::config
