#include "bench/shared_udp.hpp"

#include "engine/ike/core/bytes.hpp"
#include "platform/udp_datagrams.hpp"

namespace routerd::bench {

using boost::asio::ip::udp;

// One initiator's view: sends leave from its address, and what arrives for that address is its.
class SharedUdp::Port final : public ike::core::Transport {
public:
    Port(SharedUdp& shared, std::uint32_t address) : shared_(shared), address_(address) {}
    ~Port() override { shared_.receivers_.erase(address_); }

    std::optional<std::string> open(Receiver receiver) override {
        shared_.receivers_[address_] = std::move(receiver);
        return std::nullopt;
    }

    // Always from the initiator's own address: that is what it is here.
    std::optional<std::string> send(std::uint32_t, const ike::core::Endpoint& to, bool natt, std::span<const std::uint8_t> message) override {
        if (!natt) return shared_.send(shared_.ike_, address_, to, message.data(), message.size());
        ike::Bytes marked(4, 0);  // the non-ESP marker (RFC 3948 2.2)
        marked.insert(marked.end(), message.begin(), message.end());
        return shared_.send(shared_.natt_, address_, to, marked.data(), marked.size());
    }

    void send_nat_keepalive(std::uint32_t, const ike::core::Endpoint& to) override {
        const std::uint8_t keepalive = 0xff;
        shared_.send(shared_.natt_, address_, to, &keepalive, 1);
    }

private:
    SharedUdp& shared_;
    std::uint32_t address_;
};

SharedUdp::SharedUdp(boost::asio::io_context& io, std::uint16_t port, std::uint16_t natt_port) : ike_(io), natt_(io) {
    ike_.port = port;
    natt_.port = natt_port;
    natt_.natt = true;
}

std::optional<std::string> SharedUdp::open() {
    if (auto err = bind(ike_)) return err;
    if (auto err = bind(natt_)) return err;
    receive(ike_);
    receive(natt_);
    return std::nullopt;
}

std::optional<std::string> SharedUdp::bind(Socket& s) {
    boost::system::error_code ec;
    s.socket.open(udp::v4(), ec);
    if (!ec) s.socket.set_option(boost::asio::socket_base::reuse_address(true), ec);
    // Bursts of answers to thousands of initiators arrive on one socket now: a receive buffer
    // that holds a burst, so that the bench does not measure its own drops.
    if (!ec) s.socket.set_option(boost::asio::socket_base::receive_buffer_size(8 << 20), ec);
    if (!ec) s.socket.bind(udp::endpoint(udp::v4(), s.port), ec);
    if (!ec) s.socket.non_blocking(true, ec);
    if (ec) return "cannot bind UDP 0.0.0.0:" + std::to_string(s.port) + ": " + ec.message();
    return platform::report_local_addresses(s.socket.native_handle());
}

void SharedUdp::receive(Socket& s) {
    s.socket.async_wait(udp::socket::wait_read, [this, &s](boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) drain(s);
        receive(s);
    });
}

// Everything waiting on the socket, each datagram to the initiator whose address it was sent to.
void SharedUdp::drain(Socket& s) {
    for (;;) {
        auto d = platform::receive_datagram(s.socket.native_handle(), buffer_);
        if (!d) return;  // would block: drained (any other error: the next wait says)
        auto r = receivers_.find(d->local);
        if (r == receivers_.end()) continue;
        std::size_t skip = 0;
        if (s.natt) {
            // RFC 3948 2.2/2.3: IKE behind the four-zero non-ESP marker; a keepalive or ESP is not IKE.
            if (d->size < 4 || buffer_[0] || buffer_[1] || buffer_[2] || buffer_[3]) continue;
            skip = 4;
        }
        r->second({ike::Bytes(buffer_.begin() + static_cast<std::ptrdiff_t>(skip), buffer_.begin() + static_cast<std::ptrdiff_t>(d->size)),
                   {d->from, d->from_port}, s.natt, d->local});
    }
}

std::optional<std::string> SharedUdp::send(Socket& s, std::uint32_t from, const ike::core::Endpoint& to, const std::uint8_t* data,
                                           std::size_t size) {
    if (auto ec = platform::send_datagram(s.socket.native_handle(), from, to.address, to.port, std::span(data, size))) return ec.message();
    return std::nullopt;
}

std::unique_ptr<ike::core::Transport> SharedUdp::transport_for(std::uint32_t address) {
    return std::make_unique<Port>(*this, address);
}

}  // namespace routerd::bench
