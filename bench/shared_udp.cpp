#include "bench/shared_udp.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

#include "engine/ike/core/bytes.hpp"

namespace routerd::bench {
namespace {

// A one-buffer message with the peer's address and room for one IP_PKTINFO (sent or received).
template <std::size_t N>
msghdr message_with_pktinfo(sockaddr_in& peer, iovec& iov, char (&control)[N]) {
    msghdr m{};
    m.msg_name = &peer;
    m.msg_namelen = sizeof peer;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = N;
    return m;
}

}  // namespace

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

    std::optional<std::string> send(const ike::core::Endpoint& to, bool natt, std::span<const std::uint8_t> message) override {
        if (!natt) return shared_.send(shared_.ike_, address_, to, message.data(), message.size());
        ike::Bytes marked(4, 0);  // the non-ESP marker (RFC 3948 2.2)
        marked.insert(marked.end(), message.begin(), message.end());
        return shared_.send(shared_.natt_, address_, to, marked.data(), marked.size());
    }

    void send_nat_keepalive(const ike::core::Endpoint& to) override {
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
    int on = 1;
    if (::setsockopt(s.socket.native_handle(), IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0)
        return std::string("IP_PKTINFO: ") + std::strerror(errno);
    return std::nullopt;
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
        sockaddr_in from{};
        iovec iov{buffer_.data(), buffer_.size()};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))];
        msghdr m = message_with_pktinfo(from, iov, control);
        ssize_t n = ::recvmsg(s.socket.native_handle(), &m, 0);
        if (n < 0) return;  // EAGAIN: drained (any other error: the next wait says)
        std::optional<std::uint32_t> to;
        for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                in_pktinfo info{};
                std::memcpy(&info, CMSG_DATA(c), sizeof info);
                to = ntohl(info.ipi_addr.s_addr);
            }
        auto r = to ? receivers_.find(*to) : receivers_.end();
        if (r == receivers_.end()) continue;
        std::size_t size = static_cast<std::size_t>(n), skip = 0;
        if (s.natt) {
            // RFC 3948 2.2/2.3: IKE behind the four-zero non-ESP marker; a keepalive or ESP is not IKE.
            if (size < 4 || buffer_[0] || buffer_[1] || buffer_[2] || buffer_[3]) continue;
            skip = 4;
        }
        ike::core::Endpoint peer{ntohl(from.sin_addr.s_addr), ntohs(from.sin_port)};
        r->second({ike::Bytes(buffer_.begin() + static_cast<std::ptrdiff_t>(skip), buffer_.begin() + static_cast<std::ptrdiff_t>(size)),
                   peer, s.natt});
    }
}

std::optional<std::string> SharedUdp::send(Socket& s, std::uint32_t from, const ike::core::Endpoint& to, const std::uint8_t* data,
                                           std::size_t size) {
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_addr.s_addr = htonl(to.address);
    dst.sin_port = htons(to.port);
    iovec iov{const_cast<std::uint8_t*>(data), size};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))]{};
    msghdr m = message_with_pktinfo(dst, iov, control);
    cmsghdr* c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo info{};
    info.ipi_spec_dst.s_addr = htonl(from);  // the source address of this initiator
    std::memcpy(CMSG_DATA(c), &info, sizeof info);
    if (::sendmsg(s.socket.native_handle(), &m, 0) < 0) return std::string(std::strerror(errno));
    return std::nullopt;
}

std::unique_ptr<ike::core::Transport> SharedUdp::transport_for(std::uint32_t address) {
    return std::make_unique<Port>(*this, address);
}

}  // namespace routerd::bench
