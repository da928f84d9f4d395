#include "net/spi_text.hpp"

#include <cstdio>

namespace routerd::net {

std::string format_spi(std::uint32_t spi) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(spi));
    return text;
}

}  // namespace routerd::net
