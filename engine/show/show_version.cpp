#include "engine/show/show_version.hpp"

#include "engine/config/render.hpp"

namespace routerd::show {

std::string format_uptime(std::chrono::seconds uptime) {
    long s = static_cast<long>(uptime.count());
    struct Unit { long seconds; const char* name; };
    static constexpr Unit units[] = {{365L * 86400, "year"}, {7L * 86400, "week"}, {86400, "day"}, {3600, "hour"}};
    std::string out;
    for (const auto& u : units) {
        long n = s / u.seconds;
        s %= u.seconds;
        if (n == 0 && out.empty()) continue;
        out += std::to_string(n) + " " + u.name + (n == 1 ? "" : "s") + ", ";
    }
    long minutes = s / 60;
    out += std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
    return out;
}

std::string render_show_version(const VersionFacts& f) {
    std::string out;
    out += "Cisco IOS Software, Linux Software (ROUTERD-" + f.system.machine +
           "-M), Version 15.7(3)RD1, RELEASE SOFTWARE (fc1)\n";
    out += "routerd: an IOS-style IPsec router on Linux " + f.system.kernel_release + "\n";
    out += "Compiled " __DATE__ " " __TIME__ "\n\n";
    out += "ROM: Linux " + f.system.kernel_release + "\n\n";
    out += f.hostname + " uptime is " + format_uptime(f.uptime) + "\n";
    out += "System returned to ROM by power-on\n";
    out += "System restarted at " + config::format_timestamp(f.booted) + "\n";
    out += "System image file is \"flash:routerd\"\n";
    out += "Last reload reason: power-on\n\n";
    out += "Cisco ROUTERD (" + f.system.machine + ") processor (revision 1.0) with " +
           std::to_string(f.system.memory_kb) + "K/0K bytes of memory.\n";
    if (!f.system.board_id.empty()) out += "Processor board ID " + f.system.board_id + "\n";
    out += std::to_string(f.ethernet_interfaces) + " Gigabit Ethernet interfaces\n";
    // IOS closes the hardware list with its flash ("250880K bytes of ATA System CompactFlash 0
    // (Read/Write)"); routerd's flash is the filesystem its configuration lives on.
    if (f.flash_kb) out += std::to_string(*f.flash_kb) + "K bytes of System flash (Read/Write)\n";
    out += "Configuration stored in " + f.config_dir + "/startup-config\n\n";
    out += "Configuration register is 0x2102\n";
    return out;
}

}  // namespace routerd::show
