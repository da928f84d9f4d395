// Two IKE engines in one process over real UDP sockets on loopback (127.0.0.1 and 127.0.0.2),
// each negotiating what its own IOS configuration says.
#include <catch.hpp>

#include <boost/asio/io_context.hpp>
#include <random>
#include <set>

#include "engine/ike/ike_engine.hpp"
#include "engine/show/show_crypto_isakmp_sa.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

constexpr std::uint32_t R1_ADDR = 0x7f000001, R2_ADDR = 0x7f000002;

struct Router {
    std::shared_ptr<const policy::PolicySet> policy;
    std::vector<ike::ChildSa> children;
    std::vector<ike::ChildSa> inbound;  // responder inbound SAs handed over before QM3
    std::vector<std::string>* events = nullptr;  // a sequence shared by both routers
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deleted;  // (peer, spi_out) the peer deleted
    std::vector<std::string> debug, log;
    std::unique_ptr<ike::IkeEngine> engine;

    Router(boost::asio::io_context& io, std::uint32_t addr, std::uint16_t port, const std::string& config,
           ike::EngineOptions options = {})
        : policy(policy::compile(test::configure(config))) {
        ike::EngineHooks hooks;
        hooks.policy = [this] { return policy; };
        hooks.on_child_sa = [this](const ike::ChildSa& c) {
            children.push_back(c);
            if (events) events->push_back("pair " + std::to_string(c.local));
        };
        hooks.on_inbound_sa = [this](const ike::ChildSa& c) {
            inbound.push_back(c);
            if (events) events->push_back("inbound " + std::to_string(c.local));
        };
        hooks.on_child_deleted = [this](std::uint32_t peer, std::uint32_t spi) { deleted.emplace_back(peer, spi); };
        hooks.isakmp_debug = [this](const std::string& l) { debug.push_back(l); };
        hooks.ipsec_debug = [this](const std::string& l) { debug.push_back(l); };
        hooks.log = [this](int, const std::string& l) { log.push_back(l); };
        options.local_address = addr;
        options.port = options.peer_port = port;
        engine = std::make_unique<ike::IkeEngine>(io, options, hooks);
        auto err = engine->start();
        INFO(err.value_or(""));
        REQUIRE_FALSE(err);
    }
    bool saw(const std::string& text) const {
        for (const auto& l : debug)
            if (l.find(text) != std::string::npos) return true;
        for (const auto& l : log)
            if (l.find(text) != std::string::npos) return true;
        return false;
    }
};

// ctest runs each case in its own process, two at a time: consecutive pids must not pick
// neighbouring ports (the engines set SO_REUSEADDR, so a shared port would split the traffic).
std::uint16_t test_port() {
    static std::mt19937 rng{std::random_device{}()};
    static std::set<std::uint16_t> used;
    std::uint16_t port = 0;
    do port = static_cast<std::uint16_t>(20000 + rng() % 40000);
    while (!used.insert(port).second);
    return port;
}

// The Lab 13-1 pair of 004_*.txt, with loopback addresses as the peers' outside addresses.
std::string lab(const std::string& self_lo, const std::string& peer_lo, const std::string& peer, const std::string& extra_p1,
                const std::string& ts, const std::string& key = "cisco", const std::string& map_extra = "") {
    return extra_p1 +
           "crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n"
           "crypto isakmp key " + key + " address " + peer + "\n"
           "crypto ipsec transform-set TSET " + ts + "\n"
           "access-list 100 permit ip " + self_lo + " " + peer_lo + "\n"
           "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n" +
           map_extra;
}

void run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        io.restart();
        io.run_for(std::chrono::milliseconds(20));
    }
}

void check_pair(const ike::ChildSa& a, const ike::ChildSa& b) {
    CHECK(a.spi_out == b.spi_in);
    CHECK(a.spi_in == b.spi_out);
    CHECK(a.encryption_key_out == b.encryption_key_in);
    CHECK(a.authentication_key_out == b.authentication_key_in);
    CHECK(a.encryption_key_in == b.encryption_key_out);
    CHECK(a.encryption_key_in != a.encryption_key_out);
    auto ta = a.transform, tb = b.transform;
    ta.name = tb.name = "";  // each router names its transform sets its own way
    CHECK(ta == tb);
    CHECK(a.selector.source == b.selector.destination);
    CHECK(a.selector.destination == b.selector.source);
}

}  // namespace

TEST_CASE("Main Mode + Quick Mode: the Lab 13-1 configuration builds a matching SA pair") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-3des esp-md5-hmac"));
    const auto* entry = r1.policy->find("map TST 10");
    REQUIRE(entry);
    r1.engine->initiate("map TST 10", entry->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    REQUIRE(r2.children.size() == 1);
    check_pair(r1.children[0], r2.children[0]);
    CHECK(r1.children[0].encryption_key_out.size() == 24);     // 3DES
    CHECK(r1.children[0].authentication_key_out.size() == 16);  // HMAC-MD5
    CHECK(r1.children[0].selector.source == 0x01010101);
    CHECK(r2.children[0].entry_key == "map TST 10");
    auto sas = r1.engine->sas();
    REQUIRE(sas.size() == 1);
    CHECK(sas[0].state == "QM_IDLE");
    CHECK(sas[0].dst == R2_ADDR);  // dst is the responder
    auto theirs = r2.engine->sas();
    REQUIRE(theirs.size() == 1);
    CHECK(theirs[0].dst == R2_ADDR);
    CHECK(theirs[0].src == R1_ADDR);
    CHECK(theirs[0].state == "QM_IDLE");
    CHECK(sas[0].conn_id > 1000);
    CHECK(sas[0].remote_identity == "127.0.0.2");  // R2's ID payload, authenticated in MM6
    CHECK(theirs[0].remote_identity == "127.0.0.1");
    CHECK(show::show_isakmp_peers(sas, std::nullopt) == "Peer: 127.0.0.2 Port: " + std::to_string(port) +
                                                          " Local: 127.0.0.1\n Phase1 id: 127.0.0.2\n");
    CHECK(show::show_isakmp_peers(sas, 0x7f000009).empty());
    // The state sequence of the book's initiator trace.
    std::vector<std::string> expected{"IKE_READY  New State = IKE_I_MM1", "IKE_I_MM1  New State = IKE_I_MM2",
                                      "IKE_I_MM2  New State = IKE_I_MM3", "IKE_I_MM3  New State = IKE_I_MM4",
                                      "IKE_I_MM4  New State = IKE_I_MM5", "IKE_I_MM5  New State = IKE_I_MM6",
                                      "IKE_I_MM6  New State = IKE_P1_COMPLETE", "IKE_QM_READY  New State = IKE_QM_I_QM1",
                                      "IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE"};
    std::size_t at = 0;
    for (const auto& l : r1.debug)
        if (at < expected.size() && l.find("Old State = " + expected[at]) != std::string::npos) ++at;
    CHECK(at == expected.size());
    CHECK(r1.saw("SA has been authenticated with 127.0.0.2"));
    CHECK(r2.saw("SA has been authenticated with 127.0.0.1"));
}

TEST_CASE("the responder has its inbound SA before the initiator can send on the new pair") {
    boost::asio::io_context io;
    auto port = test_port();
    std::vector<std::string> events;
    Router r1(io, R1_ADDR, port,
              lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes 256 esp-sha256-hmac", "cisco", " set pfs group14\n"));
    Router r2(io, R2_ADDR, port,
              lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes 256 esp-sha256-hmac", "cisco", " set pfs group14\n"));
    r1.events = r2.events = &events;
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r2.inbound.size() == 1);
    REQUIRE(r2.children.size() == 1);
    CHECK(r1.inbound.empty());  // the initiator installs its pair at QM2, all at once
    // R2's inbound SA is the one R1 sends on, with the same keys (PFS included), and it was
    // there before R1 installed the pair and could send.
    CHECK(r2.inbound[0].spi_in == r1.children.at(0).spi_out);
    CHECK(r2.inbound[0].encryption_key_in == r1.children.at(0).encryption_key_out);
    CHECK(r2.inbound[0].authentication_key_in == r2.children[0].authentication_key_in);
    std::vector<std::string> expected{"inbound " + std::to_string(R2_ADDR), "pair " + std::to_string(R1_ADDR),
                                      "pair " + std::to_string(R2_ADDR)};
    CHECK(events == expected);
}

TEST_CASE("mode transport: transport between the peers themselves, tunnel for anything else, unless required") {
    const std::string ts = "esp-aes esp-sha-hmac\n mode transport";
    auto negotiate = [&](const std::string& r1_acl, const std::string& r2_acl, const std::string& r1_ts, const std::string& r2_ts) {
        boost::asio::io_context io;
        auto port = test_port();
        Router r1(io, R1_ADDR, port, lab(r1_acl, r2_acl, "127.0.0.2", "", r1_ts));
        Router r2(io, R2_ADDR, port, lab(r2_acl, r1_acl, "127.0.0.1", "", r2_ts));
        r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
        run_until(io, [&] { return (!r1.children.empty() && !r2.children.empty()) || r2.saw("SA policy not acceptable"); });
        return std::pair{r1.children, r2.children};
    };
    // GRE-like traffic between the endpoints: transport on both sides.
    auto [a1, a2] = negotiate("host 127.0.0.1", "host 127.0.0.2", ts, ts);
    REQUIRE(a1.size() == 1);
    REQUIRE(a2.size() == 1);
    CHECK(a1[0].transform.transport);
    CHECK(a2[0].transform.transport);
    // Loopback to loopback is not between the peers: IOS falls back to tunnel mode, and a
    // responder whose set says transport takes the tunnel it is offered.
    auto [b1, b2] = negotiate("host 1.1.1.1", "host 2.2.2.2", ts, ts);
    REQUIRE(b1.size() == 1);
    REQUIRE(b2.size() == 1);
    CHECK_FALSE(b1[0].transform.transport);
    CHECK_FALSE(b2[0].transform.transport);
    // `mode transport require` on the responder refuses the tunnel.
    auto [c1, c2] = negotiate("host 1.1.1.1", "host 2.2.2.2", ts, ts + " require");
    CHECK(c1.empty());
    CHECK(c2.empty());
}

TEST_CASE("both peers initiating at once (two VTIs coming up) both succeed: INITIAL-CONTACT spares the crossing SA") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes esp-sha-hmac"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    r2.engine->initiate("map TST 10", r2.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return r1.children.size() >= 2 && r2.children.size() >= 2; });
    // Each side has its own IKE SA and the peer's, both usable, and two pairs that match.
    REQUIRE(r1.children.size() == 2);
    REQUIRE(r2.children.size() == 2);
    auto mine = r1.engine->sas(), theirs = r2.engine->sas();
    CHECK(mine.size() == 2);
    CHECK(theirs.size() == 2);
    for (const auto& v : mine) CHECK(v.state == "QM_IDLE");
    for (const auto& c : r1.children) {
        bool matched = std::any_of(r2.children.begin(), r2.children.end(), [&](const ike::ChildSa& o) { return o.spi_in == c.spi_out; });
        CHECK(matched);
    }
}

TEST_CASE("AES-256, SHA-256, group 14 with PFS, and the third policy is the one that matches") {
    boost::asio::io_context io;
    auto port = test_port();
    std::string p1 = "crypto isakmp policy 1\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n";
    std::string r2_extra = "crypto isakmp policy 3\n encr aes\n hash sha\n authentication pre-share\n group 5\n"
                           "crypto isakmp policy 4\n encr 3des\n hash sha\n authentication pre-share\n group 2\n"
                           "crypto isakmp policy 5\n encr aes 256\n hash sha256\n authentication pre-share\n group 14\n";
    Router r1(io, R1_ADDR, port, lab("10.1.1.0 0.0.0.255", "10.2.2.0 0.0.0.255", "127.0.0.2", p1,
                                     "esp-aes 256 esp-sha256-hmac", "k3y", " set pfs group14\n"));
    Router r2(io, R2_ADDR, port, lab("10.2.2.0 0.0.0.255", "10.1.1.0 0.0.0.255", "127.0.0.1", r2_extra,
                                     "esp-aes 256 esp-sha256-hmac", "k3y", " set pfs group14\n"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    REQUIRE(r2.children.size() == 1);
    check_pair(r1.children[0], r2.children[0]);
    CHECK(r1.children[0].encryption_key_out.size() == 32);
    CHECK(r1.children[0].authentication_key_out.size() == 32);
    CHECK(r1.children[0].pfs_group == 14);
    CHECK(r2.children[0].selector.source_mask == 0xffffff00);
    CHECK(r2.saw("Checking ISAKMP transform 1 against priority 5 policy"));
    CHECK(r2.saw("Diffie-Hellman group offered does not match policy!"));
}

TEST_CASE("esp-gcm 256 carries its salt in the key material") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-gcm 256"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-gcm 256"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    REQUIRE(r2.children.size() == 1);
    check_pair(r1.children[0], r2.children[0]);
    CHECK(r1.children[0].encryption_key_out.size() == 36);  // 32 + 4 salt (RFC 4106 8.1)
    CHECK(r1.children[0].authentication_key_out.empty());
}

TEST_CASE("a wrong pre-shared key fails phase 1 with IOS's message and no SA") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac", "cisco"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-3des esp-md5-hmac", "CISCO"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return r2.saw("%CRYPTO"); });
    io.restart();
    io.run_for(std::chrono::milliseconds(200));
    CHECK(r1.children.empty());
    CHECK(r2.children.empty());
    CHECK((r2.saw("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 127.0.0.1 failed its sanity check or is malformed") ||
           r2.saw("%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 127.0.0.1")));
}

TEST_CASE("phase 2 fails in IOS's words: mismatched transform sets, non-mirrored ACLs") {
    SECTION("transform sets") {
        boost::asio::io_context io;
        auto port = test_port();
        Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"));
        Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"));
        r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
        run_until(io, [&] { return r2.saw("IKMP_MODE_FAILURE"); });
        CHECK(r2.saw("phase 2 SA policy not acceptable!"));
        CHECK(r2.saw("%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at 127.0.0.1"));
        CHECK(r2.saw("atts are not acceptable."));
        run_until(io, [&] { return r1.saw("NO_PROPOSAL_CHOSEN"); });
        CHECK(r1.saw("received notify NO_PROPOSAL_CHOSEN from 127.0.0.2"));
        CHECK(r1.children.empty());
        CHECK(r1.engine->sas().at(0).state == "QM_IDLE");  // phase 1 stands
    }
    SECTION("proxy identities") {
        boost::asio::io_context io;
        auto port = test_port();
        Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"));
        Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.9", "127.0.0.1", "", "esp-3des esp-md5-hmac"));
        r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
        run_until(io, [&] { return r2.saw("IKMP_MODE_FAILURE"); });
        CHECK(r2.saw("IPSEC(validate_transform_proposal): proxy identities not supported"));
        run_until(io, [&] { return r1.saw("INVALID_ID_INFORMATION"); });
        CHECK(r1.saw("received notify INVALID_ID_INFORMATION from 127.0.0.2"));
        CHECK(r2.saw("Crypto mapdb : proxy_match"));
        CHECK(r2.children.empty());
    }
}

TEST_CASE("a dynamic map answers any peer with the wildcard key") {
    boost::asio::io_context io;
    auto port = test_port();
    Router spoke(io, R1_ADDR, port, lab("10.1.1.0 0.0.0.255", "10.9.0.0 0.0.255.255", "127.0.0.2", "", "esp-aes esp-sha-hmac", "hubkey"));
    Router hub(io, R2_ADDR, port,
               "crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n"
               "crypto isakmp key hubkey address 0.0.0.0 0.0.0.0\n"
               "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
               "crypto dynamic-map DYN 10\n set transform-set TS\n"
               "crypto map HUB 65535 ipsec-isakmp dynamic DYN\n");
    spoke.engine->initiate("map TST 10", spoke.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !spoke.children.empty() && !hub.children.empty(); });
    REQUIRE(hub.children.size() == 1);
    check_pair(spoke.children[0], hub.children[0]);
    CHECK(hub.children[0].entry_key == "dynamic DYN 10");
    CHECK(hub.children[0].selector.source == 0x0a090000);
    CHECK(hub.children[0].selector.destination == 0x0a010100);
}

TEST_CASE("an unanswered Main Mode is retransmitted with backoff, then given up as IOS does") {
    boost::asio::io_context io;
    auto port = test_port();
    ike::EngineOptions fast;
    fast.retransmit_base = std::chrono::milliseconds(10);
    fast.retransmit_attempts = 3;
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"), fast);
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));  // nobody at 127.0.0.2
    run_until(io, [&] { return r1.saw("Death by retransmission P1"); });
    CHECK(r1.saw(" retransmitting phase 1 MM_NO_STATE..."));
    CHECK(r1.saw("incrementing error counter on sa, attempt 3 of 3: retransmit phase 1"));
    CHECK_FALSE(r1.saw("attempt 4 of 3"));
    CHECK(r1.saw("%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 127.0.0.2"));
    CHECK(r1.engine->sas().empty());
}

TEST_CASE("a retransmitted request gets the same answer, and the exchange completes") {
    boost::asio::io_context io;
    auto port = test_port();
    ike::EngineOptions fast;
    fast.retransmit_base = std::chrono::milliseconds(5);  // shorter than the responder's turnaround
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"), fast);
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-3des esp-md5-hmac"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    check_pair(r1.children[0], r2.children[0]);
}

TEST_CASE("clear crypto isakmp deletes the SA on both sides (Delete notification)") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-3des esp-md5-hmac"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r2.children.empty(); });
    REQUIRE(r2.engine->sas().size() == 1);
    r1.engine->clear(std::nullopt);
    CHECK(r1.engine->sas().empty());
    run_until(io, [&] { return r2.engine->sas().empty(); });
    CHECK(r2.engine->sas().empty());
    CHECK(r2.saw("deleting SA reason \"Receive delete notify\" state (R) QM_IDLE (peer 127.0.0.1)"));
    CHECK(r1.saw("deleting SA reason \"Clear command\""));
}

TEST_CASE("clear crypto sa: the peer is told which pair went, the IKE SA stays, and new pairs follow") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-3des esp-md5-hmac"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-3des esp-md5-hmac"));
    const auto& selector = r1.policy->find("map TST 10")->selectors.at(0);
    r1.engine->initiate("map TST 10", selector);
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r2.children.size() == 1);
    // R2 drops its pair: R1 hears of the SPI it sends with, which is R2's inbound SPI.
    r2.engine->delete_child(R1_ADDR, r2.children[0].spi_in);
    run_until(io, [&] { return !r1.deleted.empty(); });
    REQUIRE(r1.deleted.size() == 1);
    CHECK(r1.deleted[0].first == R2_ADDR);
    CHECK(r1.deleted[0].second == r1.children[0].spi_out);
    CHECK(r1.saw("IPSEC(key_engine_delete_sas): rec'd delete notify from ISAKMP"));
    CHECK(r1.saw("proto 50 for 127.0.0.2"));
    REQUIRE(r1.engine->sas().size() == 1);
    CHECK(r1.engine->sas()[0].state == "QM_IDLE");
    // The next packet negotiates a new pair over the same phase 1: Quick Mode only.
    r1.engine->initiate("map TST 10", selector);
    run_until(io, [&] { return r1.children.size() == 2 && r2.children.size() == 2; });
    REQUIRE(r1.children.size() == 2);
    check_pair(r1.children[1], r2.children[1]);
    CHECK(r1.children[1].spi_out != r1.children[0].spi_out);
    CHECK(r1.engine->sas().size() == 1);
}

TEST_CASE("DPD: R-U-THERE is answered while the peer lives; a silenced peer is declared dead") {
    boost::asio::io_context io;
    auto port = test_port();
    ike::EngineOptions fast;
    fast.time_unit = std::chrono::milliseconds(10);  // `keepalive 10 2` = 100 ms, retries 20 ms apart
    std::string dpd = "crypto isakmp keepalive 10 2 periodic\n";
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", dpd, "esp-3des esp-md5-hmac"), fast);
    auto r2 = std::make_unique<Router>(io, R2_ADDR, port,
                                       lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", dpd, "esp-3des esp-md5-hmac"), fast);
    std::vector<std::uint32_t> dead;
    r1.engine = nullptr;  // rebuilt below with the dead-peer hook
    {
        ike::EngineHooks hooks;
        hooks.policy = [&r1] { return r1.policy; };
        hooks.on_child_sa = [&r1](const ike::ChildSa& c) { r1.children.push_back(c); };
        hooks.isakmp_debug = [&r1](const std::string& l) { r1.debug.push_back(l); };
        hooks.log = [&r1](int, const std::string& l) { r1.log.push_back(l); };
        hooks.on_peer_dead = [&dead](std::uint32_t peer) { dead.push_back(peer); };
        fast.local_address = R1_ADDR;
        fast.port = fast.peer_port = port;
        r1.engine = std::make_unique<ike::IkeEngine>(io, fast, hooks);
        REQUIRE_FALSE(r1.engine->start());
    }
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    CHECK(r1.saw("vendor ID is DPD"));
    // Alive: R-U-THERE goes out and is acknowledged.
    run_until(io, [&] { return r1.saw("DPD/R_U_THERE_ACK sequence 1"); });
    CHECK(r1.saw("DPD/R_U_THERE sent to 127.0.0.2 sequence 1"));
    CHECK(dead.empty());
    // Silenced: the peer's engine is gone; after its retries it is dead and the SA goes.
    r2.reset();
    run_until(io, [&] { return !dead.empty(); });
    REQUIRE(dead.size() == 1);
    CHECK(dead[0] == R2_ADDR);
    CHECK(r1.saw("peer 127.0.0.2 not responding!"));
    CHECK(r1.engine->sas().empty());
}

TEST_CASE("Aggressive Mode when the ISAKMP profile says so, refused where it is disabled") {
    std::string profile = "crypto isakmp profile AGG\n initiate mode aggressive\n";
    std::string use = " set isakmp-profile AGG\n";
    SECTION("negotiates") {
        boost::asio::io_context io;
        auto port = test_port();
        Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", profile, "esp-aes esp-sha-hmac", "cisco", use));
        Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"));
        r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
        run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
        REQUIRE(r1.children.size() == 1);
        REQUIRE(r2.children.size() == 1);
        check_pair(r1.children[0], r2.children[0]);
        CHECK(r1.saw("beginning Aggressive Mode exchange"));
        CHECK(r2.saw("Old State = IKE_R_AM1  New State = IKE_R_AM2"));
        CHECK(r1.saw("Old State = IKE_I_AM1  New State = IKE_P1_COMPLETE"));
        CHECK(r2.engine->sas().at(0).state == "QM_IDLE");
        CHECK(r2.engine->sas().at(0).remote_identity == "127.0.0.1");  // from AM1, checked in AM3
        CHECK(r1.engine->sas().at(0).remote_identity == "127.0.0.2");  // from AM2
    }
    SECTION("disabled on the responder") {
        boost::asio::io_context io;
        auto port = test_port();
        Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", profile, "esp-aes esp-sha-hmac", "cisco", use));
        Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "crypto isakmp aggressive-mode disable\n", "esp-aes esp-sha-hmac"));
        r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
        run_until(io, [&] { return r2.saw("IKMP_MODE_FAILURE"); });
        CHECK(r2.saw("%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at 127.0.0.1"));
        CHECK(r2.engine->sas().empty());
        CHECK(r1.children.empty());
    }
}

TEST_CASE("NAT traversal: NAT-D finds the NAT, IKE floats to the NAT-T port, SAs are UDP-encapsulated") {
    boost::asio::io_context io;
    auto port = test_port();
    auto natt = test_port();
    ike::EngineOptions behind_nat;
    behind_nat.natt_port = natt;
    behind_nat.force_encapsulation = true;  // R1 plays the side behind a NAT
    ike::EngineOptions plain;
    plain.natt_port = natt;
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes esp-sha-hmac"), behind_nat);
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"), plain);
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    REQUIRE(r2.children.size() == 1);
    check_pair(r1.children[0], r2.children[0]);
    CHECK(r1.saw("vendor ID is NAT-T RFC 3947"));
    CHECK(r1.saw("NAT found, the node inside NAT"));
    CHECK(r2.saw("NAT found, the node outside NAT"));
    CHECK(r1.saw("my_port " + std::to_string(natt) + " peer_port " + std::to_string(natt)));
    CHECK(r1.children[0].udp_encapsulation);
    CHECK(r2.children[0].udp_encapsulation);
    CHECK(r1.children[0].peer_port == natt);
    CHECK(r2.children[0].local_port == natt);
}

TEST_CASE("without a NAT, NAT-D says so and nothing floats") {
    boost::asio::io_context io;
    auto port = test_port();
    ike::EngineOptions o;
    o.natt_port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes esp-sha-hmac"), o);
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"), o);
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    CHECK(r1.saw("No NAT Found for self or peer"));
    CHECK_FALSE(r1.children[0].udp_encapsulation);
}

TEST_CASE("lifetimes: phase 1 expires and is deleted; phase 2 is rekeyed before it expires") {
    boost::asio::io_context io;
    auto port = test_port();
    ike::EngineOptions fast;
    fast.time_unit = std::chrono::milliseconds(10);  // `lifetime 60` = 0.6 s, `lifetime seconds 120` = 1.2 s
    fast.natt_port = test_port();
    std::string p1 = "crypto logging session\n";
    std::string life = " set security-association lifetime seconds 120\n";
    auto with_p1_lifetime = [](std::string cfg) {
        return cfg.replace(cfg.find(" group 2\n"), 9, " group 2\n lifetime 60\n");
    };
    Router r1(io, R1_ADDR, port, with_p1_lifetime(lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", p1, "esp-aes esp-sha-hmac", "cisco", life)), fast);
    Router r2(io, R2_ADDR, port, with_p1_lifetime(lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", p1, "esp-aes esp-sha-hmac", "cisco", life)), fast);
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    CHECK(r1.saw("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 127.0.0.2:"));
    run_until(io, [&] { return r1.saw("Lifetime expired"); });
    CHECK(r1.saw("deleting SA reason \"Lifetime expired\""));
    run_until(io, [&] { return r1.children.size() >= 2 && r2.children.size() >= 2; });
    REQUIRE(r1.children.size() >= 2);
    REQUIRE(r2.children.size() >= 2);
    CHECK(r1.saw("IPSEC(sa_request): rekeying the SAs of map TST 10 with 127.0.0.2"));
    check_pair(r1.children[1], r2.children[1]);
    CHECK(r1.children[1].spi_in != r1.children[0].spi_in);  // new SAs, new SPIs
    CHECK(r1.children[1].encryption_key_out != r1.children[0].encryption_key_out);
}

TEST_CASE("INITIAL-CONTACT: a peer that starts over makes us drop what we kept of it") {
    boost::asio::io_context io;
    auto port = test_port();
    auto r1 = std::make_unique<Router>(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes esp-sha-hmac"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac"));
    r1->engine->initiate("map TST 10", r1->policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r2.children.empty(); });
    REQUIRE(r2.engine->sas().size() == 1);
    // R1 "reboots": a new engine with no memory of the old SA negotiates again.
    r1.reset();
    r1 = std::make_unique<Router>(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes esp-sha-hmac"));
    r1->engine->initiate("map TST 10", r1->policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return r2.children.size() == 2; });
    CHECK(r2.saw("processing INITIAL-CONTACT: deleting the other SAs with 127.0.0.1"));
    CHECK(r2.engine->sas().size() == 1);  // only the new one
}

TEST_CASE("a responder that keeps the SA shorter says so (RESPONDER-LIFETIME), and the initiator follows") {
    boost::asio::io_context io;
    auto port = test_port();
    Router r1(io, R1_ADDR, port, lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", "", "esp-aes esp-sha-hmac", "cisco",
                                     " set security-association lifetime seconds 3960\n"));
    Router r2(io, R2_ADDR, port, lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", "", "esp-aes esp-sha-hmac", "cisco",
                                     " set security-association lifetime seconds 1800\n"));
    r1.engine->initiate("map TST 10", r1.policy->find("map TST 10")->selectors.at(0));
    run_until(io, [&] { return !r1.children.empty() && !r2.children.empty(); });
    REQUIRE(r1.children.size() == 1);
    CHECK(r2.children[0].lifetime_seconds == 1800);
    CHECK(r1.children[0].lifetime_seconds == 1800);
    CHECK(r2.saw("sending RESPONDER_LIFETIME notify: 1800 seconds"));
    CHECK(r1.saw("processing RESPONDER_LIFETIME notify: 1800 seconds"));
    CHECK(r2.saw("     SA life duration (basic) of 3960"));
    CHECK(r2.saw("     authenticator is HMAC-SHA"));
}
