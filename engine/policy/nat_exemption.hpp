#pragma once
// seeds-catalog F19: the NAT exemption a site-to-site VPN needs. IOS (and Linux) translate a
// packet before the crypto map sees it on the way out; when the NAT list of the interface a crypto
// map is applied to permits traffic that map protects, the translated packet no longer matches
// the crypto ACL and leaves in clear. The fix is a deny line for the VPN's traffic before the NAT
// list's permit (002 L1018). Said at configuration time, from both lists, before any packet is lost.
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::policy {

// One line per crypto map entry's protected flow that a dynamic NAT rule on the same outside
// interface translates.
std::vector<std::string> nat_exemption_problems(const config::RunningConfig& rc, const std::vector<ProtectionPolicy>& entries);

}  // namespace routerd::policy
