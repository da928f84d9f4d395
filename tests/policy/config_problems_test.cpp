// Mistakes said from the configuration (%CRYPTO-4-POLICY_PROBLEM), before a packet is lost.
// F19: NAT on the interface a crypto map is applied to translates the VPN's traffic first
// (engine/policy/nat_exemption.hpp); the configurations are tests/lab/scenarios/nat's R1, the
// mistake and the fix, as seeds/002 L1005-1019 shows them. F22: overlapping networks. F20: a
// VTI that lets in more than fits once ESP is added.
#include <catch.hpp>

#include "engine/policy/policy_set.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

const std::string kR1 =
    "crypto isakmp policy 10\n authentication pre-share\n group 14\n"
    "crypto isakmp key natlab address 12.1.1.2\n"
    "crypto ipsec transform-set TSET esp-aes esp-sha-hmac\n"
    "crypto map VPN 10 ipsec-isakmp\n set peer 12.1.1.2\n set transform-set TSET\n match address 100\n"
    "interface GigabitEthernet0/0\n ip address 10.1.1.1 255.255.255.0\n ip nat inside\n"
    "interface GigabitEthernet0/1\n ip address 12.1.1.1 255.255.255.0\n ip nat outside\n crypto map VPN\n"
    "ip nat inside source list 101 interface GigabitEthernet0/1 overload\n"
    "access-list 100 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n";

std::vector<std::string> nat_lines(const std::string& cfg) {
    std::vector<std::string> out;
    auto pol = policy::compile(test::configure(cfg));  // held: a range-for over a temporary's member dangles
    for (const auto& p : pol->problems)
        if (p.rfind("NAT exemption missing", 0) == 0) out.push_back(p);
    return out;
}

}  // namespace

TEST_CASE("a NAT list that permits the crypto map's traffic is the missing NAT exemption") {
    auto lines = nat_lines(kR1 + "access-list 101 permit ip 10.1.1.0 0.0.0.255 any\n");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "NAT exemption missing: `ip nat inside source list 101 interface GigabitEthernet0/1 overload` translates "
                      "10.1.1.0/24 -> 10.2.2.0/24, which crypto map VPN 10 protects on GigabitEthernet0/1 (access list 100): "
                      "translated, it no longer matches and leaves unencrypted; deny that traffic in access list 101 before its "
                      "permit line");
}

TEST_CASE("the deny line first is the exemption; a standard list and a route map are read too") {
    CHECK(nat_lines(kR1 + "access-list 101 deny   ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
                          "access-list 101 permit ip 10.1.1.0 0.0.0.255 any\n")
              .empty());
    // A standard list matches on the source alone.
    auto standard = kR1;
    standard.replace(standard.find("list 101"), 8, "list 1");
    CHECK(nat_lines(standard + "access-list 1 permit 10.1.1.0 0.0.0.255\n").size() == 1);
    // NAT on another interface than the crypto map's translates nothing it protects.
    auto elsewhere = kR1;
    const std::string on_outside = "interface GigabitEthernet0/1 overload";
    elsewhere.replace(elsewhere.find(on_outside), on_outside.size(), "interface GigabitEthernet0/0 overload");
    CHECK(nat_lines(elsewhere + "access-list 101 permit ip 10.1.1.0 0.0.0.255 any\n").empty());
    // Through a route map's list.
    auto by_map = kR1;
    by_map.replace(by_map.find("list 101"), 8, "route-map NAT");
    CHECK(nat_lines(by_map + "access-list 101 permit ip 10.1.1.0 0.0.0.255 any\nroute-map NAT permit 10\n match ip address 101\n").size() ==
          1);
}

// F22 (seeds 003 L115, pluto's "local address within remote network"), said by routerd at
// configuration time.
TEST_CASE("a crypto ACL line whose local and remote networks overlap is reported; any is not") {
    auto problems = [](const std::string& acl) {
        std::vector<std::string> out;
        auto pol = policy::compile(test::configure(kR1 + acl));
        for (const auto& p : pol->problems)
            if (p.find("networks overlap") != std::string::npos) out.push_back(p);
        return out;
    };
    const std::string mirror = "access-list 100 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255";
    auto overlap = kR1;
    overlap.replace(overlap.find(mirror), mirror.size(), "access-list 100 permit ip 10.1.1.0 0.0.0.255 10.0.0.0 0.255.255.255");
    std::vector<std::string> found;
    auto pol = policy::compile(test::configure(overlap));
    for (const auto& p : pol->problems)
        if (p.find("networks overlap") != std::string::npos) found.push_back(p);
    REQUIRE(found.size() == 1);
    CHECK(found[0] == "map VPN 10: access list 100 line 10 protects 10.1.1.0/24 -> 10.0.0.0/8: the local and remote networks "
                      "overlap, so traffic between local hosts would be sent to the peer");
    CHECK(problems("").empty());
    CHECK(problems("access-list 100 permit ip any any\n").empty());
}

TEST_CASE("a VTI whose ip mtu or adjust-mss lets in more than fits once ESP is added is reported") {
    auto vti = [](const std::string& extra) {
        return "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
               "crypto ipsec profile VTI\n set transform-set TS\n"
               "interface GigabitEthernet0/0\n ip address 12.1.1.2 255.255.255.0\n"
               "interface Tunnel0\n ip address 172.16.12.2 255.255.255.252\n" + extra +
               " tunnel source GigabitEthernet0/0\n tunnel mode ipsec ipv4\n tunnel destination 12.1.1.1\n"
               " tunnel protection ipsec profile VTI\n";
    };
    auto mtu_lines = [](const std::string& cfg) {
        std::vector<std::string> out;
        auto pol = policy::compile(test::configure(cfg));
        for (const auto& p : pol->problems)
            if (p.find("once ESP") != std::string::npos) out.push_back(p);
        return out;
    };
    // AES-256 + HMAC-SHA-256 in tunnel mode: 1500 - 20 (IP) - 8 (ESP) - 16 (IV) - 16 (ICV) = 1440,
    // padded to the 16-octet block with the 2-octet trailer: 1438 octets of plaintext.
    auto lines = mtu_lines(vti(" ip tcp adjust-mss 1460\n"));
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "Tunnel0: ip tcp adjust-mss 1460 lets in TCP packets of 1500 octets, but only 1438 octets fit one 1500-octet "
                      "packet on GigabitEthernet0/0 once ESP (esp-256-aes esp-sha256-hmac, tunnel mode) is added: larger ones are "
                      "fragmented after encryption, and stall where the path drops fragments (adjust-mss 1398 or less)");
    CHECK(mtu_lines(vti(" ip mtu 1400\n ip tcp adjust-mss 1360\n")).empty());  // IOS's usual VTI settings
    CHECK(mtu_lines(vti(" ip mtu 1450\n")).size() == 1);
    CHECK(mtu_lines(vti("")).empty());
}
