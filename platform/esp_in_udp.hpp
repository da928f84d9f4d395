#pragma once
// NAT traversal in the kernel (RFC 3948): ESP arriving in UDP on the NAT-T port must be
// decapsulated by the kernel, while IKE on the same port (behind the non-ESP marker) still
// reaches routerd. The socket option UDP_ENCAP does exactly that split.
#include <optional>
#include <string>

namespace routerd::platform {

// Marks the NAT-T socket `fd` for ESP-in-UDP. Returns an error text on failure.
std::optional<std::string> receive_esp_in_udp(int fd);

}  // namespace routerd::platform
