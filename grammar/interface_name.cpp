#include "grammar/interface_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace routerd::grammar {
namespace {

using T = InterfaceType;
constexpr std::uint32_t kMaxInt = 2147483647;

// Matching order is IOS's habit for the short forms engineers type: `e` Ethernet, `f`
// FastEthernet, `g` GigabitEthernet, `t` Tunnel, `l` Loopback, `s` Serial, `p` Port-channel,
// `v`/`vl` Vlan, `vi` Virtual-Access (IOS's short name "Vi"), `d` Dialer, `n` Null.
// Ranks put Loopback, Port-channel and Tunnel before the hardware and the interfaces IOS
// creates later (Vlan, Virtual-Template, Dialer) after it, as `show running-config` does.
// Ranges are IOS 15 / IOS-XE's (`interface Vlan ?` <1-4094>, `interface Dialer ?` <0-255>).
constexpr std::array<InterfaceTypeInfo, 31> kTypes{{
    {T::Ethernet, "Ethernet", "IEEE 802.3", "Ethernet interface number", true, true, 0, 0, 6},
    {T::FastEthernet, "FastEthernet", "FastEthernet IEEE 802.3", "FastEthernet interface number", true, true, 0, 0, 7},
    {T::GigabitEthernet, "GigabitEthernet", "GigabitEthernet IEEE 802.3z", "GigabitEthernet interface number", true, true, 0, 0, 8},
    {T::Tunnel, "Tunnel", "Tunnel interface", "Tunnel interface number", false, false, 0, kMaxInt, 2},
    {T::Loopback, "Loopback", "Loopback interface", "Loopback interface number", false, false, 0, kMaxInt, 0},
    {T::Serial, "Serial", "Serial", "Serial interface number", true, true, 0, 0, 16},
    {T::PortChannel, "Port-channel", "Ethernet Channel of interfaces", "Port-channel interface number", false, true, 1, 64, 1},
    {T::Vlan, "Vlan", "Catalyst Vlans", "Vlan interface number", false, false, 1, 4094, 24},
    {T::VirtualAccess, "Virtual-Access", "Virtual Access interface", "Virtual-Access interface number", false, true, 1, kMaxInt, 27},
    {T::VirtualTemplate, "Virtual-Template", "Virtual Template interface", "Virtual-Template interface number", false, false, 1, 4095, 26},
    {T::VirtualPpp, "Virtual-PPP", "Virtual PPP interface", "Virtual-PPP interface number", false, false, 1, 4096, 28},
    {T::Dialer, "Dialer", "Dialer interface", "Dialer interface number", false, false, 0, 255, 29},
    {T::Null, "Null", "Null interface", "Null interface number", false, false, 0, 0, 3},
    {T::TenGigabitEthernet, "TenGigabitEthernet", "Ten Gigabit Ethernet", "TenGigabitEthernet interface number", true, true, 0, 0, 10},
    {T::TwoGigabitEthernet, "TwoGigabitEthernet", "Two GigabitEthernet ", "TwoGigabitEthernet interface number", true, true, 0, 0, 9},
    {T::TwentyFiveGigE, "TwentyFiveGigE", "Twenty Five Gigabit Ethernet", "TwentyFiveGigE interface number", true, true, 0, 0, 11},
    {T::FortyGigabitEthernet, "FortyGigabitEthernet", "Forty GigabitEthernet ", "FortyGigabitEthernet interface number", true, true, 0, 0, 12},
    {T::HundredGigE, "HundredGigE", "Hundred GigabitEthernet", "HundredGigE interface number", true, true, 0, 0, 13},
    {T::AppGigabitEthernet, "AppGigabitEthernet", "Application Gigabit Ethernet", "AppGigabitEthernet interface number", true, true, 0, 0, 14},
    {T::Atm, "ATM", "ATM interface", "ATM interface number", true, true, 0, 0, 17},
    {T::Async, "Async", "Async interface", "Async interface number", true, false, 0, 0, 18},
    {T::Bdi, "BDI", "Bridge-Domain interface", "BDI interface number", false, false, 1, 16000, 25},
    {T::Bvi, "BVI", "Bridge-Group Virtual Interface", "BVI interface number", false, false, 1, 255, 25},
    {T::Bri, "BRI", "ISDN Basic Rate Interface", "BRI interface number", true, false, 0, 0, 19},
    {T::Cellular, "Cellular", "Cellular", "Cellular interface number", true, false, 0, 0, 20},
    {T::Multilink, "Multilink", "Multilink-group interface", "Multilink interface number", false, false, 1, kMaxInt, 21},
    {T::Mfr, "MFR", "Multilink Frame Relay bundle interface", "MFR interface number", false, true, 0, kMaxInt, 22},
    {T::Nvi, "NVI", "NAT Virtual Interface", "NVI interface number", false, false, 0, 0, 30},
    {T::EmbeddedServiceEngine, "Embedded-Service-Engine", "cisco embedded service engine module",
     "Embedded-Service-Engine interface number", true, false, 0, 0, 5},
    {T::WlanGigabitEthernet, "Wlan-GigabitEthernet", "Wlan GigabitEthernet", "Wlan-GigabitEthernet interface number", true, false, 0, 0, 15},
    {T::Pos, "POS", "Packet over Sonet", "POS interface number", true, true, 0, 0, 23},
}};

// Hardware slots and ports: IOS boxes number them well below this.
constexpr std::uint32_t kMaxSlot = 999;
constexpr std::uint64_t kMaxSub = 4294967295ULL;

bool iequal_prefix(std::string_view prefix, std::string_view full) {
    if (prefix.size() > full.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(prefix[i])) != std::tolower(static_cast<unsigned char>(full[i])))
            return false;
    return true;
}

// Numbers as IOS writes them: one integer in the type's range for virtual types; "0",
// "0/0", "0/0/0" for hardware; each optionally followed by ".N" where the type has
// sub-interfaces. `viable` is how far the text can still begin a valid number (the caret of
// `% Invalid input`: under the first digit of a number out of range).
bool parse_number(std::string_view s, const InterfaceTypeInfo& t, bool allow_partial, std::size_t* viable) {
    std::size_t i = 0, parts = 0;
    bool sub = false;
    auto fail = [&](std::size_t at) {
        if (viable) *viable = at;
        return false;
    };
    while (true) {
        std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == start) {
            if (viable) *viable = i;
            return allow_partial && i == s.size();
        }
        std::uint64_t v = 0;
        if (i - start > 10 || std::from_chars(s.data() + start, s.data() + i, v).ec != std::errc{}) return fail(start);
        std::uint64_t hi = sub ? kMaxSub : t.slotted ? kMaxSlot : t.hi;
        std::uint64_t lo = sub || t.slotted ? 0 : t.lo;
        if (v > hi) return fail(start);
        ++parts;
        if (i == s.size()) {
            if (v < lo) return fail(start);
            if (viable) *viable = i;
            return true;
        }
        if (v < lo) return fail(start);
        char c = s[i];
        bool slash_ok = c == '/' && t.slotted && !sub && parts < 3;
        bool dot_ok = c == '.' && t.subinterfaces && !sub;
        if (!slash_ok && !dot_ok) return fail(i);
        if (c == '.') sub = true;
        ++i;
    }
}

std::vector<long long> components(std::string_view n) {
    std::vector<long long> out;
    std::size_t i = 0;
    while (i < n.size()) {
        long long v = 0;
        auto [p, ec] = std::from_chars(n.data() + i, n.data() + n.size(), v);
        if (ec != std::errc{}) break;
        out.push_back(v);
        i = static_cast<std::size_t>(p - n.data());
        if (i < n.size()) ++i;  // skip '/' or '.'
    }
    return out;
}

}  // namespace

std::span<const InterfaceTypeInfo> interface_types() { return kTypes; }

const InterfaceTypeInfo& info(InterfaceType type) {
    for (const auto& t : kTypes)
        if (t.type == type) return t;
    return kTypes[0];
}

std::string InterfaceName::canonical() const { return std::string(info(type).name) + number; }

bool InterfaceName::is_physical() const { return info(type).slotted && !is_subinterface(); }

bool InterfaceName::is_subinterface() const { return number.find('.') != std::string::npos; }

InterfaceName InterfaceName::parent() const {
    auto dot = number.find('.');
    return dot == std::string::npos ? *this : InterfaceName{type, number.substr(0, dot)};
}

std::strong_ordering InterfaceName::operator<=>(const InterfaceName& other) const {
    if (auto c = info(type).rank <=> info(other.type).rank; c != 0) return c;
    if (auto c = static_cast<int>(type) <=> static_cast<int>(other.type); c != 0) return c;  // equal ranks (BDI, BVI)
    auto a = components(number), b = components(other.number);
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
}

std::size_t type_prefix_length(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() &&
           (std::isalpha(static_cast<unsigned char>(text[n])) || (text[n] == '-' && n > 0)))
        ++n;
    return n;
}

std::vector<const InterfaceTypeInfo*> types_matching(std::string_view prefix) {
    std::vector<const InterfaceTypeInfo*> out;
    for (const auto& t : kTypes) {
        if (prefix.size() == t.name.size() && iequal_prefix(prefix, t.name)) return {&t};
        if (iequal_prefix(prefix, t.name)) out.push_back(&t);
    }
    return out;
}

const InterfaceTypeInfo* resolve_type(std::string_view prefix) {
    if (prefix.empty()) return nullptr;
    auto types = types_matching(prefix);
    return types.empty() ? nullptr : types.front();
}

bool valid_interface_number(InterfaceType type, std::string_view number) {
    return parse_number(number, info(type), false, nullptr);
}

std::size_t viable_number_prefix(InterfaceType type, std::string_view number) {
    std::size_t viable = 0;
    if (parse_number(number, info(type), true, &viable)) return number.size();
    return viable;
}

std::string number_placeholder(InterfaceType type) {
    const auto& t = info(type);
    if (t.slotted) return "<0-9>";
    return "<" + std::to_string(t.lo) + "-" + std::to_string(t.hi) + ">";
}

std::optional<InterfaceName> parse_interface_name(std::string_view text) {
    std::size_t letters = type_prefix_length(text);
    const auto* type = resolve_type(text.substr(0, letters));
    if (!type) return std::nullopt;
    std::string_view number = text.substr(letters);
    while (!number.empty() && number.front() == ' ') number.remove_prefix(1);
    if (!valid_interface_number(type->type, number)) return std::nullopt;
    return InterfaceName{type->type, std::string(number)};
}

}  // namespace routerd::grammar
