#pragma once
// ICMP echo for the IOS `ping` command: one request at a time, each waiting for its reply or
// its timeout, over a raw ICMP socket on routerd's io_context (so IKE keeps running while a
// ping waits for the tunnel it triggered).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

namespace routerd::platform {

struct EchoRequest {
    std::uint32_t destination = 0;
    std::uint32_t source = 0;  // 0: the kernel chooses
    int count = 5;
    int datagram_size = 100;  // IOS counts the IP header: 100 bytes is 72 bytes of data
    std::chrono::milliseconds timeout{2000};
};

struct EchoResult {
    bool answered = false;
    std::chrono::microseconds rtt{0};
};

// Runs the requests; `each` after every one, `done` at the end (with an error text if the socket
// could not be opened or bound). The function returned stops it early: the echo in flight is not
// counted, and `done` comes at once (IOS's escape sequence).
std::function<void()> run_echo(boost::asio::io_context& io, const EchoRequest& request, std::function<void(const EchoResult&)> each,
              std::function<void(std::optional<std::string> error)> done);

}  // namespace routerd::platform
