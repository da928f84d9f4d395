#pragma once
// `show ip ospf neighbor` in IOS 15's layout, rendered from FRR's ospfd (`show ip ospf neighbor
// json`). FRR names interfaces by their Linux links; the caller maps them to IOS names.
#include <cstdint>
#include <functional>
#include <string>

namespace routerd::show {

// Linux link name ("eth0") -> IOS interface name ("GigabitEthernet0/0").
using IosInterfaceName = std::function<std::string(const std::string& linux_name)>;

// "00:00:32"
std::string ios_hms(std::uint64_t seconds);

// An OSPF neighbor state as IOS shows it: FRR's "Full/Backup" is "FULL/BDR", "Full/-" (a
// point-to-point link) "FULL/  -", "2-Way/DROther" "2WAY/DROTHER".
std::string ios_ospf_state(const std::string& frr_state);

// `show ip ospf neighbor`: neighbor_json is FRR's `show ip ospf neighbor json`. No OSPF or no
// neighbor: nothing, as IOS prints.
std::string render_ip_ospf_neighbor(const std::string& neighbor_json, const IosInterfaceName& ios_name);

// `show ip ospf interface brief`: interface_json is FRR's `show ip ospf interface json`;
// process_id IOS's `router ospf N` (FRR runs one unnumbered instance). Interfaces by IOS's
// short names (Gi0/0), areas in decimal, FRR's costs and states (DR, BDR, DROTH, P2P, LOOP,
// WAIT, DOWN), full adjacencies over neighbors.
std::string render_ip_ospf_interface_brief(const std::string& interface_json, const std::string& process_id,
                                           const IosInterfaceName& ios_name);

// `show ip ospf`: ospf_json is FRR's `show ip ospf json`. IOS's lines for the values FRR
// reports (timers, LSA counts and checksums, areas with their SPF runs); the ones FRR has no
// value for (start time, NSF, pacing timers, ...) are left out. No OSPF: nothing.
std::string render_ip_ospf(const std::string& ospf_json, const std::string& process_id);

}  // namespace routerd::show
