// `show crypto ipsec sa` [detail]: the layout, byte for byte, for every field a flow and an SA
// can vary in. The expected files were written by the renderer that built each line from
// temporaries, before it appended in place (issue 14); the layout is that of 004_*.txt and
// reference A.3.2, which tests/control/show_ipsec_sa_test.cpp and the lab's ntc-templates
// parsing check from real state.
#include <catch.hpp>

#include "engine/show/show_crypto_ipsec_sa.hpp"
#include "tests/support/show_data.hpp"

using namespace routerd::show;

namespace {

std::string expected(const std::string& name) { return routerd::test::show_data("expected/" + name); }

std::vector<IpsecInterfaceView> views() {
    IpsecInterfaceView map{"GigabitEthernet0/0", "CMAP", 0xc0a80101, {}};
    IpsecFlowView subnets;  // a rekeyed pair beside the old, 64-bit counters, PFS
    subnets.selector = {0x0a010000, 0xffff0000, 0x0a020000, 0xffff0000, 0, 0, 0xffff, 0, 0xffff, false, 10};
    subnets.peer = "192.168.1.2";
    subnets.encaps = 12345678901ull;
    subnets.decaps = 7;
    subnets.replay_failures = 2;
    subnets.verify_failures = 3;
    subnets.local_endpoint = 0xc0a80101;
    subnets.remote_endpoint = 0xc0a80102;
    subnets.path_mtu = 1500;
    subnets.plaintext_mtu = 1438;
    subnets.mtu_interface = "GigabitEthernet0/0";
    subnets.pfs_group = 14;
    subnets.inbound = {{0xC0FFEE01u, "esp-256-aes esp-sha256-hmac", true, false, 2001, 4608000, 3599, 16, 64},
                       {0x1u, "esp-aes esp-sha-hmac", true, false, 2003, 0, 0, 16, 0}};
    subnets.outbound = {{0xFFFFFFFFu, "esp-256-aes esp-sha256-hmac", true, true, 2002, 4607999, 3598, 16, 64}};
    IpsecFlowView gre;  // one port, NAT-T, transport mode, no inbound SA, no PFS
    gre.selector = {0xc0a80101, 0xffffffff, 0xc0a80102, 0xffffffff, 47, 1000, 1000, 0, 0xffff, false, 20};
    gre.peer = "192.168.1.2";
    gre.peer_port = 4500;
    gre.local_endpoint = 0xc0a80101;
    gre.remote_endpoint = 0xc0a80102;
    gre.path_mtu = 1400;
    gre.plaintext_mtu = 1338;
    gre.mtu_interface = "Tunnel0";
    gre.outbound = {{0x2000u, "esp-3des esp-md5-hmac", false, false, 5, 100, 10, 8, 0}};
    map.flows = {subnets, gre};
    return {map, IpsecInterfaceView{"Tunnel7", "Tunnel7-head-0", 0x01020304, {}}};
}

}  // namespace

TEST_CASE("show crypto ipsec sa: every field in its place") {
    CHECK(show_ipsec_sa(views(), false) == expected("show_crypto_ipsec_sa.txt"));
}

TEST_CASE("show crypto ipsec sa detail: the error counters one by one, the plaintext MTU and the replay window") {
    CHECK(show_ipsec_sa(views(), true) == expected("show_crypto_ipsec_sa_detail.txt"));
}

TEST_CASE("show crypto ipsec sa: nothing to show is nothing") { CHECK(show_ipsec_sa({}, false).empty()); }
