#include "grammar/interface_name.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace routerd::grammar {
namespace {

constexpr std::array<InterfaceTypeInfo, 7> kTypes{{
    {InterfaceType::Ethernet, "Ethernet", "IEEE 802.3", "Ethernet interface number", true},
    {InterfaceType::FastEthernet, "FastEthernet", "FastEthernet IEEE 802.3", "FastEthernet interface number", true},
    {InterfaceType::GigabitEthernet, "GigabitEthernet", "GigabitEthernet IEEE 802.3z", "GigabitEthernet interface number", true},
    {InterfaceType::Loopback, "Loopback", "Loopback interface", "Loopback interface number", false},
    {InterfaceType::Null, "Null", "Null interface", "Null interface number", false},
    {InterfaceType::Serial, "Serial", "Serial", "Serial interface number", true},
    {InterfaceType::Tunnel, "Tunnel", "Tunnel interface", "Tunnel interface number", false},
}};

bool iequal_prefix(std::string_view prefix, std::string_view full) {
    if (prefix.size() > full.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(prefix[i])) != std::tolower(static_cast<unsigned char>(full[i])))
            return false;
    return true;
}

// Numbers as IOS writes them: "12" for virtual types; "0", "0/0", "0/0/0", each optionally
// followed by ".N" (a subinterface) for physical types.
bool parse_components(std::string_view s, bool slotted, bool allow_partial, std::size_t* viable) {
    std::size_t i = 0, parts = 0;
    bool sub = false;
    while (true) {
        std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == start) {
            if (viable) *viable = i;
            return allow_partial && i == s.size();
        }
        ++parts;
        if (i == s.size()) {
            if (viable) *viable = i;
            return true;
        }
        char c = s[i];
        if (!slotted || (c != '/' && c != '.') || sub || (c == '/' && parts >= 3)) {
            if (viable) *viable = i;
            return false;
        }
        if (c == '.') sub = true;
        ++i;
    }
}

}  // namespace

std::span<const InterfaceTypeInfo> interface_types() { return kTypes; }

const InterfaceTypeInfo& info(InterfaceType type) {
    for (const auto& t : kTypes)
        if (t.type == type) return t;
    return kTypes[0];
}

std::string InterfaceName::canonical() const { return std::string(info(type).name) + number; }

bool InterfaceName::is_physical() const { return info(type).slotted; }

namespace {
int rank(InterfaceType t) {
    switch (t) {
        case InterfaceType::Loopback: return 0;
        case InterfaceType::Tunnel: return 1;
        case InterfaceType::Null: return 2;
        case InterfaceType::Ethernet: return 3;
        case InterfaceType::FastEthernet: return 4;
        case InterfaceType::GigabitEthernet: return 5;
        case InterfaceType::Serial: return 6;
    }
    return 7;
}
std::vector<long> components(std::string_view n) {
    std::vector<long> out;
    std::size_t i = 0;
    while (i < n.size()) {
        long v = 0;
        auto [p, ec] = std::from_chars(n.data() + i, n.data() + n.size(), v);
        if (ec != std::errc{}) break;
        out.push_back(v);
        i = static_cast<std::size_t>(p - n.data());
        if (i < n.size()) ++i;  // skip '/' or '.'
    }
    return out;
}
}  // namespace

std::strong_ordering InterfaceName::operator<=>(const InterfaceName& other) const {
    if (auto c = rank(type) <=> rank(other.type); c != 0) return c;
    auto a = components(number), b = components(other.number);
    return std::lexicographical_compare_three_way(a.begin(), a.end(), b.begin(), b.end());
}

std::vector<const InterfaceTypeInfo*> types_matching(std::string_view prefix) {
    std::vector<const InterfaceTypeInfo*> out;
    for (const auto& t : kTypes) {
        if (prefix.size() == t.name.size() && iequal_prefix(prefix, t.name)) return {&t};
        if (iequal_prefix(prefix, t.name)) out.push_back(&t);
    }
    return out;
}

bool valid_interface_number(InterfaceType type, std::string_view number) {
    return parse_components(number, info(type).slotted, false, nullptr);
}

std::size_t viable_number_prefix(InterfaceType type, std::string_view number) {
    std::size_t viable = 0;
    if (parse_components(number, info(type).slotted, true, &viable)) return number.size();
    return viable;
}

std::optional<InterfaceName> parse_interface_name(std::string_view text) {
    std::size_t letters = 0;
    while (letters < text.size() && std::isalpha(static_cast<unsigned char>(text[letters]))) ++letters;
    if (letters == 0) return std::nullopt;
    auto types = types_matching(text.substr(0, letters));
    if (types.size() != 1) return std::nullopt;
    std::string_view number = text.substr(letters);
    while (!number.empty() && number.front() == ' ') number.remove_prefix(1);
    if (!valid_interface_number(types[0]->type, number)) return std::nullopt;
    return InterfaceName{types[0]->type, std::string(number)};
}

}  // namespace routerd::grammar
