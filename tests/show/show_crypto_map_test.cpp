// `show crypto map` for tunnels carrying `tunnel protection ipsec profile`: IOS's implicit
// "TunnelN-head-0" map (ios-reference.md:551-575, 1272), the profile as template at 65536 and,
// once the tunnel has a peer, the profile instance at 65537 with the tunnel's traffic as ACL.
#include <catch.hpp>

#include "engine/show/show_crypto_config.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

const std::string kProfile =
    "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
    "crypto ipsec profile VTI\n set transform-set TS\n";

const std::string kSettings =
    "\tSecurity association lifetime: 4608000 kilobytes/3600 seconds\n"
    "\tResponder-Only (Y/N): N\n"
    "\tPFS (Y/N): N\n"
    "\tMixed-mode : Disabled\n"
    "\tTransform sets={ \n"
    "\t\tTS:  { esp-256-aes esp-sha256-hmac  } , \n"
    "\t}\n";

}  // namespace

TEST_CASE("a VTI with a peer: the idb header, the profile template and its instance, as IOS prints them") {
    auto rc = test::configure(kProfile +
                              "interface Ethernet0/0\n ip address 10.0.0.1 255.255.255.0\n"
                              "interface Tunnel0\n tunnel source Ethernet0/0\n tunnel destination 10.0.0.2\n"
                              " tunnel mode ipsec ipv4\n tunnel protection ipsec profile VTI\n");
    CHECK(show::show_crypto_map(rc, "", "") ==
          "Crypto Map: \"Tunnel0-head-0\" idb: Ethernet0/0 local address: 10.0.0.1\n\n"
          "Crypto Map IPv4 \"Tunnel0-head-0\" 65536 ipsec-isakmp\n"
          "\tProfile name: VTI\n" + kSettings +
          "\nCrypto Map IPv4 \"Tunnel0-head-0\" 65537 ipsec-isakmp\n"
          "\tMap is a PROFILE INSTANCE.\n"
          "\tPeer = 10.0.0.2\n"
          "\tExtended IP access list \n"
          "\t    access-list  permit ip any any\n"
          "\tCurrent peer: 10.0.0.2\n" + kSettings +
          "\tAlways create SAs\n"
          "\tInterfaces using crypto map Tunnel0-head-0:\n"
          "\t\tTunnel0\n\n");
    CHECK(show::show_crypto_map(rc, "Tunnel0-head-0", "") == show::show_crypto_map(rc, "", ""));
    CHECK(show::show_crypto_map(rc, "", "Tunnel0") == show::show_crypto_map(rc, "", ""));
    CHECK(show::show_crypto_map(rc, "", "Tunnel1").empty());
}

TEST_CASE("GRE over IPsec protects the GRE packets; a tunnel without a peer has the template only") {
    auto rc = test::configure(kProfile +
                              "interface Tunnel2\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile VTI\n"
                              "interface Tunnel3\n tunnel source 192.0.2.1\n tunnel destination 198.51.100.2\n"
                              " tunnel protection ipsec profile VTI\n");
    auto out = show::show_crypto_map(rc, "", "");
    CHECK(out.find("Crypto Map: ") == std::string::npos);  // no interface holds either source
    CHECK(out.find("Crypto Map IPv4 \"Tunnel2-head-0\" 65536 ipsec-isakmp\n\tProfile name: VTI\n" + kSettings +
                   "\tInterfaces using crypto map Tunnel2-head-0:\n\t\tTunnel2\n\n") == 0);
    CHECK(out.find("Tunnel2-head-0\" 65537") == std::string::npos);
    CHECK(out.find("\t    access-list  permit gre host 192.0.2.1 host 198.51.100.2\n") != std::string::npos);
    CHECK(out.find("Tunnel3-head-0\" 65537 ipsec-isakmp\n\tMap is a PROFILE INSTANCE.\n\tPeer = 198.51.100.2\n") !=
          std::string::npos);
}
