#include "engine/config/stored_config.hpp"

#include "engine/config/access_groups.hpp"
#include "engine/config/nat_config.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "engine/config/logging_config.hpp"

namespace routerd::config {
bool begins_with_words(std::string_view text, std::string_view words) {
    if (text.size() < words.size() || text.substr(0, words.size()) != words) return false;
    return text.size() == words.size() || text[words.size()] == ' ';
}

namespace {

struct Placement {
    std::string_view words;
    StoredSection section;
};

// Longest prefix first where prefixes overlap (`ip route vrf` before `ip`).
constexpr std::array kPlacements{
    Placement{"service", StoredSection::Services},
    Placement{"no service", StoredSection::Services},
    Placement{"boot-start-marker", StoredSection::Boot},
    Placement{"boot-end-marker", StoredSection::Boot},
    Placement{"boot", StoredSection::Boot},
    Placement{"vrf", StoredSection::Boot},
    // IOS 15 shows these in this order near the end: trap level, facility, origin-id,
    // source-interface, then the hosts.
    Placement{"logging trap", StoredSection::AfterRoutes},
    Placement{"no logging trap", StoredSection::AfterRoutes},
    Placement{"logging facility", StoredSection::AfterRoutes},
    Placement{"logging origin-id", StoredSection::AfterRoutes},
    Placement{"logging source-interface", StoredSection::AfterRoutes},
    Placement{"logging host", StoredSection::AfterRoutes},
    Placement{"logging", StoredSection::Boot},
    Placement{"no logging", StoredSection::Boot},
    Placement{"card", StoredSection::Boot},
    Placement{"enable password", StoredSection::Aaa},
    Placement{"aaa", StoredSection::Aaa},
    Placement{"no aaa", StoredSection::Aaa},
    Placement{"clock", StoredSection::Aaa},
    Placement{"network-clock", StoredSection::Aaa},
    Placement{"network-clock-participate", StoredSection::Aaa},
    Placement{"mmi", StoredSection::Aaa},
    Placement{"no mmi", StoredSection::Aaa},
    Placement{"ip dhcp", StoredSection::IpServices},
    Placement{"no ip dhcp", StoredSection::IpServices},
    Placement{"ip domain list", StoredSection::IpServices},
    Placement{"ip domain-list", StoredSection::IpServices},
    Placement{"ip domain retry", StoredSection::IpServices},
    Placement{"ip domain timeout", StoredSection::IpServices},
    Placement{"ip host", StoredSection::IpServices},
    Placement{"ip name-server", StoredSection::IpServices},
    Placement{"ip cef", StoredSection::IpServices},
    Placement{"no ip cef", StoredSection::IpServices},
    Placement{"ip subnet-zero", StoredSection::IpServices},
    Placement{"no ip subnet-zero", StoredSection::IpServices},
    Placement{"ip inspect", StoredSection::IpServices},
    Placement{"ip ips", StoredSection::IpServices},
    Placement{"ip auth-proxy", StoredSection::IpServices},
    Placement{"ip admission", StoredSection::IpServices},
    Placement{"ip vrf", StoredSection::IpServices},
    Placement{"ip multicast-routing", StoredSection::IpServices},
    Placement{"ip sla", StoredSection::AfterLines},
    Placement{"ipv6 route", StoredSection::AfterRoutes},
    Placement{"ipv6 access-list", StoredSection::AfterAcls},
    Placement{"ipv6 prefix-list", StoredSection::AfterRoutes},
    Placement{"ipv6 router", StoredSection::AfterInterfaces},
    Placement{"ipv6", StoredSection::IpServices},
    Placement{"no ipv6", StoredSection::IpServices},
    Placement{"multilink", StoredSection::IpServices},
    Placement{"vpdn", StoredSection::IpServices},
    Placement{"vpdn-group", StoredSection::IpServices},
    Placement{"isdn", StoredSection::IpServices},
    Placement{"login", StoredSection::IpServices},
    Placement{"crypto pki", StoredSection::Pki},
    Placement{"crypto ca", StoredSection::Pki},
    Placement{"crypto key pubkey-chain", StoredSection::Pki},
    Placement{"license", StoredSection::Pki},
    Placement{"archive", StoredSection::Pki},
    Placement{"file", StoredSection::Pki},
    Placement{"key", StoredSection::Pki},
    Placement{"memory-size", StoredSection::Pki},
    Placement{"spanning-tree", StoredSection::Pki},
    Placement{"vtp", StoredSection::Pki},
    Placement{"vlan", StoredSection::Pki},
    Placement{"redundancy", StoredSection::Redundancy},
    Placement{"crypto ikev2 authorization", StoredSection::Ikev2Before},
    Placement{"crypto ikev2", StoredSection::Ikev2After},
    Placement{"no crypto ikev2", StoredSection::Ikev2After},
    Placement{"controller", StoredSection::BeforeCrypto},
    Placement{"track", StoredSection::BeforeCrypto},
    Placement{"class-map", StoredSection::BeforeCrypto},
    Placement{"policy-map", StoredSection::BeforeCrypto},
    Placement{"parameter-map", StoredSection::BeforeCrypto},
    Placement{"zone", StoredSection::BeforeCrypto},
    Placement{"zone-pair", StoredSection::BeforeCrypto},
    Placement{"object-group", StoredSection::BeforeCrypto},
    Placement{"l2tp-class", StoredSection::BeforeCrypto},
    Placement{"pseudowire-class", StoredSection::BeforeCrypto},
    Placement{"crypto map", StoredSection::Crypto},
    Placement{"crypto", StoredSection::Crypto},
    Placement{"resource", StoredSection::IpServices},
    Placement{"password", StoredSection::Pki},
    Placement{"dot11", StoredSection::IpServices},
    Placement{"no crypto", StoredSection::Crypto},
    Placement{"router", StoredSection::AfterInterfaces},
    Placement{"ip forward-protocol", StoredSection::AfterInterfaces},
    Placement{"ip http", StoredSection::AfterInterfaces},
    Placement{"no ip http", StoredSection::AfterInterfaces},
    Placement{"ip nat", StoredSection::AfterInterfaces},
    Placement{"ip dns", StoredSection::AfterInterfaces},
    Placement{"ip tftp", StoredSection::AfterInterfaces},
    Placement{"ip ftp", StoredSection::AfterInterfaces},
    Placement{"ip flow-export", StoredSection::AfterInterfaces},
    Placement{"ip flow-cache", StoredSection::AfterInterfaces},
    Placement{"ip classless", StoredSection::AfterInterfaces},
    Placement{"ip default-gateway", StoredSection::AfterInterfaces},
    Placement{"ip default-network", StoredSection::AfterInterfaces},
    Placement{"ip route vrf", StoredSection::AfterRoutes},
    Placement{"ip ssh", StoredSection::AfterRoutes},
    Placement{"ip scp", StoredSection::AfterRoutes},
    Placement{"ip prefix-list", StoredSection::AfterRoutes},
    Placement{"ip as-path", StoredSection::AfterRoutes},
    Placement{"ip community-list", StoredSection::AfterRoutes},
    Placement{"ip access-list logging", StoredSection::AfterRoutes},
    Placement{"ip radius", StoredSection::AfterRoutes},
    Placement{"ip tacacs", StoredSection::AfterRoutes},
    Placement{"ntp", StoredSection::AfterLines},
    Placement{"scheduler", StoredSection::AfterLines},
    Placement{"event", StoredSection::AfterLines},
    Placement{"webvpn", StoredSection::AfterLines},
    Placement{"diagnostic", StoredSection::Pki},
    Placement{"netconf-yang", StoredSection::AfterLines},
    Placement{"restconf", StoredSection::AfterLines},
    Placement{"end", StoredSection::AfterLines},
};

struct PromptOf {
    std::string_view words;
    std::string_view prompt;
};

constexpr std::array kPrompts{
    PromptOf{"router", "(config-router)#"},
    PromptOf{"ipv6 router", "(config-rtr)#"},
    PromptOf{"route-map", "(config-route-map)#"},
    PromptOf{"ip dhcp pool", "(dhcp-config)#"},
    PromptOf{"ipv6 dhcp pool", "(config-dhcpv6)#"},
    PromptOf{"ip sla", "(config-ip-sla)#"},
    PromptOf{"ip vrf", "(config-vrf)#"},
    PromptOf{"vrf", "(config-vrf)#"},
    PromptOf{"ipv6 access-list", "(config-ipv6-acl)#"},
    PromptOf{"ip access-list logging", "(config)#"},
    PromptOf{"control-plane", "(config-cp)#"},
    PromptOf{"class-map", "(config-cmap)#"},
    PromptOf{"policy-map", "(config-pmap)#"},
    PromptOf{"parameter-map", "(config-profile)#"},
    PromptOf{"object-group", "(config-network-group)#"},
    PromptOf{"zone-pair", "(config-sec-zone-pair)#"},
    PromptOf{"zone", "(config-sec-zone)#"},
    PromptOf{"crypto pki trustpoint", "(ca-trustpoint)#"},
    PromptOf{"crypto pki certificate chain", "(config-cert-chain)#"},
    PromptOf{"crypto pki certificate map", "(ca-certificate-map)#"},
    PromptOf{"crypto pki server", "(cs-server)#"},
    PromptOf{"crypto pki profile", "(ca-profile-enroll)#"},
    PromptOf{"crypto pki trustpool", "(ca-trustpool)#"},
    PromptOf{"crypto ikev2 proposal", "(config-ikev2-proposal)#"},
    PromptOf{"crypto ikev2 policy", "(config-ikev2-policy)#"},
    PromptOf{"crypto ikev2 keyring", "(config-ikev2-keyring)#"},
    PromptOf{"crypto ikev2 profile", "(config-ikev2-profile)#"},
    PromptOf{"crypto ikev2 authorization", "(config-ikev2-author-policy)#"},
    PromptOf{"crypto ikev2 client", "(config-ikev2-flexvpn)#"},
    PromptOf{"crypto isakmp client", "(config-isakmp-group)#"},
    PromptOf{"crypto ipsec client", "(config-crypto-ezvpn)#"},
    PromptOf{"crypto key pubkey-chain", "(config-pubkey-chain)#"},
    PromptOf{"crypto gdoi", "(config-gkm-group)#"},
    PromptOf{"key", "(config-keychain)#"},
    PromptOf{"track", "(config-track)#"},
    PromptOf{"redundancy", "(config-red)#"},
    PromptOf{"controller", "(config-controller)#"},
    PromptOf{"vpdn-group", "(config-vpdn)#"},
    PromptOf{"l2tp-class", "(config-l2tp-class)#"},
    PromptOf{"pseudowire-class", "(config-pw-class)#"},
    PromptOf{"archive", "(config-archive)#"},
    PromptOf{"event", "(config-applet)#"},
    PromptOf{"flow", "(config-flow-exporter)#"},
    PromptOf{"dial-peer", "(config-dial-peer)#"},
    PromptOf{"voice", "(conf-voi-serv)#"},
    PromptOf{"vlan", "(config-vlan)#"},
    PromptOf{"aaa group", "(config-sg-server)#"},
    PromptOf{"radius", "(config-radius-server)#"},
    PromptOf{"tacacs", "(config-server-tacacs)#"},
    PromptOf{"template", "(config-template)#"},
    PromptOf{"call-home", "(cfg-call-home)#"},
    PromptOf{"kron", "(config-kron-policy)#"},
    PromptOf{"webvpn", "(config-webvpn)#"},
    PromptOf{"resource", "(config-res-policy)#"},
    PromptOf{"ip flow-top-talkers", "(config-flow-top-talkers)#"},
};

// IOS keeps one value of these: a new line replaces the old (`clock timezone PST -8`).
constexpr std::array<std::string_view, 17> kSingleValued{
    "clock timezone", "ip default-gateway", "snmp-server location", "snmp-server contact", "ip ssh version",
    "ip ssh time-out", "ip ssh authentication-retries", "logging trap", "logging source-interface", "ip domain timeout",
    "logging facility", "logging console", "logging monitor", "bandwidth", "delay", "load-interval", "duplex",
};

bool single_valued_same(std::string_view a, std::string_view b) {
    if (same_access_group_direction(a, b)) return true;
    if (nat_interface_line_applies(a) && nat_interface_line_applies(b)) return true;  // inside or outside
    for (auto key : kSingleValued)
        if (begins_with_words(a, key) && begins_with_words(b, key)) return true;
    // `speed`, `negotiation`, `keepalive`: one value per interface.
    for (std::string_view key : {"speed", "negotiation", "keepalive", "encapsulation", "delay"})
        if (begins_with_words(a, key) && begins_with_words(b, key)) return true;
    return false;
}

}  // namespace

namespace {
const Placement* placement_of(std::string_view text) {
    const Placement* best = nullptr;
    for (const auto& p : kPlacements)
        if (begins_with_words(text, p.words) && (!best || p.words.size() > best->words.size())) best = &p;
    return best;
}
}  // namespace

StoredSection section_of(std::string_view text) {
    const auto* p = placement_of(text);
    return p ? p->section : StoredSection::AfterAcls;
}

std::size_t order_in_section(std::string_view text) {
    const auto* p = placement_of(text);
    return p ? static_cast<std::size_t>(p - kPlacements.data()) : kPlacements.size();
}

std::string block_prompt(std::string_view header) {
    const PromptOf* best = nullptr;
    for (const auto& p : kPrompts)
        if (begins_with_words(header, p.words) && (!best || p.words.size() > best->words.size())) best = &p;
    return best ? std::string(best->prompt) : "(config)#";
}

StoredLine* find_stored(std::vector<StoredLine>& lines, std::string_view text) {
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->text == text) return &*it;
    return nullptr;
}

StoredLine* keep_line(std::vector<StoredLine>& lines, grammar::Form form, const std::string& body, bool& changed) {
    changed = false;
    const std::string negated = "no " + body;
    auto remove_if = [&](auto pred) {
        auto before = lines.size();
        std::erase_if(lines, pred);
        changed = changed || lines.size() != before;
    };
    // `logging console|monitor|trap`: on with a level, or `no X` (off) — one state, one line.
    auto on_off = logging_switch(body);
    const std::string switched_off = on_off ? "no " + std::string(*on_off) : std::string();
    if (form == grammar::Form::Set) {
        if (auto* same = find_stored(lines, body)) return same;
        // A kept `no X` ends where X or a longer form of it is set again (`no ip http
        // secure-server`, then `ip http secure-server ...`): as `no X` removes every line X
        // begins, the two must never be kept together, or a reload replays them in show order.
        remove_if([&](const StoredLine& l) {
            bool negates = l.text.starts_with("no ") && begins_with_words(body, std::string_view(l.text).substr(3));
            return negates || single_valued_same(l.text, body) || (on_off && l.text == switched_off);
        });
        lines.push_back({body, {}});
        changed = true;
        return &lines.back();
    }
    if (on_off && form == grammar::Form::No) {
        // IOS: `no logging trap warnings` is `no logging trap`, whatever level was set.
        bool was_off = find_stored(lines, switched_off) != nullptr;
        remove_if([&](const StoredLine& l) { return begins_with_words(l.text, *on_off); });
        if (was_off) return find_stored(lines, switched_off);
        lines.push_back({switched_off, {}});
        changed = true;
        return &lines.back();
    }
    // `no X` / `default X`: X itself, or every kept line X begins (`no router bgp 1`,
    // `no ntp server 10.1.1.1` against `ntp server 10.1.1.1 prefer`).
    remove_if([&](const StoredLine& l) { return begins_with_words(l.text, body) || l.text == negated; });
    if (changed || form == grammar::Form::Default || !negation_is_kept(body)) return nullptr;
    if (auto* same = find_stored(lines, negated)) return same;
    lines.push_back({negated, {}});
    changed = true;
    return &lines.back();
}

bool add_child(StoredLine& line, std::string child) {
    // A block's own first-level lines are set once (retyping one changes nothing); deeper lines
    // repeat legitimately (each `certificate` ends with its own `quit`, each address-family
    // lists its neighbors), and so do the lines that close a sub-block.
    bool first_level = child.size() > 1 && child[0] == ' ' && child[1] != ' ';
    bool closes = begins_with_words(std::string_view(child).substr(1), "quit") ||
                  std::string_view(child).substr(1).starts_with("exit");
    if (first_level && !closes && std::find(line.children.begin(), line.children.end(), child) != line.children.end())
        return false;
    line.children.push_back(std::move(child));
    return true;
}

}  // namespace routerd::config
