#pragma once
// Syntax pieces several command families share.
#include <string>
#include <string_view>

namespace routerd::grammar {

// `... lifetime {seconds N|kilobytes {N|disable}|days N}` of IPsec SAs (11 tokens' help below).
std::string_view sa_lifetime_syntax();
inline constexpr std::string_view kSaLifetimeHelp[] = {
    "Time-based key duration in seconds", "Security association duration in seconds", "Volume-based key duration",
    "Security association duration in kilobytes encrypted", "Disable Volume-based Rekey",
    "Time-based key duration in days", "Security association duration in days"};
// The DH groups as keywords, from algorithms/dh_groups.hpp in its (IOS's lexical) order:
// "1|14|...|5" with `prefix` before each number ("group" for `set pfs`).
std::string dh_group_choices(std::string_view prefix);

}  // namespace routerd::grammar
