#pragma once
// IOS interface names: every type an IOS router or IOS-XE box shows, their abbreviations
// (gi0/0, te0/0/0, po1, vl10, di1, vi1, tu0, lo0), their number ranges, sub-interfaces
// (gi0/0.10) and IOS's ordering of interfaces in `show running-config`.
#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::grammar {

enum class InterfaceType {
    Loopback, Tunnel, Ethernet, FastEthernet, GigabitEthernet, Serial, Null,
    TenGigabitEthernet, TwoGigabitEthernet, TwentyFiveGigE, FortyGigabitEthernet, HundredGigE,
    AppGigabitEthernet, WlanGigabitEthernet, EmbeddedServiceEngine, PortChannel, Vlan, Dialer,
    VirtualTemplate, VirtualAccess, VirtualPpp, Bdi, Bvi, Nvi, Multilink, Mfr, Atm, Async, Bri,
    Cellular, Pos,
};

struct InterfaceTypeInfo {
    InterfaceType type;
    std::string_view name;         // "GigabitEthernet"
    std::string_view help;         // `interface ?` help text
    std::string_view number_help;  // help of the number that follows
    bool slotted;                  // numbers like 0/0 or 0/0/0 (hardware) rather than one integer
    bool subinterfaces;            // takes ".N" (gi0/0.10, Port-channel1.100)
    std::uint32_t lo = 0, hi = 0;  // the range of a plain number (virtual types)
    int rank = 0;                  // position of the type in `show running-config`
};

// The types in IOS's matching order: an abbreviation that several types share means the
// first of them (`t` is Tunnel, `te` TenGigabitEthernet, `vi` Virtual-Access).
std::span<const InterfaceTypeInfo> interface_types();
const InterfaceTypeInfo& info(InterfaceType type);

struct InterfaceName {
    InterfaceType type;
    std::string number;  // "0/0", "0", "0/1.10"

    std::string canonical() const;  // "GigabitEthernet0/0"
    // A hardware port: it cannot be removed with `no interface`.
    bool is_physical() const;
    bool is_subinterface() const;
    // The interface a sub-interface belongs to (itself for others).
    InterfaceName parent() const;
    // IOS lists virtual interfaces first (Loopback, Tunnel), then physical ones by type and
    // then by each number component compared numerically.
    std::strong_ordering operator<=>(const InterfaceName& other) const;
    bool operator==(const InterfaceName& other) const = default;
};

// The leading part of `text` that names a type: letters, and hyphens inside the name
// ("Port-channel", "Virtual-Template").
std::size_t type_prefix_length(std::string_view text);
// Types whose name starts with `prefix` (case-insensitive), in matching order.
std::vector<const InterfaceTypeInfo*> types_matching(std::string_view prefix);
// The type `prefix` means: an exact name, else the first type it abbreviates.
const InterfaceTypeInfo* resolve_type(std::string_view prefix);
// A valid number for that type ("0/0" for physical types, "12" for Loopback).
bool valid_interface_number(InterfaceType type, std::string_view number);
// How many leading characters of `number` can still begin a valid number.
std::size_t viable_number_prefix(InterfaceType type, std::string_view number);
// The `?` placeholder after a bare type: "<0-2147483647>", "<0-9>".
std::string number_placeholder(InterfaceType type);
// "gi0/0", "GigabitEthernet0/0", "Tunnel 0" (type and number in one or two words).
std::optional<InterfaceName> parse_interface_name(std::string_view text);

}  // namespace routerd::grammar
