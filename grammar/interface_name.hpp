#pragma once
// IOS interface names: the types we model, their abbreviations (gi0/0, fa0, e0/1, se1/2, lo0, tu0)
// and IOS's ordering of interfaces in `show running-config`.
#include <compare>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::grammar {

enum class InterfaceType { Loopback, Tunnel, Ethernet, FastEthernet, GigabitEthernet, Serial, Null };

struct InterfaceTypeInfo {
    InterfaceType type;
    std::string_view name;         // "GigabitEthernet"
    std::string_view help;         // `interface ?` help text
    std::string_view number_help;  // help of the number that follows
    bool slotted;                  // numbers like 0/0 (physical) rather than a plain integer
};

std::span<const InterfaceTypeInfo> interface_types();
const InterfaceTypeInfo& info(InterfaceType type);

struct InterfaceName {
    InterfaceType type;
    std::string number;  // "0/0", "0", "0/1.10"

    std::string canonical() const;  // "GigabitEthernet0/0"
    bool is_physical() const;
    // IOS lists virtual interfaces first (Loopback, Tunnel), then physical ones by type and
    // then by each number component compared numerically.
    std::strong_ordering operator<=>(const InterfaceName& other) const;
    bool operator==(const InterfaceName& other) const = default;
};

// Types whose name starts with `prefix` (case-insensitive). Exact names win over prefixes.
std::vector<const InterfaceTypeInfo*> types_matching(std::string_view prefix);
// A valid number for that type ("0/0" for physical types, "12" for Loopback).
bool valid_interface_number(InterfaceType type, std::string_view number);
// How many leading characters of `number` can still begin a valid number.
std::size_t viable_number_prefix(InterfaceType type, std::string_view number);
// "gi0/0", "GigabitEthernet0/0", "Tunnel 0" (type and number in one or two words).
std::optional<InterfaceName> parse_interface_name(std::string_view text);

}  // namespace routerd::grammar
