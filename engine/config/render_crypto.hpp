#pragma once
#include <string>

#include "engine/config/crypto_config.hpp"

namespace routerd::config {

// The crypto part of the running-config, in IOS 15 order (reference A.3.15): keyrings,
// ISAKMP policies and keys, ISAKMP profiles, IPsec SA settings, transform sets, IPsec
// profiles, dynamic maps, crypto maps. Indentation and trailing spaces as IOS prints them.
std::string render_crypto(const CryptoConfig& crypto);

std::string sa_lines(const SaSettings& sa, const std::string& prefix);
std::string transform_list(const TransformSet& ts);  // "esp-aes 256 esp-sha-hmac"
std::string preshared_key_target(const PresharedKey& k);  // "address 1.1.1.1", "hostname h"

}  // namespace routerd::config
