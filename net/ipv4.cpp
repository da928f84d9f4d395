#include "net/ipv4.hpp"

#include <cctype>

namespace routerd::net {

std::optional<std::uint32_t> parse_ipv4(std::string_view text) {
    std::uint32_t addr = 0;
    int octets = 0;
    std::size_t i = 0;
    while (octets < 4) {
        std::size_t start = i;
        unsigned value = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 3)
            value = value * 10 + static_cast<unsigned>(text[i++] - '0');
        if (i == start || value > 255) return std::nullopt;
        addr = (addr << 8) | value;
        ++octets;
        if (octets < 4) {
            if (i >= text.size() || text[i] != '.') return std::nullopt;
            ++i;
        }
    }
    if (i != text.size()) return std::nullopt;
    return addr;
}

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 0xff) + "." + std::to_string((a >> 8) & 0xff) + "." +
           std::to_string(a & 0xff);
}

}  // namespace routerd::net
