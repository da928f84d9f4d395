#include <catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/show/show_inventory.hpp"

using namespace routerd;

TEST_CASE("show inventory lays out NAME/DESCR and PID/VID/SN as IOS 15") {
    std::vector<show::InventoryItem> items{{"Chassis", "QEMU Standard PC", "Standard PC", "pc-1.0", "S123"},
                                           {"GigabitEthernet0/0", "e1000e network port at PCI 0000:00:19.0",
                                            "8086:15b8", "00", ""}};
    CHECK(show::render_inventory(items) ==
          "NAME: \"Chassis\", DESCR: \"QEMU Standard PC\"\n"
          "PID: Standard PC       , VID: pc-1.0, SN: S123\n\n"
          "NAME: \"GigabitEthernet0/0\", DESCR: \"e1000e network port at PCI 0000:00:19.0\"\n"
          "PID: 8086:15b8         , VID: 00  , SN: \n\n");
}

TEST_CASE("show inventory leaves a field empty when the firmware gives none") {
    auto dir = std::filesystem::temp_directory_path() / "routerd-dmi-test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "sys_vendor") << "Dell Inc.\n";
    std::ofstream(dir / "product_name") << "PowerEdge R640   \n";
    // product_version and product_serial absent: nothing is made up for them.
    auto c = platform::read_chassis_info(dir.string());
    std::filesystem::remove_all(dir);
    CHECK(c.vendor == "Dell Inc.");
    CHECK(c.product == "PowerEdge R640");
    CHECK(c.version.empty());
    CHECK(c.serial.empty());
    auto item = show::chassis_item(c);
    CHECK(show::render_inventory({item}) ==
          "NAME: \"Chassis\", DESCR: \"Dell Inc. PowerEdge R640\"\n"
          "PID: PowerEdge R640    , VID:     , SN: \n\n");
    CHECK(show::render_inventory({show::chassis_item({})}) ==
          "NAME: \"Chassis\", DESCR: \"\"\n"
          "PID:                   , VID:     , SN: \n\n");
}

TEST_CASE("a port without a PCI device says where its driver put it, no made-up ids") {
    platform::PortHardware hw{"cdc_ether", "usb-0000:00:14.0-1", "", "", ""};
    auto item = show::port_item("GigabitEthernet0/1", hw);
    CHECK(item.descr == "cdc_ether network port at usb-0000:00:14.0-1");
    CHECK(item.pid.empty());
    CHECK(item.vid.empty());
    CHECK(item.sn.empty());
}
