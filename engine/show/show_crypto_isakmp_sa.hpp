#pragma once
#include <string>
#include <vector>

#include "engine/ike/ike_engine.hpp"

namespace routerd::show {

// `show crypto isakmp sa` and `... detail` in IOS 15's columns (reference A.3.1): both the IPv4
// and the IPv6 headings always, as Genie requires.
std::string show_isakmp_sa(const std::vector<ike::IkeSaView>& sas, bool detail);

}  // namespace routerd::show
