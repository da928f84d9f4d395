#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "engine/config/acl_config.hpp"

namespace routerd::show {

// `show access-lists [NAME]` / `show ip access-lists [NAME]` (reference A.3.12), with
// "(N matches)" after the lines the dataplane counted (crypto ACLs: the kernel's policy counters,
// by ACL name and line sequence number). IOS omits it at zero.
using AclMatches = std::map<std::pair<std::string, std::uint32_t>, std::uint64_t>;
std::string show_access_lists(const config::AccessLists& lists, const std::string& name, const AclMatches& matches = {});

}  // namespace routerd::show
