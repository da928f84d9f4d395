#include "platform/udp_datagrams.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace routerd::platform {

namespace {

// One buffer, the peer's address, and room for one IP_PKTINFO (sent or received).
struct PktinfoMessage {
    sockaddr_in peer{};
    iovec iov{};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))]{};
    msghdr header{};

    PktinfoMessage(void* data, std::size_t size) {
        iov = {data, size};
        header.msg_name = &peer;
        header.msg_namelen = sizeof peer;
        header.msg_iov = &iov;
        header.msg_iovlen = 1;
        header.msg_control = control;
        header.msg_controllen = sizeof control;
    }
    PktinfoMessage(const PktinfoMessage&) = delete;
    PktinfoMessage& operator=(const PktinfoMessage&) = delete;
};

}  // namespace

std::optional<std::string> report_local_addresses(int fd) {
    int on = 1;
    if (::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0) return std::string("IP_PKTINFO: ") + std::strerror(errno);
    return std::nullopt;
}

std::optional<ReceivedDatagram> receive_datagram(int fd, std::span<std::uint8_t> buffer) {
    PktinfoMessage m(buffer.data(), buffer.size());
    ssize_t n = ::recvmsg(fd, &m.header, 0);
    if (n < 0) return std::nullopt;
    ReceivedDatagram d;
    d.size = static_cast<std::size_t>(n);
    d.from = ntohl(m.peer.sin_addr.s_addr);
    d.from_port = ntohs(m.peer.sin_port);
    for (cmsghdr* c = CMSG_FIRSTHDR(&m.header); c; c = CMSG_NXTHDR(&m.header, c))
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo info{};
            std::memcpy(&info, CMSG_DATA(c), sizeof info);
            // ipi_spec_dst, not ipi_addr: the local address the kernel would answer from, which
            // for a unicast datagram is its destination (ip(7)).
            d.local = ntohl(info.ipi_spec_dst.s_addr);
        }
    return d;
}

std::error_code send_datagram(int fd, std::uint32_t local, std::uint32_t to, std::uint16_t port, std::span<const std::uint8_t> data) {
    PktinfoMessage m(const_cast<std::uint8_t*>(data.data()), data.size());
    m.peer.sin_family = AF_INET;
    m.peer.sin_addr.s_addr = htonl(to);
    m.peer.sin_port = htons(port);
    if (local) {
        cmsghdr* c = CMSG_FIRSTHDR(&m.header);
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
        in_pktinfo info{};
        info.ipi_spec_dst.s_addr = htonl(local);
        std::memcpy(CMSG_DATA(c), &info, sizeof info);
    } else {
        m.header.msg_control = nullptr;
        m.header.msg_controllen = 0;
    }
    if (::sendmsg(fd, &m.header, 0) < 0) return std::error_code(errno, std::system_category());
    return {};
}

}  // namespace routerd::platform
