#pragma once
// `access-class ACL in` on a line: whether a connection from an address may reach it.
#include <cstdint>
#include <string>

#include "engine/config/acl_config.hpp"

namespace routerd::config {

// IOS: a class naming a list that does not exist lets everyone in; a list ends in an implicit
// deny. A standard entry matches the source address. An extended entry matches the source,
// `ip` or `tcp`, and the destination port (the port the client connected to, `port`); its
// destination address is the router's own, which the caller does not know, so it is not checked.
bool access_class_permits(const AccessLists& lists, const std::string& name, std::uint32_t source, std::uint16_t port);

}  // namespace routerd::config
