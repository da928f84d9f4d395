#include "platform/esp_in_udp.hpp"

#include <cerrno>
#include <cstring>

#include <linux/udp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace routerd::platform {

std::optional<std::string> receive_esp_in_udp(int fd) {
    // UDP_ENCAP_ESPINUDP (RFC 3948 2.2): a datagram that starts with four zero octets is IKE
    // and is delivered to the socket as it is; anything else is ESP and goes to XFRM.
    int type = UDP_ENCAP_ESPINUDP;
    if (::setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof type) < 0) return std::string("UDP_ENCAP: ") + std::strerror(errno);
    return std::nullopt;
}

}  // namespace routerd::platform
