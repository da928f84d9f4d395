#pragma once
// How IKE messages leave and arrive: UDP on the IKE port and on the NAT-T port (RFC 3947 4,
// RFC 3948 2.2). The daemon's implementation owns the sockets (udp_transport.hpp); tests join
// engines through an in-memory network that can drop, duplicate, hold back or replay any
// datagram.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "engine/ike/core/bytes.hpp"

namespace routerd::ike::core {

struct Endpoint {
    std::uint32_t address = 0;  // IPv4, host order
    std::uint16_t port = 0;
    bool operator==(const Endpoint&) const = default;
};

// One IKE message as it came: `natt` when it came on the NAT-T port (its non-ESP marker
// already taken off); `local`, the address of ours it was sent to (0: not known).
struct Received {
    Bytes message;
    Endpoint from;
    bool natt = false;
    std::uint32_t local = 0;
};

class Transport {
public:
    using Receiver = std::function<void(const Received&)>;
    virtual ~Transport() = default;
    // Starts delivering received IKE messages to `receiver`; an error text when the IKE port
    // cannot be had. Without the NAT-T port IKE still runs, only not through NATs.
    virtual std::optional<std::string> open(Receiver receiver) = 0;
    // Sends one IKE message from our address `local` (0: the one the route toward `to`
    // chooses); `natt`: from the NAT-T port, behind the non-ESP marker. The kernel's reason when
    // it refuses at once ("Network is unreachable": no route to the peer), else nullopt; a
    // datagram lost later on the way is never known here.
    virtual std::optional<std::string> send(std::uint32_t local, const Endpoint& to, bool natt, std::span<const std::uint8_t> message) = 0;
    // RFC 3948 4: one 0xff octet from the NAT-T port keeps a NAT's mapping alive.
    virtual void send_nat_keepalive(std::uint32_t local, const Endpoint& to) = 0;
};

}  // namespace routerd::ike::core
