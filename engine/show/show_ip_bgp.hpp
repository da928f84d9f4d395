#pragma once
// `show ip bgp summary` and `show ip bgp` in IOS 15's layout, rendered from what FRR's bgpd
// answers (its JSON: `show bgp ipv4 unicast summary json`, `show ip bgp json`). Only values
// FRR reports are shown: a line of IOS's for which FRR has no value is left out.
#include <cstdint>
#include <string>

namespace routerd::show {

// IOS's answer to a BGP show command when no BGP process runs.
inline constexpr const char* kBgpNotActive = "% BGP not active\n";

// An elapsed time as IOS's tables print it: "00:20:06" under a day, then "1d02h", "3w0d",
// "1y10w".
std::string ios_elapsed(std::uint64_t seconds);

// `show ip bgp summary`:
// - summary_json: FRR's `show bgp ipv4 unicast summary json` (or `show ip bgp summary json`,
//   the same object under "ipv4Unicast"): identifier, AS, table version, memory, neighbors;
// - statistics_json: FRR's `show bgp ipv4 unicast statistics json`, for the network-entry
//   count (the summary's own ribCount counts the route tree's inner nodes too); "": no line;
// - table_json: FRR's `show ip bgp json`, needed only when BGP runs without neighbors (FRR's
//   summary is then `{}`): identifier, AS and table version come from it.
// FRR's answers with no BGP instance (`{}`, nothing, its "instance not found" warning):
// kBgpNotActive.
std::string render_ip_bgp_summary(const std::string& summary_json, const std::string& statistics_json = "",
                                  const std::string& table_json = "");

// True when FRR's summary has no BGP instance's data, so that render_ip_bgp_summary needs the
// table: BGP without neighbors, or no BGP at all.
bool bgp_summary_needs_table(const std::string& summary_json);

// `show ip bgp`: table_json is FRR's `show ip bgp json`. Networks in address order, each
// path as FRR lists them; classful networks without their length, as IOS prints them.
std::string render_ip_bgp(const std::string& table_json);

}  // namespace routerd::show
