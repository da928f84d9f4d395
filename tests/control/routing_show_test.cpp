// The routing protocols' show commands through the dispatcher: grammar, help, and the EXEC
// wiring that asks the routing suite (here a fake answering with a real FRR's captured JSON,
// tests/show/data/) and names its links as IOS does.
#include <catch.hpp>

#include <fstream>
#include <map>

#include "tests/support/dispatcher_cli.hpp"
#include "tests/support/show_data.hpp"

using namespace routerd;

namespace {

std::string data(const std::string& name) { return test::show_data(name); }

// Answers as R1's FRR did; remembers what it was asked.
class FakeRoutingSuite final : public platform::RoutingSuite {
public:
    std::vector<std::string> asked;
    std::optional<std::string> ensure_running() override { return std::nullopt; }
    bool running() const override { return true; }
    platform::VtyResult configure(const std::vector<std::string>&) override { return {}; }
    std::optional<platform::VtyResult> show(const std::string& command) override {
        asked.push_back(command);
        static const std::map<std::string, std::string> files{
            {"show bgp ipv4 unicast summary json", "r1-show_bgp_ipv4_unicast_summary.json"},
            {"show ip bgp json", "r1-show_ip_bgp.json"},
            {"show bgp ipv4 unicast statistics json", "r1-show_bgp_ipv4_unicast_statistics.json"},
            {"show ip bgp neighbors json", "r1-show_ip_bgp_neighbors.json"},
            {"show ip ospf json", "r1-show_ip_ospf.json"},
            {"show ip ospf interface json", "r1-show_ip_ospf_interface.json"},
            {"show ip ospf database json", "r1-show_ip_ospf_database.json"},
            {"show ip ospf neighbor json", "r1-show_ip_ospf_neighbor.json"},
            {"show running-config", "r1-show_running-config.txt"}};
        auto it = files.find(command);
        if (it == files.end()) return platform::VtyResult{false, "% Unknown command: " + command + "\n"};
        return platform::VtyResult{true, data(it->second)};
    }
};

using Cli = test::DispatcherCli;

}  // namespace

TEST_CASE("routing show commands without FRR: IOS's answers for no such protocol") {
    Cli cli;
    CHECK(cli.run("show ip bgp summary") == "% BGP not active\n");
    CHECK(cli.run("show ip bgp") == "% BGP not active\n");
    CHECK(cli.run("show ip ospf neighbor") == "");
    CHECK(cli.run("show ip protocols") == "*** IP Routing is NSF aware ***\n\n");
}

TEST_CASE("routing show commands read FRR through the routing suite, links under IOS names") {
    Cli cli;
    FakeRoutingSuite frr;
    cli.router.routing = &frr;
    auto summary = cli.run("sh ip bgp summ");
    CHECK(summary.rfind("BGP router identifier 1.1.1.1, local AS number 65001\n", 0) == 0);
    CHECK(summary.find("\n10.0.0.4        4        65004       0       0        0    0    0 never    Idle (Admin)\n") !=
          std::string::npos);
    CHECK(cli.run("show ip bgp").find("\n *>  192.168.1.0      0.0.0.0                  0         32768 i\n") !=
          std::string::npos);
    auto neighbors = cli.run("show ip ospf neighbor");
    CHECK(neighbors.find("   FULL/BDR        00:00:34    10.0.0.2        GigabitEthernet0/0\n") != std::string::npos);
    CHECK(neighbors.find("   FULL/  -        00:00:34    10.0.1.2        GigabitEthernet0/1\n") != std::string::npos);

    // show ip protocols: the protocols of the running-config, in the order configured.
    for (const char* line : {"configure terminal", "router bgp 65001", "router ospf 7", "end"}) cli.run(line);
    CHECK(cli.run("show ip ospf").rfind(" Routing Process \"ospf 7\" with ID 1.1.1.1\n", 0) == 0);
    CHECK(cli.run("show ip ospf interface brief").find("\nGi0/1        7     0               10.0.1.1/30 ") !=
          std::string::npos);
    frr.asked.clear();
    auto protocols = cli.run("show ip protocols");
    auto bgp = protocols.find("Routing Protocol is \"bgp 65001\"\n");
    auto ospf = protocols.find("Routing Protocol is \"ospf 7\"\n");
    REQUIRE(bgp != std::string::npos);
    REQUIRE(ospf != std::string::npos);
    CHECK(bgp < ospf);
    CHECK(protocols.find("    10.0.0.0 0.0.0.255 area 0\n") != std::string::npos);
    CHECK(std::find(frr.asked.begin(), frr.asked.end(), "show running-config") != frr.asked.end());
}

TEST_CASE("routing show commands: IOS's help texts") {
    Cli cli;
    auto ip = cli.dispatcher.help(cli.s, "show ip ").output;
    CHECK(ip.find("  bgp ") != std::string::npos);
    CHECK(ip.find("BGP information\n") != std::string::npos);
    CHECK(ip.find("OSPF information\n") != std::string::npos);
    CHECK(ip.find("IP routing protocol process parameters and statistics\n") != std::string::npos);
    CHECK(cli.dispatcher.help(cli.s, "show ip bgp ").output.find("Summary of BGP neighbor status\n") !=
          std::string::npos);
    CHECK(cli.dispatcher.help(cli.s, "show ip ospf ").output.find("Neighbor list\n") != std::string::npos);
    CHECK(cli.dispatcher.help(cli.s, "show ip ospf interface ").output.find(
              "Brief summary of OSPF interface information\n") != std::string::npos);
}
