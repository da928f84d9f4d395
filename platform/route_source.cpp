#include "platform/route_source.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace routerd::platform {

RouteSource::RouteSource() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}

RouteSource::~RouteSource() {
    if (fd_ >= 0) ::close(fd_);
}

// connect() on a UDP socket sends nothing; it only asks the routing table for a source. A
// connected UDP socket may connect again elsewhere (connect(2)), and the answer is the new one.
std::optional<std::uint32_t> RouteSource::toward(std::uint32_t peer) {
    if (fd_ < 0) fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return std::nullopt;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(500);
    to.sin_addr.s_addr = htonl(peer);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return std::nullopt;
    sockaddr_in me{};
    socklen_t len = sizeof me;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&me), &len) != 0) return std::nullopt;
    return ntohl(me.sin_addr.s_addr);
}

}  // namespace routerd::platform
