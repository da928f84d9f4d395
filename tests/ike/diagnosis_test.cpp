// The failures of the reference documents (seeds-catalog.md section 4, F01-F13) between two of
// our engines on the fake network: each side prints IOS's lines, and one more line that names
// the cause with both sides' values (%CRYPTO-4-IKE_DIAGNOSIS), kept as the peer's last failure.
#include <catch.hpp>

#include <algorithm>

#include "engine/ike/ike_engine.hpp"
#include "tests/support/ike_pair.hpp"

using namespace routerd;
using namespace routerd::test::ike_pair;

namespace {

// A router with one ISAKMP policy and the Lab 13-1 map (ACL 100 from `self` to `other`).
std::string router(const std::string& peer, const std::string& policy, const std::string& acl_line, const std::string& ts,
                   const std::string& key = "cisco", const std::string& map_extra = "") {
    return "crypto isakmp policy 10\n" + policy + " authentication pre-share\n"
           "crypto isakmp key " + key + " address " + peer + "\n"
           "crypto ipsec transform-set TSET " + ts + "\n"
           "access-list 100 permit ip " + acl_line + "\n"
           "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n" + map_extra;
}
const std::string kLabPolicy = " encr 3des\n hash md5\n group 2\n";

std::string failure_of(const Router& r, std::uint32_t peer) {
    for (const auto& f : r.engine->failures())
        if (f.peer == peer) return f.text;
    return "";
}

// Hooks that note each entry whose negotiation IKE hands back as failed.
std::function<void(ike::EngineHooks&)> recording_failures(std::vector<std::string>& failed) {
    return [&failed](ike::EngineHooks& h) {
        h.on_negotiation_failed = [&failed](const std::string& entry, const policy::Selector&) { failed.push_back(entry); };
    };
}

std::size_t diagnoses(const Router& r) {
    return static_cast<std::size_t>(std::count_if(r.log.begin(), r.log.end(), [](const std::string& l) {
        return l.rfind("%CRYPTO-4-IKE_DIAGNOSIS: ", 0) == 0;
    }));
}

}  // namespace

TEST_CASE("F01 phase 1 policy mismatch: the responder names both offers, the initiator the refusal") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", " encr aes 256\n hash sha256\n group 14\n", "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
    r1.initiate();
    net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
    // IOS's lines at the responder (seeds-catalog 3.10, F01).
    CHECK(r2.saw("Encryption algorithm offered does not match policy!"));
    CHECK(r2.saw("atts are not acceptable. Next payload is 0"));
    CHECK(r2.saw("no offers accepted!"));
    CHECK(r2.saw(" phase 1 SA policy not acceptable! (local 127.0.0.2 remote 127.0.0.1)"));
    // Ours, with both sides' values.
    const std::string r2_says = "phase 1 policy mismatch: peer 127.0.0.1 offered 3DES/MD5/group 2; local policies offer "
                                "AES-256/SHA-256/group 14 (priority 10)";
    CHECK(r2.saw("%CRYPTO-4-IKE_DIAGNOSIS: " + r2_says));
    CHECK(r2.saw("ISAKMP: " + r2_says));
    CHECK(failure_of(r2, R1_ADDR) == r2_says);
    // The initiator: the refusal came in clear, so IOS goes on retransmitting; our line names it.
    CHECK(r1.saw(" processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 1"));
    CHECK(failure_of(r1, R2_ADDR) ==
          "phase 1 policy mismatch: peer 127.0.0.2 refused every policy we offered: 3DES/MD5/group 2 (priority 10) "
          "(compare with its `show crypto isakmp policy`)");
    REQUIRE(r1.engine->sas().size() == 1);
    CHECK(r1.engine->sas()[0].state == "MM_NO_STATE");  // show crypto isakmp sa, as IOS (002 L1359)
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    CHECK(r1.saw("phase 1 with 127.0.0.2 given up: the peer refused every policy we offered (NO_PROPOSAL_CHOSEN)"));
    CHECK(r1.engine->sas().empty());
    CHECK(r1.children.empty());
}

TEST_CASE("F02 no reply: the initiator says what silence on UDP 500 can mean") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    r1.initiate();  // nobody at 127.0.0.2
    net.run_for(std::chrono::seconds(5));
    REQUIRE(r1.engine->sas().size() == 1);
    CHECK(r1.engine->sas()[0].state == "MM_NO_STATE");
    CHECK(r1.saw("retransmitting phase 1 MM_NO_STATE..."));
    CHECK(diagnoses(r1) == 0);  // nothing is known while it still tries
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    CHECK(failure_of(r1, R2_ADDR) ==
          "no answer from peer 127.0.0.2 to Main Mode message 1 on UDP 500: the peer is unreachable, UDP 500 is filtered on the "
          "way, nothing answers IKE there, or it refuses our policies without saying so");
}

TEST_CASE("F21 no route to the peer: the kernel refuses to send, and the line says so, not that the peer is silent") {
    Net net;
    net.network.unreachable.insert(R2_ADDR);
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    r1.initiate();
    CHECK(r1.saw("sending packet to 127.0.0.2 failed: Network is unreachable"));
    CHECK(r1.count("failed: Network is unreachable") == 1);  // said once, not at every retransmission
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    CHECK(failure_of(r1, R2_ADDR) ==
          "phase 1 with 127.0.0.2 given up: our Main Mode messages could not be sent (Network is unreachable): no route to "
          "127.0.0.2 in this router's table (`show ip route 127.0.0.2`)");
}

TEST_CASE("F03 pre-shared key mismatch: both sides say so, once, naming where the key is configured and never the key") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac", "s3cr3t-one"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac", "s3cr3t-two"));
    r1.initiate();
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    net.run_for(std::chrono::seconds(90));  // the responder's half-open SA goes too
    CHECK(r1.children.empty());
    CHECK(r2.children.empty());
    // The responder cannot read MM5 (or, rarely, reads garbage whose HASH_I fails).
    auto r2_text = failure_of(r2, R1_ADDR);
    CHECK(r2_text.rfind("pre-shared key mismatch with peer 127.0.0.1: its Main Mode message 5 ", 0) == 0);
    CHECK(r2_text.find("with our key for it (crypto isakmp key for 127.0.0.1); the two sides' keys differ") != std::string::npos);
    CHECK(r2.count("%CRYPTO-4-IKE_DIAGNOSIS: pre-shared key mismatch") == 1);  // not once per retransmission
    // The initiator, as IOS's does (002 L1405-1416): MM4 comes again for each MM5.
    CHECK(r1.saw("retransmitting phase 1 MM_KEY_EXCH..."));
    auto r1_text = failure_of(r1, R2_ADDR);
    CHECK(r1_text.find("pre-shared key") != std::string::npos);
    CHECK(r1_text.find("crypto isakmp key for 127.0.0.2") != std::string::npos);
    for (const auto* r : {&r1, &r2}) {
        for (const auto& l : r->log) CHECK(l.find("s3cr3t") == std::string::npos);
        for (const auto& l : r->debug) CHECK(l.find("s3cr3t") == std::string::npos);
    }
}

TEST_CASE("F03 as IOS's initiator sees it: the responder sends MM4 again for each MM5 it cannot read") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac", "alpha"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac", "bravo"));
    // The responder's MM5 garbled on purpose would be luck; a wrong key garbles it for sure,
    // unless the garbage happens to decode, in which case the SA goes at once (HASH_I).
    r1.initiate();
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    if (r2.saw("its Main Mode message 5 does not decrypt")) {
        CHECK(r1.saw(" phase 1 packet is a duplicate of a previous packet."));
        CHECK(failure_of(r1, R2_ADDR).rfind("pre-shared key mismatch with peer 127.0.0.2: it did not accept our Main Mode message 5 "
                                            "and sent its message 4 again (", 0) == 0);
    }
}

TEST_CASE("F04 UDP 4500 blocked after NAT detection: IKE worked on 500, the move to 4500 is where it stops") {
    Net net;
    ike::EngineOptions behind_nat;
    behind_nat.force_encapsulation = true;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"), behind_nat);
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
    net.network.fate = [](const test::Datagram& d) {
        return d.natt ? test::FakeNetwork::Fate::DROP : test::FakeNetwork::Fate::DELIVER;
    };
    r1.initiate();
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    CHECK(failure_of(r1, R2_ADDR) ==
          "no answer from peer 127.0.0.2 on UDP 4500 after NAT was detected (UDP 500 worked): UDP 4500 is blocked or not "
          "forwarded on the way");
    net.run_for(std::chrono::seconds(90));
    CHECK(failure_of(r2, R1_ADDR) ==
          "peer 127.0.0.1 never sent Main Mode message 5 (due on UDP 4500 after NAT was detected: UDP 4500 blocked on the way?)");
}

TEST_CASE("F08 transform-set mismatch: IOS's lines at the responder, the offending transforms of both sides in ours") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-aes esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
    r1.initiate();
    net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
    // 002 L391-461, the ZEE lab.
    CHECK(r2.saw("IPSEC(ipsec_process_proposal): transform proposal not supported for identity:"));
    CHECK(r2.saw("    {esp-aes esp-md5-hmac }"));
    CHECK(r2.saw(" IPSec policy invalidated proposal with error 256"));
    CHECK(r2.saw(" phase 2 SA policy not acceptable! (local 127.0.0.2 remote 127.0.0.1)"));
    CHECK(r2.saw("Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3"));
    CHECK(failure_of(r2, R1_ADDR) ==
          "transform set mismatch with peer 127.0.0.1 for 1.1.1.1/32 -> 2.2.2.2/32: peer offered esp-aes esp-md5-hmac (tunnel); "
          "crypto map TST 10 offers esp-3des esp-md5-hmac (tunnel)");
    CHECK(r2.saw("IPSEC: transform set mismatch with peer 127.0.0.1"));  // under debug crypto ipsec
    // The initiator: IOS prints only the notify; ours says what we offered and where to look.
    CHECK(r1.saw(" processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3"));
    CHECK(failure_of(r1, R2_ADDR) ==
          "peer 127.0.0.2 refused our phase 2 proposal for 1.1.1.1/32 -> 2.2.2.2/32 (PROPOSAL_NOT_CHOSEN; we offered esp-aes "
          "esp-md5-hmac (tunnel), no PFS, from crypto map TST 10 ACL 100): its transform set, its ACL (the mirror of ours), PFS or "
          "mode differ; its debug crypto ipsec names which");
    // The refused exchange ends at the notify: no retransmission into a peer that said no.
    auto before = r1.count("retransmitting phase 2");
    net.run_for(std::chrono::seconds(60));
    CHECK(r1.count("retransmitting phase 2") == before);
    CHECK(r1.saw("reason \"QM rejected\""));
    CHECK(r1.children.empty());
    REQUIRE(r1.engine->sas().size() == 1);
    CHECK(r1.engine->sas()[0].state == "QM_IDLE");  // phase 1 stands
}

TEST_CASE("F09 proxy identities not mirrored: IOS's lines, and the ACL's mirror beside the proposal") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 3.3.3.3", "esp-3des esp-md5-hmac"));
    r1.initiate();
    net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
    CHECK(r2.saw("map_db_find_best did not find matching map"));
    CHECK(r2.saw("IPSEC(ipsec_process_proposal): proxy identities not supported"));
    CHECK(r2.saw("Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3"));
    CHECK(failure_of(r2, R1_ADDR) ==
          "proxy identities mismatch: peer 127.0.0.1 proposed 1.1.1.1/32 -> 2.2.2.2/32, not covered by crypto map TST 10 ACL "
          "100, whose mirror is 3.3.3.3/32 -> 2.2.2.2/32");
    CHECK(r1.children.empty());
}

TEST_CASE("F10 proxy subset: a proposal within the ACL line is taken; the wider one the other way is refused") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 1.1.1.0 0.0.0.255", "esp-3des esp-md5-hmac"));
    SECTION("R1 initiates 1.1.1.1 -> 2.2.2.2: within R2's 2.2.2.2 -> 1.1.1.0/24, so it comes up") {
        r1.initiate();
        net.run_until([&] { return !r1.children.empty() && !r2.children.empty(); });
        REQUIRE(r1.children.size() == 1);
        REQUIRE(r2.children.size() == 1);
        CHECK(r1.children[0].spi_out == r2.children[0].spi_in);
        CHECK(r2.children[0].selector.destination_mask == 0xffffff00);  // under R2's own line (its kernel policy)
        CHECK(diagnoses(r2) == 0);
    }
    SECTION("R2 initiates 2.2.2.2 -> 1.1.1.0/24: wider than R1's line, refused (intermittent in 002's ZEE lab)") {
        r2.initiate();
        net.run_until([&] { return r2.saw("PROPOSAL_NOT_CHOSEN"); });
        CHECK(r1.children.empty());
        CHECK(failure_of(r1, R2_ADDR) ==
              "proxy identities mismatch: peer 127.0.0.2 proposed 2.2.2.2/32 -> 1.1.1.0/24, not covered by crypto map TST 10 ACL "
              "100, whose mirror is 2.2.2.2/32 -> 1.1.1.1/32");
    }
}

TEST_CASE("F12 PFS mismatch: required here and not offered is refused and said; offered and not required is accepted") {
    SECTION("the responder requires group 14, the initiator offers none") {
        Net net;
        Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
        Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac", "cisco", " set pfs group14\n"));
        r1.initiate();
        net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
        CHECK(r2.saw(" phase 2 SA policy not acceptable! (local 127.0.0.2 remote 127.0.0.1)"));
        CHECK(failure_of(r2, R1_ADDR) ==
              "PFS mismatch with peer 127.0.0.1 for 1.1.1.1/32 -> 2.2.2.2/32: peer offered no PFS; crypto map TST 10 requires PFS "
              "group 14 (set pfs group14)");
        CHECK(r1.children.empty());
    }
    SECTION("the initiator offers group 5, the responder sets none: IOS takes the initiator's PFS") {
        Net net;
        Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac", "cisco", " set pfs group5\n"));
        Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
        r1.initiate();
        net.run_until([&] { return !r1.children.empty() && !r2.children.empty(); });
        REQUIRE(r2.children.size() == 1);
        CHECK(r2.children[0].pfs_group == 5);
        CHECK(diagnoses(r2) == 0);
    }
}

TEST_CASE("F13 encapsulation mode mismatch is told apart from a transform-set mismatch") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac\n mode transport require"));
    r1.initiate();
    net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
    CHECK(failure_of(r2, R1_ADDR) ==
          "encapsulation mode mismatch with peer 127.0.0.1 for 1.1.1.1/32 -> 2.2.2.2/32: peer offered esp-3des esp-md5-hmac "
          "(tunnel); crypto map TST 10 offers esp-3des esp-md5-hmac (transport)");
}

TEST_CASE("a Quick Mode refused without a notify (Openswan 2.6's way, 003 F12): the initiator's line says what silence in phase 2 can mean") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
    // R2's Quick Mode answers never arrive: a peer that drops the proposal as Openswan 2.6's pluto
    // did (003 F12: "we require PFS but Quick I1 SA specifies no GROUP_DESCRIPTION", and nothing
    // sent back; Libreswan 4.10 sends NO_PROPOSAL_CHOSEN, lab interop-libreswan-diagnosis).
    constexpr std::uint8_t kQuickMode = 32;  // RFC 2409 5.5; the exchange type is octet 18 of the header
    net.network.fate = [](const test::Datagram& d) {
        bool quick_answer = d.from.address == R2_ADDR && d.bytes.size() > 18 && d.bytes[18] == kQuickMode;
        return quick_answer ? test::FakeNetwork::Fate::DROP : test::FakeNetwork::Fate::DELIVER;
    };
    r1.initiate();
    REQUIRE(net.run_until([&] { return r1.saw("retransmitting phase 2 QM_IDLE"); }));
    CHECK(diagnoses(r1) == 0);  // nothing is known while it still tries
    REQUIRE(net.run_until([&] { return r1.saw("Death by retransmission P2"); }));
    CHECK(failure_of(r1, R2_ADDR) ==
          "no answer from peer 127.0.0.2 to our Quick Mode for 1.1.1.1/32 -> 2.2.2.2/32 (we offered esp-3des esp-md5-hmac "
          "(tunnel), no PFS, from crypto map TST 10 ACL 100): a peer that refuses without a notify (Openswan 2.6 did, for a "
          "PFS mismatch), or a path that drops it");
    CHECK(r1.saw("%CRYPTO-4-IKE_DIAGNOSIS: no answer from peer 127.0.0.2 to our Quick Mode"));
    CHECK(r1.children.empty());
    // Phase 1 stands: only the exchange that went unanswered is given up (IOS: QM_IDLE stays).
    REQUIRE(r1.engine->sas().size() == 1);
    CHECK(r1.engine->sas()[0].state == "QM_IDLE");
}

TEST_CASE("a phase 1 failure is forgotten once phase 1 is up; a phase 2 refusal after it is the one kept") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-aes esp-md5-hmac", "s3cr3t-one"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac", "s3cr3t-two"));
    r1.initiate();
    net.run_until([&] { return r1.saw("Death by retransmission P1"); });
    REQUIRE(failure_of(r1, R2_ADDR).find("pre-shared key mismatch") != std::string::npos);
    // The keys agree now; the transform sets still differ. Phase 1 comes up (UP-IDLE), and what
    // `show crypto session detail` then prints is why no pair came, not the old key mismatch.
    r1.policy = policy::compile(test::configure(router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-aes esp-md5-hmac", "cisco")));
    r2.policy = policy::compile(test::configure(router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac", "cisco")));
    r1.initiate();
    REQUIRE(net.run_until([&] { return r1.saw("IKE_P1_COMPLETE"); }));
    CHECK(failure_of(r1, R2_ADDR).empty());
    CHECK(failure_of(r2, R1_ADDR).empty());
    net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN protocol 3"); });
    CHECK(failure_of(r1, R2_ADDR).rfind("peer 127.0.0.2 refused our phase 2 proposal", 0) == 0);
    CHECK(failure_of(r2, R1_ADDR).rfind("transform set mismatch with peer 127.0.0.1", 0) == 0);
}

TEST_CASE("the last failure is forgotten once a pair with that peer is negotiated") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-aes esp-md5-hmac"));
    Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
    r1.initiate();
    net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
    REQUIRE_FALSE(failure_of(r1, R2_ADDR).empty());
    // The operator fixes R2's transform set; the next trigger brings the pair up.
    r2.policy = policy::compile(test::configure(router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-aes esp-md5-hmac")));
    r1.initiate();
    net.run_until([&] { return !r1.children.empty() && !r2.children.empty(); });
    CHECK(failure_of(r1, R2_ADDR).empty());
    CHECK(failure_of(r2, R1_ADDR).empty());
}

TEST_CASE("offers from many spoofed sources cannot grow the failure table without bound") {
    Net net;
    Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"));
    // A wildcard key, so that every source gets as far as the policies.
    Router r2(net, R2_ADDR,
              "crypto isakmp policy 10\n encr aes 256\n hash sha256\n group 14\n authentication pre-share\n"
              "crypto isakmp key cisco address 0.0.0.0 0.0.0.0\n");
    net.network.fate = [](const test::Datagram&) { return test::FakeNetwork::Fate::HOLD; };
    r1.initiate();
    net.network.deliver_all();
    REQUIRE_FALSE(net.network.held.empty());
    auto mm1 = net.network.held.front();
    net.network.held.clear();
    net.network.fate = nullptr;
    for (std::uint32_t i = 0; i < 600; ++i) {
        auto d = mm1;
        d.from.address = 0x0a000000 + i;  // 10.0.x.y
        d.bytes[0] = static_cast<std::uint8_t>(i);  // a fresh initiator cookie each
        d.bytes[1] = static_cast<std::uint8_t>(i >> 8);
        net.network.replay(d);
    }
    net.network.deliver_all();
    CHECK(r2.count("phase 1 policy mismatch: peer 10.0.") >= 600);
    CHECK(r2.engine->failures().size() <= 256);
    CHECK(failure_of(r2, 0x0a000000 + 599).rfind("phase 1 policy mismatch", 0) == 0);  // the newest kept
}

TEST_CASE("a failed negotiation is handed back for its flow, so the next packet may start another") {
    SECTION("Quick Mode refused") {
        Net net;
        std::vector<std::string> failed;
        Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-aes esp-md5-hmac"), {},
                  recording_failures(failed));
        Router r2(net, R2_ADDR, router("127.0.0.1", kLabPolicy, "host 2.2.2.2 host 1.1.1.1", "esp-3des esp-md5-hmac"));
        r1.initiate();
        net.run_until([&] { return r1.saw("PROPOSAL_NOT_CHOSEN"); });
        CHECK(failed == std::vector<std::string>{"map TST 10"});
    }
    SECTION("phase 1 given up, with the flow waiting on it") {
        Net net;
        std::vector<std::string> failed;
        Router r1(net, R1_ADDR, router("127.0.0.2", kLabPolicy, "host 1.1.1.1 host 2.2.2.2", "esp-3des esp-md5-hmac"), {},
                  recording_failures(failed));
        r1.initiate();
        net.run_for(std::chrono::seconds(30));
        CHECK(failed.empty());  // still trying
        net.run_until([&] { return r1.saw("Death by retransmission P1"); });
        CHECK(failed == std::vector<std::string>{"map TST 10"});
    }
}
