#include "platform/icmp_echo.hpp"

#include <array>
#include <memory>
#include <random>
#include <vector>

#include <boost/asio/ip/icmp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace routerd::platform {
namespace {

using boost::asio::ip::icmp;

// RFC 1071 Internet checksum.
std::uint16_t checksum(const std::vector<std::uint8_t>& data) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    if (data.size() % 2) sum += static_cast<std::uint32_t>(data.back() << 8);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

class Echo : public std::enable_shared_from_this<Echo> {
public:
    Echo(boost::asio::io_context& io, EchoRequest r, std::function<void(const EchoResult&)> each,
         std::function<void(std::optional<std::string>)> done)
        : socket_(io), timer_(io), request_(r), each_(std::move(each)), done_(std::move(done)) {
        std::random_device rd;
        id_ = static_cast<std::uint16_t>(rd());
    }

    void start() {
        boost::system::error_code ec;
        socket_.open(icmp::v4(), ec);
        if (!ec && request_.source)
            socket_.bind(icmp::endpoint(boost::asio::ip::address_v4(request_.source), 0), ec);
        if (ec) return end(ec.message());
        receive();
        send_next();
    }

    void stop() {
        if (!ended_) end(std::nullopt);
    }

private:
    void send_next() {
        if (sent_ == request_.count) return end(std::nullopt);
        // RFC 792 echo: type 8, code 0, checksum, identifier, sequence number, data.
        std::size_t data = request_.datagram_size > 28 ? static_cast<std::size_t>(request_.datagram_size - 28) : 0;
        std::vector<std::uint8_t> packet(8 + data);
        packet[0] = 8;
        packet[4] = static_cast<std::uint8_t>(id_ >> 8);
        packet[5] = static_cast<std::uint8_t>(id_);
        seq_ = static_cast<std::uint16_t>(seq_ + 1);
        packet[6] = static_cast<std::uint8_t>(seq_ >> 8);
        packet[7] = static_cast<std::uint8_t>(seq_);
        for (std::size_t i = 0; i < data; ++i) packet[8 + i] = i % 2 ? 0xcd : 0xab;  // IOS fills with 0xABCD
        auto sum = checksum(packet);
        packet[2] = static_cast<std::uint8_t>(sum >> 8);
        packet[3] = static_cast<std::uint8_t>(sum);
        ++sent_;
        waiting_ = true;
        sent_at_ = std::chrono::steady_clock::now();
        boost::system::error_code ec;
        socket_.send_to(boost::asio::buffer(packet), icmp::endpoint(boost::asio::ip::address_v4(request_.destination), 0), 0, ec);
        // A send error (no route, or the kernel dropping while IKE negotiates) is a lost packet.
        auto self = shared_from_this();
        timer_.expires_after(request_.timeout);
        timer_.async_wait([self](boost::system::error_code e) {
            if (e || !self->waiting_) return;
            self->finish_one({false, {}});
        });
    }

    void end(std::optional<std::string> error) {
        ended_ = true;
        waiting_ = false;
        boost::system::error_code ignored;
        socket_.close(ignored);
        timer_.cancel();
        done_(std::move(error));
    }

    void finish_one(const EchoResult& r) {
        waiting_ = false;
        timer_.cancel();
        each_(r);
        send_next();
    }

    void receive() {
        auto self = shared_from_this();
        socket_.async_receive(boost::asio::buffer(buffer_), [self](boost::system::error_code ec, std::size_t n) {
            if (ec) return;  // closed at the end
            // A raw socket sees every ICMP message of the namespace, IP header first.
            const auto& b = self->buffer_;
            std::size_t ihl = n > 0 ? static_cast<std::size_t>(b[0] & 0x0f) * 4 : 0;
            if (n >= ihl + 8 && b[ihl] == 0 && (b[ihl + 4] << 8 | b[ihl + 5]) == self->id_ &&
                (b[ihl + 6] << 8 | b[ihl + 7]) == self->seq_ && self->waiting_) {
                auto rtt = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - self->sent_at_);
                self->finish_one({true, rtt});
            }
            if (self->socket_.is_open()) self->receive();
        });
    }

    icmp::socket socket_;
    boost::asio::steady_timer timer_;
    EchoRequest request_;
    std::function<void(const EchoResult&)> each_;
    std::function<void(std::optional<std::string>)> done_;
    std::array<std::uint8_t, 65536> buffer_{};
    std::uint16_t id_ = 0, seq_ = 0;
    int sent_ = 0;
    bool waiting_ = false;
    bool ended_ = false;
    std::chrono::steady_clock::time_point sent_at_;
};

}  // namespace

std::function<void()> run_echo(boost::asio::io_context& io, const EchoRequest& request, std::function<void(const EchoResult&)> each,
                               std::function<void(std::optional<std::string>)> done) {
    auto echo = std::make_shared<Echo>(io, request, std::move(each), std::move(done));
    echo->start();
    return [weak = std::weak_ptr<Echo>(echo)] {
        if (auto e = weak.lock()) e->stop();
    };
}

}  // namespace routerd::platform
