// Traffic selector narrowing (RFC 7296 2.9, issue #13): the responder answers the overlap of
// the offer and its ACL line; the initiator accepts a narrowed answer, says so, and refuses a
// widened one.
#include <catch.hpp>

#include "engine/ike/v2/child_sa.hpp"
#include "tests/support/ikev2_pair.hpp"

using namespace routerd;
using namespace routerd::test;
using namespace routerd::test::ikev2_pair;
using ike::v2::TrafficSelector;

namespace {

std::string map_config(const std::string& peer, const std::string& acl) {
    return "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\naccess-list 100 permit ip " + acl +
           "\ncrypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n";
}

constexpr std::uint32_t addr(int a, int b, int c, int d) { return std::uint32_t(a) << 24 | std::uint32_t(b) << 16 | std::uint32_t(c) << 8 | std::uint32_t(d); }

TrafficSelector range(std::uint32_t first, std::uint32_t last) { return TrafficSelector{0, 0, 65535, first, last}; }

}  // namespace

TEST_CASE("IKEv2 narrowing: a wider offer is answered with the responder's line; the initiator says it was narrowed") {
    Net net;
    Router a(net, R1_ADDR, map_config("127.0.0.2", "10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255"));
    Router b(net, R2_ADDR, map_config("127.0.0.1", "10.2.1.0 0.0.0.255 10.1.1.0 0.0.0.255"));
    a.initiate();
    net.run_for(std::chrono::seconds(10));
    INFO(a.said() << b.said());
    REQUIRE(a.children.size() == 1);
    REQUIRE(b.children.size() == 1);
    CHECK(a.children[0].spi_out == b.children[0].spi_in);
    CHECK(a.children[0].spi_in == b.children[0].spi_out);
    // Each side's pair goes in under its own line, whose kernel policy carries the traffic.
    CHECK(b.children[0].selector.source == addr(10, 2, 1, 0));
    CHECK(b.children[0].selector.source_mask == 0xffffff00);
    CHECK(a.children[0].selector.source_mask == 0xffff0000);
    CHECK(a.saw("narrowed crypto map TST 10's 10.1.0.0/16 -> 10.2.0.0/16 to 10.1.1.0/24 -> 10.2.1.0/24"));
    CHECK(a.saw("%IKEV2-4-TS_NARROWED"));
    CHECK_FALSE(b.saw("narrowed"));
}

TEST_CASE("IKEv2 narrowing: an offer inside the responder's line is taken as it is, as IOS takes a /32 inside a /24 (seeds F10)") {
    Net net;
    Router a(net, R1_ADDR, map_config("127.0.0.2", "host 1.1.1.1 host 2.2.2.2"));
    Router b(net, R2_ADDR, map_config("127.0.0.1", "2.2.2.0 0.0.0.255 1.1.1.0 0.0.0.255"));
    a.initiate();
    net.run_for(std::chrono::seconds(10));
    INFO(a.said() << b.said());
    REQUIRE(a.children.size() == 1);
    REQUIRE(b.children.size() == 1);
    CHECK(b.children[0].selector.source_mask == 0xffffff00);
    CHECK_FALSE(a.saw("narrowed"));
    CHECK_FALSE(a.saw("TS_UNACCEPTABLE"));
}

TEST_CASE("IKEv2 narrowing: of several offered selectors, the widest overlap with the line is answered") {
    auto pol = policy::compile(configure(map_config("127.0.0.1", "10.2.1.0 0.0.0.255 10.1.1.0 0.0.0.255")));
    // The initiator's first TS is the packet that triggered it (RFC 7296 2.9), then its subnet.
    std::vector<TrafficSelector> theirs{range(addr(10, 1, 1, 7), addr(10, 1, 1, 7)), range(addr(10, 1, 0, 0), addr(10, 1, 255, 255))};
    std::vector<TrafficSelector> ours{range(addr(10, 2, 1, 9), addr(10, 2, 1, 9)), range(addr(10, 2, 0, 0), addr(10, 2, 255, 255))};
    auto m = ike::v2::match_traffic(*pol, R1_ADDR, "", ours, theirs);
    REQUIRE(m.entry);
    CHECK(m.ours == range(addr(10, 2, 1, 0), addr(10, 2, 1, 255)));
    CHECK(m.theirs == range(addr(10, 1, 1, 0), addr(10, 1, 1, 255)));

    // No overlap at all, or another protocol than the line's: nothing matches.
    CHECK_FALSE(ike::v2::match_traffic(*pol, R1_ADDR, "", std::vector{range(addr(10, 3, 0, 0), addr(10, 3, 0, 255))}, theirs).entry);
    auto tcp_config = map_config("127.0.0.1", "10.2.1.0 0.0.0.255 10.1.1.0 0.0.0.255");
    tcp_config.replace(tcp_config.find("permit ip"), 9, "permit tcp");
    auto tcp = policy::compile(configure(tcp_config));
    std::vector<TrafficSelector> udp{TrafficSelector{17, 0, 65535, addr(10, 2, 1, 0), addr(10, 2, 1, 255)}};
    CHECK_FALSE(ike::v2::match_traffic(*tcp, R1_ADDR, "", udp, theirs).entry);
    // Another peer's entry is not ours to answer with.
    CHECK_FALSE(ike::v2::match_traffic(*pol, R2_ADDR, "", ours, theirs).entry);
}

TEST_CASE("IKEv2 narrowing: selectors in plain words, and their overlap") {
    CHECK(ike::v2::ts_text(range(addr(10, 1, 1, 0), addr(10, 1, 1, 255))) == "10.1.1.0/24");
    CHECK(ike::v2::ts_text(range(addr(10, 1, 1, 3), addr(10, 1, 1, 9))) == "10.1.1.3-10.1.1.9");
    CHECK(ike::v2::ts_text(TrafficSelector{6, 443, 443, 0, 0xffffffff}) == "0.0.0.0/0 protocol 6 port 443");
    CHECK(ike::v2::overlap(range(addr(10, 0, 0, 0), addr(10, 0, 0, 9)), range(addr(10, 0, 0, 5), addr(10, 0, 0, 20))) ==
          range(addr(10, 0, 0, 5), addr(10, 0, 0, 9)));
    CHECK_FALSE(ike::v2::overlap(range(addr(10, 0, 0, 0), addr(10, 0, 0, 9)), range(addr(10, 0, 0, 10), addr(10, 0, 0, 20))));
    CHECK(ike::v2::overlap(TrafficSelector{0, 1000, 2000, 0, 9}, TrafficSelector{17, 1500, 65535, 5, 20}) == TrafficSelector{17, 1500, 2000, 5, 9});
}

TEST_CASE("IKEv2 narrowing: the initiator refuses an answer wider than its offer, and takes an exact one silently") {
    using ike::v2::PayloadType;
    Net net;
    Router a(net, R1_ADDR, map_config("127.0.0.2", "10.1.1.0 0.0.0.255 10.2.1.0 0.0.0.255"));
    ike::v2::IkeSa sa;
    sa.peer = R2_ADDR;
    ike::v2::ChildNegotiation child(ike::v2::ChildRequest{"map TST 10", a.policy->find("map TST 10")->selectors.at(0)});
    auto answer = [](TrafficSelector tsi, TrafficSelector tsr) {
        return std::vector<ike::v2::Payload>{{PayloadType::TSi, false, ike::v2::encode_ts({tsi})},
                                             {PayloadType::TSr, false, ike::v2::encode_ts({tsr})}};
    };
    auto line_i = range(addr(10, 1, 1, 0), addr(10, 1, 1, 255)), line_r = range(addr(10, 2, 1, 0), addr(10, 2, 1, 255));
    auto why = ike::v2::accept_answered_ts(*a.ctx, sa, answer(range(addr(10, 1, 0, 0), addr(10, 1, 255, 255)), line_r), child);
    REQUIRE(why);
    CHECK(*why == "the peer answered TSi 10.1.0.0/16, wider than our 10.1.1.0/24");
    why = ike::v2::accept_answered_ts(*a.ctx, sa, answer(line_i, range(addr(10, 2, 1, 0), addr(10, 2, 2, 255))), child);
    REQUIRE(why);
    CHECK(*why == "the peer answered TSr 10.2.1.0-10.2.2.255, wider than our 10.2.1.0/24");
    CHECK_FALSE(ike::v2::accept_answered_ts(*a.ctx, sa, answer(line_i, line_r), child));
    CHECK_FALSE(a.saw("narrowed"));
    CHECK(ike::v2::accept_answered_ts(*a.ctx, sa, {}, child) == "the answer lacks its TSi or TSr payload");
}

TEST_CASE("IKEv2 dynamic VTI: the template serves the peers of the IKEv2 profile that names it, any to any") {
    auto pol = policy::compile(configure(
        "crypto ikev2 keyring SPOKES\n peer ANY\n  address 0.0.0.0 0.0.0.0\n  pre-shared-key cisco123\n"
        "crypto ikev2 profile SPOKES\n match identity remote address 0.0.0.0\n authentication remote pre-share\n"
        " authentication local pre-share\n keyring local SPOKES\n virtual-template 1\n"
        "crypto ikev2 profile OTHER\n match identity remote fqdn other.example\n authentication remote pre-share\n"
        " authentication local pre-share\n keyring local SPOKES\n"
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\ncrypto ipsec profile DVTI\n set transform-set TS\n"
        "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n"
        "interface Virtual-Template1 type tunnel\n ip unnumbered Loopback0\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile DVTI\n"));
    std::vector<TrafficSelector> any{range(0, 0xffffffff)};
    auto m = ike::v2::match_traffic(*pol, R1_ADDR, "SPOKES", any, any);
    REQUIRE(m.entry);
    CHECK(m.entry->kind == policy::EntryKind::VIRTUAL_TEMPLATE);
    CHECK(m.entry->ikev2_profile == "SPOKES");
    CHECK(m.ours == range(0, 0xffffffff));
    // A peer of another profile is not handed to this template.
    CHECK_FALSE(ike::v2::match_traffic(*pol, R1_ADDR, "OTHER", any, any).entry);
}
