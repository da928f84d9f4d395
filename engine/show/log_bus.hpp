#pragma once
// The log bus: every `%FACILITY-SEV-MNEMONIC: text` message goes to the buffer (`logging
// buffered`, `show logging`), to routerd's own log, to each terminal that asked for them
// (the console always, vty sessions after `terminal monitor`), and to the syslog hosts.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>

namespace routerd::show {

class LogBus {
public:
    using Sink = std::function<void(const std::string& line)>;

    // `stamp` formats the time prefix as `service timestamps log` says (set by the router).
    void set_stamp(std::function<std::string()> stamp) { stamp_ = std::move(stamp); }
    void set_buffer(bool enabled, std::size_t size_bytes, int level);
    // The daemon's own log (stderr or syslog, the journal under systemd): this box's console,
    // so `logging console [LEVEL]` / `no logging console` decide what reaches it, as on IOS.
    void set_daemon_sink(Sink sink) { daemon_sink_ = std::move(sink); }
    // `logging console LEVEL` and `logging monitor LEVEL` (IOS default: both on, debugging).
    void set_console(bool enabled, int level) { console_enabled_ = enabled, console_level_ = level; }
    void set_monitor(bool enabled, int level) { monitor_enabled_ = enabled, monitor_level_ = level; }
    bool console_enabled() const { return console_enabled_; }
    int console_level() const { return console_level_; }
    bool monitor_enabled() const { return monitor_enabled_; }
    int monitor_level() const { return monitor_level_; }
    std::uint64_t console_logged() const { return console_logged_; }
    std::uint64_t monitor_logged() const { return monitor_logged_; }

    // `logging trap LEVEL` (IOS default: on, informational): each message at or below it is
    // counted ("Trap logging: ... message lines logged") and handed to the trap sink, which
    // sends it to the `logging host`s (SyslogSender). `no logging trap` turns it off.
    using TrapSink = std::function<void(int severity, const std::string& line)>;
    void set_trap(bool enabled, int level) { trap_enabled_ = enabled, trap_level_ = level; }
    void set_trap_sink(TrapSink sink) { trap_sink_ = std::move(sink); }
    bool trap_enabled() const { return trap_enabled_; }
    int trap_level() const { return trap_level_; }
    std::uint64_t trap_logged() const { return trap_logged_; }

    // A terminal's subscription: each message comes with whether it passes the console's level
    // (`logging console`, for line con 0) and the monitor's (`logging monitor`, for a vty
    // after `terminal monitor`); the terminal knows which line it is.
    using TerminalSink = std::function<void(const std::string& line, bool console, bool monitor)>;
    int subscribe(TerminalSink sink);
    void unsubscribe(int id);

    // `message` is "%SYS-5-CONFIG_I: Configured from console by vty0".
    void emit(int severity, const std::string& message);

    const std::deque<std::string>& buffer() const { return buffer_; }
    void clear_buffer();
    bool buffer_enabled() const { return buffer_enabled_; }
    std::size_t buffer_size() const { return buffer_size_; }
    int buffer_level() const { return buffer_level_; }
    std::uint64_t messages_logged() const { return logged_; }

private:
    std::function<std::string()> stamp_;
    Sink daemon_sink_;
    std::map<int, TerminalSink> sinks_;
    int next_id_ = 1;
    bool buffer_enabled_ = true;  // IOS buffers at debugging level by default
    std::size_t buffer_size_ = 8192;
    int buffer_level_ = 7;
    std::size_t buffer_bytes_ = 0;
    std::deque<std::string> buffer_;
    std::uint64_t logged_ = 0;
    bool console_enabled_ = true;
    int console_level_ = 7;
    bool monitor_enabled_ = true;
    int monitor_level_ = 7;
    std::uint64_t console_logged_ = 0;
    std::uint64_t monitor_logged_ = 0;
    TrapSink trap_sink_;
    bool trap_enabled_ = true;
    int trap_level_ = 6;
    std::uint64_t trap_logged_ = 0;
};

}  // namespace routerd::show
