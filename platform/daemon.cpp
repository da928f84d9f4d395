#include "platform/daemon.hpp"

#include <fcntl.h>
#include <systemd/sd-daemon.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdlib>

namespace routerd::platform {

void daemonize() {
    pid_t pid = ::fork();
    if (pid < 0) return;  // stay in the foreground rather than not run at all
    if (pid > 0) std::_Exit(0);
    ::setsid();
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
        ::dup2(null, 0);
        ::dup2(null, 1);
        ::dup2(null, 2);
        if (null > 2) ::close(null);
    }
}

void open_syslog(const char* ident) { ::openlog(ident, LOG_PID, LOG_DAEMON); }

void write_syslog(int severity, const std::string& line) { ::syslog(severity & 7, "%s", line.c_str()); }

void notify_ready() { ::sd_notify(0, "READY=1\nSTATUS=Router ready"); }

void notify_stopping() { ::sd_notify(0, "STOPPING=1"); }

bool supervised() { return std::getenv("NOTIFY_SOCKET") != nullptr; }

}  // namespace routerd::platform
