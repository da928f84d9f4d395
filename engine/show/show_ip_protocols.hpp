#pragma once
// `show ip protocols` in IOS 15's layout for the routing protocols FRR runs for routerd. Every
// value comes from FRR: its JSON answers, and its own running-config (`show running-config`
// of vtysh) for what it reports only there (networks, filters, distances). A line of IOS's
// for which FRR has no value is left out.
#include <string>
#include <variant>
#include <vector>

#include "engine/show/show_ip_ospf.hpp"

namespace routerd::show {

struct OspfProtocolSource {
    std::string process_id;     // IOS's `router ospf N` (FRR runs one unnumbered instance)
    std::string ospf_json;      // `show ip ospf json`
    std::string interface_json; // `show ip ospf interface json`
    std::string database_json;  // `show ip ospf database json`
};

struct BgpProtocolSource {
    std::string summary_json;    // `show bgp ipv4 unicast summary json`
    std::string neighbors_json;  // `show ip bgp neighbors json`
};

using ProtocolSource = std::variant<OspfProtocolSource, BgpProtocolSource>;

// The protocols in the order IOS lists them (the order they were configured); a protocol whose
// JSON says FRR runs no such instance is left out. frr_running_config is vtysh's `show
// running-config`.
std::string render_ip_protocols(const std::vector<ProtocolSource>& protocols, const std::string& frr_running_config,
                                const IosInterfaceName& ios_name);

}  // namespace routerd::show
