// The routing protocols' show commands, rendered from JSON a real FRR 8.4.4 gave
// (tests/show/data/, captured by data/capture.sh). The rendered text is kept beside it in
// data/expected/ (what the ntc-templates test parses); ROUTERD_UPDATE_GOLDEN=1 rewrites those
// files: read their diff before committing them.
#include <catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>

#include "engine/show/show_ip_bgp.hpp"
#include "engine/show/show_ip_ospf.hpp"
#include "engine/show/show_ip_protocols.hpp"
#include "tests/support/show_data.hpp"

using namespace routerd;

namespace {

std::string data(const std::string& name) { return test::show_data(name); }

void check_golden(const std::string& name, const std::string& text) {
    std::string path = std::string(ROUTERD_SHOW_DATA_DIR) + "/expected/" + name;
    if (std::getenv("ROUTERD_UPDATE_GOLDEN")) std::ofstream(path) << text;
    CHECK(text == data("expected/" + name));
}

// What routerd's interface map would say for the captures' links.
std::string ios_name(const std::string& link) {
    static const std::map<std::string, std::string> names{
        {"eth0", "GigabitEthernet0/0"}, {"eth1", "GigabitEthernet0/1"}, {"lo", "Loopback0"}};
    auto it = names.find(link);
    return it == names.end() ? link : it->second;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE("ios_elapsed: hh:mm:ss under a day, then days+hours, weeks+days, years+weeks") {
    CHECK(show::ios_elapsed(0) == "00:00:00");
    CHECK(show::ios_elapsed(20 * 60 + 6) == "00:20:06");
    CHECK(show::ios_elapsed(86399) == "23:59:59");
    CHECK(show::ios_elapsed(86400 + 2 * 3600 + 59) == "1d02h");
    CHECK(show::ios_elapsed(9 * 86400) == "1w2d");
    CHECK(show::ios_elapsed(21 * 86400) == "3w0d");
    CHECK(show::ios_elapsed(365 * 86400 + 10 * 7 * 86400) == "1y10w");
}

TEST_CASE("show ip bgp summary: IOS layout from FRR's summary") {
    auto out = show::render_ip_bgp_summary(data("r1-show_bgp_ipv4_unicast_summary.json"),
                                           data("r1-show_bgp_ipv4_unicast_statistics.json"));
    CHECK_FALSE(show::bgp_summary_needs_table(data("r1-show_bgp_ipv4_unicast_summary.json")));
    check_golden("r1-show_ip_bgp_summary.txt", out);
    CHECK(out.rfind("BGP router identifier 1.1.1.1, local AS number 65001\n"
                    "BGP table version is 5, main routing table version 5\n"
                    "5 network entries using 1536 bytes of memory\n"
                    "\n"
                    "Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd\n",
                    0) == 0);
    // Established: the prefixes received; otherwise the state, "Idle (Admin)" when shut down.
    CHECK(out.find("\n10.0.0.2        4        65002       7       7        0    0    0 00:01:54        2\n") !=
          std::string::npos);
    CHECK(out.find("\n10.0.0.3        4        65003       0       0        0    0    0 never    Active\n") !=
          std::string::npos);
    CHECK(out.find("\n10.0.0.4        4        65004       0       0        0    0    0 never    Idle (Admin)\n") !=
          std::string::npos);
    // Address order: 10.0.1.2 after 10.0.0.4.
    CHECK(out.find("10.0.0.4 ") < out.find("10.0.1.2 "));
}

TEST_CASE("show ip bgp summary: `show ip bgp summary json`'s wrapped answer, long uptimes") {
    auto wrapped = show::render_ip_bgp_summary(data("r2-show_ip_bgp_summary.json"));
    CHECK(wrapped.rfind("BGP router identifier 2.2.2.2, local AS number 65002\n", 0) == 0);
    auto text = replace_all(data("r1-show_bgp_ipv4_unicast_summary.json"), "\"peerUptimeMsec\":114000",
                            "\"peerUptimeMsec\":" + std::to_string((86400 + 2 * 3600) * 1000ull));
    auto out = show::render_ip_bgp_summary(text);
    CHECK(out.find("\n10.0.0.2        4        65002       7       7        0    0    0 1d02h           2\n") !=
          std::string::npos);
}

TEST_CASE("show ip bgp summary of BGP without neighbors: FRR's summary is {}, its table names the instance") {
    CHECK(show::bgp_summary_needs_table(data("nopeers-show_bgp_ipv4_unicast_summary.json")));
    auto out = show::render_ip_bgp_summary(data("nopeers-show_bgp_ipv4_unicast_summary.json"), "",
                                           data("nopeers-show_ip_bgp.json"));
    CHECK(out.rfind("BGP router identifier 1.1.1.1, local AS number 65001\nBGP table version is ", 0) == 0);
    CHECK(out.find("Neighbor") == std::string::npos);
    // show ip protocols still lists BGP, its AS from FRR's configuration.
    show::BgpProtocolSource bgp{data("nopeers-show_bgp_ipv4_unicast_summary.json"), ""};
    auto protocols = show::render_ip_protocols({bgp}, data("nopeers-show_running-config.txt"), ios_name);
    CHECK(protocols.find("Routing Protocol is \"bgp 65001\"\n") != std::string::npos);
    CHECK(protocols.find("Neighbor(s)") == std::string::npos);
}

TEST_CASE("BGP show commands without BGP: % BGP not active") {
    CHECK(show::render_ip_bgp_summary(data("none-show_bgp_ipv4_unicast_summary.json")) == "% BGP not active\n");
    CHECK(show::render_ip_bgp_summary("") == "% BGP not active\n");
    CHECK(show::render_ip_bgp_summary(data("none-show_bgp_ipv4_unicast_summary.json"),
                                      data("none-show_bgp_ipv4_unicast_statistics.json"),
                                      data("none-show_ip_bgp.json")) == "% BGP not active\n");
    CHECK(show::render_ip_bgp(data("none-show_ip_bgp.json")) == "% BGP not active\n");
}

TEST_CASE("show ip bgp: IOS 15 table from FRR's") {
    auto out = show::render_ip_bgp(data("r1-show_ip_bgp.json"));
    check_golden("r1-show_ip_bgp.txt", out);
    CHECK(out.rfind("BGP table version is 5, local router ID is 1.1.1.1\n", 0) == 0);
    CHECK(out.find("\n     Network          Next Hop            Metric LocPrf Weight Path\n") != std::string::npos);
    // Locally originated (the aggregate too): 0.0.0.0, weight 32768; classful networks bare.
    CHECK(out.find("\n *>  172.16.0.0       0.0.0.0                  0         32768 i\n") != std::string::npos);
    CHECK(out.find("\n *>  172.16.1.0/24    0.0.0.0                  0         32768 i\n") != std::string::npos);
    CHECK(out.find("\n *>  192.168.1.0      0.0.0.0                  0         32768 i\n") != std::string::npos);
    // A prefix learned over both sessions: FRR uses both (multipath), the best marked '>'.
    CHECK(out.find("\n *m  2.2.2.2/32       10.0.1.2                 0             0 65002 i\n"
                   " *>                   10.0.0.2                 0             0 65002 i\n") != std::string::npos);
    // Address order, not FRR's string order.
    CHECK(out.find(" 2.2.2.2/32 ") < out.find(" 172.16.0.0 "));
}

TEST_CASE("show ip bgp: an internal path shows 'i', its local preference, and no MED when it has none") {
    // R1's best path to 2.2.2.2/32 as an iBGP path would come: pathFrom internal, locPrf, no metric.
    auto text = replace_all(data("r1-show_ip_bgp.json"),
                            "\"pathFrom\":\"external\",\"prefix\":\"2.2.2.2\",\"prefixLen\":32,"
                            "\"network\":\"2.2.2.2/32\",\"version\":4,\"metric\":0,\"weight\":0,\"peerId\":\"10.0.0.2\"",
                            "\"pathFrom\":\"internal\",\"prefix\":\"2.2.2.2\",\"prefixLen\":32,"
                            "\"network\":\"2.2.2.2/32\",\"version\":4,\"locPrf\":100,\"weight\":0,\"peerId\":\"10.0.0.2\"");
    REQUIRE(text != data("r1-show_ip_bgp.json"));
    auto out = show::render_ip_bgp(text);
    CHECK(out.find("\n *>i                  10.0.0.2                      100      0 65002 i\n") != std::string::npos);
}

TEST_CASE("show ip bgp: a network longer than its column stands on its own line") {
    auto out = show::render_ip_bgp(replace_all(data("r1-show_ip_bgp.json"), "172.16.1.0/24", "172.160.111.128/25"));
    CHECK(out.find("\n *>  172.160.111.128/25\n                      0.0.0.0                  0         32768 i\n") !=
          std::string::npos);
}

TEST_CASE("show ip ospf neighbor: IOS layout, IOS state and interface names") {
    CHECK(show::ios_ospf_state("Full/Backup") == "FULL/BDR");
    CHECK(show::ios_ospf_state("Full/DR") == "FULL/DR");
    CHECK(show::ios_ospf_state("Full/-") == "FULL/  -");
    CHECK(show::ios_ospf_state("2-Way/DROther") == "2WAY/DROTHER");
    CHECK(show::ios_ospf_state("ExStart/DROther") == "EXSTART/DROTHER");
    auto r1 = show::render_ip_ospf_neighbor(data("r1-show_ip_ospf_neighbor.json"), ios_name);
    check_golden("r1-show_ip_ospf_neighbor.txt", r1);
    CHECK(r1.rfind("\nNeighbor ID     Pri   State           Dead Time   Address         Interface\n", 0) == 0);
    CHECK(r1.find("\n2.2.2.2           1   FULL/BDR        00:00:") != std::string::npos);
    CHECK(r1.find("    10.0.0.2        GigabitEthernet0/0\n") != std::string::npos);
    CHECK(r1.find("\n2.2.2.2           1   FULL/  -        00:00:") != std::string::npos);
    CHECK(r1.find("    10.0.1.2        GigabitEthernet0/1\n") != std::string::npos);
    auto r2 = show::render_ip_ospf_neighbor(data("r2-show_ip_ospf_neighbor.json"), ios_name);
    check_golden("r2-show_ip_ospf_neighbor.txt", r2);
    CHECK(r2.find("\n1.1.1.1          10   FULL/DR ") != std::string::npos);
    CHECK(show::render_ip_ospf_neighbor(data("none-show_ip_ospf_neighbor.json"), ios_name).empty());
    CHECK(show::render_ip_ospf_neighbor("", ios_name).empty());
}

TEST_CASE("show ip protocols: OSPF and BGP blocks from FRR's state and configuration") {
    show::OspfProtocolSource ospf{"1", data("r1-show_ip_ospf.json"), data("r1-show_ip_ospf_interface.json"),
                                  data("r1-show_ip_ospf_database.json")};
    show::BgpProtocolSource bgp{data("r1-show_bgp_ipv4_unicast_summary.json"), data("r1-show_ip_bgp_neighbors.json")};
    auto out = show::render_ip_protocols({ospf, bgp}, data("r1-show_running-config.txt"), ios_name);
    check_golden("r1-show_ip_protocols.txt", out);
    CHECK(out.rfind("*** IP Routing is NSF aware ***\n\nRouting Protocol is \"ospf 1\"\n", 0) == 0);
    CHECK(out.find("  Router ID 1.1.1.1\n  Number of areas in this router is 1. 1 normal 0 stub 0 nssa\n") !=
          std::string::npos);
    CHECK(out.find("  Routing for Networks:\n    1.1.1.1 0.0.0.0 area 0\n    10.0.0.0 0.0.0.255 area 0\n"
                   "    10.0.1.0 0.0.0.3 area 0\n") != std::string::npos);
    CHECK(out.find("  Passive Interface(s):\n    Loopback0\n") != std::string::npos);
    CHECK(out.find("\n    2.2.2.2              110      00:0") != std::string::npos);
    CHECK(out.find("  Distance: (default is 110)\n\nRouting Protocol is \"bgp 65001\"\n") != std::string::npos);
    CHECK(out.find("  Neighbor(s):\n    Address          FiltIn FiltOut DistIn DistOut Weight RouteMap\n"
                   "    10.0.0.2\n    10.0.0.3\n    10.0.0.4\n    10.0.1.2\n") != std::string::npos);
    CHECK(out.find("\n    10.0.0.2              20      00:0") != std::string::npos);
    CHECK(out.find("\n    10.0.0.3 ", out.find("Routing Information Sources:", out.find("bgp 65001"))) == std::string::npos);
    CHECK(out.find("  Distance: external 20 internal 200 local 200\n\n") != std::string::npos);
    // FRR's BGP says nothing of its maximum paths unless configured: no line.
    CHECK(out.find("  Maximum path: 1\n") == std::string::npos);
    // Nothing FRR runs: only the header.
    show::OspfProtocolSource none{"1", data("none-show_ip_ospf.json"), "", ""};
    show::BgpProtocolSource none_bgp{data("none-show_bgp_ipv4_unicast_summary.json"), ""};
    CHECK(show::render_ip_protocols({none, none_bgp}, "", ios_name) == "*** IP Routing is NSF aware ***\n\n");
}

TEST_CASE("show ip ospf interface brief: IOS columns, short names, FRR's states and costs") {
    auto out = show::render_ip_ospf_interface_brief(data("r1-show_ip_ospf_interface.json"), "1", ios_name);
    check_golden("r1-show_ip_ospf_interface_brief.txt", out);
    CHECK(out.rfind("Interface    PID   Area            IP Address/Mask    Cost  State Nbrs F/C\n", 0) == 0);
    CHECK(out.find("\nGi0/0        1     0               10.0.0.1/24        10    DR    1/1\n") != std::string::npos);
    CHECK(out.find("\nGi0/1        1     0               10.0.1.1/30        10    P2P   1/1\n") != std::string::npos);
    CHECK(out.find("\nLo0          1     0               1.1.1.1/32         0     LOOP  0/0\n") != std::string::npos);
    auto r2 = show::render_ip_ospf_interface_brief(data("r2-show_ip_ospf_interface.json"), "1", ios_name);
    CHECK(r2.find("\nGi0/0        1     0               10.0.0.2/24        10    BDR   1/1\n") != std::string::npos);
    CHECK(show::render_ip_ospf_interface_brief(data("none-show_ip_ospf.json"), "1", ios_name).empty());
}

TEST_CASE("show ip ospf: IOS's lines for what FRR reports of the process and its areas") {
    auto out = show::render_ip_ospf(data("r1-show_ip_ospf.json"), "1");
    check_golden("r1-show_ip_ospf.txt", out);
    CHECK(out.rfind(" Routing Process \"ospf 1\" with ID 1.1.1.1\n Supports only single TOS(TOS0) routes\n", 0) == 0);
    CHECK(out.find(" Minimum LSA interval 5 secs\n Minimum LSA arrival 1000 msecs\n") != std::string::npos);
    CHECK(out.find(" Number of external LSA 0. Checksum Sum 0x000000\n") != std::string::npos);
    CHECK(out.find(" Number of areas in this router is 1. 1 normal 0 stub 0 nssa\n    Area BACKBONE(0)\n"
                   "        Number of interfaces in this area is 3\n        Area has no authentication\n") !=
          std::string::npos);
    // The area's checksum sum: FRR's sums for its router and network LSAs, 91927 + 24033.
    CHECK(out.find("        Number of LSA 3. Checksum Sum 0x01C4F8\n") != std::string::npos);
    CHECK(show::render_ip_ospf(data("none-show_ip_ospf.json"), "1").empty());
}
