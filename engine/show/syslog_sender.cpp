#include "engine/show/syslog_sender.hpp"

#include <algorithm>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "engine/config/running_config.hpp"

namespace routerd::show {

using boost::asio::ip::address_v4;
using boost::asio::ip::udp;

// Synchronous sends only: the socket needs an io_context to exist, never one that runs, so the
// sender works the same before routerd's loop starts (startup-config) and inside it.
struct SyslogSender::Socket {
    boost::asio::io_context io;
    udp::socket socket{io};
};

SyslogSender::SyslogSender() = default;
SyslogSender::~SyslogSender() = default;

void SyslogSender::set_hosts(const std::vector<config::SyslogHostConfig>& hosts) {
    std::vector<Host> next;
    for (const auto& h : hosts) {
        auto same = std::find_if(hosts_.begin(), hosts_.end(),
                                 [&](const Host& old) { return old.address == h.address && old.port == h.port; });
        if (same != hosts_.end()) next.push_back(*same);
        else {
            Host fresh;
            fresh.address = h.address;
            fresh.port = h.port;
            next.push_back(fresh);
        }
    }
    hosts_ = std::move(next);
    if (hosts_.empty()) {
        socket_.reset();  // IOS holds no socket without a host
        bound_.reset();
    }
}

bool SyslogSender::ensure_socket(std::optional<std::uint32_t> source) {
    if (socket_ && socket_->socket.is_open() && bound_ == source) return true;
    socket_ = std::make_unique<Socket>();
    bound_.reset();
    boost::system::error_code ec;
    socket_->socket.open(udp::v4(), ec);
    if (!ec) socket_->socket.non_blocking(true, ec);  // a full send queue drops, never stalls routerd
    if (ec) {
        socket_error_ = "cannot open a UDP socket: " + ec.message();
        socket_.reset();
        return false;
    }
    if (source) {
        socket_->socket.bind(udp::endpoint(address_v4(*source), 0), ec);
        if (ec) {
            // The address went away between the lookup and now: this datagram fails like IOS's
            // would; the next message looks the address up again.
            socket_error_ = "cannot bind to " + config::format_ipv4(*source) + ": " + ec.message();
            socket_.reset();
            return false;
        }
        bound_ = source;
    }
    return true;
}

void SyslogSender::send(int severity, const std::string& line) {
    if (hosts_.empty()) return;
    auto source = source_lookup_ ? source_lookup_() : std::nullopt;
    bool have_socket = ensure_socket(source);
    const std::string pri = "<" + std::to_string(facility_ * 8 + severity) + ">";
    for (auto& h : hosts_) {
        ++h.sequence;
        std::string datagram = pri + std::to_string(h.sequence) + ": " + line;
        boost::system::error_code ec;
        if (have_socket)
            socket_->socket.send_to(boost::asio::buffer(datagram),
                                    udp::endpoint(address_v4(h.address), h.port), 0, ec);
        std::string error = !have_socket ? socket_error_ : ec ? ec.message() : std::string();
        if (error.empty()) {
            ++h.logged;
            h.link_up = true;
            h.last_error.clear();
            continue;
        }
        ++h.failed;
        // Told once per change of reason, not per message: a host without a route would
        // otherwise fill routerd's own log with one line per message.
        if (error != h.last_error && error_sink_)
            error_sink_("syslog to " + config::format_ipv4(h.address) + " port " + std::to_string(h.port) +
                        " failed: " + error);
        h.link_up = false;
        h.last_error = error;
    }
}

}  // namespace routerd::show
