#include <catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/socket_buffers.hpp"

using namespace routerd;

TEST_CASE("an IKE socket's receive queue is enlarged past net.core.rmem_max when routerd may, and says so when it may not") {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    int before = 0;
    socklen_t len = sizeof before;
    REQUIRE(::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &before, &len) == 0);
    auto err = platform::enlarge_receive_buffer(fd, platform::kIkeReceiveBufferBytes);
    int after = 0;
    len = sizeof after;
    REQUIRE(::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &after, &len) == 0);
    if (::geteuid() == 0) {
        // root has CAP_NET_ADMIN: the whole 4 MiB, whatever rmem_max says (the kernel reports it doubled)
        CHECK_FALSE(err);
        CHECK(after >= 2 * platform::kIkeReceiveBufferBytes);
        CHECK(after > before);
    } else if (err) {
        CHECK(err->find("net.core.rmem_max") != std::string::npos);
    }
    ::close(fd);
}
