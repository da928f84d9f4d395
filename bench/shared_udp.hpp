#pragma once
// The load generator's UDP: one socket on the IKE port and one on the NAT-T port for all of its
// initiators, each initiator speaking from an address of its own (bench/ike_rate.cpp).
//
// Why not routerd's own core::UdpTransport per initiator: that is two sockets and two 64 KB
// receive buffers each, so 10,000 initiators needed 20,000 descriptors (more than this machine's
// hard limit) and over a gigabyte of buffers. Here an initiator is an address in a table: the
// sockets are bound to the wildcard address with IP_PKTINFO, a datagram sent names its source
// address in that control message and one received says which address it was sent to, and that
// address picks the initiator's engine.
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/ike/core/transport.hpp"

namespace routerd::bench {

class SharedUdp {
public:
    SharedUdp(boost::asio::io_context& io, std::uint16_t port, std::uint16_t natt_port);
    // Binds both sockets; an error text when either cannot be had.
    std::optional<std::string> open();
    // The transport of the initiator at `address` (IPv4, host order). It must not outlive this.
    std::unique_ptr<ike::core::Transport> transport_for(std::uint32_t address);

private:
    class Port;
    struct Socket {
        explicit Socket(boost::asio::io_context& io) : socket(io) {}
        boost::asio::ip::udp::socket socket;
        std::uint16_t port = 0;
        bool natt = false;
    };
    std::optional<std::string> bind(Socket& s);
    void receive(Socket& s);
    void drain(Socket& s);
    std::optional<std::string> send(Socket& s, std::uint32_t from, const ike::core::Endpoint& to, const std::uint8_t* data,
                                    std::size_t size);

    Socket ike_, natt_;
    std::unordered_map<std::uint32_t, ike::core::Transport::Receiver> receivers_;
    std::array<std::uint8_t, 65536> buffer_{};
};

}  // namespace routerd::bench
