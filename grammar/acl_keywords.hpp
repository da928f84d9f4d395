#pragma once
// The names IOS accepts (and shows) in access lists for ports, protocols and ICMP messages.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace routerd::grammar {

struct NamedNumber {
    std::string_view name;
    std::uint16_t number;
    std::string_view help;
};

std::span<const NamedNumber> tcp_ports();
std::span<const NamedNumber> udp_ports();
std::span<const NamedNumber> ip_protocols();  // ahp=51, esp=50, gre=47, ... (tcp, udp, icmp included)
struct IcmpMessage {
    std::string_view name;
    std::uint8_t type;
    std::optional<std::uint8_t> code;
    std::string_view help;
};
std::span<const IcmpMessage> icmp_messages();

// "www" -> 80 for tcp; numbers stay numbers.
std::optional<std::uint16_t> port_number(std::string_view protocol, std::string_view text);
// 80 -> "www" for tcp, as IOS displays it; "" when the port has no name.
std::string_view port_name(std::string_view protocol, std::uint16_t port);
std::optional<std::uint8_t> protocol_number(std::string_view text);

}  // namespace routerd::grammar
