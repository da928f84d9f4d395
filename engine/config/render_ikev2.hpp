#pragma once
#include <string>

#include "engine/config/crypto_config.hpp"

namespace routerd::config {

// The `crypto ikev2` blocks of the running-config, as IOS 15 / IOS XE print them (public
// `show running-config` captures, tests/corpus 013, 014, 015, 031): proposals (`no crypto ikev2
// proposal default` after them), policies, keyrings with ` peer` / `  address` two deep, profiles,
// then the global lines. IOS shows them after the users and `redundancy`, before ISAKMP.
std::string render_ikev2(const Ikev2Config& c);
// "10.0.0.1" or "0.0.0.0 0.0.0.0": the peer's `address` as typed (the mask only when given).
std::string ikev2_peer_address(const Ikev2KeyringPeer& p);

}  // namespace routerd::config
