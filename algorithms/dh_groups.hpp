#pragma once
// The Diffie-Hellman groups, once: their IANA numbers (RFC 2409 6, RFC 3526, RFC 5114 2.3,
// RFC 5903), what a KE payload of each carries, and IOS's words for them in `?` help and in
// `show crypto isakmp policy` and the peer daemons' names. The grammar, the show renderers and the IKE crypto all read
// this table; a group missing here exists nowhere.
#include <cstddef>
#include <span>
#include <string_view>

namespace routerd::algorithms {

enum class DhKind { MODP, MODP_PRIME_ORDER_SUBGROUP, ECP };

struct DhGroup {
    int number;
    DhKind kind;
    std::size_t public_size;  // KE payload data: the prime's length, or x | y for ECP (RFC 5903 7)
    std::string_view isakmp_help;  // `group ?` in config-isakmp
    std::string_view pfs_help;     // `set pfs ?`
    std::string_view show_text;    // `show crypto isakmp policy`: "#14 (2048 bit)"
    std::string_view swan_name;    // strongSwan's and Libreswan's proposal keyword: "modp2048", "ecp256"
};

// In IOS's order in `?` (lexical by keyword: 1, 14, 15, 16, 19, 2, 20, 21, 24, 5).
std::span<const DhGroup> dh_groups();
const DhGroup* dh_group(int number);

}  // namespace routerd::algorithms
