// What an established SA keeps (issue 14: memory per tunnel). Once phase 1 is authenticated the
// DH key pair, the DH values, nonces, SAi_b, SKEYID and the pre-shared key served their purpose
// (RFC 2409 5) and are freed; once the peer's Quick Mode shows it has our last phase 1 message,
// the copies kept to answer a repeat of its own go; a finished Quick Mode keeps only what
// recognises or answers a repeat of its last message. IKEv2: IKE_SA_INIT's messages and DH key
// pair go once IKE_AUTH is done (RFC 7296 2.1, 2.14, 2.15). The engines here are the IKEv1 and
// IKEv2 layers themselves, so that the test can look inside their SAs.
#include <catch.hpp>

#include "engine/ike/v1/context.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/receive.hpp"
#include "tests/support/ike_pair.hpp"
#include "tests/support/ikev2_pair.hpp"

using namespace routerd;

namespace {

using test::ike_pair::R1_ADDR;
using test::ike_pair::R2_ADDR;

// One router's IKEv1 layer on the fake network.
struct V1Layer {
    std::shared_ptr<const policy::PolicySet> policy;
    std::unique_ptr<test::FakeTransport> transport;
    std::unique_ptr<ike::v1::Context> ctx;
    std::vector<handoff::ChildSa> children;

    V1Layer(test::ike_pair::Net& net, std::uint32_t addr, const std::string& config)
        : policy(policy::compile(test::configure(config))) {
        ike::EngineHooks hooks;
        hooks.policy = [this] { return policy; };
        hooks.on_child_sa = [this](const handoff::ChildSa& c) { children.push_back(c); };
        hooks.on_inbound_sa = [](const handoff::ChildSa&) {};
        ike::EngineOptions options;
        options.local_address = addr;
        transport = std::make_unique<test::FakeTransport>(net.network, addr);
        ctx = std::make_unique<ike::v1::Context>(*transport, net.clock, options, hooks);
        transport->open([this](const ike::core::Received& in) { ike::v1::receive(*ctx, in); });
    }

    const ike::IkeSa& only_sa() const {
        REQUIRE(ctx->sas().size() == 1);
        return *ctx->sas().begin()->second;
    }
};

// An IKEv2 crypto map toward the other (the IKEv2 pair's routers bring their own proposal and key).
std::string v2_map(const std::string& self, const std::string& other, const std::string& peer) {
    return "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\naccess-list 100 permit ip host " + self + " host " +
           other + "\ncrypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n";
}

void check_phase1_material_freed(const ike::IkeSa& sa) {
    CHECK(sa.state == ike::Phase1State::QM_IDLE);
    CHECK(!sa.dh);
    CHECK(sa.psk.empty());
    CHECK(sa.gxi.empty());
    CHECK(sa.gxr.empty());
    CHECK(sa.ni.empty());
    CHECK(sa.nr.empty());
    CHECK(sa.sai_b.empty());
    CHECK(sa.keys.skeyid.empty());
    CHECK(sa.keys.skeyid_e.empty());
    // What later exchanges use stays.
    CHECK(!sa.keys.skeyid_d.empty());
    CHECK(!sa.keys.skeyid_a.empty());
    CHECK(!sa.keys.encryption_key.empty());
    CHECK(!sa.last_phase1_block.empty());
    // The peer's Quick Mode message verified: its last phase 1 message will not come again.
    CHECK(sa.last_sent.empty());
    CHECK(sa.last_received.empty());
}

}  // namespace

TEST_CASE("IKEv1: an established SA and its finished Quick Mode keep only what later exchanges use, with and without PFS") {
    for (std::string pfs : {"", " set pfs group14\n"}) {
        INFO("map extra: " << pfs);
        test::ike_pair::Net net;
        V1Layer r1(net, R1_ADDR, test::ike_pair::r1_lab("esp-aes esp-sha-hmac", "", "cisco", pfs));
        V1Layer r2(net, R2_ADDR, test::ike_pair::r2_lab("esp-aes esp-sha-hmac", "", "cisco", pfs));
        const auto& selector = r1.policy->find("map TST 10")->selectors.at(0);
        ike::v1::start_phase1(*r1.ctx, R2_ADDR, "map TST 10", selector, false);
        REQUIRE(net.run_until([&] { return r1.children.size() == 1 && r2.children.size() == 1; }));
        net.network.deliver_all();
        test::ike_pair::check_pair(r1.children[0], r2.children[0]);
        CHECK(r1.children[0].pfs_group == (pfs.empty() ? std::nullopt : std::optional<int>(14)));
        for (const auto* layer : {&r1, &r2}) {
            const auto& sa = layer->only_sa();
            check_phase1_material_freed(sa);
            REQUIRE(sa.quick_modes.size() == 1);
            const auto& qm = sa.quick_modes.begin()->second;
            CHECK(qm.state == ike::QuickModeState::IKE_QM_PHASE2_COMPLETE);
            CHECK(!qm.dh);
            CHECK(qm.peer_ke.empty());
            CHECK(qm.ni.empty());
            CHECK(qm.nr.empty());
            CHECK(qm.iv.empty());
            CHECK(qm.offered.empty());
            // Kept to recognise a repeat of the exchange's last message (and, the initiator, to
            // answer a repeated QM2 with QM3 again).
            CHECK(!qm.last_received.empty());
            CHECK(qm.last_reply.empty() == !qm.initiator);
        }
    }
}

TEST_CASE("IKEv1: Main Mode message 5 replayed once the initiator's Quick Mode came is not answered, and changes nothing") {
    test::ike_pair::Net net;
    test::ike_pair::Router r1(net, R1_ADDR, test::ike_pair::r1_lab("esp-aes esp-sha-hmac"));
    test::ike_pair::Router r2(net, R2_ADDR, test::ike_pair::r2_lab("esp-aes esp-sha-hmac"));
    r1.initiate();
    REQUIRE(net.run_until([&] { return !r1.children.empty() && !r2.children.empty(); }));
    net.network.deliver_all();
    auto sent = net.network.sent;
    REQUIRE(sent.size() == 9);  // MM1..MM6, QM1..QM3
    const auto& mm5 = sent[4];
    REQUIRE(mm5.from.address == R1_ADDR);
    net.network.replay(mm5);
    net.run_for(std::chrono::seconds(30));
    // The peer had MM6 (its QM1 was protected with the keys MM6 completed), so no MM6 again.
    CHECK(net.network.sent.size() == 9);
    CHECK(r2.saw("phase 1 message after phase 1 completed; ignored"));
    CHECK(r1.children.size() == 1);
    CHECK(r2.children.size() == 1);
    CHECK(r2.engine->sas().size() == 1);
    CHECK(r2.log.empty());
}

TEST_CASE("IKEv2: after IKE_AUTH neither side keeps IKE_SA_INIT's messages or its DH key pair, and a replayed IKE_SA_INIT still makes nothing") {
    using namespace test::ikev2_pair;
    Net net;
    Router a(net, R1_ADDR, v2_map("1.1.1.1", "2.2.2.2", "127.0.0.2")), b(net, R2_ADDR, v2_map("2.2.2.2", "1.1.1.1", "127.0.0.1"));
    a.initiate();
    REQUIRE(net.run_until([&] { return a.children.size() == 1 && b.children.size() == 1; }));
    net.network.deliver_all();
    for (const auto* r : {&a, &b}) {
        REQUIRE(r->ctx->sas().size() == 1);
        const auto& sa = *r->ctx->sas().begin()->second;
        CHECK(sa.state == ike::v2::SaState::READY);
        CHECK(!sa.dh);
        CHECK(sa.init_request.empty());
        CHECK(sa.init_response.empty());
        CHECK(!sa.last_response.empty() == !sa.initiator);  // the responder's IKE_AUTH answer, for a repeat (2.1)
    }
    auto sent = net.network.sent;
    REQUIRE(exchange_of(sent.at(0)) == ike::v2::ExchangeType::IKE_SA_INIT);
    net.network.replay(sent[0]);
    net.run_for(std::chrono::seconds(30));
    CHECK(net.network.sent.size() == sent.size());
    CHECK(a.children.size() == 1);
    CHECK(b.children.size() == 1);
    CHECK(b.ctx->sas().size() == 1);
}
