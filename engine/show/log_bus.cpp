#include "engine/show/log_bus.hpp"

namespace routerd::show {

void LogBus::set_buffer(bool enabled, std::size_t size_bytes, int level) {
    buffer_enabled_ = enabled;
    buffer_size_ = size_bytes;
    buffer_level_ = level;
    while (buffer_bytes_ > buffer_size_ && !buffer_.empty()) {
        buffer_bytes_ -= buffer_.front().size() + 1;
        buffer_.pop_front();
    }
}

int LogBus::subscribe(TerminalSink sink) {
    int id = next_id_++;
    sinks_[id] = std::move(sink);
    return id;
}

void LogBus::unsubscribe(int id) { sinks_.erase(id); }

void LogBus::emit(int severity, const std::string& message) {
    std::string line = (stamp_ ? stamp_() : std::string()) + message;
    ++logged_;
    bool console = console_enabled_ && severity <= console_level_;
    if (console) {
        ++console_logged_;
        if (daemon_sink_) daemon_sink_(line);
    }
    if (buffer_enabled_ && severity <= buffer_level_) {
        buffer_.push_back(line);
        buffer_bytes_ += line.size() + 1;
        while (buffer_bytes_ > buffer_size_ && buffer_.size() > 1) {
            buffer_bytes_ -= buffer_.front().size() + 1;
            buffer_.pop_front();
        }
    }
    if (trap_enabled_ && severity <= trap_level_) {
        ++trap_logged_;
        if (trap_sink_) trap_sink_(severity, line);
    }
    bool monitor = monitor_enabled_ && severity <= monitor_level_;
    if (monitor) ++monitor_logged_;
    if (!console && !monitor) return;
    // A sink may unsubscribe while we deliver (a session closing): iterate over a copy.
    auto sinks = sinks_;
    for (auto& [id, sink] : sinks) sink(line, console, monitor);
}

void LogBus::clear_buffer() {
    buffer_.clear();
    buffer_bytes_ = 0;
}

}  // namespace routerd::show
