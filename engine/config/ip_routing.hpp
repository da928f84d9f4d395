#pragma once
// IOS's `ip routing`, on by default: the box forwards between its interfaces unless the kept
// line `no ip routing` says otherwise.
#include <algorithm>

#include "engine/config/running_config.hpp"

namespace routerd::config {

inline bool ip_routing(const RunningConfig& c) {
    return std::none_of(c.stored.begin(), c.stored.end(), [](const StoredLine& l) { return l.text == "no ip routing"; });
}

}  // namespace routerd::config
