#pragma once
// Lines an IOS router accepts that this box keeps without carrying them out: each with the
// lines typed under it (a `router bgp` block's `neighbor` lines, a `pvc`'s own lines). They
// show in `show running-config` where IOS shows them and are saved with the rest, so a paste
// and `write memory` lose nothing.
#include <string>
#include <string_view>
#include <vector>

#include "grammar/command.hpp"

namespace routerd::config {

struct StoredLine {
    std::string text;                   // canonical keywords, then the rest as typed
    std::vector<std::string> children;  // each with its indentation relative to `text`
    bool operator==(const StoredLine&) const = default;
};

// Where a global stored line shows in `show running-config`, in IOS's order relative to what
// is modelled (render.cpp places each section).
enum class StoredSection {
    Services,        // after `service ...`
    Boot,            // after hostname: boot markers, logging, vrf definitions
    Aaa,             // after enable secret: aaa, clock
    IpServices,      // after the domain lines: ip dhcp, ip cef, ipv6 unicast-routing, multilink
    Pki,             // before usernames: crypto pki, license, archive, key chain
    Redundancy,      // after usernames: redundancy
    Ikev2Before,     // kept IKEv2 blocks IOS shows before the proposals (authorization policies)
    Ikev2After,      // kept IKEv2 lines after the modelled ones (client flexvpn, fragmentation)
    BeforeCrypto,    // after IKEv2: controller, class-map, policy-map, zone, track
    Crypto,          // after the modelled crypto: IKEv2, Easy VPN, GDOI
    AfterInterfaces, // router, ip forward-protocol, ip http, ip nat
    AfterRoutes,     // ip route vrf, ipv6 route, ip ssh, ip prefix-list, logging host/trap
    AfterAcls,       // route-map, snmp-server, radius, tacacs, control-plane, dial-peer
    AfterLines,      // ntp, scheduler, event manager, webvpn
};

// `text` is `words` or begins with them followed by a blank ("ip nat" in "ip nat inside").
bool begins_with_words(std::string_view text, std::string_view words);

StoredSection section_of(std::string_view text);
// The order of kinds of lines inside a section, as IOS prints them (`router` before
// `ip forward-protocol` before `ip http` before `ip nat`); lines of one kind keep their order.
std::size_t order_in_section(std::string_view text);
// The prompt IOS shows inside a block: "(config-router)#" for `router bgp 1`.
std::string block_prompt(std::string_view header);

// Keeps `body` (the line without `no`/`default`) in `lines` as IOS would: a repeated line
// changes nothing; `no X` removes X (or the lines and blocks that begin with X) and, when
// there was nothing to remove, is itself kept (`no ip http server`); X replaces a kept
// `no X`; a single-valued command (`clock timezone`) replaces its earlier value; `default X`
// removes X and `no X`. `logging console|monitor|trap` are switches: `no X` replaces any level
// and is kept (logging_config.hpp); `no logging host X` with no such host keeps nothing.
// Returns the line now kept (for children), or nullptr.
StoredLine* keep_line(std::vector<StoredLine>& lines, grammar::Form form, const std::string& body, bool& changed);
// The kept line `text` (the last one so spelled), or nullptr.
StoredLine* find_stored(std::vector<StoredLine>& lines, std::string_view text);
// Adds a child line unless the block has it already.
bool add_child(StoredLine& line, std::string child);

}  // namespace routerd::config
