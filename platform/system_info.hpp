#pragma once
// Facts about the box that `show version` prints, read from the OS.
#include <cstdint>
#include <string>

namespace routerd::platform {

struct SystemInfo {
    std::string kernel_release;  // uname -r
    std::string machine;         // uname -m
    std::uint64_t memory_kb = 0;
    std::string board_id;        // from /etc/machine-id, as a processor board ID
};

SystemInfo read_system_info();

// Whether the kernel's clock is synchronised (adjtimex: no STA_UNSYNC, as an NTP client such
// as chrony or systemd-timesyncd leaves it). IOS marks an unsynchronised clock with `*`.
bool clock_synchronized();

}  // namespace routerd::platform
