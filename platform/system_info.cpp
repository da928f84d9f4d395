#include "platform/system_info.hpp"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/timex.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>

namespace routerd::platform {
namespace {

// The first line of a sysfs file without its newline and padding; "" when it is missing or
// unreadable (firmware that leaves a DMI field out, or a file only root may read).
std::string read_field(const std::string& path) {
    std::ifstream f(path);
    std::string line;
    if (!f || !std::getline(f, line)) return "";
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    std::size_t start = 0;
    while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start]))) ++start;
    return line.substr(start);
}

// sysfs writes PCI ids as "0x1af4"; lspci and pci.ids spell them "1af4".
std::string pci_id(const std::string& path) {
    std::string v = read_field(path);
    if (v.rfind("0x", 0) == 0) v.erase(0, 2);
    return v;
}

}  // namespace

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

ChassisInfo read_chassis_info(const std::string& dmi_dir) {
    ChassisInfo c;
    c.vendor = read_field(dmi_dir + "/sys_vendor");
    c.product = read_field(dmi_dir + "/product_name");
    c.version = read_field(dmi_dir + "/product_version");
    c.serial = read_field(dmi_dir + "/product_serial");
    return c;
}

std::optional<PortHardware> read_port_hardware(const std::string& link_name) {
    if (link_name.empty() || link_name.size() >= IFNAMSIZ) return std::nullopt;
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::nullopt;
    ethtool_drvinfo info{};
    info.cmd = ETHTOOL_GDRVINFO;
    ifreq req{};
    std::memcpy(req.ifr_name, link_name.data(), link_name.size());
    req.ifr_data = reinterpret_cast<char*>(&info);
    int rc = ::ioctl(fd, SIOCETHTOOL, &req);
    ::close(fd);
    if (rc != 0) return std::nullopt;
    auto text = [](const char* field, std::size_t size) { return std::string(field, ::strnlen(field, size)); };
    PortHardware hw;
    hw.driver = text(info.driver, sizeof info.driver);
    hw.bus_info = text(info.bus_info, sizeof info.bus_info);
    // Some virtual drivers fill the field with "N/A" rather than leave it empty.
    if (hw.bus_info == "N/A") hw.bus_info.clear();
    if (!hw.bus_info.empty() && hw.bus_info.find('/') == std::string::npos) {
        std::string dev = "/sys/bus/pci/devices/" + hw.bus_info;
        hw.pci_vendor = pci_id(dev + "/vendor");
        hw.pci_device = pci_id(dev + "/device");
        if (!hw.pci_vendor.empty()) hw.pci_revision = pci_id(dev + "/revision");
    }
    return hw;
}

bool clock_synchronized() {
    timex tx{};
    int state = ::adjtimex(&tx);
    return state >= 0 && state != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

}  // namespace routerd::platform
