#pragma once
// IPv4 addresses as text, in host order: the one parser and printer every layer uses.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace routerd::net {

// Dotted quad, each octet 0-255 with at most three digits; nothing before or after.
std::optional<std::uint32_t> parse_ipv4(std::string_view text);
std::string format_ipv4(std::uint32_t address);

}  // namespace routerd::net
