// IKEv2 robustness findings of the review (F7, F10, F11): exchanges crossing an IKE SA rekey,
// unauthenticated IKE_SA_INIT refusals, lifetimes that end, refused rekeys that back off,
// superseded SAs that are reaped, and the cookie secret that changes. Two engines (or one and a
// spoofer) on the fake network and clock; each test failed before its fix.
#include <catch.hpp>

#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/ike_rekey.hpp"
#include "tests/support/ikev2_pair.hpp"

using namespace routerd;
using namespace routerd::test;
using namespace routerd::test::ikev2_pair;
using ike::v2::ExchangeType;
using ike::v2::NotifyType;
using Fate = FakeNetwork::Fate;

namespace {

const std::string kTs = "esp-aes 256 esp-sha256-hmac";

std::string r1(const std::string& map_extra = "", const std::string& ts = kTs) {
    return "crypto ipsec transform-set TSET " + ts +
           "\naccess-list 100 permit ip host 1.1.1.1 host 2.2.2.2\n"
           "crypto map TST 10 ipsec-isakmp\n set peer 127.0.0.2\n set transform-set TSET\n match address 100\n" +
           map_extra;
}
std::string r2(const std::string& map_extra = "", const std::string& ts = kTs) {
    return "crypto ipsec transform-set TSET " + ts +
           "\naccess-list 100 permit ip host 2.2.2.2 host 1.1.1.1\n"
           "crypto map TST 10 ipsec-isakmp\n set peer 127.0.0.1\n set transform-set TSET\n match address 100\n" +
           map_extra;
}

bool is_init_request(const Datagram& d) { return exchange_of(d) == ExchangeType::IKE_SA_INIT && !is_response(d); }

// What an attacker on the path answers to an IKE_SA_INIT request: an unprotected response with
// one notification, from the responder's address (RFC 7296 2.21.1: nothing authenticates it).
Datagram spoofed_answer(const Datagram& request, NotifyType type, ike::Bytes data = {}) {
    auto m = ike::v2::decode_message(request.bytes);
    REQUIRE(m);
    auto h = m.value->header;
    h.flags = ike::v2::FLAG_RESPONSE;
    Datagram d;
    d.from = request.to;
    d.to = request.from;
    d.bytes = ike::v2::encode_message(h, {ike::v2::notify(type, std::move(data))});
    return d;
}

ike::Bytes group_bytes(std::uint16_t g) { return {static_cast<std::uint8_t>(g >> 8), static_cast<std::uint8_t>(g)}; }

// The DH group of an IKE_SA_INIT request's KE payload.
std::uint16_t ke_group(const Datagram& request) {
    auto m = ike::v2::decode_message(request.bytes);
    REQUIRE(m);
    const auto* ke = ike::v2::find(m.value->payloads, ike::v2::PayloadType::KE);
    REQUIRE(ke);
    auto k = ike::v2::decode_ke(ke->body);
    REQUIRE(k);
    return k.value->group;
}

}  // namespace

// F10 (a): RFC 7296 2.4 / 2.21.1.
TEST_CASE("IKEv2 robustness: a spoofed NO_PROPOSAL_CHOSEN to our IKE_SA_INIT does not end the negotiation; the real answer does") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    auto offer = held_offer(net, a);
    net.network.replay(spoofed_answer(offer, NotifyType::NO_PROPOSAL_CHOSEN));
    net.network.deliver_all();
    INFO("R1:\n" << a.said());
    CHECK(a.ctx->sas().size() == 1);  // still waiting
    CHECK(a.failed_flows.empty());
    net.network.release_held();  // the real offer reaches R2 late
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    ike_pair::check_pair(a.children[0], b.children[0]);
    CHECK(a.failed_flows.empty());
}

TEST_CASE("IKEv2 robustness: an unauthenticated refusal with no valid answer after it fails when the retransmissions end, with its reason") {
    Net net;
    Router a(net, R1_ADDR, r1());  // nobody answers but the spoofer
    auto offer = captured_offer(net, a);
    net.network.replay(spoofed_answer(offer, NotifyType::NO_PROPOSAL_CHOSEN));
    net.network.deliver_all();
    CHECK(a.ctx->sas().size() == 1);
    net.run_for(std::chrono::seconds(120));
    INFO("R1:\n" << a.said());
    CHECK(a.ctx->sas().empty());
    CHECK(net.network.sent.size() == 6);  // it kept retransmitting: the first and five more
    REQUIRE(a.ctx->failures().count(R2_ADDR));
    CHECK(a.ctx->failures().at(R2_ADDR).find("NO_PROPOSAL_CHOSEN") != std::string::npos);
    CHECK(a.ctx->failures().at(R2_ADDR).find("no valid answer followed") != std::string::npos);
    CHECK(a.failed_flows == std::vector<std::string>{"map TST 10"});
}

// F10 (b): RFC 7296 1.2, 2.7.
TEST_CASE("IKEv2 robustness: INVALID_KE_PAYLOAD naming a group we did not propose is ignored") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    auto offer = held_offer(net, a);
    net.network.replay(spoofed_answer(offer, NotifyType::INVALID_KE_PAYLOAD, group_bytes(21)));
    net.network.deliver_all();
    INFO("R1:\n" << a.said());
    CHECK(a.ctx->sas().size() == 1);
    CHECK(net.network.sent.size() == 1);  // no new offer for group 21
    net.network.release_held();
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    CHECK(a.ctx->sas().begin()->second->suite->group == 14);
}

TEST_CASE("IKEv2 robustness: INVALID_KE_PAYLOAD bouncing between our own groups is followed twice, then refused with a reason") {
    Net net;
    Router a(net, R1_ADDR, r1());
    a.config.proposals = {proposal({14, 19})};
    // Each offer is answered with INVALID_KE_PAYLOAD for the other group (ten times at most).
    int bounces = 0;
    net.network.fate = [&](const Datagram& d) {
        if (d.to.address == R2_ADDR && is_init_request(d) && bounces < 10) {
            ++bounces;
            net.network.replay(spoofed_answer(d, NotifyType::INVALID_KE_PAYLOAD, group_bytes(ke_group(d) == 14 ? 19 : 14)));
        }
        return d.to.address == R1_ADDR ? Fate::DELIVER : Fate::DROP;
    };
    a.initiate();
    net.run_for(std::chrono::seconds(120));
    INFO("R1:\n" << a.said());
    CHECK(a.count("Received INVALID_KE_PAYLOAD: the peer wants DH group") == 2);
    CHECK(a.ctx->sas().empty());
    REQUIRE(a.ctx->failures().count(R2_ADDR));
    CHECK(a.ctx->failures().at(R2_ADDR).find("INVALID_KE_PAYLOAD") != std::string::npos);
    CHECK(a.failed_flows == std::vector<std::string>{"map TST 10"});
}

// F7: RFC 7296 2.25.2, 2.18.
TEST_CASE("IKEv2 robustness: the peer's IKE SA rekey while our CREATE_CHILD_SA is outstanding gets TEMPORARY_FAILURE; no pair is lost") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    a.initiate();
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    a.policy = policy::compile(test::configure("access-list 100 permit ip host 1.1.1.3 host 2.2.2.3\n" + r1()));
    b.policy = policy::compile(test::configure("access-list 100 permit ip host 2.2.2.3 host 1.1.1.3\n" + r2()));
    // R1's CREATE_CHILD_SA for a second flow is on its way while R2 starts to rekey the IKE SA:
    // R1 answers the rekey before R2 answers R1's request.
    net.network.fate = [](const Datagram& d) { return d.from.address == R1_ADDR ? Fate::HOLD : Fate::DELIVER; };
    a.initiate("map TST 10", 1);
    net.network.deliver_all();
    REQUIRE(net.network.held.size() == 1);
    REQUIRE(ike::v2::ike_rekey::start(*b.ctx, *b.ctx->sas().begin()->second));
    net.network.deliver_all();
    REQUIRE(net.network.held.size() == 2);  // R1's request, then its answer to the rekey
    net.network.fate = nullptr;
    net.network.release_held();
    net.run_for(std::chrono::seconds(60));
    INFO("R1:\n" << a.said() << "R2:\n" << b.said());
    CHECK(a.saw("Refusing the IKE SA rekey: our CREATE_CHILD_SA for a Child SA is outstanding"));
    CHECK(b.saw("The peer refused the IKE SA rekey with TEMPORARY_FAILURE"));
    REQUIRE(a.ctx->sas().size() == 1);
    REQUIRE(b.ctx->sas().size() == 1);
    REQUIRE(a.pairs().size() == 2);
    REQUIRE(b.pairs().size() == 2);
    CHECK(mirrored(a.pairs()[1], b.pairs()[1]));
    CHECK(a.deleted.empty());
    CHECK(b.deleted.empty());
    // Tried again with nothing outstanding, the rekey goes through and both pairs move (2.18).
    auto old_spi = a.ctx->sas().begin()->first;
    REQUIRE(ike::v2::ike_rekey::start(*b.ctx, *b.ctx->sas().begin()->second));
    net.run_for(std::chrono::seconds(60));
    REQUIRE(a.ctx->sas().size() == 1);
    REQUIRE(b.ctx->sas().size() == 1);
    CHECK(a.ctx->sas().begin()->first != old_spi);
    REQUIRE(a.pairs().size() == 2);
    CHECK(mirrored(a.pairs()[0], b.pairs()[0]));
    CHECK(mirrored(a.pairs()[1], b.pairs()[1]));
    CHECK(a.deleted.empty());
}

// F11 (a): RFC 7296 2.8, 2.25.
TEST_CASE("IKEv2 robustness: an IKE SA whose rekeys are refused is retried with backoff, and deleted with its pairs at its lifetime") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    a.config.lifetime_seconds = b.config.lifetime_seconds = 200;
    a.initiate();
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    // R2 no longer takes what R1 offers for the IKE SA (and R1 not what R2 offers).
    b.ctx->sas().begin()->second->config->proposals[0].encryption = {{ike::v2::EncrId::ENCR_3DES, 192}};
    auto spi_out = a.children[0].spi_out;
    run_with_ticks(net, {&a, &b}, 199);
    INFO("R1:\n" << a.said() << "R2:\n" << b.said());
    CHECK(a.ctx->sas().size() == 1);  // not yet
    CHECK(a.count("rekey of the IKE SA") == 2);  // at 180 s and, backed off, at 190 s
    run_with_ticks(net, {&a, &b}, 30);
    CHECK(a.ctx->sas().empty());
    CHECK(b.ctx->sas().empty());
    CHECK(a.saw("IKE SA lifetime of 200 seconds expired"));
    CHECK(a.deleted == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{R2_ADDR, spi_out}});
    CHECK(b.deleted.size() == 1);
}

// F11 (b): RFC 7296 2.25.
TEST_CASE("IKEv2 robustness: a refused Child SA rekey backs off (10 s, doubling), not once a second") {
    Net net;
    std::string life = " set security-association lifetime seconds 600\n";
    Router a(net, R1_ADDR, r1(life)), b(net, R2_ADDR, r2(life));
    a.initiate();
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    // R2's transform set changes: R1's rekeys are refused with NO_PROPOSAL_CHOSEN (and R2's own).
    b.policy = policy::compile(test::configure(r2(life, "esp-3des esp-sha-hmac")));
    run_with_ticks(net, {&a, &b}, 600);
    INFO("R1:\n" << a.said() << "R2:\n" << b.said());
    // Due at 540 s: tried at 540, 550 and 570 s; the next (610 s) is past the hard lifetime.
    CHECK(a.count("Generating CREATE_CHILD_SA message (rekey of Child SA") == 3);
    CHECK(a.pairs().size() == 1);
}

// F11 (c): RFC 7296 2.18.
TEST_CASE("IKEv2 robustness: a superseded IKE SA whose Delete never comes is deleted by us after a bounded wait") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    a.initiate();
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    auto old_spi = a.ctx->sas().begin()->first;
    // R1 rekeys the IKE SA; its Delete of the old one never reaches R2.
    net.network.fate = [&](const Datagram& d) {
        bool old_sa = std::equal(old_spi.begin(), old_spi.end(), d.bytes.begin());
        return d.from.address == R1_ADDR && old_sa && exchange_of(d) == ExchangeType::INFORMATIONAL ? Fate::DROP : Fate::DELIVER;
    };
    REQUIRE(ike::v2::ike_rekey::start(*a.ctx, *a.ctx->sas().begin()->second));
    net.network.deliver_all();
    REQUIRE(b.ctx->sas().size() == 2);
    run_with_ticks(net, {&a, &b}, 180);
    INFO("R1:\n" << a.said() << "R2:\n" << b.said());
    CHECK(b.saw("The replaced IKE SA was not deleted by the peer; deleting it"));
    REQUIRE(b.ctx->sas().size() == 1);
    CHECK(b.ctx->sas().begin()->first != old_spi);
    REQUIRE(a.ctx->sas().size() == 1);
    REQUIRE(b.pairs().size() == 1);
    CHECK(mirrored(a.pairs()[0], b.pairs()[0]));
    CHECK(a.deleted.empty());
    CHECK(b.deleted.empty());
    CHECK(a.dead.empty());
    CHECK(b.dead.empty());
}

// F11 (d): RFC 7296 2.6.
TEST_CASE("IKEv2 robustness: the cookie secret changes every 5 minutes; a cookie stays good for one more period, then not") {
    Net net;
    Router a(net, R1_ADDR, r1()), b(net, R2_ADDR, r2());
    b.config.cookie_challenge = 0;  // always
    // R1's offer goes through and is answered with COOKIE; the offer again, with it, is held.
    int offers = 0;
    net.network.fate = [&](const Datagram& d) { return is_init_request(d) && ++offers == 2 ? Fate::HOLD : Fate::DELIVER; };
    a.initiate();
    net.network.deliver_all();
    REQUIRE(net.network.held.size() == 1);
    auto with_cookie = net.network.held[0];
    net.network.held.clear();
    net.network.fate = nullptr;
    a.ctx->erase(a.ctx->sas().begin()->first);
    auto m = ike::v2::decode_message(with_cookie.bytes);
    REQUIRE(m);
    auto cookie = ike::v2::decode_notify(m.value->payloads.front().body);
    REQUIRE(cookie);
    REQUIRE(cookie.value->type == NotifyType::COOKIE);
    const auto* nonce = ike::v2::find(m.value->payloads, ike::v2::PayloadType::NONCE);
    REQUIRE(nonce);
    auto spi_i = m.value->header.spi_i;

    run_with_ticks(net, {&b}, 301);
    // A new secret, with a new version octet...
    CHECK(b.ctx->cookie_for(nonce->body, R1_ADDR, spi_i)[0] != cookie.value->data[0]);
    // ...and the cookie of the one before still opens the door.
    net.network.replay(with_cookie);
    net.network.deliver_all();
    CHECK(b.ctx->stats().cookie_accepted == 1);
    CHECK(b.ctx->sas().size() == 1);
    // Two periods on it does not (the half-open SA it made is gone by then).
    run_with_ticks(net, {&b}, 300);
    REQUIRE(b.ctx->sas().empty());
    net.network.replay(with_cookie);
    net.network.deliver_all();
    CHECK(b.ctx->stats().cookie_accepted == 1);
    CHECK(b.ctx->stats().cookie_rejected == 1);
    CHECK(b.ctx->sas().empty());
}
