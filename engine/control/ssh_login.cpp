#include "engine/control/ssh_login.hpp"

#include <algorithm>

#include "engine/config/access_class.hpp"
#include "engine/config/secrets.hpp"

namespace routerd::control {
namespace {

using config::LineConfig;

bool has_method(const std::map<std::string, std::vector<std::string>>& lists, std::string_view method) {
    auto it = lists.find("default");
    return it != lists.end() && std::find(it->second.begin(), it->second.end(), method) != it->second.end();
}

// IOS vty lines take SSH with `transport input ssh` or `all` (and by default on the images
// whose default is `all`); `none` and `telnet` alone refuse it.
bool takes_ssh(const LineConfig& l) {
    return l.transport_input.empty() || l.transport_input == "all" || l.transport_input.find("ssh") != std::string::npos;
}

// The local user database decides the login: with `aaa new-model`, when the default login
// list names `local` (or there is no default list: IOS then falls back to the local
// database); without it, the line's `login local`. A line with plain `login` checks a line
// password and no user name, which SSH cannot carry, so routerd refuses those logins.
bool local_login(const config::RunningConfig& c, const LineConfig& l) {
    if (c.aaa.new_model) {
        auto it = c.aaa.authentication_login.find("default");
        return it == c.aaa.authentication_login.end() || has_method(c.aaa.authentication_login, "local") ||
               has_method(c.aaa.authentication_login, "local-case");
    }
    return l.login == LineConfig::Login::Local;
}

}  // namespace

bool verify_local_user(const config::RunningConfig& c, std::string_view user, std::string_view password) {
    auto u = std::find_if(c.users.begin(), c.users.end(), [&](const config::User& x) { return x.name == user; });
    return u != c.users.end() && config::verify_secret(u->secret, password);
}

unsigned login_privilege(const config::RunningConfig& c, const LineConfig& line, const std::string& user) {
    unsigned level = line.privilege ? *line.privilege : 1;
    auto u = std::find_if(c.users.begin(), c.users.end(), [&](const config::User& x) { return x.name == user; });
    // The user's own level applies when EXEC authorization consults the local database:
    // without `aaa new-model` always; with it only after `aaa authorization exec default
    // local` (IOS's well-known surprise: a privilege-15 user lands at `>` without it).
    bool authorized = !c.aaa.new_model || has_method(c.aaa.authorization_exec, "local");
    if (u != c.users.end() && authorized && u->privilege != 1) level = u->privilege;
    return level;
}

bool check_ssh_login(const config::RunningConfig& c, std::string_view user, std::string_view password,
                     std::optional<std::uint32_t> remote) {
    if (!c.rsa_key) return false;
    // IOS refuses a connection its vty's access class denies before any login; here sshd
    // has accepted it and the login is refused instead (the same outcome for the client: no
    // session). Without the client's address a line with an access class lets nobody in.
    auto reachable = [&](const LineConfig& l) {
        if (l.access_class_in.empty()) return true;
        return remote && config::access_class_permits(c.access_lists, l.access_class_in, *remote, 22);
    };
    bool line_ok = std::any_of(c.vty.begin(), c.vty.end(),
                               [&](const LineConfig& l) { return takes_ssh(l) && local_login(c, l) && reachable(l); });
    return line_ok && verify_local_user(c, user, password);
}

void begin_ssh_session(const config::RunningConfig& c, Session& s, const std::string& user) {
    s.user = user;
    s.trusted = false;
    s.ssh = true;
    unsigned level = login_privilege(c, c.vty.empty() ? LineConfig{} : c.vty.front(), user);
    s.privilege = level;
    s.stack = {{level >= 15 ? grammar::Mode::PrivExec : grammar::Mode::UserExec, ""}};
}

platform::SshServerSettings ssh_server_settings(const config::RunningConfig& c, const SshListen& listen,
                                                const std::string& routersh, const std::string& socket) {
    platform::SshServerSettings s;
    // OpenSSH loads no RSA host key under 1024 bits; IOS too wants 768 for version 2.
    if (c.rsa_key && c.rsa_key->bits >= 1024) {
        s.host_key_pem = c.rsa_key->private_pem;
        s.host_key_name = c.rsa_key->name;
    }
    s.listen_address = listen.address;
    s.port = listen.port;
    if (c.ssh.port_rotary) s.extra_ports.push_back(static_cast<std::uint16_t>(c.ssh.port_rotary->first));
    s.login_grace_seconds = c.ssh.timeout;
    s.max_auth_tries = c.ssh.retries;
    for (const auto& u : c.users) s.users.push_back(u.name);
    s.shell = routersh;
    s.socket = socket;
    return s;
}

}  // namespace routerd::control
