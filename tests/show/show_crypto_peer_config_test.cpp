// `show crypto peer-config`: the peer's own configuration file for a crypto map entry or a VTI,
// mirrored from our running-config. The lab scenario interop-*-peer-config feeds it to the real
// peer; here, what each line says.
#include <catch.hpp>

#include "engine/show/show_crypto_peer_config.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

const std::string kLab131 =
    "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n lifetime 28800\n"
    "crypto isakmp key s3cr3t address 12.1.1.1\n"
    "crypto isakmp keepalive 10\n"
    "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\n"
    "crypto map TST 10 ipsec-isakmp\n set peer 12.1.1.1\n set transform-set TSET\n set pfs group14\n match address 100\n"
    " set security-association lifetime seconds 1800\n"
    "interface Serial1/1\n ip address 12.1.1.2 255.255.255.0\n crypto map TST\n"
    "access-list 100 permit ip host 2.2.2.2 host 1.1.1.1\n"
    "access-list 100 permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255\n";

std::string render(const std::string& config, show::PeerKind kind, std::optional<std::string> key = std::nullopt) {
    auto running = test::configure(config);
    auto pol = policy::compile(running);
    return show::show_crypto_peer_config(running, *pol, kind, key);
}

bool has(const std::string& text, const std::string& line) {
    INFO(text);
    return text.find(line) != std::string::npos;
}

}  // namespace

TEST_CASE("strongSwan: one IKEv1 connection per entry, one child per ACL line, mirrored, with our proposals") {
    auto out = render(kLab131, show::PeerKind::STRONGSWAN, "map TST 10");
    CHECK(has(out, "   # crypto map TST 10\n   TST-10 {\n      version = 1\n"));
    CHECK(has(out, "      local_addrs = 12.1.1.1\n      remote_addrs = 12.1.1.2\n"));
    CHECK(has(out, "      proposals = aes256-sha256-modp2048\n      rekey_time = 28800s\n      dpd_delay = 10s\n"));
    CHECK(has(out, "         TST-10-1 {\n            local_ts = 1.1.1.1/32\n            remote_ts = 2.2.2.2/32\n"));
    CHECK(has(out, "         TST-10-2 {\n            local_ts = 10.1.0.0/16\n            remote_ts = 10.2.0.0/16\n"));
    CHECK(has(out, "            esp_proposals = aes256-sha256-modp2048\n            mode = tunnel\n            life_time = 1800s\n"));
    CHECK(has(out, "            dpd_action = restart\n            start_action = trap\n"));
    // The key is named, never printed.
    CHECK(has(out, "secret = \"<the key of `crypto isakmp key ... address 12.1.1.1`>\""));
    CHECK_FALSE(has(out, "s3cr3t"));
}

TEST_CASE("Libreswan: one conn per ACL line, its algorithm names, secrets beside") {
    auto out = render(kLab131, show::PeerKind::LIBRESWAN);
    CHECK(has(out, "config setup\n    # Libreswan 4 refuses IKEv1 unless told otherwise.\n    ikev1-policy=accept\n"));
    CHECK(has(out, "conn TST-10-1\n    keyexchange=ike\n    ikev2=no\n    authby=secret\n    left=12.1.1.1\n    leftsubnet=1.1.1.1/32\n"
                   "    right=12.1.1.2\n    rightsubnet=2.2.2.2/32\n    ike=aes256-sha2_256;modp2048\n    esp=aes256-sha2_256;modp2048\n"
                   "    pfs=yes\n    type=tunnel\n    ikelifetime=28800s\n    salifetime=1800s\n"));
    CHECK(has(out, "conn TST-10-2\n"));
    CHECK(has(out, "    dpddelay=10\n    dpdtimeout=40\n    dpdaction=restart\n"));
    CHECK(has(out, "12.1.1.1 12.1.1.2 : PSK \"<the key of `crypto isakmp key ... address 12.1.1.1`>\"\n"));
    CHECK_FALSE(has(out, "s3cr3t"));
}

TEST_CASE("3DES/MD5/group 2 without PFS, and a VTI as a route-based peer") {
    auto out = render("crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n"
                      "crypto isakmp key cisco address 12.1.1.1\n"
                      "crypto ipsec transform-set TSET esp-3des esp-md5-hmac\n"
                      "crypto ipsec profile P\n set transform-set TSET\n"
                      "interface Serial1/1\n ip address 12.1.1.2 255.255.255.0\n"
                      "interface Tunnel0\n ip address 10.0.0.2 255.255.255.252\n tunnel source Serial1/1\n tunnel destination 12.1.1.1\n"
                      " tunnel mode ipsec ipv4\n tunnel protection ipsec profile P\n",
                      show::PeerKind::STRONGSWAN, "tunnel Tunnel0");
    CHECK(has(out, "   # interface Tunnel0\n   Tunnel0 {\n"));
    CHECK(has(out, "      proposals = 3des-md5-modp1024\n"));
    CHECK(has(out, "      if_id_in = 1\n      if_id_out = 1\n"));
    CHECK(has(out, "            local_ts = 0.0.0.0/0\n            remote_ts = 0.0.0.0/0\n            esp_proposals = 3des-md5\n"));
    auto lib = render("crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n", show::PeerKind::LIBRESWAN);
    CHECK(has(lib, "% No crypto map entry or protected tunnel to describe"));
}

TEST_CASE("an entry that does not exist or cannot be described says why") {
    CHECK(has(render(kLab131, show::PeerKind::STRONGSWAN, "map TST 20"), "% No such crypto map entry or tunnel: map TST 20"));
    auto unapplied = kLab131.substr(0, kLab131.find("interface Serial1/1")) + "access-list 100 permit ip host 2.2.2.2 host 1.1.1.1\n";
    CHECK(has(render(unapplied, show::PeerKind::STRONGSWAN, "map TST 10"), "% crypto map TST 10: no local address"));
}
