#pragma once
// Running as a daemon: detaching from the terminal, and logging to syslog.
#include <string>

namespace routerd::platform {

// Forks; the parent exits 0 and the child goes on in a new session with stdio on /dev/null.
void daemonize();
void open_syslog(const char* ident);
void write_syslog(int severity, const std::string& line);

}  // namespace routerd::platform
