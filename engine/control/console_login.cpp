#include "engine/control/console_login.hpp"

#include <algorithm>

#include "engine/config/secrets.hpp"
#include "engine/control/ssh_login.hpp"

namespace routerd::control {
namespace {

using config::LineConfig;

// IOS gives three tries at a login, then drops the line (clients and IOS transcripts:
// "Password:" three times, then "% Bad passwords").
constexpr int kTries = 3;

bool names(const std::vector<std::string>& methods, std::string_view m) {
    return std::find(methods.begin(), methods.end(), m) != methods.end();
}

void land(const config::RunningConfig& c, Session& s, const std::string& user) {
    s.user = user;
    s.privilege = user.empty() ? (c.console.privilege ? *c.console.privilege : 1) : login_privilege(c, c.console, user);
    s.stack = {{s.privilege >= 15 ? grammar::Mode::PrivExec : grammar::Mode::UserExec, ""}};
}

}  // namespace

ConsoleLogin console_login(const config::RunningConfig& c) {
    const LineConfig& con = c.console;
    if (c.aaa.new_model) {
        // Cisco's AAA guide: "On the console, login will succeed without any authentication
        // checks if default is not set." A default list decides by its methods.
        auto it = c.aaa.authentication_login.find("default");
        if (it == c.aaa.authentication_login.end()) return ConsoleLogin::None;
        if (names(it->second, "local") || names(it->second, "local-case")) return ConsoleLogin::Local;
        if (names(it->second, "line")) return con.password ? ConsoleLogin::Password : ConsoleLogin::None;
        if (names(it->second, "none")) return ConsoleLogin::None;
        return ConsoleLogin::Local;  // servers routerd cannot ask (tacacs+, radius): the local users
    }
    switch (con.login) {
        case LineConfig::Login::Local: return ConsoleLogin::Local;
        // `login` without a password: IOS says "% Login disabled on line 0, until 'password'
        // is defined" and lets the console in, so that nobody is locked out of the box.
        case LineConfig::Login::Password: return con.password ? ConsoleLogin::Password : ConsoleLogin::None;
        case LineConfig::Login::None: break;
    }
    return ConsoleLogin::None;
}

std::string begin_console(const config::RunningConfig& c, Session& s) {
    // Nobody is logged in on a console without login: IOS's `show users` leaves User empty.
    land(c, s, "");
    auto how = console_login(c);
    if (how == ConsoleLogin::None) return "";
    s.privilege = 1;
    s.stack = {{grammar::Mode::UserExec, ""}};
    s.pending = AwaitLogin{how == ConsoleLogin::Local, how == ConsoleLogin::Password, "", 0};
    return "\nUser Access Verification\n\n";
}

std::string answer_console_login(const config::RunningConfig& c, Session& s, AwaitLogin login, std::string_view answer) {
    if (!login.asking_password) {
        login.user = std::string(answer);
        login.asking_password = true;
        s.pending = login;
        return "";
    }
    bool ok = login.local ? verify_local_user(c, login.user, answer)
                          : c.console.password && config::verify_secret(*c.console.password, answer);
    if (ok) {
        land(c, s, login.local ? login.user : "");
        return "";
    }
    ++login.failures;
    if (login.local) {
        // IOS never says whether the name or the password was wrong.
        if (login.failures < kTries) {
            login.user.clear();
            login.asking_password = false;
            s.pending = login;
            return "% Login invalid\n\n";
        }
        s.stack.clear();
        return "% Login invalid\n";
    }
    // The line password: IOS asks again without a word, and after the third "% Bad passwords".
    if (login.failures < kTries) {
        s.pending = login;
        return "";
    }
    s.stack.clear();
    return "% Bad passwords\n";
}

std::string console_idle_banner(const std::string& hostname) {
    // IOS, after `exit` on the console (or a timeout, or a failed login): blank lines, the
    // line's name, more blank lines, and the invitation; the line then waits for RETURN.
    return "\n\n\n\n" + hostname + " con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n";
}

}  // namespace routerd::control
