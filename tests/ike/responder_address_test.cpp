// A responder bound to every address of its host answers from the address its peer contacted,
// and that address is its end of the SAs (RFC 7296 2.11 for IKEv2; IOS answers an IKEv1 peer
// from the address it reached). Here the responder's host has two addresses and its route
// toward the initiator would choose the first; the initiator speaks to the second. Answered from
// the first, the initiator drops every answer as coming from a stranger, and no tunnel forms.
#include <catch.hpp>

#include "tests/support/ike_pair.hpp"
#include "tests/support/ikev2_pair.hpp"

using namespace routerd;
using namespace routerd::test;

namespace {

constexpr std::uint32_t kSecond = 0x7f000003;  // the responder's second address

// Every datagram the host at `addresses` sent, by its source address.
std::vector<std::uint32_t> sources_of(const FakeNetwork& net, std::uint16_t port, std::initializer_list<std::uint32_t> addresses) {
    std::vector<std::uint32_t> out;
    for (const auto& d : net.sent)
        for (auto a : addresses)
            if (d.from.address == a && (d.from.port == port || d.from.port == 4500)) out.push_back(a);
    return out;
}

}  // namespace

TEST_CASE("IKEv1 responder on every address: answers from, and builds its SAs on, the address it was contacted at") {
    using namespace routerd::test::ike_pair;
    Net net;
    Router r1(net, R1_ADDR, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.3", "", "esp-aes esp-sha-hmac"));
    Router r2(net, R2_ADDR, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"), {}, {}, Binding::WILDCARD);
    r2.transport->add_address(kSecond);
    r1.initiate();
    bool up = net.run_until([&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(up);
    check_pair(r1.children[0], r2.children[0]);
    CHECK(r2.children[0].local == kSecond);
    CHECK(r2.children[0].peer == R1_ADDR);
    CHECK(r1.children[0].peer == kSecond);
    auto sas = r2.engine->sas();
    REQUIRE(sas.size() == 1);
    CHECK(sas[0].dst == kSecond);  // dst is the responder
    CHECK(sas[0].src == R1_ADDR);
    // Every answer came from the address contacted, on the IKE port: NAT-D found no NAT (a
    // hash of the other address would have seen one and moved both to 4500).
    auto sources = sources_of(net.network, 500, {R2_ADDR, kSecond});
    CHECK(sources == std::vector<std::uint32_t>(sources.size(), kSecond));
    CHECK(sources.size() == 4);  // MM2, MM4, MM6, QM2
    for (const auto& d : net.network.sent) CHECK_FALSE(d.natt);
}

TEST_CASE("IKEv1 responder on every address: a refusal comes from the address contacted, and its own offers from the route's") {
    using namespace routerd::test::ike_pair;
    Net net;
    Router r1(net, R1_ADDR, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.3", "", "esp-aes esp-sha-hmac"));
    // Phase 1 policies that share nothing: R2 refuses with NO-PROPOSAL-CHOSEN.
    std::string other = lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac");
    other.replace(other.find(" encr 3des"), 10, " encr aes 256");
    Router r2(net, R2_ADDR, other, {}, {}, Binding::WILDCARD);
    r2.transport->add_address(kSecond);
    r1.initiate();
    net.network.deliver_all();
    auto refusals = sources_of(net.network, 500, {R2_ADDR, kSecond});
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0] == kSecond);
    CHECK(r2.saw("phase 1 SA policy not acceptable! (local 127.0.0.3 remote 127.0.0.1)"));

    // Starting a negotiation itself, R2 speaks from the address its route toward the peer
    // chooses: no peer has contacted it.
    net.network.sent.clear();
    r2.initiate();
    net.network.deliver_all();
    auto offers = sources_of(net.network, 500, {R2_ADDR, kSecond});
    REQUIRE_FALSE(offers.empty());
    CHECK(offers.front() == R2_ADDR);
}

TEST_CASE("IKEv2 responder on every address: answers from, and builds its SAs on, the address it was contacted at") {
    using namespace routerd::test::ikev2_pair;
    const std::string ts = "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\n";
    Net net;
    Router a(net, R1_ADDR, ts + "access-list 100 permit ip host 1.1.1.1 host 2.2.2.2\n"
                                "crypto map TST 10 ipsec-isakmp\n set peer 127.0.0.3\n set transform-set TSET\n match address 100\n");
    Router b(net, R2_ADDR, ts + "access-list 100 permit ip host 2.2.2.2 host 1.1.1.1\n"
                                "crypto map TST 10 ipsec-isakmp\n set peer 127.0.0.1\n set transform-set TSET\n match address 100\n",
             "cisco123", {}, Binding::WILDCARD);
    b.transport->add_address(kSecond);
    a.initiate();
    bool up = net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; });
    INFO("R1:\n" << a.said() << "R2:\n" << b.said());
    REQUIRE(up);
    ike_pair::check_pair(a.children[0], b.children[0]);
    CHECK(b.children[0].local == kSecond);
    CHECK(a.children[0].peer == kSecond);
    REQUIRE(b.ctx->sas().size() == 1);
    CHECK(b.ctx->sas().begin()->second->local == kSecond);
    auto sources = sources_of(net.network, 500, {R2_ADDR, kSecond});
    CHECK(sources == std::vector<std::uint32_t>{kSecond, kSecond});  // IKE_SA_INIT and IKE_AUTH responses
    for (const auto& d : net.network.sent) CHECK_FALSE(d.natt);
}

// IOS's `crypto keyring` with `local-address` serves only negotiations on that address: a host
// with two addresses keeps one key per address for the same peer. The key must be the contacted
// address's, which the route toward the peer (the host's first address) does not tell.
TEST_CASE("IKEv1 responder on every address: the keyring of the address contacted gives the key") {
    using namespace routerd::test::ike_pair;
    auto r1_cfg = [](const std::string& peer, const std::string& key) {
        return "crypto isakmp policy 10\n encr aes\n hash sha\n authentication pre-share\n group 14\n"
               "crypto isakmp key " + key + " address " + peer + "\n"
               "crypto ipsec transform-set TSET esp-aes esp-sha-hmac\n"
               "access-list 100 permit ip host 1.1.1.1 host 2.2.2.2\n"
               "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n";
    };
    const std::string r2_cfg =
        "crypto isakmp policy 10\n encr aes\n hash sha\n authentication pre-share\n group 14\n"
        "crypto keyring FIRST\n local-address 127.0.0.2\n pre-shared-key address 127.0.0.1 key first\n"
        "crypto keyring SECOND\n local-address 127.0.0.3\n pre-shared-key address 127.0.0.1 key second\n"
        "crypto ipsec transform-set TSET esp-aes esp-sha-hmac\n"
        "access-list 100 permit ip host 2.2.2.2 host 1.1.1.1\n"
        "crypto map TST 10 ipsec-isakmp\n set peer 127.0.0.1\n set transform-set TSET\n match address 100\n";
    for (const auto& [address, key] : {std::pair<std::string, std::string>{"127.0.0.2", "first"}, {"127.0.0.3", "second"}}) {
        INFO("contacted at " << address);
        Net net;
        Router r1(net, R1_ADDR, r1_cfg(address, key));
        Router r2(net, R2_ADDR, r2_cfg, {}, {}, Binding::WILDCARD);
        r2.transport->add_address(kSecond);
        r1.initiate();
        bool up = net.run_until([&] { return !r1.children.empty() && !r2.children.empty(); }, std::chrono::seconds(30));
        CHECK(up);
        CHECK_FALSE(r2.saw("pre-shared key mismatch"));
    }
}
