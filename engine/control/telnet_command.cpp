#include "engine/control/telnet_command.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "engine/config/running_config.hpp"
#include "engine/control/router.hpp"

namespace routerd::control {
namespace {

// IOS gives up on an unanswered SYN after 30 seconds.
constexpr auto kConnectTimeout = std::chrono::seconds(30);

struct Attempt {
    Attempt(boost::asio::io_context& io) : socket(io), timer(io) {}
    boost::asio::ip::tcp::socket socket;
    boost::asio::steady_timer timer;
    bool done = false;
};

std::string outcome(const boost::system::error_code& ec, const std::string& host) {
    namespace err = boost::asio::error;
    if (!ec) return "Open\n% routerd has no telnet client: connection to " + host + " closed\n\n";
    if (ec == err::connection_refused) return "\n% Connection refused by remote host\n\n";
    if (ec == err::operation_aborted || ec == err::timed_out)
        return "\n% Connection timed out; remote host not responding\n\n";
    if (ec == err::host_unreachable || ec == err::network_unreachable)
        return "\n% Destination unreachable; gateway or host down\n\n";
    return "\n% Connection failed: " + ec.message() + "\n\n";
}

}  // namespace

std::string start_telnet(Router& router, Session& session, std::uint32_t address, std::uint16_t port) {
    std::string host = config::format_ipv4(address);
    if (!router.io || !session.push || !session.finish)
        return "Trying " + host + " ... \n% Connection failed: routerd runs without its network loop\n\n";
    // IOS prints "Trying A.B.C.D ... " at once (a port other than 23 too: "Trying 1.2.3.4, 22 ... ").
    session.push("Trying " + host + (port == 23 ? "" : ", " + std::to_string(port)) + " ... ");
    session.deferred = true;
    auto attempt = std::make_shared<Attempt>(*router.io);
    auto finish = session.finish;
    attempt->timer.expires_after(kConnectTimeout);
    attempt->timer.async_wait([attempt](boost::system::error_code ec) {
        if (!ec && !attempt->done) attempt->socket.close();  // the connect then ends with operation_aborted
    });
    boost::asio::ip::tcp::endpoint to(boost::asio::ip::address_v4(address), port);
    attempt->socket.async_connect(to, [attempt, finish, host](boost::system::error_code ec) {
        attempt->done = true;
        attempt->timer.cancel();
        boost::system::error_code ignored;
        attempt->socket.close(ignored);
        finish(outcome(ec, host));
    });
    return "";
}

}  // namespace routerd::control
