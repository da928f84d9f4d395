#include "engine/ike/core/udp_transport.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>

#include "platform/udp_datagrams.hpp"

namespace routerd::ike::core {

using boost::asio::ip::udp;

namespace {

udp::endpoint endpoint_of(const Endpoint& e) { return {boost::asio::ip::address_v4(e.address), e.port}; }

// Datagrams read per wake-up, before the event loop runs again: under a burst (tunnels coming
// back after an outage) the queue holds many, and each one read through the event loop cost a
// readiness poll besides its read (bench/ike_rate). Bounded, so that timers and the other socket
// still get their turn.
constexpr int kDrainPerWakeup = 33;

std::string dotted(std::uint32_t a) { return boost::asio::ip::address_v4(a).to_string(); }

bool would_block(const std::error_code& ec) {
    return ec == std::errc::operation_would_block || ec == std::errc::resource_unavailable_try_again;
}

}  // namespace

UdpTransport::UdpTransport(boost::asio::io_context& io, UdpTransportOptions options)
    : options_(std::move(options)), socket_(io), natt_socket_(io) {}

std::optional<std::string> UdpTransport::bind(udp::socket& socket, std::uint16_t port) {
    boost::system::error_code ec;
    socket.open(udp::v4(), ec);
    if (!ec) socket.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) socket.bind(endpoint_of({options_.local_address, port}), ec);
    if (!ec) socket.non_blocking(true, ec);
    if (ec) return "cannot bind UDP " + dotted(options_.local_address) + ":" + std::to_string(port) + ": " + ec.message();
    // Each datagram's local address: a responder answers from the address its peer contacted
    // (udp_datagrams.hpp).
    return platform::report_local_addresses(socket.native_handle());
}

std::optional<std::string> UdpTransport::open(Receiver receiver) {
    receiver_ = std::move(receiver);
    if (auto err = bind(socket_, options_.port)) return err;
    exempt(socket_.native_handle());
    receive(false);
    // NAT traversal (RFC 3947): a second socket; without it IKE still works, only not through NATs.
    if (auto err = bind(natt_socket_, options_.natt_port)) {
        if (options_.log) options_.log(4, "%CRYPTO-4-IKE_NATT_PORT: " + *err);
        boost::system::error_code ignored;
        natt_socket_.close(ignored);
        return std::nullopt;
    }
    exempt(natt_socket_.native_handle());
    if (options_.on_natt_socket_bound)
        if (auto err = options_.on_natt_socket_bound(natt_socket_.native_handle()))
            if (options_.log) options_.log(4, "%CRYPTO-4-IKE_NATT_SOCKET: ESP in UDP will not be received: " + *err);
    receive(true);
    return std::nullopt;
}

void UdpTransport::exempt(int fd) {
    // Without the exemption IKE still runs; only crypto ACLs that cover the peers' own
    // addresses would then trap it, so say so rather than refuse to start.
    if (!options_.on_socket_bound) return;
    if (auto err = options_.on_socket_bound(fd))
        if (options_.log) options_.log(4, "%CRYPTO-4-IKE_SOCKET_BYPASS: IKE traffic is not exempt from IPsec policies: " + *err);
}

void UdpTransport::take(bool natt, std::size_t n, const Endpoint& from, std::uint32_t local) {
    const auto& buffer = natt ? natt_buffer_ : buffer_;
    // RFC 3948 2.2/2.3: on the NAT-T port a lone 0xff is a NAT keepalive; IKE carries a non-ESP
    // marker of four zero octets; anything else is ESP in UDP, which is the kernel's.
    std::size_t marker = natt ? 4 : 0;
    if (natt && (n < 4 || buffer[0] != 0 || buffer[1] != 0 || buffer[2] != 0 || buffer[3] != 0)) return;
    receiver_({Bytes(buffer.begin() + static_cast<std::ptrdiff_t>(marker), buffer.begin() + static_cast<std::ptrdiff_t>(n)), from, natt,
               local});
}

void UdpTransport::receive(bool natt) {
    auto& socket = natt ? natt_socket_ : socket_;
    socket.async_wait(udp::socket::wait_read, [this, natt](boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted) return;
        drain(natt);
    });
}

void UdpTransport::drain(bool natt) {
    auto& socket = natt ? natt_socket_ : socket_;
    auto& buffer = natt ? natt_buffer_ : buffer_;
    for (int i = 0; i < kDrainPerWakeup && socket.is_open(); ++i) {
        auto d = platform::receive_datagram(socket.native_handle(), buffer);
        if (!d) {
            // Nothing more waits (or the read failed, and the next wait says so again): the
            // socket is edge-triggered in the event loop, so wait only once it is empty.
            if (socket.is_open()) receive(natt);
            return;
        }
        take(natt, d->size, {d->from, d->from_port}, d->local);
    }
    if (!socket.is_open()) return;
    // More may wait: read on after the event loop's other work, without waiting for a new
    // datagram to wake us.
    boost::asio::post(socket.get_executor(), [this, natt, alive = std::weak_ptr<bool>(alive_)] {
        if (alive.lock()) drain(natt);
    });
}

// The sockets are in non-blocking mode (for the drain). A send the kernel cannot take at once
// (a full send buffer) waits for room, as it did in blocking mode, instead of being dropped.
std::optional<std::string> UdpTransport::send_waiting(udp::socket& socket, std::uint32_t local, const Endpoint& to,
                                                      std::span<const std::uint8_t> message) {
    // A socket bound to one address sends from it; IP_PKTINFO may only repeat it.
    if (options_.local_address) local = 0;
    auto ec = platform::send_datagram(socket.native_handle(), local, to.address, to.port, message);
    while (would_block(ec)) {
        boost::system::error_code waited;
        socket.wait(udp::socket::wait_write, waited);
        if (waited) return waited.message();
        ec = platform::send_datagram(socket.native_handle(), local, to.address, to.port, message);
    }
    if (ec) return ec.message();
    return std::nullopt;
}

std::optional<std::string> UdpTransport::send(std::uint32_t local, const Endpoint& to, bool natt, std::span<const std::uint8_t> message) {
    if (!natt) return send_waiting(socket_, local, to, message);
    Bytes marked(4, 0);  // the non-ESP marker (RFC 3948 2.2)
    marked.insert(marked.end(), message.begin(), message.end());
    return send_waiting(natt_socket_, local, to, marked);
}

void UdpTransport::send_nat_keepalive(std::uint32_t local, const Endpoint& to) {
    const std::uint8_t keepalive = 0xff;
    send_waiting(natt_socket_, local, to, std::span(&keepalive, 1));
}

}  // namespace routerd::ike::core
