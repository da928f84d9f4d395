#include "grammar/acl_keywords.hpp"

#include <array>
#include <charconv>

namespace routerd::grammar {
namespace {

// IANA port numbers under their IOS keyword, with IOS's `?` help (reference A.5.12).
constexpr std::array<NamedNumber, 33> kTcp{{
    {"bgp", 179, "Border Gateway Protocol (179)"}, {"chargen", 19, "Character generator (19)"},
    {"cmd", 514, "Remote commands (rcmd, 514)"}, {"daytime", 13, "Daytime (13)"}, {"discard", 9, "Discard (9)"},
    {"domain", 53, "Domain Name Service (53)"}, {"echo", 7, "Echo (7)"}, {"exec", 512, "Exec (rsh, 512)"},
    {"finger", 79, "Finger (79)"}, {"ftp", 21, "File Transfer Protocol (21)"},
    {"ftp-data", 20, "FTP data connections (20)"}, {"gopher", 70, "Gopher (70)"},
    {"hostname", 101, "NIC hostname server (101)"}, {"ident", 113, "Ident Protocol (113)"},
    {"irc", 194, "Internet Relay Chat (194)"}, {"klogin", 543, "Kerberos login (543)"},
    {"kshell", 544, "Kerberos shell (544)"}, {"login", 513, "Login (rlogin, 513)"},
    {"lpd", 515, "Printer service (515)"}, {"msrpc", 135, "MS Remote Procedure Call (135)"},
    {"nntp", 119, "Network News Transport Protocol (119)"}, {"pim-auto-rp", 496, "PIM Auto-RP (496)"},
    {"pop2", 109, "Post Office Protocol v2 (109)"}, {"pop3", 110, "Post Office Protocol v3 (110)"},
    {"smtp", 25, "Simple Mail Transport Protocol (25)"}, {"sunrpc", 111, "Sun Remote Procedure Call (111)"},
    {"tacacs", 49, "TAC Access Control System (49)"}, {"talk", 517, "Talk (517)"}, {"telnet", 23, "Telnet (23)"},
    {"time", 37, "Time (37)"}, {"uucp", 540, "Unix-to-Unix Copy Program (540)"}, {"whois", 43, "Nicname (43)"},
    {"www", 80, "World Wide Web (HTTP, 80)"},
}};

constexpr std::array<NamedNumber, 27> kUdp{{
    {"biff", 512, "Biff (mail notification, comsat, 512)"}, {"bootpc", 68, "Bootstrap Protocol (BOOTP) client (68)"},
    {"bootps", 67, "Bootstrap Protocol (BOOTP) server (67)"}, {"discard", 9, "Discard (9)"},
    {"dnsix", 195, "DNSIX security protocol auditing (195)"}, {"domain", 53, "Domain Name Service (DNS, 53)"},
    {"echo", 7, "Echo (7)"}, {"isakmp", 500, "Internet Security Association and Key Management Protocol (500)"},
    {"mobile-ip", 434, "Mobile IP registration (434)"}, {"nameserver", 42, "IEN116 name service (obsolete, 42)"},
    {"netbios-dgm", 138, "NetBios datagram service (138)"}, {"netbios-ns", 137, "NetBios name service (137)"},
    {"netbios-ss", 139, "NetBios session service (139)"},
    {"non500-isakmp", 4500, "Internet Security Association and Key Management Protocol (4500)"},
    {"ntp", 123, "Network Time Protocol (123)"}, {"pim-auto-rp", 496, "PIM Auto-RP (496)"},
    {"rip", 520, "Routing Information Protocol (router, in.routed, 520)"},
    {"snmp", 161, "Simple Network Management Protocol (161)"}, {"snmptrap", 162, "SNMP Traps (162)"},
    {"sunrpc", 111, "Sun Remote Procedure Call (111)"}, {"syslog", 514, "System Logger (514)"},
    {"tacacs", 49, "TAC Access Control System (49)"}, {"talk", 517, "Talk (517)"},
    {"tftp", 69, "Trivial File Transfer Protocol (69)"}, {"time", 37, "Time (37)"},
    {"who", 513, "Who service (rwho, 513)"}, {"xdmcp", 177, "X Display Manager Control Protocol (177)"},
}};

constexpr std::array<NamedNumber, 14> kProtocols{{
    {"ahp", 51, "Authentication Header Protocol"}, {"eigrp", 88, "Cisco's EIGRP routing protocol"},
    {"esp", 50, "Encapsulation Security Payload"}, {"gre", 47, "Cisco's GRE tunneling"},
    {"icmp", 1, "Internet Control Message Protocol"}, {"igmp", 2, "Internet Gateway Message Protocol"},
    {"ip", 0, "Any Internet Protocol"}, {"ipinip", 94, "IP in IP tunneling"}, {"nos", 94, "KA9Q NOS compatible IP over IP tunneling"},
    {"ospf", 89, "OSPF routing protocol"}, {"pcp", 108, "Payload Compression Protocol"},
    {"pim", 103, "Protocol Independent Multicast"}, {"tcp", 6, "Transmission Control Protocol"},
    {"udp", 17, "User Datagram Protocol"},
}};

constexpr std::array<IcmpMessage, 16> kIcmp{{
    {"administratively-prohibited", 3, 13, "Administratively prohibited"}, {"echo", 8, std::nullopt, "Echo (ping)"},
    {"echo-reply", 0, std::nullopt, "Echo reply"}, {"host-unreachable", 3, 1, "Host unreachable"},
    {"net-unreachable", 3, 0, "Net unreachable"}, {"packet-too-big", 3, 4, "Fragmentation needed and DF set"},
    {"parameter-problem", 12, std::nullopt, "All parameter problems"}, {"port-unreachable", 3, 3, "Port unreachable"},
    {"redirect", 5, std::nullopt, "All redirects"}, {"source-quench", 4, std::nullopt, "Source quenches"},
    {"time-exceeded", 11, std::nullopt, "All time exceededs"}, {"timestamp-reply", 14, std::nullopt, "Timestamp replies"},
    {"timestamp-request", 13, std::nullopt, "Timestamp requests"}, {"traceroute", 30, std::nullopt, "Traceroute"},
    {"ttl-exceeded", 11, 0, "TTL exceeded"}, {"unreachable", 3, std::nullopt, "All unreachables"},
}};

std::span<const NamedNumber> ports_of(std::string_view protocol) {
    if (protocol == "tcp") return kTcp;
    if (protocol == "udp") return kUdp;
    return {};
}

}  // namespace

std::span<const NamedNumber> tcp_ports() { return kTcp; }
std::span<const NamedNumber> udp_ports() { return kUdp; }
std::span<const NamedNumber> ip_protocols() { return kProtocols; }
std::span<const IcmpMessage> icmp_messages() { return kIcmp; }

std::optional<std::uint16_t> port_number(std::string_view protocol, std::string_view text) {
    std::uint16_t n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc{} && p == text.data() + text.size()) return n;
    for (const auto& e : ports_of(protocol))
        if (e.name == text) return e.number;
    return std::nullopt;
}

std::string_view port_name(std::string_view protocol, std::uint16_t port) {
    for (const auto& e : ports_of(protocol))
        if (e.number == port) return e.name;
    return {};
}

std::optional<std::uint8_t> protocol_number(std::string_view text) {
    unsigned n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc{} && p == text.data() + text.size() && n <= 255) return static_cast<std::uint8_t>(n);
    for (const auto& e : kProtocols)
        if (e.name == text) return static_cast<std::uint8_t>(e.number);
    return std::nullopt;
}

}  // namespace routerd::grammar
