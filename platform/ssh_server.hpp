#pragma once
// The router's SSH server, as the engine sees it: settings derived from the IOS config in,
// "which router user is this login" out. The Linux implementation runs OpenSSH's sshd with
// routerd's own config file, host key, pid file and account list (openssh_server.cpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace routerd::platform {

struct SshServerSettings {
    std::string host_key_pem;        // empty: no key, no server (IOS refuses SSH until one exists)
    std::string host_key_name;       // "R1.example.com", kept beside the key
    std::string listen_address;      // "" = every address
    std::uint16_t port = 22;
    std::vector<std::uint16_t> extra_ports;  // `ip ssh port N rotary M`
    std::uint32_t login_grace_seconds = 120;  // `ip ssh time-out`
    std::uint32_t max_auth_tries = 3;         // `ip ssh authentication-retries`
    std::vector<std::string> users;  // router users who may try to log in
    std::string shell;               // routersh, the users' login shell
    std::string socket;              // routerd's control socket, for routersh and the password check
    // The control socket's group (0: none), which the logins get as a supplementary group:
    // without it their routersh could not connect (platform/control_socket.hpp).
    std::uint32_t control_gid = 0;
    std::string control_group;
    bool operator==(const SshServerSettings&) const = default;
};

class SshServer {
public:
    virtual ~SshServer() = default;
    // Brings the server in line with `settings`: writes its files, starts, reloads or stops it.
    // An error text when it cannot run.
    virtual std::optional<std::string> apply(const SshServerSettings& settings) = 0;
    // The router user that a uid of the server's logins stands for.
    virtual std::optional<std::string> user_for_uid(std::uint32_t uid) const = 0;
    virtual bool running() = 0;
};

// `state_dir` holds the server's files (created 0700). The host key is kept there as
// ssh_host_rsa_key, which routerd reads back at start (load_host_key).
std::unique_ptr<SshServer> make_openssh_server(std::string state_dir);
std::optional<std::string> load_host_key(const std::string& state_dir);
std::optional<std::string> load_host_key_name(const std::string& state_dir);

}  // namespace routerd::platform
