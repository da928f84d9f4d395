#pragma once
// The source address the kernel would use to reach a peer: what IOS calls the local crypto
// endpoint of an interface's address toward that peer.
#include <cstdint>
#include <optional>

namespace routerd::platform {

std::optional<std::uint32_t> route_source_address(std::uint32_t peer);  // host byte order

// The same, through one UDP socket kept for the purpose: an IKE initiator asks once per new
// SA (a responder takes the address its peer contacted instead), and a socket made and closed
// each time was two of its four system calls for it, 2 % of an ECP-256 tunnel (bench/ike_rate).
// The socket is disconnected after each answer: a connected UDP socket keeps the source its
// first connect chose, so without that every peer got the first peer's address (lab
// bgp-two-vtis caught it once).
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
