#pragma once
// IPv4 forwarding of the network namespace this process runs in (net.ipv4.ip_forward):
// IOS's `ip routing`, on unless `no ip routing`.
#include <optional>
#include <string>

namespace routerd::platform {

std::optional<bool> ip_forwarding();
// nullopt when done, or why not.
std::optional<std::string> set_ip_forwarding(bool on);

}  // namespace routerd::platform
