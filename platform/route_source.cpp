#include "platform/route_source.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace routerd::platform {

namespace {

sockaddr_in ike_port_of(std::uint32_t peer) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(500);
    to.sin_addr.s_addr = htonl(peer);
    return to;
}

// connect() on a UDP socket sends nothing; it only asks the routing table for a source.
std::optional<std::uint32_t> source_after_connect(int fd, std::uint32_t peer) {
    sockaddr_in to = ike_port_of(peer);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return std::nullopt;
    sockaddr_in me{};
    socklen_t len = sizeof me;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len) != 0) return std::nullopt;
    return ntohl(me.sin_addr.s_addr);
}

}  // namespace

std::optional<std::uint32_t> route_source_address(std::uint32_t peer) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::nullopt;
    auto out = source_after_connect(fd, peer);
    ::close(fd);
    return out;
}

RouteSource::RouteSource() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}

RouteSource::~RouteSource() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<std::uint32_t> RouteSource::toward(std::uint32_t peer) {
    if (fd_ < 0) fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return std::nullopt;
    auto out = source_after_connect(fd_, peer);
    // connect(2): AF_UNSPEC dissolves the association, and on Linux it also clears the source
    // address of a socket never bound, so the next connect asks the routing table afresh.
    sockaddr none{};
    none.sa_family = AF_UNSPEC;
    if (::connect(fd_, &none, sizeof none) != 0) {
        ::close(fd_);  // a socket that cannot be reset is not trusted again
        fd_ = -1;
    }
    return out;
}

}  // namespace routerd::platform
