#include <catch.hpp>

#include "engine/interfaces/interface_filters.hpp"
#include "platform/nft_packet_filter.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {
interfaces::LinkNames links() {
    return {{*grammar::parse_interface_name("GigabitEthernet0/0"), "eth0"},
            {*grammar::parse_interface_name("GigabitEthernet0/1"), "eth1"}};
}
}  // namespace

TEST_CASE("interface access lists compile to filter rules with IOS's matching") {
    auto c = test::configure(
        "interface GigabitEthernet0/0\n ip access-group 101 in\n ip access-group OUT out\n"
        "interface GigabitEthernet0/1\n ip access-group 101 in\n ip access-group NONE out\n"
        "access-list 101 permit tcp 10.0.0.0 0.255.0.255 any eq 22\n"
        "access-list 101 deny udp any lt 1024 host 192.0.2.1 range 500 4500\n"
        "access-list 101 permit tcp any any established\n"
        "access-list 101 permit icmp any any port-unreachable\n"
        "access-list 101 remark the rest\n"
        "access-list 101 permit esp any any\n"
        "ip access-list standard OUT\n deny host 198.51.100.9\n permit any\n");
    std::vector<std::string> problems;
    auto r = interfaces::compile_filters(c, links(), problems);
    CHECK(problems.empty());
    REQUIRE(r.lists.size() == 2);  // 101 once for both interfaces; NONE does not exist: no filter
    REQUIRE(r.attachments.size() == 3);
    CHECK(r.attachments[0] == platform::FilterAttachment{"eth0", true, "101"});
    CHECK(r.attachments[1] == platform::FilterAttachment{"eth0", false, "OUT"});
    const auto& l = r.lists[0].rules;
    REQUIRE(l.size() == 5);  // the remark is no rule
    CHECK(l[0].id == "101:10");
    CHECK(l[0].protocol == 6);
    CHECK(l[0].destination_port == platform::PortRange{22, 22, false});
    CHECK(l[1].source_port == platform::PortRange{0, 1023, false});
    CHECK(l[1].destination_port == platform::PortRange{500, 4500, false});
    CHECK_FALSE(l[1].permit);
    CHECK(l[2].established);
    CHECK((l[3].icmp_type == 3 && l[3].icmp_code == 3));
    CHECK(l[4].protocol == 50);

    auto script = platform::NftPacketFilter::script(r);
    // Non-contiguous wildcards become a mask and a value; permits return to the hook's chain.
    CHECK(script.find("ip saddr & 255.0.255.0 == 10.0.0.0 ip protocol 6 th dport 22 counter return comment \"101:10\"") !=
          std::string::npos);
    CHECK(script.find("th sport 0-1023 th dport 500-4500 counter drop") != std::string::npos);
    CHECK(script.find("iifname \"eth0\" jump acl_0") != std::string::npos);
    CHECK(script.find("oifname \"eth0\" jump acl_1") != std::string::npos);
    // Outbound lists see forwarded packets only: none in the input hook.
    auto input = script.substr(script.find("chain input"), script.find("chain forward") - script.find("chain input"));
    CHECK(input.find("oifname") == std::string::npos);
}

TEST_CASE("a list with a line the filter cannot carry out is not applied, and says why") {
    auto c = test::configure("interface GigabitEthernet0/0\n ip access-group 102 in\n"
                             "access-list 102 deny ip any any fragments\naccess-list 102 permit ip any any\n");
    std::vector<std::string> problems;
    auto r = interfaces::compile_filters(c, links(), problems);
    CHECK(r.attachments.empty());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "access list 102 line 10: fragments is not enforced here; the list is not applied");
    // Nothing attached: the script only removes routerd's table.
    CHECK(platform::NftPacketFilter::script(r) == "table ip routerd {}\ndelete table ip routerd\n");
}

TEST_CASE("the filter is replaced only when what it should be changes, and a failure is logged") {
    platform::FakePacketFilter fake;
    std::vector<std::string> logged;
    interfaces::InterfaceFilters filters(fake, [&](int, const std::string& l) { logged.push_back(l); });
    auto c = test::configure("interface GigabitEthernet0/0\n ip access-group 1 in\naccess-list 1 permit any\n");
    filters.reconcile(c, links());
    filters.reconcile(c, links());
    CHECK(fake.replaced == 1);
    REQUIRE(fake.ruleset.attachments.size() == 1);
    auto other = test::configure("interface GigabitEthernet0/0\n ip access-group 1 in\naccess-list 1 deny any\n");
    filters.reconcile(other, links());
    CHECK(fake.replaced == 2);
    CHECK(logged.empty());
    // Taken off: the empty ruleset removes the table once.
    filters.reconcile(test::configure("hostname R1\n"), links());
    CHECK(fake.replaced == 3);
    CHECK(fake.ruleset.empty());
}

TEST_CASE("a box that never filters never asks the kernel; a refusal is logged once") {
    struct Refusing final : platform::PacketFilter {
        int calls = 0;
        std::optional<std::string> replace(const platform::FilterRuleset&) override {
            ++calls;
            return std::string("Operation not permitted");
        }
        std::map<std::string, std::uint64_t> matches() override { return {}; }
        std::vector<platform::NatTranslation> nat_translations() override { return {}; }
        std::optional<std::string> clear_nat_translations() override { return std::nullopt; }
    } refusing;
    std::vector<std::string> logged;
    interfaces::InterfaceFilters filters(refusing, [&](int, const std::string& l) { logged.push_back(l); });
    filters.reconcile(test::configure("hostname R1\n"), links());
    CHECK(refusing.calls == 0);
    auto c = test::configure("interface GigabitEthernet0/0\n ip access-group 1 in\naccess-list 1 permit any\n");
    filters.reconcile(c, links());
    filters.reconcile(c, links());
    CHECK(refusing.calls == 2);
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].find("%ACL-3-FILTER_FAILED") == 0);
}

TEST_CASE("NAT: PAT through a list with the VPN's exemption, and a static port mapping") {
    auto c = test::configure(
        "interface GigabitEthernet0/0\n ip nat inside\ninterface GigabitEthernet0/1\n ip nat outside\n"
        "access-list 101 deny ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 any\n"
        "ip nat inside source list 101 interface GigabitEthernet0/1 overload\n"
        "ip nat inside source static tcp 10.1.1.10 22 12.1.1.1 2222 extendable\n"
        "ip nat inside source list 102 interface GigabitEthernet0/1 overload\n");  // no list 102: nothing
    std::vector<std::string> problems;
    auto r = interfaces::compile_filters(c, links(), problems);
    CHECK(problems.empty());
    REQUIRE(r.nat_dynamics.size() == 1);
    CHECK(r.nat_dynamics[0] == platform::NatDynamicRule{"101", {"eth0"}, {"eth1"}, std::nullopt});
    REQUIRE(r.nat_statics.size() == 1);
    CHECK(r.nat_statics[0].protocol == 6);
    CHECK((r.nat_statics[0].local_port == 22 && r.nat_statics[0].global_port == 2222));
    auto script = platform::NftPacketFilter::script(r);
    // The deny returns untranslated, the permit takes the outside address.
    CHECK(script.find("ip saddr & 255.255.255.0 == 10.1.1.0 ip daddr & 255.255.255.0 == 10.2.2.0 return") !=
          std::string::npos);
    CHECK(script.find("ip saddr & 255.255.255.0 == 10.1.1.0 masquerade") != std::string::npos);
    CHECK(script.find("iifname \"eth0\" oifname \"eth1\" jump nat_0") != std::string::npos);
    CHECK(script.find("iifname \"eth1\" ip daddr 12.1.1.1 ip protocol 6 th dport 2222 dnat to 10.1.1.10:22") !=
          std::string::npos);
    CHECK(script.find("ip saddr 10.1.1.10 ip protocol 6 th sport 22 snat to 12.1.1.1:2222") != std::string::npos);
    // Static before dynamic in the postrouting chain, as IOS prefers the static mapping.
    CHECK(script.find("snat to 12.1.1.1:2222") < script.find("jump nat_0"));
}

TEST_CASE("ip tcp adjust-mss clamps forwarded SYNs both ways through the interface") {
    auto c = test::configure("interface GigabitEthernet0/1\n ip tcp adjust-mss 1360\n");
    std::vector<std::string> problems;
    auto r = interfaces::compile_filters(c, links(), problems);
    REQUIRE(r.mss_clamps.size() == 1);
    CHECK(r.mss_clamps[0] == platform::MssClamp{"eth1", 1360});
    auto script = platform::NftPacketFilter::script(r);
    CHECK(script.find("iifname \"eth1\" tcp flags syn tcp option maxseg size > 1360 tcp option maxseg size set 1360") !=
          std::string::npos);
    CHECK(script.find("oifname \"eth1\" tcp flags syn tcp option maxseg size > 1360 tcp option maxseg size set 1360") !=
          std::string::npos);
}

TEST_CASE("NAT: a pool's addresses for what leaves by any outside interface") {
    auto c = test::configure(
        "interface GigabitEthernet0/0\n ip nat inside\ninterface GigabitEthernet0/1\n ip nat outside\n"
        "access-list 1 permit 10.1.1.0 0.0.0.255\n"
        "ip nat pool OUT 203.0.113.10 203.0.113.20 netmask 255.255.255.0\n"
        "ip nat inside source list 1 pool OUT overload\n"
        "ip nat inside source list 1 pool NONESUCH\n");
    std::vector<std::string> problems;
    auto r = interfaces::compile_filters(c, links(), problems);
    REQUIRE(r.nat_dynamics.size() == 1);
    CHECK(r.nat_dynamics[0].pool == std::pair<std::uint32_t, std::uint32_t>{0xcb00710a, 0xcb007114});
    auto script = platform::NftPacketFilter::script(r);
    CHECK(script.find("ip saddr & 255.255.255.0 == 10.1.1.0 snat to 203.0.113.10-203.0.113.20") != std::string::npos);
    CHECK(script.find("iifname \"eth0\" oifname \"eth1\" jump nat_0") != std::string::npos);
}

TEST_CASE("a counter id names its list and line, and reads back") {
    CHECK(interfaces::parse_filter_rule_id(interfaces::filter_rule_id("TO-R2", 20)) == std::pair<std::string, std::uint32_t>{"TO-R2", 20});
    CHECK_FALSE(interfaces::parse_filter_rule_id("no-sequence").has_value());
    CHECK_FALSE(interfaces::parse_filter_rule_id("101:").has_value());
}

TEST_CASE("NAT through a route map: its one access list selects what is translated; other shapes are refused") {
    auto c = test::configure(
        "interface GigabitEthernet0/0\n ip nat inside\ninterface GigabitEthernet0/1\n ip nat outside\n"
        "access-list 120 deny   ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
        "access-list 120 permit ip 10.1.1.0 0.0.0.255 any\n"
        "ip nat inside source route-map NONAT interface GigabitEthernet0/1 overload\n"
        "ip nat inside source route-map TWO interface GigabitEthernet0/1 overload\n"
        "ip nat inside source route-map IFACE interface GigabitEthernet0/1 overload\n"
        "ip nat inside source route-map MISSING interface GigabitEthernet0/1 overload\n"
        "route-map NONAT permit 10\n match ip address 120\n"
        "route-map TWO permit 10\n match ip address 120\nroute-map TWO permit 20\n match ip address 120\n"
        "route-map IFACE permit 10\n match interface GigabitEthernet0/1\n");
    std::vector<std::string> problems;
    auto r = interfaces::compile_filters(c, links(), problems);
    // Exactly what `ip nat inside source list 120 ...` gives: the deny line is the VPN's exemption.
    REQUIRE(r.nat_dynamics.size() == 1);
    CHECK(r.nat_dynamics[0] == platform::NatDynamicRule{"120", {"eth0"}, {"eth1"}, std::nullopt});
    REQUIRE(problems.size() == 3);
    CHECK(problems[0] == "NAT through route map TWO has several entries; the rule is not applied");
    CHECK(problems[1] == "NAT through route map IFACE has \"match interface GigabitEthernet0/1\", which NAT here "
                         "does not carry out; the rule is not applied");
    CHECK(problems[2] == "NAT through route map MISSING does not exist; the rule is not applied");
}
