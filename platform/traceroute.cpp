#include "platform/traceroute.hpp"

#include <array>
#include <memory>

#include <boost/asio/ip/icmp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/unicast.hpp>
#include <boost/asio/steady_timer.hpp>

namespace routerd::platform {
namespace {

using boost::asio::ip::icmp;
using boost::asio::ip::udp;

constexpr std::uint16_t kBasePort = 33434;  // IOS's and Unix traceroute's first port

class Trace : public std::enable_shared_from_this<Trace> {
public:
    Trace(boost::asio::io_context& io, TraceRequest r, std::function<void(const ProbeResult&)> each,
          std::function<void(std::optional<std::string>)> done)
        : icmp_(io), udp_(io), timer_(io), request_(r), each_(std::move(each)), done_(std::move(done)) {}

    void start() {
        boost::system::error_code ec;
        icmp_.open(icmp::v4(), ec);
        if (!ec) udp_.open(udp::v4(), ec);
        if (!ec) udp_.bind(udp::endpoint(boost::asio::ip::address_v4(request_.source), 0), ec);
        if (ec) return done_(ec.message());
        local_port_ = udp_.local_endpoint(ec).port();
        ttl_ = request_.min_ttl;
        receive();
        send_next();
    }

private:
    void send_next() {
        if (probe_ == request_.probes) {
            probe_ = 0;
            if (reached_ || ttl_ >= request_.max_ttl) return finish(std::nullopt);
            ++ttl_;
        }
        ++probe_;
        port_ = static_cast<std::uint16_t>(kBasePort + sequence_++);
        boost::system::error_code ec;
        udp_.set_option(boost::asio::ip::unicast::hops(ttl_), ec);
        std::array<std::uint8_t, 12> payload{};
        waiting_ = true;
        sent_at_ = std::chrono::steady_clock::now();
        // A send error (no route) is an unanswered probe, as on IOS.
        udp_.send_to(boost::asio::buffer(payload), udp::endpoint(boost::asio::ip::address_v4(request_.destination), port_), 0, ec);
        auto self = shared_from_this();
        timer_.expires_after(request_.timeout);
        timer_.async_wait([self](boost::system::error_code e) {
            if (e || !self->waiting_) return;
            self->finish_one({self->ttl_, false, 0, false, -1, {}});
        });
    }

    void finish_one(const ProbeResult& r) {
        waiting_ = false;
        timer_.cancel();
        if (r.reached) reached_ = true;
        each_(r);
        send_next();
    }

    void finish(std::optional<std::string> error) {
        boost::system::error_code ec;
        icmp_.close(ec);
        udp_.close(ec);
        timer_.cancel();
        done_(std::move(error));
    }

    void receive() {
        auto self = shared_from_this();
        icmp_.async_receive_from(boost::asio::buffer(buffer_), from_, [self](boost::system::error_code ec, std::size_t n) {
            if (ec) return;  // closed at the end
            self->consider(n);
            if (self->icmp_.is_open()) self->receive();
        });
    }

    // IP header, ICMP header (8), then the probe's IP header and its UDP header's first 8 bytes.
    void consider(std::size_t n) {
        const auto& b = buffer_;
        if (!waiting_ || n < 20) return;
        std::size_t ihl = static_cast<std::size_t>(b[0] & 0x0f) * 4;
        if (n < ihl + 8 + 20) return;
        int type = b[ihl], code = b[ihl + 1];
        bool exceeded = type == 11 && code == 0;
        bool unreachable = type == 3;
        if (!exceeded && !unreachable) return;
        std::size_t inner = ihl + 8;
        std::size_t inner_ihl = static_cast<std::size_t>(b[inner] & 0x0f) * 4;
        if (n < inner + inner_ihl + 4 || b[inner + 9] != 17) return;  // UDP
        std::uint16_t sport = static_cast<std::uint16_t>(b[inner + inner_ihl] << 8 | b[inner + inner_ihl + 1]);
        std::uint16_t dport = static_cast<std::uint16_t>(b[inner + inner_ihl + 2] << 8 | b[inner + inner_ihl + 3]);
        if (sport != local_port_ || dport != port_) return;
        auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - sent_at_);
        finish_one({ttl_, true, from_.address().to_v4().to_uint(), unreachable, unreachable ? code : -1, rtt});
    }

    icmp::socket icmp_;
    udp::socket udp_;
    boost::asio::steady_timer timer_;
    TraceRequest request_;
    std::function<void(const ProbeResult&)> each_;
    std::function<void(std::optional<std::string>)> done_;
    std::array<std::uint8_t, 65536> buffer_{};
    icmp::endpoint from_;
    std::uint16_t local_port_ = 0, port_ = 0;
    int ttl_ = 1, probe_ = 0, sequence_ = 0;
    bool waiting_ = false, reached_ = false;
    std::chrono::steady_clock::time_point sent_at_;
};

}  // namespace

void run_traceroute(boost::asio::io_context& io, const TraceRequest& request, std::function<void(const ProbeResult&)> each,
                    std::function<void(std::optional<std::string>)> done) {
    std::make_shared<Trace>(io, request, std::move(each), std::move(done))->start();
}

}  // namespace routerd::platform
