#pragma once
// How IOS writes access-list entries: in the running-config and in `show access-lists`.
#include <string>
#include <vector>

#include "engine/config/acl_config.hpp"

namespace routerd::config {

// "permit ip host 1.1.1.1 host 2.2.2.2", "deny   tcp any any eq www" (deny padded to permit).
std::string entry_text(const AccessList& acl, const AclEntry& e);
void append_entry_text(std::string& out, const AccessList& acl, const AclEntry& e);
// The same in `show access-lists` form: standard hosts bare, networks with "wildcard bits".
std::string entry_show_text(const AccessList& acl, const AclEntry& e);
// The lists in IOS order: numbers numerically, then names.
std::vector<const AccessList*> ordered(const AccessLists& lists);
std::string render_access_lists(const AccessLists& lists);  // running-config section
void append_access_lists(std::string& out, const AccessLists& lists);  // the same, onto `out`

}  // namespace routerd::config
