#pragma once
// Syslog to the `logging host`s: each message the log bus passes at the trap level goes to every
// host as one UDP datagram, as IOS sends it (RFC 3164 PRI, IOS's own header):
//
//     <189>12: *Nov 24 20:44:01.123: %SYS-5-CONFIG_I: Configured from console by vty0
//
// PRI = facility * 8 + severity (`logging facility`, default local7 = 23); then the host's
// running message number; then the line as the log bus stamped it (`service timestamps log`).
// The datagrams leave from the `logging source-interface`'s address when it has one, else from
// the address the routing table picks. A send the kernel refuses is counted and reported to
// routerd's own log; it never stops the message reaching the other destinations.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/logging_config.hpp"

namespace routerd::show {

class SyslogSender {
public:
    struct Host {
        std::uint32_t address = 0;  // host byte order
        std::uint16_t port = 514;
        std::uint64_t sequence = 0;  // the number of the last message sent (IOS's counter)
        std::uint64_t logged = 0;    // datagrams the kernel accepted ("N message lines logged")
        std::uint64_t failed = 0;    // datagrams it refused (no route, no source address)
        bool link_up = true;         // the last datagram went out ("link up" / "link down")
        std::string last_error;
    };
    // The source address for the next datagram (nullopt: let the routing table choose).
    using SourceLookup = std::function<std::optional<std::uint32_t>()>;
    // Where a host's failures are told (routerd's own log, not the log bus it serves).
    using ErrorSink = std::function<void(const std::string& text)>;

    SyslogSender();
    ~SyslogSender();
    SyslogSender(const SyslogSender&) = delete;
    SyslogSender& operator=(const SyslogSender&) = delete;

    // The configured hosts; one that stays keeps its counters, a new one starts at zero.
    void set_hosts(const std::vector<config::SyslogHostConfig>& hosts);
    void set_facility(int facility) { facility_ = facility; }
    int facility() const { return facility_; }
    void set_source_lookup(SourceLookup lookup) { source_lookup_ = std::move(lookup); }
    void set_error_sink(ErrorSink sink) { error_sink_ = std::move(sink); }

    // `line` is the stamped log line ("*Nov 24 20:44:01.123: %SYS-5-CONFIG_I: ...").
    void send(int severity, const std::string& line);

    const std::vector<Host>& hosts() const { return hosts_; }
    // The address the socket is bound to (nullopt: unbound, the kernel picks per datagram).
    std::optional<std::uint32_t> bound_source() const { return bound_; }

private:
    struct Socket;
    bool ensure_socket(std::optional<std::uint32_t> source);

    std::vector<Host> hosts_;
    int facility_ = 23;
    SourceLookup source_lookup_;
    ErrorSink error_sink_;
    std::unique_ptr<Socket> socket_;
    std::optional<std::uint32_t> bound_;
    std::string socket_error_;  // why the last socket could not be opened or bound
};

}  // namespace routerd::show
