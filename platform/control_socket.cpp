#include "platform/control_socket.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "platform/files.hpp"

namespace routerd::platform {
namespace {

constexpr std::uint32_t kFirstUnusedGid = 2000000000;  // as openssh_server.cpp's uids

}  // namespace

std::optional<std::uint32_t> find_group(const std::string& name) {
    group gr{};
    group* result = nullptr;
    std::vector<char> buf(16384);
    // ERANGE: a group with more members than the buffer holds.
    int rc = 0;
    while ((rc = ::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &result)) == ERANGE && buf.size() < (1u << 24))
        buf.resize(buf.size() * 2);
    if (rc != 0 || !result) return std::nullopt;
    return result->gr_gid;
}

std::uint32_t unused_group_id() {
    std::uint32_t gid = kFirstUnusedGid;
    while (::getgrgid(gid)) ++gid;
    return gid;
}

std::optional<std::string> make_socket_directory(const std::string& dir) { return make_directory(dir, 0711); }

std::optional<std::string> restrict_socket(const std::string& path, std::uint32_t gid) {
    if (::chmod(path.c_str(), 0660) != 0) return path + ": " + std::strerror(errno);
    if (::chown(path.c_str(), static_cast<uid_t>(-1), gid) != 0) return path + ": " + std::strerror(errno);
    return std::nullopt;
}

}  // namespace routerd::platform
