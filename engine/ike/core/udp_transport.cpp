#include "engine/ike/core/udp_transport.hpp"

#include <boost/asio/ip/address_v4.hpp>

namespace routerd::ike::core {

using boost::asio::ip::udp;

namespace {

udp::endpoint endpoint_of(const Endpoint& e) { return {boost::asio::ip::address_v4(e.address), e.port}; }

// Datagrams read per wake-up beyond the first, before the event loop runs again: under a burst
// (tunnels coming back after an outage) the queue holds many, and each one read through the
// event loop cost a readiness poll besides its read (bench/ike_rate). Bounded, so that timers and
// the other socket still get their turn.
constexpr int kDrainPerWakeup = 32;

// The sockets are in non-blocking mode (for the drain). A send the kernel cannot take at once
// (a full send buffer) waits for room, as it did in blocking mode, instead of being dropped.
void send_waiting(udp::socket& socket, boost::asio::const_buffer data, const udp::endpoint& to, boost::system::error_code& ec) {
    socket.send_to(data, to, 0, ec);
    if (ec != boost::asio::error::would_block) return;
    socket.non_blocking(false, ec);
    socket.send_to(data, to, 0, ec);
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
}

std::string dotted(std::uint32_t a) { return boost::asio::ip::address_v4(a).to_string(); }

}  // namespace

UdpTransport::UdpTransport(boost::asio::io_context& io, UdpTransportOptions options)
    : options_(std::move(options)), socket_(io), natt_socket_(io) {}

std::optional<std::string> UdpTransport::open(Receiver receiver) {
    receiver_ = std::move(receiver);
    boost::system::error_code ec;
    socket_.open(udp::v4(), ec);
    if (!ec) socket_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) socket_.bind(endpoint_of({options_.local_address, options_.port}), ec);
    if (!ec) socket_.non_blocking(true, ec);
    if (ec)
        return "cannot bind UDP " + dotted(options_.local_address) + ":" + std::to_string(options_.port) + ": " + ec.message();
    exempt(socket_.native_handle());
    receive(false);
    // NAT traversal (RFC 3947): a second socket; without it IKE still works, only not through NATs.
    natt_socket_.open(udp::v4(), ec);
    if (!ec) natt_socket_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) natt_socket_.bind(endpoint_of({options_.local_address, options_.natt_port}), ec);
    if (!ec) natt_socket_.non_blocking(true, ec);
    if (!ec) exempt(natt_socket_.native_handle());
    if (!ec && options_.on_natt_socket_bound)
        if (auto err = options_.on_natt_socket_bound(natt_socket_.native_handle()))
            if (options_.log) options_.log(4, "%CRYPTO-4-IKE_NATT_SOCKET: ESP in UDP will not be received: " + *err);
    if (ec) {
        if (options_.log)
            options_.log(4, "%CRYPTO-4-IKE_NATT_PORT: cannot bind UDP " + std::to_string(options_.natt_port) + ": " + ec.message());
        natt_socket_.close(ec);
    } else {
        receive(true);
    }
    return std::nullopt;
}

void UdpTransport::exempt(int fd) {
    // Without the exemption IKE still runs; only crypto ACLs that cover the peers' own
    // addresses would then trap it, so say so rather than refuse to start.
    if (!options_.on_socket_bound) return;
    if (auto err = options_.on_socket_bound(fd))
        if (options_.log) options_.log(4, "%CRYPTO-4-IKE_SOCKET_BYPASS: IKE traffic is not exempt from IPsec policies: " + *err);
}

void UdpTransport::take(bool natt, std::size_t n) {
    const auto& buffer = natt ? natt_buffer_ : buffer_;
    const auto& from = natt ? natt_from_ : from_;
    if (!from.address().is_v4()) return;
    // RFC 3948 2.2/2.3: on the NAT-T port a lone 0xff is a NAT keepalive; IKE carries a non-ESP
    // marker of four zero octets; anything else is ESP in UDP, which is the kernel's.
    std::size_t marker = natt ? 4 : 0;
    if (natt && (n < 4 || buffer[0] != 0 || buffer[1] != 0 || buffer[2] != 0 || buffer[3] != 0)) return;
    receiver_({Bytes(buffer.begin() + static_cast<std::ptrdiff_t>(marker), buffer.begin() + static_cast<std::ptrdiff_t>(n)),
               {from.address().to_v4().to_uint(), from.port()}, natt});
}

void UdpTransport::receive(bool natt) {
    auto& socket = natt ? natt_socket_ : socket_;
    auto& buffer = natt ? natt_buffer_ : buffer_;
    auto& from = natt ? natt_from_ : from_;
    socket.async_receive_from(boost::asio::buffer(buffer), from, [this, natt, &socket, &buffer, &from](boost::system::error_code ec, std::size_t n) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) take(natt, n);
        for (int i = 0; i < kDrainPerWakeup; ++i) {
            n = socket.receive_from(boost::asio::buffer(buffer), from, 0, ec);
            if (ec == boost::asio::error::would_block || !socket.is_open()) break;
            if (!ec) take(natt, n);
        }
        if (socket.is_open()) receive(natt);
    });
}

std::optional<std::string> UdpTransport::send(const Endpoint& to, bool natt, std::span<const std::uint8_t> message) {
    boost::system::error_code ec;
    if (!natt) {
        send_waiting(socket_, boost::asio::buffer(message.data(), message.size()), endpoint_of(to), ec);
    } else {
        Bytes marked(4, 0);  // the non-ESP marker (RFC 3948 2.2)
        marked.insert(marked.end(), message.begin(), message.end());
        send_waiting(natt_socket_, boost::asio::buffer(marked), endpoint_of(to), ec);
    }
    if (ec) return ec.message();
    return std::nullopt;
}

void UdpTransport::send_nat_keepalive(const Endpoint& to) {
    boost::system::error_code ec;
    const std::uint8_t keepalive = 0xff;
    send_waiting(natt_socket_, boost::asio::buffer(&keepalive, 1), endpoint_of(to), ec);
}

}  // namespace routerd::ike::core
