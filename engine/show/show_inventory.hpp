#pragma once
// `show inventory` in IOS's layout: per part a `NAME: "...", DESCR: "..."` line and a
// `PID: ..., VID: ..., SN: ...` line, a blank line after each (what ntc-templates'
// cisco_ios_show_inventory and ios_facts read).
#include <string>
#include <vector>

#include "platform/system_info.hpp"

namespace routerd::show {

struct InventoryItem {
    std::string name, descr, pid, vid, sn;
};

// The chassis entry from the firmware's own description; empty fields where it gives none.
InventoryItem chassis_item(const platform::ChassisInfo& chassis);
// A port's entry: its IOS name, and what its driver and bus say of the hardware behind it.
InventoryItem port_item(const std::string& ios_name, const platform::PortHardware& hw);
std::string render_inventory(const std::vector<InventoryItem>& items);

}  // namespace routerd::show
