#pragma once
// `show crypto ...` commands that read configuration only (reference A.3.4-A.3.8, A.3.11).
#include <string>

#include "engine/config/running_config.hpp"

namespace routerd::show {

std::string show_isakmp_policy(const config::CryptoConfig& c);
std::string show_isakmp_default_policy();
std::string show_isakmp_key(const config::CryptoConfig& c);
std::string show_isakmp_profile(const config::CryptoConfig& c, const std::string& tag);
std::string show_keyring(const config::CryptoConfig& c, const std::string& name);
std::string show_transform_set(const config::CryptoConfig& c, const std::string& tag);
std::string show_ipsec_profile(const config::CryptoConfig& c, const std::string& name);
std::string show_crypto_map(const config::RunningConfig& rc, const std::string& tag, const std::string& interface);
std::string show_dynamic_map(const config::RunningConfig& rc, const std::string& tag);

// "esp-256-aes", "esp-sha-hmac": transform names as show commands print them.
std::string transform_display(const config::Transform& t);

}  // namespace routerd::show
