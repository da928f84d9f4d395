// `crypto ikev2 ...` compiled into PolicySet::ikev2 (engine/policy/ikev2_policy.hpp): transform
// IDs in the configured order, IOS's smart defaults, policies in matching order, keyring peers
// with their local and remote keys, profiles with what they match and the problems said.
#include <catch.hpp>

#include <algorithm>

#include "engine/config/render_ikev2.hpp"
#include "engine/policy/policy_set.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

bool has_problem(const policy::PolicySet& p, const std::string& text) {
    return std::find(p.problems.begin(), p.problems.end(), text) != p.problems.end();
}

// A site-to-site IKEv2 VTI as IOS XE shows it (tests/corpus/configs/031, a Catalyst 8000v
// running-config), with a crypto map entry beside it.
const char* kSite =
    "interface GigabitEthernet0/0\n ip address 192.0.2.1 255.255.255.0\n"
    "crypto ikev2 proposal VPN-PROP \n encryption aes-cbc-256 aes-gcm-128\n integrity sha256\n group 14\n"
    "crypto ikev2 proposal GCM \n encryption aes-gcm-256\n prf sha384\n group 19 20\n"
    "crypto ikev2 policy VPN-POL \n proposal VPN-PROP\n proposal GCM\n"
    "crypto ikev2 policy LOCAL \n match address local 192.0.2.1\n proposal GCM\n"
    "crypto ikev2 keyring VPN-KEYRING\n peer ANY\n  address 0.0.0.0 0.0.0.0\n  pre-shared-key cisco123\n"
    " peer HUB\n  identity fqdn Hub.Example.com\n  pre-shared-key local mine\n  pre-shared-key remote theirs\n"
    "crypto ikev2 profile VPN-IKEV2\n match identity remote address 0.0.0.0 \n"
    " match identity remote fqdn domain example.com\n match address local interface GigabitEthernet0/0\n"
    " identity local fqdn r1.example.com\n authentication remote pre-share\n authentication local pre-share\n"
    " keyring local VPN-KEYRING\n lifetime 3600\n"
    "crypto ikev2 profile NO-RING\n match identity remote email vpn@example.com\n authentication remote pre-share\n"
    " authentication local pre-share\n keyring local MISSING\n dpd 10 3 periodic\n"
    "crypto ikev2 dpd 30 5 on-demand\n"
    "crypto ikev2 nat keepalive 20\n"
    "crypto ikev2 cookie-challenge 50\n"
    "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
    "crypto ipsec profile VTI\n set transform-set TS\n set ikev2-profile VPN-IKEV2\n"
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
    "crypto map CM 10 ipsec-isakmp\n set peer 198.51.100.2\n set transform-set TS\n set ikev2-profile GONE\n"
    " match address 101\n";

}  // namespace

TEST_CASE("IKEv2 proposals compile to RFC 7296 transform IDs, the smart default first") {
    auto p = policy::compile(test::configure(kSite));
    const auto& v2 = p->ikev2;
    REQUIRE(v2.proposals.size() == 3);
    const auto& d = v2.proposals[0];
    CHECK(d.name == "default");
    CHECK(d.complete);
    CHECK(d.encryption == std::vector<policy::Ikev2Encryption>{{12, 256}, {12, 192}, {12, 128}});
    CHECK(d.integrity == std::vector<std::uint16_t>{14, 13, 12, 2, 1});
    CHECK(d.prf == std::vector<std::uint16_t>{7, 6, 5, 2, 1});
    CHECK(d.groups == std::vector<std::uint16_t>{5, 2});
    // A CBC cipher mixed with GCM is not a proposal IOS sends; the problem says so.
    const auto* mixed = v2.proposal("VPN-PROP");
    REQUIRE(mixed);
    CHECK_FALSE(mixed->complete);
    CHECK(has_problem(*p, "IKEv2 proposal VPN-PROP: AES-GCM cannot be proposed together with a non-AEAD cipher"));
    // Without `prf` the PRF follows the integrity list; AEAD takes no integrity.
    CHECK(mixed->prf == std::vector<std::uint16_t>{5});
    const auto* gcm = v2.proposal("GCM");
    REQUIRE(gcm);
    CHECK(gcm->complete);
    CHECK(gcm->encryption == std::vector<policy::Ikev2Encryption>{{20, 256}});
    CHECK(gcm->integrity.empty());
    CHECK(gcm->prf == std::vector<std::uint16_t>{6});
    CHECK(gcm->groups == std::vector<std::uint16_t>{19, 20});
}

TEST_CASE("IKEv2 policies: those with a local address first, the default last; proposals by local address") {
    auto p = policy::compile(test::configure(kSite));
    const auto& v2 = p->ikev2;
    REQUIRE(v2.policies.size() == 3);
    CHECK(v2.policies[0].name == "LOCAL");
    CHECK(v2.policies[1].name == "VPN-POL");
    CHECK(v2.policies[2].name == "default");
    CHECK(v2.policies[2].fvrf == "any");
    CHECK(v2.policies[2].proposals == std::vector<std::string>{"default"});
    auto on_g0 = v2.proposals_for(0xc0000201);  // 192.0.2.1: policy LOCAL
    REQUIRE(on_g0.size() == 1);
    CHECK(on_g0[0]->name == "GCM");
    // Elsewhere VPN-POL (global fvrf), whose incomplete VPN-PROP is left out.
    auto other = v2.proposals_for(0x0a000001);
    REQUIRE(other.size() == 1);
    CHECK(other[0]->name == "GCM");
    // In a VRF only the default policy (fvrf any) fits.
    auto vrf = v2.proposals_for(0x0a000001, "INET");
    REQUIRE(vrf.size() == 1);
    CHECK(vrf[0]->name == "default");
}

TEST_CASE("no crypto ikev2 proposal default / policy default remove the smart defaults") {
    auto p = policy::compile(test::configure(std::string(kSite) +
                                             "no crypto ikev2 proposal default\nno crypto ikev2 policy default\n"));
    CHECK_FALSE(p->ikev2.proposal("default"));
    CHECK(p->ikev2.policies.size() == 2);
    CHECK(p->ikev2.proposals_for(0x0a000001, "INET").empty());
}

TEST_CASE("IKEv2 keyring peers: one key serves both directions, local and remote keys apart") {
    auto p = policy::compile(test::configure(kSite));
    const auto* ring = p->ikev2.keyring("VPN-KEYRING");
    REQUIRE(ring);
    REQUIRE(ring->peers.size() == 2);
    const auto& any = ring->peers[0];
    CHECK(any.name == "ANY");
    CHECK(any.address == std::optional<std::uint32_t>(0));
    CHECK(any.mask == 0);
    CHECK(any.local_key == "cisco123");
    CHECK(any.remote_key == "cisco123");
    const auto& hub = ring->peers[1];
    CHECK_FALSE(hub.address);
    REQUIRE(hub.identity);
    CHECK(hub.identity->type == 2);
    CHECK(hub.identity->value == "hub.example.com");
    CHECK(hub.local_key == "mine");
    CHECK(hub.remote_key == "theirs");
}

TEST_CASE("IKEv2 profiles: identities, local address, keyring, lifetime, DPD from the profile or the global line") {
    auto p = policy::compile(test::configure(kSite));
    const auto* prof = p->ikev2.profile("VPN-IKEV2");
    REQUIRE(prof);
    REQUIRE(prof->remote_identities.size() == 2);
    CHECK(prof->remote_identities[0].type == 1);
    CHECK(prof->remote_identities[0].address == 0);
    CHECK(prof->remote_identities[0].mask == 0);  // 0.0.0.0 without a mask: any peer, as on IOS hubs
    CHECK(policy::identity_matches(prof->remote_identities[0], {1, 0xc6336402, 0xffffffff, "", false}));
    CHECK(prof->local_addresses == std::vector<std::uint32_t>{0xc0000201});
    REQUIRE(prof->local_identity);
    CHECK(prof->local_identity->value == "r1.example.com");
    CHECK(prof->local_psk);
    CHECK(prof->remote_psk);
    CHECK(prof->keyring == "VPN-KEYRING");
    CHECK(prof->lifetime == 3600);
    REQUIRE(prof->dpd);
    CHECK(*prof->dpd == policy::Ikev2Dpd{30, 5, false});  // the global `crypto ikev2 dpd`
    CHECK(prof->nat_keepalive == std::optional<std::uint32_t>(20));
    // `fqdn domain` matches a whole domain, ignoring case.
    policy::Ikev2Identity peer{2, 0, 0xffffffff, "Spoke1.EXAMPLE.com", false};
    CHECK(policy::identity_matches(prof->remote_identities[1], peer));
    peer.value = "example.org";
    CHECK_FALSE(policy::identity_matches(prof->remote_identities[1], peer));

    const auto* bad = p->ikev2.profile("NO-RING");
    REQUIRE(bad);
    CHECK(bad->keyring.empty());
    CHECK(*bad->dpd == policy::Ikev2Dpd{10, 3, true});
    CHECK(has_problem(*p, "IKEv2 profile NO-RING: keyring MISSING is not defined"));
    CHECK(p->ikev2.cookie_challenge == std::optional<std::uint32_t>(50));
}

TEST_CASE("crypto map entries and protected tunnels carry their IKEv2 profile") {
    auto p = policy::compile(test::configure(std::string(kSite) +
                                             "interface Tunnel1\n ip address 10.9.9.1 255.255.255.252\n"
                                             " tunnel source GigabitEthernet0/0\n tunnel mode ipsec ipv4\n"
                                             " tunnel destination 198.51.100.9\n tunnel protection ipsec profile VTI\n"));
    const auto* entry = p->find("map CM 10");
    REQUIRE(entry);
    CHECK(entry->ikev2_profile == "GONE");
    CHECK(has_problem(*p, "map CM 10: IKEv2 profile GONE is not defined"));
    const auto* tunnel = p->find("tunnel Tunnel1");
    REQUIRE(tunnel);
    CHECK(tunnel->ikev2_profile == "VPN-IKEV2");
}

TEST_CASE("a change to IKEv2 settings is an IKE change in the diff") {
    auto before = policy::compile(test::configure(kSite));
    auto after = policy::compile(test::configure(std::string(kSite) + "crypto ikev2 profile VPN-IKEV2\n lifetime 7200\n"));
    CHECK(policy::diff(*before, *after).ike_changed);
    CHECK_FALSE(policy::diff(*before, *before).ike_changed);
}

TEST_CASE("IKEv2 peer keys are type 6 under password encryption aes, and still authenticate") {
    auto c = test::configure(
        "key config-key password-encrypt Master-Key-1\npassword encryption aes\n"
        "crypto ikev2 keyring KR\n peer P\n  address 10.0.0.2\n  pre-shared-key local Secret1\n");
    const auto& peer = c.crypto.ikev2.keyrings.at("KR").peers.at(0);
    REQUIRE(peer.psk_local);
    CHECK(peer.psk_local->type == 6);
    CHECK(peer.psk_local->key != "Secret1");
    CHECK(config::render_ikev2(c.crypto.ikev2).find("  pre-shared-key local 6 " + peer.psk_local->key + "\n") !=
          std::string::npos);
    auto p = policy::compile(c);
    CHECK(p->ikev2.keyring("KR")->peers[0].local_key == "Secret1");
    CHECK(p->ikev2.keyring("KR")->peers[0].remote_key.empty());
}

TEST_CASE("match identity remote any admits every identity; key-id matches exactly") {
    auto p = policy::compile(test::configure(
        "crypto ikev2 profile A\n match identity remote any\n match identity remote key-id Group1\n"));
    const auto* prof = p->ikev2.profile("A");
    REQUIRE(prof);
    REQUIRE(prof->remote_identities.size() == 2);
    CHECK(policy::identity_matches(prof->remote_identities[0], {3, 0, 0, "anyone@example.net", false}));
    CHECK(policy::identity_matches(prof->remote_identities[1], {11, 0, 0, "Group1", false}));
    CHECK_FALSE(policy::identity_matches(prof->remote_identities[1], {11, 0, 0, "group1", false}));
}

TEST_CASE("the IKEv2 blocks of the running-config, pasted again, give themselves back") {
    auto first = test::configure(std::string(kSite) +
                                 "crypto ikev2 proposal default\n group 14\nno crypto ikev2 policy default\n"
                                 "crypto ikev2 keyring VPN-KEYRING\n peer V6\n  address 2001:db8::1/128\n"
                                 "  hostname v6-peer\n  description the v6 one\n"
                                 "crypto ikev2 profile VPN-IKEV2\n virtual-template 1\n match fvrf any\n nat keepalive 20\n"
                                 "crypto ikev2 limit max-sa 10\n"
                                 "crypto ikev2 policy VPN-POL\n match address local 2001:db8::9\n"
                                 "crypto ikev2 profile VPN-IKEV2\n match address local 2001:db8::9\n");
    std::string text = config::render_ikev2(first.crypto.ikev2);
    auto second = test::configure(text);
    CHECK(config::render_ikev2(second.crypto.ikev2) == text);
    CHECK(text.find("no crypto ikev2 policy default\n") != std::string::npos);
    CHECK(text.find(" match address local 2001:db8::9\n proposal VPN-PROP\n") != std::string::npos);
    CHECK(text.find(" match address local interface GigabitEthernet0/0\n match address local 2001:db8::9\n") !=
          std::string::npos);
    CHECK(text.find(" peer V6\n  description the v6 one\n  address 2001:db8::1/128\n  hostname v6-peer\n !\n") !=
          std::string::npos);
}
