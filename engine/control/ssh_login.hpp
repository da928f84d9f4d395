#pragma once
// Logins over the router's SSH server: who may log in (the `username` lines, the vty lines'
// `login local` and `transport input`, `aaa new-model` and its method lists), the session a
// login lands in, and the settings routerd gives its sshd.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/control/router.hpp"
#include "engine/control/session.hpp"
#include "platform/ssh_server.hpp"

namespace routerd::control {

// The local user database (`username NAME secret ...`): whether `password` is that user's,
// for every type IOS stores (0, 5, 7, 8, 9). Shared by the SSH and the console logins.
bool verify_local_user(const config::RunningConfig& config, std::string_view user, std::string_view password);
// The privilege a user lands at after logging in on `line`: the line's `privilege level`, or
// the user's own level when EXEC authorization consults the local database.
unsigned login_privilege(const config::RunningConfig& config, const config::LineConfig& line, const std::string& user);

// Whether `user` with `password` may log in over SSH from `remote` (the client's address, when
// sshd knows it), as IOS decides it: a vty line that takes SSH, logs in locally and whose
// `access-class ... in` lets the address in.
bool check_ssh_login(const config::RunningConfig& config, std::string_view user, std::string_view password,
                     std::optional<std::uint32_t> remote = std::nullopt);
// A session of a user who logged in over SSH: their name and the privilege IOS gives them.
void begin_ssh_session(const config::RunningConfig& config, Session& s, const std::string& user);

struct SshListen {
    std::string address;  // "" = every address
    std::uint16_t port = 22;
};
// What sshd should be, from the running-config and routerd's own options.
platform::SshServerSettings ssh_server_settings(const config::RunningConfig& config, const SshListen& listen,
                                                const std::string& routersh, const std::string& socket);

}  // namespace routerd::control
