#pragma once
// The source address the kernel would use to reach a peer: what IOS calls the local crypto
// endpoint of an interface's address toward that peer.
#include <cstdint>
#include <optional>

namespace routerd::platform {

std::optional<std::uint32_t> route_source_address(std::uint32_t peer);  // host byte order

}  // namespace routerd::platform
