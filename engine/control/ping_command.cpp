#include "engine/control/ping_command.hpp"

#include <algorithm>
#include <memory>

#include "engine/config/running_config.hpp"
#include "grammar/interface_name.hpp"
#include "grammar/token.hpp"
#include "platform/icmp_echo.hpp"

namespace routerd::control {
namespace {

struct Tally {
    int sent = 0, received = 0;
    long long min_ms = 0, max_ms = 0, total_ms = 0;
    int column = 0;  // IOS wraps the !/. line at 70 characters
};

std::string summary(const Tally& t) {
    // IOS: "Success rate is 80 percent (4/5), round-trip min/avg/max = 44/45/48 ms".
    std::string out = "\nSuccess rate is " + std::to_string(t.sent ? t.received * 100 / t.sent : 0) + " percent (" +
                      std::to_string(t.received) + "/" + std::to_string(t.sent) + ")";
    if (t.received)
        out += ", round-trip min/avg/max = " + std::to_string(t.min_ms) + "/" + std::to_string(t.total_ms / t.received) + "/" +
               std::to_string(t.max_ms) + " ms";
    return out + "\n";
}

}  // namespace

std::string start_ping(ExecContext& ctx) {
    const auto& m = ctx.match;
    auto destination = grammar::parse_ipv4(m.value(0));
    if (!destination) return "% Unrecognized host or address, or protocol not running.\n\n";
    platform::EchoRequest req;
    req.destination = *destination;
    if (m.has("repeat")) req.count = static_cast<int>(std::stol(m.after("repeat")));
    // IOS's datagram size counts the IP and ICMP headers (36..18024); the timeout is seconds.
    if (m.has("size")) req.datagram_size = static_cast<int>(std::stol(m.after("size")));
    if (m.has("timeout")) req.timeout = std::chrono::seconds(std::stol(m.after("timeout")));
    if (m.has("source")) {
        std::string src = m.after("source");
        if (auto a = grammar::parse_ipv4(src)) {
            req.source = *a;
        } else if (auto name = grammar::parse_interface_name(src)) {
            auto it = ctx.router.config.interfaces.find(*name);
            if (it == ctx.router.config.interfaces.end() || !it->second.address)
                return "% Invalid source interface - " + name->canonical() + "\n";
            req.source = it->second.address->address;
        }
    }
    if (!ctx.router.io || !ctx.session.push || !ctx.session.finish) return "% Ping is not available: routerd runs without its network loop\n";
    // IOS prints the header at once, then one character per echo as it completes.
    std::string header = "Type escape sequence to abort.\nSending " + std::to_string(req.count) + ", " +
                         std::to_string(req.datagram_size) + "-byte ICMP Echos to " + config::format_ipv4(req.destination) +
                         ", timeout is " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(req.timeout).count()) +
                         " seconds:\n";
    if (req.source) header += "Packet sent with a source address of " + config::format_ipv4(req.source) + "\n";
    ctx.session.push(header);
    ctx.session.deferred = true;
    auto tally = std::make_shared<Tally>();
    auto push = ctx.session.push;
    auto finish = ctx.session.finish;
    platform::run_echo(
        *ctx.router.io, req,
        [tally, push](const platform::EchoResult& r) {
            ++tally->sent;
            std::string mark = r.answered ? "!" : ".";
            if (r.answered) {
                long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(r.rtt).count();
                tally->min_ms = tally->received ? std::min(tally->min_ms, ms) : ms;
                tally->max_ms = std::max(tally->max_ms, ms);
                tally->total_ms += ms;
                ++tally->received;
            }
            if (++tally->column == 70) {
                mark += "\n";
                tally->column = 0;
            }
            push(mark);
        },
        [tally, finish](std::optional<std::string> error) {
            if (error) return finish("% Ping failed: " + *error + "\n");
            finish(summary(*tally));
        });
    return "";
}

}  // namespace routerd::control
