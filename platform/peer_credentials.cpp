#include "platform/peer_credentials.hpp"

#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace routerd::platform {

std::optional<PeerCredentials> peer_credentials(int fd) {
    ucred cred{};
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return std::nullopt;
    PeerCredentials out{cred.pid, cred.uid, cred.gid, std::to_string(cred.uid)};
    passwd pw{};
    passwd* result = nullptr;
    std::vector<char> buf(16384);
    if (getpwuid_r(cred.uid, &pw, buf.data(), buf.size(), &result) == 0 && result) out.user = pw.pw_name;
    return out;
}

}  // namespace routerd::platform
