#include "platform/system_info.hpp"

#include <sys/sysinfo.h>
#include <sys/timex.h>
#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace routerd::platform {

SystemInfo read_system_info() {
    SystemInfo out;
    utsname u{};
    if (uname(&u) == 0) {
        out.kernel_release = u.release;
        out.machine = u.machine;
    }
    struct sysinfo si{};
    if (sysinfo(&si) == 0) out.memory_kb = static_cast<std::uint64_t>(si.totalram) * si.mem_unit / 1024;
    std::ifstream id("/etc/machine-id");
    std::string machine_id;
    if (id >> machine_id) {
        std::string upper;
        for (char c : machine_id.substr(0, 11)) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.board_id = upper;
    }
    return out;
}

bool clock_synchronized() {
    timex tx{};
    int state = ::adjtimex(&tx);
    return state >= 0 && state != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

}  // namespace routerd::platform
