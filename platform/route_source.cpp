#include "platform/route_source.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace routerd::platform {

// connect() on a UDP socket sends nothing; it only asks the routing table for a source.
std::optional<std::uint32_t> route_source_address(std::uint32_t peer) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::nullopt;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(500);
    to.sin_addr.s_addr = htonl(peer);
    std::optional<std::uint32_t> out;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
        sockaddr_in me{};
        socklen_t len = sizeof me;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&me), &len) == 0) out = ntohl(me.sin_addr.s_addr);
    }
    ::close(fd);
    return out;
}

}  // namespace routerd::platform
