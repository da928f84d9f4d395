#pragma once
// Octet strings, the currency of every IKE layer.
#include <cstdint>
#include <vector>

namespace routerd::ike {

using Bytes = std::vector<std::uint8_t>;

}  // namespace routerd::ike
