#pragma once
// The kernel's receive queue of routerd's IKE sockets. With the default (net.core.rmem_default,
// 208 KB: a hundred-odd datagrams) a hub answering a thousand peers at once, after a `clear
// crypto session` or a reboot, lost more IKE datagrams than it read (the lab's recovery scenario
// at 1,000 peers, issue 14): each loss costs a retransmission interval, and a lost Main Mode
// message 5 looks like a wrong key to the diagnosis. strongSwan sizes its sockets for the same
// reason (charon.plugins.socket-default's buffer settings).
#include <optional>
#include <string>

namespace routerd::platform {

inline constexpr int kIkeReceiveBufferBytes = 4 * 1024 * 1024;

// Asks for `bytes` of receive queue on `fd`: beyond net.core.rmem_max too when routerd may
// (CAP_NET_ADMIN), else as much as the limit allows. An error text when the socket got less.
std::optional<std::string> enlarge_receive_buffer(int fd, int bytes);

}  // namespace routerd::platform
