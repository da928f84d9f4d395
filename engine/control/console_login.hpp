#pragma once
// The router's console, line `con 0` (routersh --console, started by agetty on a serial or
// virtual terminal): the login IOS asks there, where a login lands, and the idle state the
// line returns to when the session ends.
#include <string>
#include <string_view>

#include "engine/config/running_config.hpp"
#include "engine/control/session.hpp"

namespace routerd::control {

enum class ConsoleLogin {
    None,      // IOS's default: the console goes straight to `R1>`
    Password,  // `login` + `password X`: "Password: " only
    Local,     // `login local` (or aaa's default list naming local): "Username: ", "Password: "
};
ConsoleLogin console_login(const config::RunningConfig& config);

// A console session begins: asks for the login the line wants (setting the session's pending
// question) or lands at the EXEC prompt. Returns the text to print before the first prompt
// (after the MOTD banner, which IOS shows before the login).
std::string begin_console(const config::RunningConfig& config, Session& s);

// The answer to "Username: " or "Password: ". Returns what to print; after the third refused
// try the session ends (its stack empties) and the line goes idle.
std::string answer_console_login(const config::RunningConfig& config, Session& s, AwaitLogin login,
                                 std::string_view answer);

// What IOS prints when a console session ends (exit, logout, exec-timeout, failed logins):
// the line is idle until someone presses RETURN.
std::string console_idle_banner(const std::string& hostname);

}  // namespace routerd::control
