#pragma once
#include <memory>

#include "platform/links.hpp"

namespace routerd::platform {

// Reads links and IPv4 addresses of the caller's network namespace with libnl-route.
std::unique_ptr<Links> make_linux_links();

}  // namespace routerd::platform
