#pragma once
// Syntax pieces several command families share.
#include <string_view>

namespace routerd::grammar {

// `... lifetime {seconds N|kilobytes {N|disable}|days N}` of IPsec SAs (11 tokens' help below).
std::string_view sa_lifetime_syntax();
inline constexpr std::string_view kSaLifetimeHelp[] = {
    "Time-based key duration in seconds", "Security association duration in seconds", "Volume-based key duration",
    "Security association duration in kilobytes encrypted", "Disable Volume-based Rekey",
    "Time-based key duration in days", "Security association duration in days"};
// `set pfs [groupN]` values, in IOS's (lexical) order.
inline constexpr std::string_view kPfsGroups =
    "[group1|group14|group15|group16|group19|group2|group20|group21|group24|group5]";
inline constexpr std::string_view kPfsGroupHelp[] = {
    "D-H Group1 (768-bit modulus)", "D-H Group14 (2048-bit modulus)", "D-H Group15 (3072-bit modulus)",
    "D-H Group16 (4096-bit modulus)", "D-H Group19 (256-bit elliptic curve)", "D-H Group2 (1024-bit modulus)",
    "D-H Group20 (384-bit elliptic curve)", "D-H Group21 (521-bit elliptic curve)",
    "D-H Group24 (2048-bit modulus & 256-bit subgroup)", "D-H Group5 (1536-bit modulus)"};

}  // namespace routerd::grammar
