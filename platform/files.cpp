#include "platform/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace routerd::platform {
namespace {

struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { if (fd >= 0) ::close(fd); }
};

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content, unsigned mode) {
    auto slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    // One temporary name per file: a write killed before its rename leaves at most this one,
    // which the next write truncates and remove_leftover_temporaries() takes away at start.
    std::string tmp = path + ".tmp";
    {
        Fd f(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
        if (f.fd < 0) return errno_text("open");
        ::fchmod(f.fd, mode);  // the umask must not widen or narrow what we asked for
        std::size_t done = 0;
        while (done < content.size()) {
            ssize_t n = ::write(f.fd, content.data() + done, content.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                auto e = errno_text("write");
                ::unlink(tmp.c_str());
                return e;
            }
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(f.fd) != 0) {
            auto e = errno_text("fsync");
            ::unlink(tmp.c_str());
            return e;
        }
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        auto e = errno_text("rename");
        ::unlink(tmp.c_str());
        return e;
    }
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.fd >= 0) ::fsync(d.fd);
    return std::nullopt;
}

std::optional<std::chrono::system_clock::time_point> modification_time(const std::string& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return std::chrono::system_clock::time_point(std::chrono::seconds(st.st_mtim.tv_sec));
}

std::optional<std::string> make_directory(const std::string& dir, unsigned mode) {
    std::error_code ec;
    if (dir.empty() || std::filesystem::is_directory(dir, ec)) return std::nullopt;
    auto parent = std::filesystem::path(dir).parent_path();
    if (!parent.empty() && parent != std::filesystem::path(dir))
        if (auto err = make_directory(parent.string(), 0755)) return err;
    if (::mkdir(dir.c_str(), mode) != 0) {
        if (errno == EEXIST) return std::nullopt;  // made meanwhile by someone else: theirs
        return errno_text(dir.c_str());
    }
    // The umask may have narrowed it (a socket's folder needs its x bits for the others).
    if (::chmod(dir.c_str(), mode) != 0) return errno_text(dir.c_str());
    return std::nullopt;
}

std::optional<std::string> make_private_directory(const std::string& dir) {
    if (auto err = make_directory(dir, 0700)) return err;
    if (::chmod(dir.c_str(), 0700) != 0) return errno_text(dir.c_str());
    return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void remove_leftover_temporaries(const std::string& path) {
    auto slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".tmp";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        auto name = e.path().filename().string();
        // `NAME.tmp`, and `NAME.tmp.PID` as routerd named them before
        if (name == prefix || name.starts_with(prefix + ".")) std::filesystem::remove(e.path(), ec);
    }
}

}  // namespace routerd::platform
