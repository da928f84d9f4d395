#pragma once
#include <string>

#include "engine/config/acl_config.hpp"

namespace routerd::show {

// `show access-lists [NAME]` / `show ip access-lists [NAME]` (reference A.3.12). Match counts
// are not known until the dataplane reports them, and IOS omits "(N matches)" at zero.
std::string show_access_lists(const config::AccessLists& lists, const std::string& name);

}  // namespace routerd::show
