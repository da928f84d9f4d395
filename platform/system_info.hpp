#pragma once
// Facts about the box that `show version` and `show inventory` print, read from the OS.
#include <cstdint>
#include <optional>
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

// The chassis as its firmware describes it (SMBIOS through the kernel's DMI files). A field
// the firmware does not give, or that this process may not read (product_serial is root's
// only), stays empty: `show inventory` then prints an empty field, as IOS does for a part
// without an ID PROM, never a made-up value.
struct ChassisInfo {
    std::string vendor;   // sys_vendor
    std::string product;  // product_name
    std::string version;  // product_version
    std::string serial;   // product_serial
};
ChassisInfo read_chassis_info(const std::string& dmi_dir = "/sys/class/dmi/id");

// A network port's hardware as its driver reports it (ethtool's driver information, asked in
// routerd's own network namespace, where sysfs's /sys/class/net may be another namespace's),
// and for a PCI device its ids from sysfs. nullopt when the driver does not answer.
struct PortHardware {
    std::string driver;    // "e1000e", "virtio_net", "veth"
    std::string bus_info;  // "0000:00:03.0"; empty for a link without a device (veth, dummy)
    std::string pci_vendor, pci_device, pci_revision;  // "1af4", "1000", "00"; empty unless PCI
};
std::optional<PortHardware> read_port_hardware(const std::string& link_name);

}  // namespace routerd::platform
