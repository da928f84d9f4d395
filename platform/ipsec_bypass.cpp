#include "platform/ipsec_bypass.hpp"

#include <cerrno>
#include <cstring>

#include <linux/in.h>
#include <linux/xfrm.h>
#include <sys/socket.h>

namespace routerd::platform {

std::optional<std::string> exempt_socket_from_ipsec(int fd) {
    // A socket policy (IP_XFRM_POLICY, see ip(7) and xfrm_user_policy in the kernel) takes
    // precedence over the SPD for that socket's packets; ALLOW with an empty selector lets all
    // of them through untransformed.
    for (auto dir : {XFRM_POLICY_IN, XFRM_POLICY_OUT}) {
        xfrm_userpolicy_info policy;
        std::memset(&policy, 0, sizeof policy);
        policy.sel.family = AF_INET;
        policy.dir = static_cast<std::uint8_t>(dir);
        policy.action = XFRM_POLICY_ALLOW;
        policy.lft.soft_byte_limit = policy.lft.hard_byte_limit = XFRM_INF;
        policy.lft.soft_packet_limit = policy.lft.hard_packet_limit = XFRM_INF;
        if (::setsockopt(fd, IPPROTO_IP, IP_XFRM_POLICY, &policy, sizeof policy) < 0)
            return std::string("IP_XFRM_POLICY: ") + std::strerror(errno);
    }
    return std::nullopt;
}

}  // namespace routerd::platform
