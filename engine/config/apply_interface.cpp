// `interface X` and the interface sub-mode: description, ip address, shutdown.
#include <algorithm>

#include "engine/config/apply.hpp"

namespace routerd::config {
namespace {

using grammar::CommandId;
using grammar::Form;

char hex_digit(unsigned v) { return "0123456789ABCDEF"[v & 0xf]; }

std::string mask_hex(std::uint32_t mask) {
    std::string out = "0x";
    for (int s = 28; s >= 0; s -= 4) out += hex_digit(mask >> s);
    return out;
}

int mask_length(std::uint32_t mask) {
    int n = 0;
    while (n < 32 && (mask & (0x80000000u >> n))) ++n;
    return n;
}

// IOS refuses an address whose subnet overlaps another interface's ("% 12.1.1.0 overlaps with
// Serial1/2"), and a mask that is not contiguous or leaves a network/broadcast host part.
bool check_address(ApplyContext& ctx, const InterfaceConfig& self, const Ipv4WithMask& a) {
    if (!contiguous_mask(a.mask)) {
        ctx.out += "Bad mask " + mask_hex(a.mask) + " for address " + format_ipv4(a.address) + "\n";
        return false;
    }
    int len = mask_length(a.mask);
    std::uint32_t host = a.address & ~a.mask;
    if (len < 31 && (host == 0 || host == ~a.mask)) {
        ctx.out += "Bad mask /" + std::to_string(len) + " for address " + format_ipv4(a.address) + "\n";
        return false;
    }
    // Every interface is asked on every address line: its addresses are read where they are,
    // not gathered into a new list each (that copy was most of a 1,000-loopback paste's check).
    auto overlaps = [&](const Ipv4WithMask& t) { return subnets_overlap(t, a); };
    for (const auto& [name, other] : ctx.config.interfaces) {
        bool overlap = (other.address && overlaps(*other.address)) ||
                       std::any_of(other.secondaries.begin(), other.secondaries.end(), overlaps);
        if (overlap && name != self.name) {
            ctx.out += "% " + format_ipv4(a.address & a.mask) + " overlaps with " + name.canonical() + "\n";
            return false;
        }
    }
    // An address the box's own link holds, set outside routerd, is as much that interface's
    // (`show ip interface brief` shows it there), so IOS's refusal covers it too.
    if (ctx.box_overlap)
        if (auto holder = ctx.box_overlap(a, self.name)) {
            ctx.out += "% " + format_ipv4(a.address & a.mask) + " overlaps with " + holder->canonical() + "\n";
            return false;
        }
    return true;
}

bool lan_type(grammar::InterfaceType t) {
    using enum grammar::InterfaceType;
    switch (t) {
        case Ethernet: case FastEthernet: case GigabitEthernet: case TenGigabitEthernet: case TwoGigabitEthernet:
        case TwentyFiveGigE: case FortyGigabitEthernet: case HundredGigE: case AppGigabitEthernet: case PortChannel:
            return true;
        default: return false;
    }
}


ApplyResult apply_address(ApplyContext& ctx, InterfaceConfig& i) {
    const auto& m = ctx.match;
    AddressMethod method = ctx.from_startup ? AddressMethod::Nvram : AddressMethod::Manual;
    if (m.form() != Form::Set) {
        if (m.values().empty()) {
            i.address.reset();
            i.secondaries.clear();
            i.method = AddressMethod::Unset;
            return changed_result();
        }
        Ipv4WithMask a{*grammar::parse_ipv4(m.value(0)), *grammar::parse_ipv4(m.value(1))};
        if (m.has("secondary")) {
            auto before = i.secondaries.size();
            std::erase(i.secondaries, a);
            if (before == i.secondaries.size()) ctx.out += "Secondary address not found\n";
        } else if (i.address == a) {
            if (!i.secondaries.empty()) {
                ctx.out += "Must delete secondary before deleting primary\n";
                return {};
            }
            i.address.reset();
            i.method = AddressMethod::Unset;
        } else {
            ctx.out += "Invalid address\n";
            return {};
        }
        return changed_result();
    }
    Ipv4WithMask a{*grammar::parse_ipv4(m.value(0)), *grammar::parse_ipv4(m.value(1))};
    if (!check_address(ctx, i, a)) return {};
    if (m.has("secondary")) {
        if (std::find(i.secondaries.begin(), i.secondaries.end(), a) == i.secondaries.end()) i.secondaries.push_back(a);
    } else {
        i.address = a;
    }
    i.method = method;
    return changed_result();
}

}  // namespace

InterfaceConfig* current_interface(ApplyContext& ctx) {
    auto name = grammar::parse_interface_name(ctx.frame.context);
    if (!name) return nullptr;
    auto it = ctx.config.interfaces.find(*name);
    return it == ctx.config.interfaces.end() ? nullptr : &it->second;
}

std::optional<ApplyResult> apply_interface(ApplyContext& ctx) {
    const auto& m = ctx.match;
    auto& c = ctx.config;
    if (m.id() == CommandId::Interface) {
        auto name = grammar::parse_interface_name(m.value(0));
        if (!name) return ApplyResult{};
        if (m.form() == Form::No) {
            if (name->is_physical()) {
                ctx.out += "% Removal of physical interfaces is not permitted\n";
                return ApplyResult{};
            }
            return ApplyResult{std::nullopt, std::nullopt, c.interfaces.erase(*name) > 0, std::nullopt, {}, {}, std::nullopt, std::nullopt};
        }
        if (m.form() == Form::Default) {
            if (auto it = c.interfaces.find(*name); it != c.interfaces.end()) it->second = InterfaceConfig::named(*name);
            ctx.out += "Interface " + name->canonical() + " set to default configuration\n";
            return changed_result();
        }
        auto [it, inserted] = c.interfaces.try_emplace(*name, InterfaceConfig::named(*name));
        std::string suffix;
        if (m.has("type")) suffix = "type " + m.after("type");
        else if (m.has("point-to-point")) suffix = "point-to-point";
        else if (m.has("multipoint")) suffix = "multipoint";
        bool changed = inserted;
        if (!suffix.empty() && it->second.header_suffix != suffix) {
            it->second.header_suffix = suffix;
            changed = true;
        }
        auto mode = name->is_subinterface() ? grammar::Mode::ConfigSubif : grammar::Mode::ConfigIf;
        return ApplyResult{grammar::ModeFrame{mode, name->canonical()}, std::nullopt, changed, std::nullopt, {}, {}, std::nullopt, std::nullopt};
    }
    bool set = m.form() == Form::Set;
    switch (m.id()) {
        case CommandId::Description:
        case CommandId::IpAddress:
        case CommandId::Shutdown:
        case CommandId::InterfaceMtu:
        case CommandId::EncapsulationDot1q: break;
        default: return std::nullopt;
    }
    InterfaceConfig* i = current_interface(ctx);
    if (!i) return ApplyResult{};
    switch (m.id()) {
        case CommandId::InterfaceMtu:
            i->link_mtu = set ? std::optional(static_cast<std::uint32_t>(std::stoul(m.value(0)))) : std::nullopt;
            return changed_result();
        case CommandId::EncapsulationDot1q:
            if (set) {
                i->dot1q_vlan = static_cast<std::uint32_t>(std::stoul(m.value(0)));
                i->dot1q_native = m.has("native");
            } else {
                i->dot1q_vlan.reset();
                i->dot1q_native = false;
            }
            return changed_result();
        case CommandId::IpAddress:
            // IOS routes on a LAN sub-interface only once it is in a VLAN.
            if (set && i->name.is_subinterface() && lan_type(i->name.type) && !i->dot1q_vlan) {
                ctx.out += "% Configuring IP routing on a LAN subinterface is only allowed if that \n"
                           "subinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q, \n"
                           "or ISL vLAN.\n";
                return ApplyResult{};
            }
            break;
        default: break;
    }
    switch (m.id()) {
        case CommandId::Description:
            i->description = set ? m.value(0).substr(0, 240) : "";
            return changed_result();
        case CommandId::IpAddress: return apply_address(ctx, *i);
        case CommandId::Shutdown:
            i->shutdown = set;
            return changed_result();
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
