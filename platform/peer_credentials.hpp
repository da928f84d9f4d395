#pragma once
// Who is on the other end of a unix socket (SO_PEERCRED): routerd decides who may enable.
#include <optional>
#include <string>
#include <sys/types.h>

namespace routerd::platform {

struct PeerCredentials {
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string user;  // login name of uid, or the number when it has none
};

std::optional<PeerCredentials> peer_credentials(int fd);

}  // namespace routerd::platform
