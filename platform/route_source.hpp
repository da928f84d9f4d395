#pragma once
// The source address the kernel would use to reach a peer: what IOS calls the local crypto
// endpoint of an interface's address toward that peer.
#include <cstdint>
#include <optional>

namespace routerd::platform {

// Asks the routing table through one UDP socket kept for the purpose: an IKE responder asks
// once per new peer, and a socket of its own each time was two syscalls more per tunnel
// (bench/ike_rate).
class RouteSource {
public:
    RouteSource();
    ~RouteSource();
    RouteSource(const RouteSource&) = delete;
    RouteSource& operator=(const RouteSource&) = delete;

    std::optional<std::uint32_t> toward(std::uint32_t peer);  // host byte order

private:
    int fd_ = -1;
};

}  // namespace routerd::platform
