#include <catch.hpp>

#include "tests/support/configure.hpp"
#include "engine/policy/policy_set.hpp"

using namespace routerd;

using routerd::test::configure;

TEST_CASE("no ISAKMP policy means IOS's eight built-in suites") {
    auto p = policy::compile(configure("hostname R1\n"));
    REQUIRE(p->default_suites);
    REQUIRE(p->ike_proposals.size() == 8);
    CHECK(p->ike_proposals[0].priority == 65507);
    CHECK(p->ike_proposals[1].authentication == policy::IkeAuthenticationMethod::PRE_SHARED_KEY);
    CHECK(p->ike_proposals[7].encryption == policy::IkeEncryptionAlgorithm::TRIPLE_DES_CBC);
    auto off = policy::compile(configure("no crypto isakmp default policy\n"));
    CHECK(off->ike_proposals.empty());
}

TEST_CASE("ISAKMP policies compile in priority order with IOS defaults and RFC 2409 numbers") {
    auto p = policy::compile(configure("crypto isakmp policy 20\n"
                                       " encr aes 256\n hash sha256\n authentication pre-share\n group 14\n lifetime 28800\n"
                                       "crypto isakmp policy 10\n"));
    REQUIRE(p->ike_proposals.size() == 2);
    const auto& first = p->ike_proposals[0];
    CHECK(first.priority == 10);
    CHECK(first.encryption == policy::IkeEncryptionAlgorithm::DES_CBC);  // IOS 15 defaults
    CHECK(first.hash == policy::IkeHashAlgorithm::SHA);
    CHECK(first.authentication == policy::IkeAuthenticationMethod::RSA_SIGNATURES);
    CHECK(first.dh_group == 1);
    CHECK(first.lifetime_seconds == 86400);
    const auto& second = p->ike_proposals[1];
    CHECK(static_cast<int>(second.encryption) == 7);  // AES-CBC
    CHECK(second.key_bits == 256);
    CHECK(static_cast<int>(second.hash) == 4);  // SHA2-256
    CHECK(second.dh_group == 14);
    CHECK(second.lifetime_seconds == 28800);
}

TEST_CASE("the most specific pre-shared key wins, 0.0.0.0 0.0.0.0 is the wildcard") {
    auto p = policy::compile(configure("crypto isakmp key wild address 0.0.0.0 0.0.0.0\n"
                                       "crypto isakmp key net address 10.1.0.0 255.255.0.0\n"
                                       "crypto isakmp key host address 10.1.2.3\n"
                                       "crypto keyring KR\n pre-shared-key address 10.1.2.0 255.255.255.0 key ring\n"
                                       "crypto isakmp key byname hostname peer.example\n"));
    CHECK(p->keys.by_address(0x0a010203)->key.key == "host");
    CHECK(p->keys.by_address(0x0a010204)->key.key == "ring");
    CHECK(p->keys.by_address(0x0a01ff01)->key.key == "net");
    CHECK(p->keys.by_address(0xc0000201)->key.key == "wild");
    CHECK(p->keys.by_address(0x0a010204, {"default"})->key.key == "net");  // a profile limited to its keyrings
    CHECK(p->keys.by_hostname("peer.example")->key.key == "byname");
    CHECK_FALSE(p->keys.by_hostname("other.example"));
}

TEST_CASE("transform sets carry IANA numbers and kernel algorithm names") {
    auto p = policy::compile(configure(
        "crypto ipsec transform-set GCM esp-gcm 256\n"
        "crypto ipsec transform-set AES esp-aes 256 esp-sha256-hmac\n mode transport\n"
        "crypto ipsec transform-set OLD esp-3des esp-md5-hmac\n"
        "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n set transform-set GCM AES OLD\n match address 101\n"));
    const auto* e = p->find("map M 10");
    REQUIRE(e);
    REQUIRE(e->transforms.size() == 3);
    const auto& gcm = e->transforms[0];
    CHECK(static_cast<int>(*gcm.esp) == 20);
    CHECK(gcm.esp_key_bits == 256);
    CHECK(gcm.kernel_cipher == "rfc4106(gcm(aes))");
    CHECK(gcm.kernel_icv_bits == 128);
    CHECK_FALSE(gcm.esp_auth);
    const auto& aes = e->transforms[1];
    CHECK(static_cast<int>(*aes.esp) == 12);
    CHECK(aes.kernel_cipher == "cbc(aes)");
    CHECK(static_cast<int>(*aes.esp_auth) == 5);
    CHECK(aes.kernel_auth == "hmac(sha256)");
    CHECK(aes.auth_trunc_bits == 128);  // RFC 4868
    CHECK(aes.transport);
    const auto& old = e->transforms[2];
    CHECK(old.kernel_cipher == "cbc(des3_ede)");
    CHECK(old.esp_key_bits == 192);
    CHECK(old.auth_trunc_bits == 96);  // RFC 2403
    CHECK(e->complete);
}

TEST_CASE("crypto ACL lines become selectors, deny lines bypass, inexpressible lines are reported") {
    auto p = policy::compile(configure(
        "ip access-list extended VPN\n"
        " deny ip 10.1.1.0 0.0.0.255 10.2.2.128 0.0.0.127\n"
        " permit tcp host 10.1.1.5 10.2.2.0 0.0.0.255 range 1000 2000\n"
        " permit udp any any gt 1023\n"
        " permit ip 10.1.0.0 0.0.255.0 any\n"
        " permit tcp any any neq 80\n"
        "crypto ipsec transform-set T esp-aes esp-sha-hmac\n"
        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n set transform-set T\n match address VPN\n"));
    const auto* e = p->find("map M 10");
    REQUIRE(e);
    REQUIRE(e->selectors.size() == 3);
    CHECK(e->selectors[0].bypass);
    CHECK(e->selectors[0].destination == 0x0a020280);
    CHECK(e->selectors[0].destination_mask == 0xffffff80);
    CHECK(e->selectors[1].protocol == 6);
    CHECK(e->selectors[1].source_mask == 0xffffffff);
    CHECK(e->selectors[1].destination_port_low == 1000);
    CHECK(e->selectors[1].destination_port_high == 2000);
    CHECK(e->selectors[2].protocol == 17);
    CHECK(e->selectors[2].destination_port_low == 1024);
    REQUIRE(p->problems.size() == 2);
    CHECK(p->problems[0].find("line 40") != std::string::npos);  // non-contiguous wildcard
    CHECK(p->problems[1].find("neq") != std::string::npos);
}

TEST_CASE("SA lifetimes: entry over global over IOS defaults") {
    auto p = policy::compile(configure(
        "crypto ipsec security-association lifetime seconds 1800\n"
        "crypto ipsec security-association replay window-size 128\n"
        "crypto ipsec transform-set T esp-aes\n"
        "access-list 101 permit ip any any\n"
        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n set transform-set T\n match address 101\n"
        "crypto map M 20 ipsec-isakmp\n set peer 192.0.2.3\n set transform-set T\n match address 101\n"
        " set security-association lifetime kilobytes disable\n set security-association lifetime seconds 120\n"
        " set pfs group14\n"));
    const auto* a = p->find("map M 10");
    const auto* b = p->find("map M 20");
    REQUIRE((a && b));
    CHECK(a->lifetime_seconds == 1800);
    CHECK(a->lifetime_kilobytes == 4608000);
    CHECK(a->replay_window == 128);
    CHECK_FALSE(a->pfs_group);
    CHECK(b->lifetime_seconds == 120);
    CHECK(b->lifetime_kilobytes == 0);
    CHECK(b->pfs_group == 14);
}

TEST_CASE("incomplete entries, dynamic templates and protected tunnels") {
    auto p = policy::compile(configure(
        "crypto ipsec transform-set T esp-aes esp-sha-hmac\n"
        "crypto dynamic-map DYN 10\n set transform-set T\n"
        "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n"
        "crypto map M 65535 ipsec-isakmp dynamic DYN\n"
        "crypto ipsec profile VTI\n set transform-set T\n set pfs group5\n"
        "interface Tunnel0\n ip address 172.16.0.1 255.255.255.252\n tunnel source 192.0.2.1\n"
        " tunnel mode ipsec ipv4\n tunnel destination 192.0.2.2\n tunnel protection ipsec profile VTI\n"
        "interface GigabitEthernet0/0\n crypto map M\n"));
    CHECK_FALSE(p->find("map M 10")->complete);  // no ACL, no transform set
    CHECK(p->find("dynamic DYN 10")->complete);
    CHECK(p->find("map M 65535")->dynamic_template == "DYN");
    CHECK(p->find("map M 10")->interfaces == std::vector<std::string>{"GigabitEthernet0/0"});
    const auto* t = p->find("tunnel Tunnel0");
    REQUIRE(t);
    CHECK(t->complete);
    CHECK(t->peers == std::vector<std::uint32_t>{0xc0000202});
    CHECK(t->pfs_group == 5);
    REQUIRE(t->selectors.size() == 1);
    CHECK(t->selectors[0].source_mask == 0);  // any to any
}

TEST_CASE("a diff names what was added, removed and changed") {
    std::string base = "crypto ipsec transform-set T esp-aes esp-sha-hmac\naccess-list 101 permit ip any any\n"
                       "crypto map M 10 ipsec-isakmp\n set peer 192.0.2.2\n set transform-set T\n match address 101\n"
                       "crypto map M 20 ipsec-isakmp\n set peer 192.0.2.3\n set transform-set T\n match address 101\n";
    auto before = policy::compile(configure(base));
    auto same = policy::compile(configure(base));
    CHECK(policy::diff(*before, *same).empty());
    auto after = policy::compile(configure(base + "crypto map M 20 ipsec-isakmp\n set pfs group2\n"
                                                  "crypto map M 30 ipsec-isakmp\n"
                                                  "crypto isakmp key k address 192.0.2.2\n"));
    auto d = policy::diff(*before, *after);
    CHECK(d.added == std::vector<std::string>{"map M 30"});
    CHECK(d.changed == std::vector<std::string>{"map M 20"});
    CHECK(d.removed.empty());
    CHECK(d.ike_changed);
    auto removed = policy::diff(*after, *before);
    CHECK(removed.removed == std::vector<std::string>{"map M 30"});
}

TEST_CASE("reverse-route forms: plain, static, remote-peer with a gateway") {
    auto pol = policy::compile(test::configure(
        "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
        "access-list 101 permit ip host 1.1.1.1 host 2.2.2.2\n"
        "crypto map M 10 ipsec-isakmp\n set peer 10.0.0.2\n set transform-set TS\n match address 101\n reverse-route\n"
        "crypto map M 20 ipsec-isakmp\n set peer 10.0.0.3\n set transform-set TS\n match address 101\n reverse-route static\n"
        "crypto map M 30 ipsec-isakmp\n set peer 10.0.0.4\n set transform-set TS\n match address 101\n"
        " reverse-route remote-peer 10.0.0.254\n"));
    const auto* plain = pol->find("map M 10");
    const auto* always = pol->find("map M 20");
    const auto* via = pol->find("map M 30");
    REQUIRE(plain);
    REQUIRE(always);
    REQUIRE(via);
    CHECK(plain->reverse_route);
    CHECK_FALSE(plain->reverse_route_static);
    CHECK_FALSE(plain->reverse_route_gateway);
    CHECK(always->reverse_route_static);
    CHECK(via->reverse_route_gateway == std::optional<std::uint32_t>(0x0a0000fe));
}

TEST_CASE("tunnel protection on a GRE tunnel is IOS's implicit map entry for the tunnel's GRE packets") {
    auto cfg = configure(
        "crypto ipsec transform-set T esp-aes esp-sha-hmac\n mode transport\n"
        "crypto ipsec profile GP\n set transform-set T\n"
        "interface GigabitEthernet0/0\n ip address 192.0.2.1 255.255.255.0\n"
        "interface Tunnel1\n ip address 172.16.1.1 255.255.255.252\n tunnel source GigabitEthernet0/0\n"
        " tunnel destination 198.51.100.2\n tunnel protection ipsec profile GP\n");
    auto p = policy::compile(cfg);
    CHECK_FALSE(p->find("tunnel Tunnel1"));
    const auto* e = p->find("map Tunnel1-head-0 65536");
    REQUIRE(e);
    CHECK(e->complete);
    CHECK(e->map == "Tunnel1-head-0");
    CHECK(e->if_id == 0);  // a GRE link routes its own traffic: no xfrm interface
    CHECK(e->peers == std::vector<std::uint32_t>{0xc6336402});
    CHECK(e->interfaces == std::vector<std::string>{"GigabitEthernet0/0"});
    REQUIRE(e->selectors.size() == 1);
    CHECK(e->selectors[0].protocol == 47);
    CHECK(e->selectors[0].source == 0xc0000201);
    CHECK(e->selectors[0].source_mask == 0xffffffff);
    CHECK(e->selectors[0].destination == 0xc6336402);
    // Without an address on the source interface the entry waits (IOS: the tunnel is up/down).
    auto bare = configure(
        "crypto ipsec transform-set T esp-aes esp-sha-hmac\ncrypto ipsec profile GP\n set transform-set T\n"
        "interface Tunnel1\n tunnel source GigabitEthernet0/1\n tunnel destination 198.51.100.2\n"
        " tunnel protection ipsec profile GP\n");
    CHECK_FALSE(policy::compile(bare)->find("map Tunnel1-head-0 65536")->complete);
}

TEST_CASE("peers are addresses: a host name is reported, not carried as text to fail later") {
    auto p = policy::compile(configure("crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
                                       "access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n"
                                       "crypto map CM 10 ipsec-isakmp\n set peer vpn.example.com\n set peer 192.0.2.7\n"
                                       " set transform-set TS\n match address 101\n"));
    const auto* e = p->find("map CM 10");
    REQUIRE(e);
    CHECK(e->kind == policy::EntryKind::CRYPTO_MAP);
    CHECK(e->peers == std::vector<std::uint32_t>{0xc0000207});
    CHECK(e->complete);
    REQUIRE(p->problems.size() == 1);
    CHECK(p->problems[0] == "map CM 10: peer vpn.example.com is not an IPv4 address (host names are not resolved)");
    CHECK(policy::entry_kind("dynamic DYN 10") == policy::EntryKind::DYNAMIC_MAP);
    CHECK(policy::entry_subject("dynamic DYN 10") == "DYN");
    CHECK(policy::entry_key(policy::EntryKind::VIRTUAL_TEMPLATE, "Virtual-Template1") == "vtemplate Virtual-Template1");
}
