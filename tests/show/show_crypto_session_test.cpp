#include <catch.hpp>

#include "engine/show/show_crypto_session.hpp"

using namespace routerd;

namespace {

show::CryptoSessionView session() {
    show::CryptoSessionView s;
    s.interface = "Serial1/2";
    s.peer = 0x0c010102;
    s.flows.push_back({policy::Selector{0x01010101, 0xffffffff, 0x02020202, 0xffffffff, 0, 0, 0xffff, 0, 0xffff, false, 0}, 0, 0, 0, 0, 0});
    return s;
}

}  // namespace

TEST_CASE("a session's status follows its IKE and IPsec SAs, in IOS's words") {
    auto s = session();
    CHECK(show::session_status(s) == "DOWN");
    s.ike.push_back({0x0c010101, 0x0c010102, 500, 500, false, "", 1001, 0});
    CHECK(show::session_status(s) == "DOWN-NEGOTIATING");
    s.ike[0].active = true;
    CHECK(show::session_status(s) == "UP-IDLE");
    s.flows[0].active_sas = 2;
    CHECK(show::session_status(s) == "UP-ACTIVE");
    s.ike.clear();
    CHECK(show::session_status(s) == "UP-NO-IKE");
}

TEST_CASE("show crypto session prints the lines parsers key on (reference A.3.9)") {
    auto s = session();
    s.ike.push_back({0x0c010101, 0x0c010102, 500, 500, true, "D", 1001, 86399});
    s.flows[0].active_sas = 2;
    s.flows[0].decrypted = 4;
    s.flows[0].encrypted = 5;
    s.uptime_seconds = 723;
    s.phase1_id = "12.1.1.2";
    auto brief = show::show_crypto_session({s}, false);
    CHECK(brief.find("Interface: Serial1/2\nSession status: UP-ACTIVE     \nPeer: 12.1.1.2 port 500 \n") != std::string::npos);
    CHECK(brief.find("  IKEv1 SA: local 12.1.1.1/500 remote 12.1.1.2/500 Active \n") != std::string::npos);
    CHECK(brief.find("  IPSEC FLOW: permit ip host 1.1.1.1 host 2.2.2.2 \n        Active SAs: 2, origin: crypto map\n") != std::string::npos);
    CHECK(brief.find("Inbound") == std::string::npos);
    auto detail = show::show_crypto_session({s}, true);
    CHECK(detail.find("Uptime: 00:12:03\n") != std::string::npos);
    CHECK(detail.find("Peer: 12.1.1.2 port 500 fvrf: (none) ivrf: (none)\n      Phase1_id: 12.1.1.2\n") != std::string::npos);
    CHECK(detail.find("          Capabilities:D connid:1001 lifetime:23:59:59\n") != std::string::npos);
    CHECK(detail.find("        Inbound:  #pkts dec'ed 4 drop 0") != std::string::npos);
    CHECK(detail.find("        Outbound: #pkts enc'ed 5 drop 0") != std::string::npos);
    // A subnet flow prints address/mask pairs.
    s.flows[0].selector.source_mask = 0xffffff00;
    s.flows[0].selector.source = 0x0a010100;
    CHECK(show::show_crypto_session({s}, false).find("permit ip 10.1.1.0/255.255.255.0 host 2.2.2.2") != std::string::npos);
}

TEST_CASE("show crypto session detail says why a session carries no traffic, and only then") {
    auto s = session();
    s.ike.push_back({0x0c010101, 0x0c010102, 500, 500, false, "", 1001, 0});
    s.last_failure = "phase 1 policy mismatch: peer 12.1.1.2 refused every policy we offered: 3DES/MD5/group 2 (priority 10)";
    auto detail = show::show_crypto_session({s}, true);
    // Right under the status; it starts with "Crypto", a line ntc-templates' parser skips.
    CHECK(detail.find("Session status: DOWN-NEGOTIATING\nCrypto session last failure: phase 1 policy mismatch: peer 12.1.1.2 "
                      "refused every policy we offered: 3DES/MD5/group 2 (priority 10)\nPeer: 12.1.1.2") != std::string::npos);
    CHECK(show::show_crypto_session({s}, false).find("last failure") == std::string::npos);  // brief stays IOS's
    s.ike.clear();
    CHECK(show::show_crypto_session({s}, true).find("Session status: DOWN          \nCrypto session last failure: ") != std::string::npos);
    s.ike.push_back({0x0c010101, 0x0c010102, 500, 500, true, "", 1001, 0});
    s.flows[0].active_sas = 2;
    CHECK(show::show_crypto_session({s}, true).find("last failure") == std::string::npos);  // up: history
    // Phase 1 up and no pair (its phase 2 refused): UP-IDLE says why there is no pair. (The
    // engines forget a phase 1 failure once phase 1 is up, so what is left is phase 2's.)
    s.flows[0].active_sas = 0;
    s.last_failure = "peer 12.1.1.2 refused our phase 2 proposal for 1.1.1.1/32 -> 2.2.2.2/32 (PROPOSAL_NOT_CHOSEN)";
    CHECK(show::show_crypto_session({s}, true).find("Session status: UP-IDLE       \nCrypto session last failure: peer 12.1.1.2 "
                                                    "refused our phase 2 proposal") != std::string::npos);
}

TEST_CASE("show crypto session: an IKEv2 session says IKEv2 SA and its session ID") {
    using namespace routerd::show;
    CryptoSessionView s;
    s.interface = "Serial1/2";
    s.peer = 0x0c010102;
    s.session_id = 3;
    s.profile = "PROF";
    SessionIkeView i{0x0c010101, 0x0c010102, 500, 500, true, "", 3, 86000};
    i.version = 2;
    s.ike.push_back(i);
    auto out = show_crypto_session({s}, false);
    CHECK(out.find("  Session ID: 3  \n  IKEv2 SA: local 12.1.1.1/500 remote 12.1.1.2/500 Active \n") != std::string::npos);
    CHECK(session_status(s) == "UP-IDLE");
}
