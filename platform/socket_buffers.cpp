#include "platform/socket_buffers.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace routerd::platform {

std::optional<std::string> enlarge_receive_buffer(int fd, int bytes) {
    // SO_RCVBUFFORCE ignores net.core.rmem_max (socket(7)); without the capability, SO_RCVBUF
    // is capped at it.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0 &&
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) != 0)
        return std::string("SO_RCVBUF: ") + std::strerror(errno);
    int got = 0;
    socklen_t len = sizeof got;
    if (::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) != 0) return std::string("SO_RCVBUF: ") + std::strerror(errno);
    // The kernel doubles what it is given, for its own bookkeeping (socket(7)).
    if (got < bytes) return "receive queue " + std::to_string(got / 2) + " bytes, not " + std::to_string(bytes) + " (net.core.rmem_max)";
    return std::nullopt;
}

}  // namespace routerd::platform
