#pragma once
// IKE over real UDP sockets (Boost.Asio): the IKE port and the NAT-T port.
#include <array>
#include <memory>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "engine/ike/core/transport.hpp"

namespace routerd::ike::core {

struct UdpTransportOptions {
    std::uint32_t local_address = 0;  // IPv4 host order; 0 = any
    std::uint16_t port = 500;
    std::uint16_t natt_port = 4500;
    // Each IKE socket once bound (its native handle): the platform exempts it from IPsec
    // policies, so that IKE is never caught by the SAs it negotiates. Returns an error text.
    std::function<std::optional<std::string>(int fd)> on_socket_bound;
    // The NAT-T socket once bound: the platform has the kernel take the ESP that arrives on it
    // (UDP-encapsulated SAs), leaving IKE to us. Returns an error text.
    std::function<std::optional<std::string>(int fd)> on_natt_socket_bound;
    std::function<void(int severity, const std::string&)> log;
};

class UdpTransport final : public Transport {
public:
    UdpTransport(boost::asio::io_context& io, UdpTransportOptions options);
    std::optional<std::string> open(Receiver receiver) override;
    std::optional<std::string> send(std::uint32_t local, const Endpoint& to, bool natt, std::span<const std::uint8_t> message) override;
    void send_nat_keepalive(std::uint32_t local, const Endpoint& to) override;

private:
    std::optional<std::string> bind(boost::asio::ip::udp::socket& socket, std::uint16_t port);
    void exempt(int fd);
    void receive(bool natt);  // waits for the IKE port's socket, or the NAT-T port's, to be readable
    void drain(bool natt);  // reads what waits on it
    void take(bool natt, std::size_t n, const Endpoint& from, std::uint32_t local);  // a datagram in its buffer, to the receiver
    std::optional<std::string> send_waiting(boost::asio::ip::udp::socket& socket, std::uint32_t local, const Endpoint& to,
                                            std::span<const std::uint8_t> message);

    UdpTransportOptions options_;
    Receiver receiver_;
    boost::asio::ip::udp::socket socket_, natt_socket_;
    std::array<std::uint8_t, 65536> buffer_{}, natt_buffer_{};
    // Lives as long as this: a drain handed back to the event loop runs only while it does.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace routerd::ike::core
