#pragma once
#include <memory>
#include <string>

#include "platform/links.hpp"

namespace routerd::platform {

// Reads links and IPv4 addresses of the caller's network namespace with libnl-route. `owner`
// names this routerd among others in the namespace (its config directory): every link it
// creates carries it in its alias, so that the next routerd of the same owner knows the links a
// killed one left (LinkInfo::owned).
std::unique_ptr<Links> make_linux_links(const std::string& owner);

}  // namespace routerd::platform
