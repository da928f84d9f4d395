#pragma once
// `show crypto ikev2 proposal|policy|profile [NAME]`: what is configured, with IOS's smart
// defaults (the `default` proposal and policy) unless disabled. Layout of IOS XE's output
// (a public capture: vEDGE01, "sh crypto ikev2 proposal|policy|profile"): one leading blank
// before a proposal's or policy's title, fields indented 5 and 6.
#include <string>

#include "engine/config/running_config.hpp"

namespace routerd::show {

std::string show_ikev2_proposal(const config::CryptoConfig& c, const std::string& name);
std::string show_ikev2_policy(const config::CryptoConfig& c, const std::string& name);
std::string show_ikev2_profile(const config::CryptoConfig& c, const std::string& name);

// IOS's words for a proposal's algorithms: "AES-CBC-256", integrity "SHA96" / "MD596", PRF
// "SHA1", "DH_GROUP_2048_MODP/Group 14".
std::string ikev2_encryption_text(const std::string& keyword);
std::string ikev2_integrity_text(const std::string& keyword);
std::string ikev2_prf_text(const std::string& keyword);
std::string ikev2_group_text(int group);

}  // namespace routerd::show
