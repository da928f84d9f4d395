#include "platform/ip_forwarding.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace routerd::platform {
namespace {
// /proc/sys/net shows the namespace of the process that opens it.
constexpr const char* kPath = "/proc/sys/net/ipv4/ip_forward";
}  // namespace

std::optional<bool> ip_forwarding() {
    std::ifstream in(kPath);
    char c = 0;
    if (!(in >> c)) return std::nullopt;
    return c == '1';
}

std::optional<std::string> set_ip_forwarding(bool on) {
    std::ofstream out(kPath);
    if (!out) return std::string(kPath) + ": " + std::strerror(errno);
    out << (on ? "1\n" : "0\n");
    out.flush();
    if (!out) return std::string(kPath) + ": " + std::strerror(errno);
    return std::nullopt;
}

}  // namespace routerd::platform
