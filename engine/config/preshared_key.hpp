#pragma once
#include <cstdint>
#include <string>

namespace routerd::config {

// One pre-shared key: `crypto isakmp key ...` (keyring "default") or a keyring entry.
struct PresharedKey {
    int type = 0;  // 0 clear text, 6 encrypted under the master key (type6.hpp)
    std::string key;     // as the running-config shows it
    std::string secret;  // what IKE authenticates with; empty: a type 6 key no master key opens
    bool by_hostname = false;
    std::uint32_t address = 0, mask = 0xffffffff;
    bool mask_given = false;
    std::string hostname;
    bool no_xauth = false;
};

}  // namespace routerd::config
