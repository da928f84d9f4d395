#include "engine/control/ping_command.hpp"

#include <algorithm>
#include <memory>

#include "engine/config/running_config.hpp"
#include "grammar/interface_name.hpp"
#include "grammar/token.hpp"
#include "platform/icmp_echo.hpp"
#include "platform/traceroute.hpp"

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
    ctx.session.abort = platform::run_echo(
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

namespace {

struct HopLine {
    int ttl = 0;
    std::uint32_t last_from = 0;
    bool empty = true;  // nothing printed after the hop number yet
};

}  // namespace

std::string start_traceroute(ExecContext& ctx) {
    const auto& m = ctx.match;
    auto destination = grammar::parse_ipv4(m.value(0));
    if (!destination) return "% Unrecognized host or address, or protocol not running.\n\n";
    platform::TraceRequest req;
    req.destination = *destination;
    if (m.has("source")) req.source = grammar::parse_ipv4(m.after("source")).value_or(0);
    if (m.has("timeout")) req.timeout = std::chrono::seconds(std::stol(m.after("timeout")));
    if (m.has("probe")) req.probes = static_cast<int>(std::stol(m.after("probe")));
    if (m.has("ttl")) {
        req.min_ttl = static_cast<int>(std::stol(m.after("ttl")));
        req.max_ttl = static_cast<int>(std::stol(m.values().back()));
        if (req.max_ttl < req.min_ttl) return "% Bad ttl value\n";
    }
    if (!ctx.router.io || !ctx.session.push || !ctx.session.finish)
        return "% Traceroute is not available: routerd runs without its network loop\n";
    ctx.session.push("Type escape sequence to abort.\nTracing the route to " + config::format_ipv4(req.destination) +
                     "\nVRF info: (vrf in name/id, vrf out name/id)\n");
    ctx.session.deferred = true;
    auto line = std::make_shared<HopLine>();
    auto push = ctx.session.push;
    auto finish = ctx.session.finish;
    int probes = req.probes;
    auto count = std::make_shared<int>(0);
    platform::run_traceroute(
        *ctx.router.io, req,
        [line, push, probes, count](const platform::ProbeResult& r) {
            std::string out;
            if (r.ttl != line->ttl) {
                char head[16];
                std::snprintf(head, sizeof head, "%3d ", r.ttl);
                out += head;
                *line = {r.ttl, 0, true};
            }
            if (r.answered) {
                // A new address begins its part of the line, as IOS shows load-shared hops.
                if (r.from != line->last_from) out += (line->empty ? "" : " ") + config::format_ipv4(r.from);
                line->last_from = r.from;
                out += " " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(r.rtt).count()) + " msec";
                // IOS's marks for a router's refusal: !N network, !H host, !A administratively.
                if (r.unreachable_code == 0) out += " !N";
                else if (r.unreachable_code == 1) out += " !H";
                else if (r.unreachable_code == 13) out += " !A";
                else if (r.unreachable_code >= 0 && r.unreachable_code != 3) out += " !U";
            } else {
                out += " * ";
            }
            line->empty = false;
            if (++*count % probes == 0) out += "\n";
            push(out);
        },
        [finish](std::optional<std::string> error) {
            if (error) return finish("% Traceroute failed: " + *error + "\n");
            finish("");
        });
    return "";
}

}  // namespace routerd::control
