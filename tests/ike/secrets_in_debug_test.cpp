// Issue #12, access and secrets: a pre-shared key never appears in `debug crypto isakmp`,
// `debug crypto ipsec`, `debug crypto ikev2` or the log, whether the negotiation succeeds or
// fails on the key itself (F03: the diagnosis names the mismatch, never either key). IOS prints
// neither; a debug is often pasted into a ticket or a forum post.
#include <catch.hpp>

#include "tests/support/ike_pair.hpp"

using namespace routerd;
using namespace routerd::test::ike_pair;

namespace {

const std::string kKey = "Zq7-secret-PSK", kOtherKey = "Other-secret-KEY";

// Every debug and log line the router wrote that holds `secret`.
std::vector<std::string> leaks(const Router& r, const std::string& secret) {
    std::vector<std::string> out;
    for (const auto* lines : {&r.debug, &r.log})
        for (const auto& l : *lines)
            if (l.find(secret) != std::string::npos) out.push_back(l);
    return out;
}

std::string ikev2_map(const std::string& self, const std::string& other, const std::string& peer, const std::string& key) {
    return "crypto ikev2 proposal PROP\n encryption aes-cbc-256\n integrity sha256\n prf sha256\n group 14\n"
           "crypto ikev2 policy POL\n proposal PROP\n"
           "crypto ikev2 keyring KEYS\n peer P\n  address " + peer + "\n  pre-shared-key " + key + "\n"
           "crypto ikev2 profile PROF\n match identity remote address " + peer + " 255.255.255.255\n"
           " authentication remote pre-share\n authentication local pre-share\n keyring local KEYS\n"
           "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\n"
           "access-list 100 permit ip " + self + " " + other + "\n"
           "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n set ikev2-profile PROF\n"
           " match address 100\n";
}

void every_ikev2_line(ike::EngineHooks& hooks, std::vector<std::string>& into) {
    hooks.ikev2_debug = [&into](const std::string& l) { into.push_back(l); };
}

}  // namespace

TEST_CASE("a pre-shared key appears in no debug or log line, IKEv1, up or refused for the key") {
    SECTION("the same key: Main Mode and Quick Mode complete") {
        Net net;
        Router r1(net, R1_ADDR, r1_lab("esp-3des esp-md5-hmac", "", kKey));
        Router r2(net, R2_ADDR, r2_lab("esp-3des esp-md5-hmac", "", kKey));
        r1.initiate();
        REQUIRE(net.run_until([&] { return r1.children.size() == 1 && r2.children.size() == 1; }));
        CHECK(r1.debug.size() > 20);  // the debug was on and said a lot
        CHECK(leaks(r1, kKey).empty());
        CHECK(leaks(r2, kKey).empty());
    }
    SECTION("different keys: F03, said as a key mismatch") {
        Net net;
        Router r1(net, R1_ADDR, r1_lab("esp-3des esp-md5-hmac", "", kKey));
        Router r2(net, R2_ADDR, r2_lab("esp-3des esp-md5-hmac", "", kOtherKey));
        r1.initiate();
        net.run_for(std::chrono::seconds(60));
        CHECK(r1.children.empty());
        CHECK((r1.saw("pre-shared key") || r2.saw("pre-shared key")));
        for (const auto* r : {&r1, &r2}) {
            CHECK(leaks(*r, kKey).empty());
            CHECK(leaks(*r, kOtherKey).empty());
        }
    }
}

TEST_CASE("a pre-shared key appears in no debug or log line, IKEv2, up or refused for the key") {
    std::vector<std::string> v2_r1, v2_r2;
    auto run = [&](const std::string& key1, const std::string& key2, bool up) {
        Net net;
        Router r1(net, R1_ADDR, ikev2_map("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", key1), {},
                  [&](ike::EngineHooks& h) { every_ikev2_line(h, v2_r1); });
        Router r2(net, R2_ADDR, ikev2_map("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", key2), {},
                  [&](ike::EngineHooks& h) { every_ikev2_line(h, v2_r2); });
        r1.initiate();
        if (up) {
            REQUIRE(net.run_until([&] { return r1.children.size() == 1 && r2.children.size() == 1; }));
        } else {
            net.run_for(std::chrono::seconds(60));
            CHECK(r1.children.empty());
        }
        CHECK(v2_r1.size() > 5);
        for (const auto& secret : {key1, key2}) {
            CHECK(leaks(r1, secret).empty());
            CHECK(leaks(r2, secret).empty());
            for (const auto* lines : {&v2_r1, &v2_r2})
                for (const auto& l : *lines) CHECK(l.find(secret) == std::string::npos);
        }
    };
    SECTION("the same key") { run(kKey, kKey, true); }
    SECTION("different keys") { run(kKey, kOtherKey, false); }
}
