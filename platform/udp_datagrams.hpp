#pragma once
// UDP datagrams together with the local address each was sent to, and sent from a chosen local
// address (IP_PKTINFO, ip(7)), on a socket bound to the wildcard address.
//
// Why: an IKE responder must answer from the address its peer contacted (RFC 7296 2.11; IOS
// answers an IKEv1 peer from the address it was reached on), and that address is its end of
// the SAs it builds. Asked of the routing table instead, a host with several addresses would
// answer, and build the SAs, from whichever one the route toward the peer prefers.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <system_error>

namespace routerd::platform {

// Has the kernel report, for each datagram received on `fd`, the local address it was sent to.
// An error text when it cannot.
std::optional<std::string> report_local_addresses(int fd);

struct ReceivedDatagram {
    std::size_t size = 0;  // octets put in the buffer
    std::uint32_t from = 0;  // IPv4, host order
    std::uint16_t from_port = 0;
    std::uint32_t local = 0;  // the local address it was sent to; 0 when the kernel did not say
};

// The next datagram waiting on the non-blocking socket `fd`, read into `buffer`; nullopt when
// none is waiting or the read failed (the socket's next readiness says so again).
std::optional<ReceivedDatagram> receive_datagram(int fd, std::span<std::uint8_t> buffer);

// Sends `data` to `to`:`port` from the local address `local` (0: the one the kernel's route
// chooses). The kernel's error when it refuses, else no error.
std::error_code send_datagram(int fd, std::uint32_t local, std::uint32_t to, std::uint16_t port, std::span<const std::uint8_t> data);

}  // namespace routerd::platform
