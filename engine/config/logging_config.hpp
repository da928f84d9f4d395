#pragma once
// What the kept `logging ...` lines (grammar/definitions/stored.cpp) mean on this box. They stay
// kept lines, rendered where IOS shows them; this reads their meaning back for the log bus and
// the syslog sender, and says which of them are carried out (no %CONFIG-4-NOT_APPLIED notice).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/stored_config.hpp"

namespace routerd::config {

// `logging host A.B.C.D [transport udp [port N]]`: one destination of syslog datagrams.
struct SyslogHostConfig {
    std::uint32_t address = 0;  // host byte order
    std::uint16_t port = 514;   // IOS's default, RFC 3164's port
    bool operator==(const SyslogHostConfig&) const = default;
};

struct LoggingSettings {
    // IOS defaults: console and monitor on at debugging, trap on at informational, facility local7.
    bool console_on = true;
    int console_level = 7;
    bool monitor_on = true;
    int monitor_level = 7;
    bool trap_on = true;
    int trap_level = 6;
    int facility = 23;                 // local7
    std::string source_interface;      // as typed after `logging source-interface`, "" = none
    std::vector<SyslogHostConfig> hosts;  // in configuration order, each once
};

// A severity as IOS accepts it in `logging trap|console|monitor`: 0-7 or its name.
std::optional<int> parse_log_level(std::string_view text);
// `logging facility NAME` as IOS names them; the number is the RFC 3164 facility code.
std::optional<int> parse_log_facility(std::string_view text);

LoggingSettings logging_settings(const std::vector<StoredLine>& stored);

// A `logging` line in the form IOS 15 shows it: the old `logging A.B.C.D` is `logging host
// A.B.C.D` in `show running-config`. Any other line is returned unchanged.
std::string canonical_logging_line(std::string body);

// Whether the kept line `body` (without `no`/`default`) is carried out by this box. A VRF, TCP
// transport or other option this box does not do leaves the line kept without effect.
bool logging_line_applies(std::string_view body);

// `no X` for these leaves `no X` in the configuration even when X had a value: `no logging
// console` after `logging console warnings` turns the console off (IOS shows `no logging
// console`), it does not return it to the default.
std::optional<std::string_view> logging_switch(std::string_view body);

// Whether `no X`, with no X to remove, is itself kept. Not for a host, the source interface
// or the facility: IOS shows nothing for them at their defaults (`no logging host 10.1.1.1`
// with no such host changes nothing).
bool negation_is_kept(std::string_view body);

}  // namespace routerd::config
