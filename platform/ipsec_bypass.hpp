#pragma once
// IKE's own packets must never be caught by the policies IKE installs: a crypto ACL such as
// `permit ip any any` covers the peer's UDP 500 too, and without an exemption the first IKE
// packet would itself wait for an SA (strongSwan does the same with per-socket policies).
#include <optional>
#include <string>

namespace routerd::platform {

// Gives socket `fd` per-socket XFRM policies that allow its traffic in and out in clear.
// Returns an error text on failure.
std::optional<std::string> exempt_socket_from_ipsec(int fd);

}  // namespace routerd::platform
