// An authenticated ISAKMP Delete (RFC 2408 3.15) names the SAs it deletes by their cookie pair.
// The peer here is the IKEv1 layer of an engine (v1::Context) rather than a whole IkeEngine, so
// that the test writes the Delete itself: one naming no SA, one naming the SA it travels over,
// one sent over a new SA naming the old one it replaces. Found by the exchange fuzzer's seeds
// (tests/fuzz/ike_exchange_fuzz.cpp): a Delete with zero cookies took the SA it came over.
#include <catch.hpp>

#include "engine/ike/v1/context.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/receive.hpp"
#include "tests/support/ike_pair.hpp"
#include "tests/support/ikev1_injection.hpp"

using namespace routerd;
using namespace routerd::test::ike_pair;

namespace {

struct RawPeer {
    std::shared_ptr<const policy::PolicySet> policy;
    std::unique_ptr<test::FakeTransport> transport;
    std::unique_ptr<ike::v1::Context> ctx;

    RawPeer(Net& net, std::uint32_t addr, const std::string& config) : policy(policy::compile(test::configure(config))) {
        ike::EngineHooks hooks;
        hooks.policy = [this] { return policy; };
        hooks.on_child_sa = hooks.on_inbound_sa = [](const handoff::ChildSa&) {};
        ike::EngineOptions options;
        options.local_address = addr;
        transport = std::make_unique<test::FakeTransport>(net.network, addr);
        ctx = std::make_unique<ike::v1::Context>(*transport, net.clock, options, hooks);
        transport->open([this](const ike::core::Received& in) { ike::v1::receive(*ctx, in); });
    }

    // HDR*, HASH(1), D (RFC 2409 5.7) over `over`, naming the ISAKMP SA whose cookies are `spi`.
    void send_delete(ike::IkeSa& over, const ike::Bytes& spi) {
        ike::DeletePayload d;
        d.protocol = ike::ProtocolId::PROTO_ISAKMP;
        d.spi_size = 16;
        d.spis = {spi};
        test::send_encrypted(*ctx, over, ike::ExchangeType::INFORMATIONAL, 0x0badcafe, {{ike::PayloadType::D, ike::encode_delete(d)}},
                             true);
    }
};

// R2 a whole engine, R1 the peer's IKEv1 layer, with phase 1 and a pair up between them.
struct Established {
    Net net;
    Router r2{net, R2_ADDR, r2_lab()};
    RawPeer r1{net, R1_ADDR, r1_lab()};
    ike::IkeSa* sa = nullptr;  // R1's
    Established() {
        const auto& selector = r1.policy->find("map TST 10")->selectors.at(0);
        ike::v1::start_phase1(*r1.ctx, R2_ADDR, "map TST 10", selector, false);
        REQUIRE(net.run_until([&] { return r2.children.size() == 1; }));
        sa = r1.ctx->newest_established(R2_ADDR);
        REQUIRE(sa);
    }
};

ike::Bytes cookies(const ike::IkeSa& sa) {
    ike::Bytes b(sa.cky_i.begin(), sa.cky_i.end());
    b.insert(b.end(), sa.cky_r.begin(), sa.cky_r.end());
    return b;
}

}  // namespace

TEST_CASE("an ISAKMP Delete takes the SA its cookies name: not one it does not name, nor simply the one it came over") {
    Established up;
    auto& net = up.net;
    auto& r1 = up.r1;
    auto& r2 = up.r2;
    ike::IkeSa* first = up.sa;

    SECTION("naming no SA: nothing goes") {
        r1.send_delete(*first, ike::Bytes(16, 0));
        net.network.deliver_all();
        CHECK(r2.saw("DELETE names no ISAKMP SA with 127.0.0.1; ignored"));
        REQUIRE(r2.engine->sas().size() == 1);
        CHECK(r2.engine->sas()[0].state == "QM_IDLE");
    }
    SECTION("naming the SA it came over: that one goes") {
        r1.send_delete(*first, cookies(*first));
        net.network.deliver_all();
        CHECK(r2.saw("deleting SA reason \"Receive delete notify\""));
        CHECK(r2.engine->sas().empty());
    }
    SECTION("sent over the new SA, naming the old one it replaces: the old one goes, the new one stays") {
        ike::v1::renew_phase1(*r1.ctx, *first, "map TST 10");
        REQUIRE(net.run_until([&] { return r1.ctx->newest_established(R2_ADDR) != first; }));
        ike::IkeSa* second = r1.ctx->newest_established(R2_ADDR);
        net.network.deliver_all();
        REQUIRE(r2.engine->sas().size() == 2);
        r1.send_delete(*second, cookies(*first));
        net.network.deliver_all();
        REQUIRE(r2.engine->sas().size() == 1);
        CHECK(r2.engine->sas()[0].state == "QM_IDLE");
        // The one left is the new one: a Delete over it naming it finds it (naming the old one
        // again would find nothing).
        r1.send_delete(*second, cookies(*first));
        net.network.deliver_all();
        CHECK(r2.count("DELETE names no ISAKMP SA with 127.0.0.1; ignored") == 1);
        r1.send_delete(*second, cookies(*second));
        net.network.deliver_all();
        CHECK(r2.engine->sas().empty());
    }
}

// The exchange fuzzer's first finding (ASan: heap-use-after-free): an encrypted informational
// message that decrypts to payloads that do not decode made open_message write the old IV back
// into the informational IV, which had been freed at the end of its block. Anyone who saw the
// cookies on the wire could send one. Under the sanitizer pass (sanitize.suite) this test is
// the one that would report it again.
TEST_CASE("an encrypted informational message that does not decode is dropped and the SA goes on") {
    Established up;
    auto& net = up.net;
    auto& r1 = up.r1;
    auto& r2 = up.r2;
    ike::IkeSa* sa = up.sa;
    // HDR* with the SA's cookies and three blocks of what is not a ciphertext of its keys.
    ike::Header h = ike::v1::header_for(*sa, ike::ExchangeType::INFORMATIONAL, ike::PayloadType::HASH, 0x01020304);
    h.flags = ike::FLAG_ENCRYPTION;
    ike::Bytes datagram = ike::encode_message(h, ike::Bytes(24, 0xa5));
    r1.transport->send(0, {R2_ADDR, 500}, false, datagram);
    net.network.deliver_all();
    CHECK(r2.saw("%CRYPTO-4-IKMP_BAD_MESSAGE"));
    REQUIRE(r2.engine->sas().size() == 1);
    CHECK(r2.engine->sas()[0].state == "QM_IDLE");
    // The SA still reads what its peer really sends.
    r1.send_delete(*sa, cookies(*sa));
    net.network.deliver_all();
    CHECK(r2.engine->sas().empty());
}
