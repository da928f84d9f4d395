#pragma once
// Running as a daemon: detaching from the terminal, and logging to syslog.
#include <string>

namespace routerd::platform {

// Forks; the parent exits 0 and the child goes on in a new session with stdio on /dev/null.
void daemonize();
void open_syslog(const char* ident);
void write_syslog(int severity, const std::string& line);
// Tells the service manager (systemd, `Type=notify`) that routerd is ready, or stopping. A
// no-op when routerd was not started by one (no NOTIFY_SOCKET).
void notify_ready();
void notify_stopping();
// Started by a service manager that restarts it (systemd's NOTIFY_SOCKET is set).
bool supervised();

}  // namespace routerd::platform
