// `debug crypto ikev2 [packet|internal|error]` (issue #13): each kind of line comes only when
// that kind is wanted, in IOS XE's words (16.7 captures: "Sending Packet [To ...]", "Initiator
// SPI : ... Message id: 0", "Payload contents:", "[IKEv2 -> Crypto Engine] ...", "IKEv2-ERROR:").
#include <catch.hpp>

#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/vendor_ids.hpp"
#include "tests/support/ikev2_pair.hpp"

using namespace routerd;
using namespace routerd::test;
using namespace routerd::test::ikev2_pair;
using ike::Ikev2DebugKind;

namespace {

std::string r1() {
    return "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\naccess-list 100 permit ip host 1.1.1.1 host 2.2.2.2"
           "\ncrypto map TST 10 ipsec-isakmp\n set peer 127.0.0.2\n set transform-set TSET\n match address 100\n";
}
std::string r2() {
    return "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\naccess-list 100 permit ip host 2.2.2.2 host 1.1.1.1"
           "\ncrypto map TST 10 ipsec-isakmp\n set peer 127.0.0.1\n set transform-set TSET\n match address 100\n";
}

bool any_starts(const std::vector<std::string>& lines, const std::string& prefix) {
    return std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return l.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_CASE("IKEv2 debug: the default debugging gives each message's summary and what goes inside SK, in IOS's words") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    a.wanted = [](Ikev2DebugKind k) { return k == Ikev2DebugKind::EVENT || k == Ikev2DebugKind::ERROR; };
    a.initiate();
    net.run_for(std::chrono::seconds(5));
    REQUIRE(a.children.size() == 1);
    INFO(a.said());
    CHECK(a.saw("IKEv2:(SESSION ID = 1,SA ID = 1):Sending Packet [To 127.0.0.2:500/From 127.0.0.1:500/VRF i0:f0]\nInitiator SPI : "));
    CHECK(a.saw(" - Responder SPI : 0000000000000000 Message id: 0\nIKEv2 IKE_SA_INIT Exchange REQUEST\nPayload contents:\n"
                " SA KE N VID VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)"));
    // IOS's vendor IDs, named as the peer got them.
    CHECK(a.saw("Received VID: CISCO-DELETE-REASON"));
    CHECK(a.saw("Received VID: CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc."));
    CHECK(a.saw("Received VID: FLEXVPN-SUPPORTED"));
    CHECK(a.saw("Received Packet [From 127.0.0.2:500/To 127.0.0.1:500/VRF i0:f0]"));
    CHECK(a.saw("Message id: 1\nIKEv2 IKE_AUTH Exchange RESPONSE\nPayload contents:\n ENCR"));
    CHECK(a.saw("Building packet for encryption.\nPayload contents:\n IDi AUTH SA TSi TSr"));
    CHECK(a.saw("Verification of peer's authenctication data PASSED"));
    // Not wanted: the packet detail and the crypto engine's steps.
    CHECK_FALSE(a.saw("Next payload:"));
    CHECK_FALSE(a.saw("Crypto Engine"));
}

TEST_CASE("IKEv2 debug: packet gives each payload's header; internal the crypto engine's steps; neither the events") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    a.wanted = [](Ikev2DebugKind k) { return k == Ikev2DebugKind::PACKET || k == Ikev2DebugKind::INTERNAL; };
    a.initiate();
    net.run_for(std::chrono::seconds(5));
    REQUIRE(a.children.size() == 1);
    INFO(a.said());
    CHECK(a.saw("Next payload: SA, version: 2.0 Exchange type: IKE_SA_INIT, flags: INITIATOR Message id: 0, length: "));
    CHECK(a.saw("Exchange type: IKE_SA_INIT, flags: RESPONDER MSG-RESPONSE Message id: 0"));
    CHECK(a.saw("\nSA Next payload: KE, reserved: 0x0, length: "));
    CHECK(a.saw("\nNOTIFY(NAT_DETECTION_DESTINATION_IP) Next payload: NONE, reserved: 0x0, length: 28\n"
                "    Security protocol id: Unknown - 0, spi size: 0, type: NAT_DETECTION_DESTINATION_IP"));
    CHECK(a.saw("\nENCR Next payload: IDi, reserved: 0x0, length: "));
    CHECK(a.saw("[IKEv2 -> Crypto Engine] Computing DH public key, DH Group 14"));
    CHECK(a.saw("[Crypto Engine -> IKEv2] SKEYSEED calculation and creation of rekeyed IKEv2 SA PASSED"));
    CHECK(a.saw("[Crypto Engine -> IKEv2] IKEv2 authentication data generation PASSED"));
    // The packet summary comes with the packet detail; the events do not.
    CHECK(a.saw("Sending Packet [To 127.0.0.2:500"));
    CHECK_FALSE(a.saw("Processing IKE_AUTH message"));
    CHECK_FALSE(a.saw("Building packet for encryption."));
}

TEST_CASE("IKEv2 debug: error alone gives only IKEv2-ERROR lines") {
    Net net;
    Router a(net, R1_ADDR, r1(), "cisco123"), b(net, R2_ADDR, r2(), "other-key");
    a.wanted = [](Ikev2DebugKind k) { return k == Ikev2DebugKind::ERROR; };
    a.initiate();
    net.run_for(std::chrono::seconds(5));
    CHECK(a.children.empty());
    INFO(a.said());
    REQUIRE_FALSE(a.debug.empty());
    CHECK(any_starts(a.debug, "IKEv2-ERROR:(SESSION ID = 1,SA ID = 1):Abort exchange: The peer 127.0.0.2 refused our authentication"));
    CHECK_FALSE(any_starts(a.debug, "IKEv2:"));
}

TEST_CASE("IKEv2 vendor IDs: IOS's, as octets strongSwan and Libreswan match, and the Cisco fragmentation one") {
    auto ids = ike::v2::cisco_vendor_ids();
    REQUIRE(ids.size() == 3);
    CHECK(std::string(ids[0].body.begin(), ids[0].body.end()) == "CISCO-DELETE-REASON");
    CHECK(ids[1].body.size() == 55);  // no terminator: strongSwan compares strlen() octets
    CHECK(ike::v2::vendor_id_name(ids[2].body) == "FLEXVPN-SUPPORTED");
    auto frag = ike::v2::cisco_fragmentation_vendor_id();
    CHECK(ike::v2::hex(frag.body) == "4048B7D56EBCE88525E7DE7F00D6C2D3");
    CHECK(ike::v2::vendor_id_name(frag.body) == "FRAGMENTATION (Cisco)");
    CHECK_FALSE(ike::v2::vendor_id_name(ike::Bytes{1, 2, 3}));
}

TEST_CASE("IKEv2 debug: nothing is built when no kind is wanted") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    a.wanted = [](Ikev2DebugKind) { return false; };
    a.initiate();
    net.run_for(std::chrono::seconds(5));
    CHECK(a.children.size() == 1);
    CHECK(a.debug.empty());
}
