#pragma once
// An IPsec SPI as IOS's debug and show lines print it: "0x3D3ED559" (eight upper-case hex
// digits). IKE's and IPsec's debug lines about one SA must spell it alike to be grepped.
#include <cstdint>
#include <string>

namespace routerd::net {

std::string format_spi(std::uint32_t spi);

}  // namespace routerd::net
