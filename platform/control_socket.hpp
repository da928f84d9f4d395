#pragma once
// Who may connect to routerd's control socket. The kernel decides, from the socket file's
// owner, group and mode, as FRR's vtysh sockets belong to the frrvty group: the file is 0660,
// owned by routerd's user and the control group (`routerd`, which the package creates). Root
// passes any mode. Router users who log in over SSH run routersh under uids routerd's sshd
// gives them (openssh_server.cpp); sshd gives those uids the control group too. Everybody
// else is refused at connect (EACCES) and never reaches routerd's own per-session checks.
#include <cstdint>
#include <optional>
#include <string>

namespace routerd::platform {

// The group the Debian package creates (packaging/postinst).
inline constexpr const char* kControlGroup = "routerd";

// The gid of the host group `name`; nullopt when the host has no such group.
std::optional<std::uint32_t> find_group(const std::string& name);
// A gid no host group has, the same on each start (the first free one from 2,000,000,000 up,
// the range of the SSH logins' uids): the control group when the host has none. Then no local
// account has it, and only root, routerd's user and the SSH logins get in.
std::uint32_t unused_group_id();
// The socket's directory, when missing: made 0711, so that others may pass through to the
// socket (whose own mode decides) but not list what is there. An existing directory is left
// as it is: it is not routerd's to change (/tmp, a test's folder).
std::optional<std::string> make_socket_directory(const std::string& dir);
// Gives a bound socket file to group `gid`, mode 0660. Called between bind() and listen(), so
// that nobody connects while the file still has the mode bind() gave it (a connect to a socket
// not yet listening is refused). The mode is set first: when the group cannot be given
// (routerd not root and not in the group), the socket stays with routerd's user and group
// only, and the error says why.
std::optional<std::string> restrict_socket(const std::string& path, std::uint32_t gid);

}  // namespace routerd::platform
