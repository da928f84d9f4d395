#pragma once
// The unix-socket server routersh talks to. One connection = one session (a vty line); the
// caller's credentials (SO_PEERCRED) decide whether it may enable without a password.
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/control/dispatcher.hpp"
#include "engine/control/router.hpp"

namespace routerd::control {

// How many connections routerd serves at once: IOS has 5 to 16 vty lines plus the console;
// here sshd's logins, the console, local routersh sessions and sshd's short password checks
// all take one. Generous enough for every test that opens several, small enough that a local
// user cannot exhaust routerd's memory or file descriptors by opening connections. Past it,
// only root and routerd's own user still get in (counted, never refused).
inline constexpr std::size_t kMaxSessions = 32;

// The group whose members may connect (besides root and routerd's own user), and which sshd
// gives the router users' SSH logins. `name` is for the log.
struct SocketGroup {
    std::uint32_t gid = 0;
    std::string name;
};

class ControlServer {
public:
    ControlServer(boost::asio::io_context& io, Router& router, Dispatcher& dispatcher, std::string socket_path,
                  SocketGroup group);
    ~ControlServer();
    // Binds and listens; an error text on failure (another routerd on the socket, no directory).
    // Whether another routerd already listens on the socket (checked before routerd touches
    // the kernel, so that a second one leaves the first one's state alone).
    std::optional<std::string> check_free();
    // Listens; routerd calls it once the kernel is in line with the startup-config, so that
    // whoever waits for the socket finds the router ready.
    std::optional<std::string> start();

private:
    void accept();

    boost::asio::io_context& io_;
    Router& router_;
    Dispatcher& dispatcher_;
    std::string path_;
    SocketGroup group_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::shared_ptr<std::size_t> open_;  // connections alive (Connection keeps the count)
};

}  // namespace routerd::control
