#include "engine/show/show_inventory.hpp"


namespace routerd::show {

// IOS-XE's virtual routers (CSR1000V, C8000V) name their chassis "Chassis" and describe it in
// words; here the words are the firmware's vendor and product names.
InventoryItem chassis_item(const platform::ChassisInfo& c) {
    std::string descr = c.vendor;
    if (!c.product.empty()) descr += (descr.empty() ? "" : " ") + c.product;
    return {"Chassis", descr, c.product, c.version, c.serial};
}

// IOS names a port module by its slot; a Linux port has no slot, so the entry carries the
// interface's own name. The PID is the PCI vendor:device pair (the hardware's identity as
// lspci prints it), the VID its revision; a NIC has no serial number the kernel reports, so
// SN stays empty rather than borrow the MAC address.
InventoryItem port_item(const std::string& ios_name, const platform::PortHardware& hw) {
    InventoryItem item;
    item.name = ios_name;
    item.descr = hw.driver + " network port";
    if (!hw.bus_info.empty()) item.descr += (hw.pci_vendor.empty() ? " at " : " at PCI ") + hw.bus_info;
    if (!hw.pci_vendor.empty()) item.pid = hw.pci_vendor + ":" + hw.pci_device;
    item.vid = hw.pci_revision;
    return item;
}

// IOS 15 pads the PID to 18 columns and the VID to 4 (`PID: CISCO2911/K9      , VID: V06 ,
// SN: FTX1234ABCD`), also when they are empty (`PID:                   , VID:     , SN:`).
std::string render_inventory(const std::vector<InventoryItem>& items) {
    auto pad = [](std::string s, std::size_t width) {
        if (s.size() < width) s.append(width - s.size(), ' ');
        return s;
    };
    std::string out;
    for (const auto& i : items) {
        out += "NAME: \"" + i.name + "\", DESCR: \"" + i.descr + "\"\n";
        out += "PID: " + pad(i.pid, 18) + ", VID: " + pad(i.vid, 4) + ", SN: " + i.sn + "\n\n";
    }
    return out;
}

}  // namespace routerd::show
