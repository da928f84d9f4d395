#pragma once
// UDP probes for the IOS `traceroute` command, as IOS sends them: `probes` datagrams per TTL to
// ports from 33434 up, each answered by an ICMP time-exceeded from a router on the way or a
// port-unreachable from the destination (read on a raw ICMP socket), or by its timeout.
// Runs on routerd's io_context, one probe at a time.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

namespace routerd::platform {

struct TraceRequest {
    std::uint32_t destination = 0;
    std::uint32_t source = 0;  // 0: the kernel chooses
    int probes = 3;
    int min_ttl = 1, max_ttl = 30;
    std::chrono::milliseconds timeout{3000};
};

struct ProbeResult {
    int ttl = 0;
    bool answered = false;
    std::uint32_t from = 0;  // who answered
    bool reached = false;    // an unreachable ended the trace: the destination's port unreachable, or worse
    int unreachable_code = -1;  // ICMP destination-unreachable code (3: port, the normal end)
    std::chrono::microseconds rtt{0};
};

// `each` after every probe; `done` at the end (the destination answered, or max_ttl), with an
// error text if the sockets could not be opened.
void run_traceroute(boost::asio::io_context& io, const TraceRequest& request, std::function<void(const ProbeResult&)> each,
                    std::function<void(std::optional<std::string> error)> done);

}  // namespace routerd::platform
