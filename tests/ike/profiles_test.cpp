// ISAKMP profiles on the wire: a hub with two profiles whose keyrings hold different keys for
// overlapping addresses (a /8 for the sites, a /32 for a partner inside it), and spokes that
// initiate to it. The peer's identity selects the profile; the profile decides which key it may
// have used and which dynamic map entries serve it (engine/ike/v1/profiles.hpp).
#include <catch.hpp>

#include "engine/ike/ike_engine.hpp"
#include "tests/support/ike_pair.hpp"

using namespace routerd;
using namespace routerd::test::ike_pair;

namespace {

constexpr std::uint32_t HUB = R2_ADDR, PARTNER = R1_ADDR, SITE = 0x7f000003;

const std::string kPhase1 = "crypto isakmp policy 10\n encr aes\n hash sha\n authentication pre-share\n group 14\n";

// `partner_match`: the PARTNER profile's identity statement.
std::string hub(const std::string& partner_match = "address 127.0.0.1 255.255.255.255", const std::string& extra = "") {
    return kPhase1 +
           "crypto keyring SITES\n pre-shared-key address 127.0.0.0 255.0.0.0 key wide-key\n"
           "crypto keyring PARTNER\n pre-shared-key address 127.0.0.1 key partner-key\n"
           "crypto isakmp profile SITES\n keyring SITES\n match identity address 127.0.0.0 255.0.0.0\n"
           "crypto isakmp profile PARTNER\n keyring PARTNER\n match identity " + partner_match + "\n" + extra +
           "crypto ipsec transform-set TS-PARTNER esp-aes 256 esp-sha-hmac\n"
           "crypto ipsec transform-set TS-SITES esp-aes esp-sha-hmac\n"
           "crypto dynamic-map DYN 10\n set transform-set TS-PARTNER\n set isakmp-profile PARTNER\n"
           "crypto dynamic-map DYN 20\n set transform-set TS-SITES\n set isakmp-profile SITES\n"
           "crypto map OUTSIDE 65535 ipsec-isakmp dynamic DYN\n";
}

std::string spoke(const std::string& self_lo, const std::string& key, const std::string& ts, const std::string& extra = "",
                  const std::string& map_extra = "") {
    return extra + kPhase1 + "crypto isakmp key " + key + " address 127.0.0.2\n" +
           "crypto ipsec transform-set T " + ts + "\n"
           "access-list 100 permit ip host " + self_lo + " host 2.2.2.2\n"
           "crypto map TST 10 ipsec-isakmp\n set peer 127.0.0.2\n set transform-set T\n match address 100\n" + map_extra;
}

bool up(Net& net, Router& a, Router& b) {
    return net.run_until([&] { return !a.children.empty() && !b.children.empty(); }, std::chrono::seconds(60));
}

}  // namespace

TEST_CASE("two profiles with overlapping keyrings: each peer gets its own key, profile and map entry") {
    Net net;
    Router h(net, HUB, hub());
    Router partner(net, PARTNER, spoke("1.1.1.1", "partner-key", "esp-aes 256 esp-sha-hmac"));
    Router site(net, SITE, spoke("3.3.3.3", "wide-key", "esp-aes esp-sha-hmac"));
    partner.initiate();
    REQUIRE(up(net, partner, h));
    CHECK(h.saw("ISAKMP:(0):: peer matches PARTNER profile"));
    CHECK(h.children.back().entry_key == "dynamic DYN 10");
    check_pair(partner.children[0], h.children.back());
    site.initiate();
    REQUIRE(net.run_until([&] { return !site.children.empty() && h.children.size() == 2; }, std::chrono::seconds(60)));
    CHECK(h.saw("ISAKMP:(0):: peer matches SITES profile"));
    CHECK(h.children.back().entry_key == "dynamic DYN 20");
    CHECK(h.children.back().peer == SITE);
    CHECK(h.log.empty());
}

TEST_CASE("the partner with the sites' key: the /32 in keyring PARTNER is the key, and they differ") {
    Net net;
    Router h(net, HUB, hub());
    Router partner(net, PARTNER, spoke("1.1.1.1", "wide-key", "esp-aes 256 esp-sha-hmac"));
    partner.initiate();
    net.run_until([&] { return h.saw("pre-shared key mismatch"); }, std::chrono::seconds(60));
    CHECK(h.saw("with our key for it (keyring PARTNER, pre-shared-key for 127.0.0.1)"));
    CHECK(partner.children.empty());
}

TEST_CASE("a profile serves only its own peers' Quick Modes: a site cannot use the partner's entry") {
    Net net;
    Router h(net, HUB, hub());
    Router site(net, SITE, spoke("3.3.3.3", "wide-key", "esp-aes 256 esp-sha-hmac"));  // only DYN 10 has this set
    site.initiate();
    net.run_until([&] { return h.saw("transform set mismatch"); }, std::chrono::seconds(60));
    CHECK(h.saw("ISAKMP:(0):: peer matches SITES profile"));
    CHECK(h.saw("transform set mismatch with peer 127.0.0.3"));
    CHECK(h.saw("dynamic map DYN 20 offers esp-aes esp-sha-hmac (tunnel)"));
    CHECK(site.children.empty());
    CHECK(h.children.empty());
}

TEST_CASE("Main Mode keyring mismatch: the key came from a keyring the matched profile does not list") {
    // The partner's identity statement now names another address: 127.0.0.1 matches only SITES,
    // but Main Mode had to pick the key by address before the ID came, and the /32 won.
    Net net;
    Router h(net, HUB, hub("address 127.0.0.9 255.255.255.255"));
    Router partner(net, PARTNER, spoke("1.1.1.1", "partner-key", "esp-aes 256 esp-sha-hmac"));
    partner.initiate();
    net.run_until([&] { return h.saw("keyring mismatch"); }, std::chrono::seconds(60));
    CHECK(h.saw("ISAKMP:(0):: peer matches SITES profile"));
    CHECK(h.saw("keyring mismatch with peer 127.0.0.1: its identity address 127.0.0.1 selects ISAKMP profile SITES, which takes keys "
                "only from keyring SITES, but Main Mode had to choose the key by address before the identity came, and took keyring "
                "PARTNER, pre-shared-key for 127.0.0.1"));
    CHECK(h.saw("%CRYPTO-4-IKE_DIAGNOSIS: keyring mismatch"));
    net.run_for(std::chrono::seconds(60));
    CHECK(partner.children.empty());
    CHECK(h.engine->sas().empty());
}

TEST_CASE("Aggressive Mode with an FQDN identity: match identity host picks the profile, its keyring the hostname key") {
    Net net;
    std::string named = "crypto keyring NAMED\n pre-shared-key hostname R1.example.com key named-key\n"
                        "crypto isakmp profile NAMED\n keyring NAMED\n match identity host R1.example.com\n"
                        "crypto ipsec transform-set TS-NAMED esp-aes 192 esp-sha-hmac\n"
                        "crypto dynamic-map DYN 5\n set transform-set TS-NAMED\n set isakmp-profile NAMED\n";
    Router h(net, HUB, hub("address 127.0.0.1 255.255.255.255", named));
    Router partner(net, PARTNER,
                   spoke("1.1.1.1", "named-key", "esp-aes 192 esp-sha-hmac",
                         "hostname R1\nip domain name example.com\ncrypto isakmp identity hostname\n"
                         "crypto isakmp profile AGG\n initiate mode aggressive\n",
                         " set isakmp-profile AGG\n"));
    partner.initiate();
    REQUIRE(up(net, partner, h));
    CHECK(h.saw("FQDN name    : R1.example.com"));
    CHECK(h.saw("ISAKMP:(0):: peer matches NAMED profile"));
    CHECK(h.children.back().entry_key == "dynamic DYN 5");
    check_pair(partner.children[0], h.children.back());
}

TEST_CASE("the initiator's profile admits only the responder its match identity names") {
    Net net;
    Router h(net, HUB, hub());
    Router partner(net, PARTNER,
                   spoke("1.1.1.1", "partner-key", "esp-aes 256 esp-sha-hmac",
                         "crypto isakmp profile TO-HUB\n match identity address 127.0.0.9 255.255.255.255\n",
                         " set isakmp-profile TO-HUB\n"));
    partner.initiate();
    net.run_until([&] { return partner.saw("identity mismatch"); }, std::chrono::seconds(60));
    CHECK(partner.saw("identity mismatch with peer 127.0.0.2: it identifies as address 127.0.0.2, and ISAKMP profile TO-HUB "
                      "(named by the map entry we initiate for) admits only `match identity address 127.0.0.9 255.255.255.255`"));
    CHECK(partner.children.empty());
}

// IOS tries a crypto map's entries by sequence number, a `dynamic` entry standing for its
// dynamic map's entries (seeds-catalog F16: a hub whose dynamic entry is numbered below the
// static one for a peer refuses that peer's Quick Mode, "QM rejected").
TEST_CASE("a static entry numbered before the dynamic one serves its peer; numbered after, it is shadowed and said so") {
    auto hub_with = [](int static_seq, int dynamic_seq) {
        return kPhase1 + "crypto isakmp key partner-key address 0.0.0.0 0.0.0.0\n"
               "crypto ipsec transform-set TS-STATIC esp-aes 256 esp-sha-hmac\n"
               "crypto ipsec transform-set TS-DYN esp-3des esp-sha-hmac\n"
               "access-list 101 permit ip host 2.2.2.2 host 1.1.1.1\n"
               "crypto dynamic-map DYN 10\n set transform-set TS-DYN\n"
               "crypto map CMAP " + std::to_string(static_seq) + " ipsec-isakmp\n set peer 127.0.0.1\n set transform-set TS-STATIC\n"
               " match address 101\n"
               "crypto map CMAP " + std::to_string(dynamic_seq) + " ipsec-isakmp dynamic DYN\n";
    };
    SECTION("static 10, dynamic 65535: the static entry") {
        Net net;
        Router h(net, HUB, hub_with(10, 65535));
        Router partner(net, PARTNER, spoke("1.1.1.1", "partner-key", "esp-aes 256 esp-sha-hmac"));
        partner.initiate();
        REQUIRE(up(net, partner, h));
        CHECK(h.children.back().entry_key == "map CMAP 10");
    }
    SECTION("static 40, dynamic 30: the dynamic entry takes the proposal and refuses it") {
        Net net;
        Router h(net, HUB, hub_with(40, 30));
        Router partner(net, PARTNER, spoke("1.1.1.1", "partner-key", "esp-aes 256 esp-sha-hmac"));
        partner.initiate();
        net.run_until([&] { return h.saw("QM rejected"); }, std::chrono::seconds(60));
        CHECK(h.saw("transform set mismatch with peer 127.0.0.1"));
        CHECK(h.saw("crypto map CMAP 40 names peer 127.0.0.1, but crypto map CMAP 30 (dynamic DYN) comes first and its dynamic map "
                    "DYN 10 took the proposal: a crypto map's entries are tried by sequence number, so a dynamic entry belongs below "
                    "every static one (number it 65535)"));
        CHECK(partner.children.empty());
    }
}
