#pragma once
// The NAT translations of the kernel's connection tracking (libnetfilter_conntrack), in the
// network namespace routerd runs in.
#include <optional>
#include <string>
#include <vector>

#include "platform/packet_filter.hpp"

namespace routerd::platform {

std::vector<NatTranslation> read_nat_translations();
// Removes every tracked connection that NAT translated; nullopt when done.
std::optional<std::string> clear_nat_translations();

}  // namespace routerd::platform
