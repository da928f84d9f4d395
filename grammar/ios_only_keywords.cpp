#include "grammar/ios_only_keywords.hpp"

namespace routerd::grammar {
namespace {

// IOS 15's `show ip ?` on an ISR G2 (advipservices) [mem]; community-list is ios-reference.md:207.
// The whole set, those routerd has too included: which of them routerd implements does not
// change where IOS's caret goes.
constexpr std::string_view kShowIp[]{
    "access-lists", "accounting", "admission", "aliases", "arp", "as-path-access-list", "auth-proxy", "bgp",
    "cache", "casa", "cef", "community-list", "dhcp", "dns", "eigrp", "extcommunity-list", "flow", "http",
    "igmp", "inspect", "interface", "irdp", "local", "masks", "mcache", "mfib", "mrib", "mroute", "msdp",
    "nat", "nbar", "nhrp", "ospf", "pim", "policy", "prefix-list", "protocols", "redirects", "rip", "route",
    "rpf", "rsvp", "sla", "sockets", "ssh", "tcp", "traffic", "urd", "virtual-reassembly", "vrf",
    "wccp"};

}  // namespace

std::span<const std::string_view> ios_only_keywords(std::string_view path) {
    if (path == "show ip") return kShowIp;
    return {};
}

}  // namespace routerd::grammar
