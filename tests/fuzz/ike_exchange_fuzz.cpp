// libFuzzer target (issue #12): the IKE exchanges themselves, not only the codec: IKEv1's (Main
// Mode, Aggressive Mode, Quick Mode, informational, DPD, NAT-T floating, retransmission,
// lifetimes) and IKEv2's (IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL).
//
// Two routers share the fake network and the fake clock of the engine tests. The TARGET is a
// whole IkeEngine, as routerd runs it. The ATTACKER is the IKEv1 or IKEv2 layer of a second
// engine (v1::Context, v2::Context), driven op by op: it negotiates honestly when told to, and it
// can also speak as an authenticated but hostile peer, sending encrypted messages whose payloads
// the fuzzer chose, under the keys it really shares with the target (IKEv1: with a correct
// HASH(1) when told to; IKEv2: inside SK with a valid ICV, as a request with the next message ID
// or as a response to one of the target's): so the fuzzer reaches Quick Mode's, CREATE_CHILD_SA's
// and the informational exchanges' parsing and state machines, which an outsider's mutated bytes
// would never get past decryption. The fuzzer is the
// network too: each datagram in flight can be delivered, dropped, duplicated, cut, mutated or
// replayed, raw datagrams can be sent from the attacker's address (with the cookies of a live SA
// when told to: so captured messages from strongSwan land inside a running exchange), and time
// moves only when an op fires the next timer.
//
// What must hold beyond "no crash, no leak, no undefined behaviour": every pair the target hands
// to IPsec has both SPIs, keys of one length each way, and the peer it was negotiated with.
//
// Input: a variant byte (which pair of configurations), then ops read in order from the front
// (Script below), so that tests/fuzz/make_ike_exchange_seeds.py can write seeds: scripts that
// negotiate, and strongSwan's own datagrams captured from charon (tests/fuzz/ike_captures).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "engine/config/apply_text.hpp"
#include "engine/ike/ike_engine.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/quick_mode.hpp"
#include "engine/ike/v1/receive.hpp"
#include "engine/ike/v2/configured_peers.hpp"
#include "engine/ike/v2/context.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/receive.hpp"
#include "engine/policy/policy_set.hpp"
#include "tests/support/fake_ike_network.hpp"
#include "tests/support/ikev1_injection.hpp"

using namespace routerd;
using namespace routerd::ike;

namespace {

constexpr std::uint32_t ATTACKER = 0x7f000001, TARGET = 0x7f000002;
const std::string kEntry = "map TST 10";

std::string crypto_map(const std::string& self, const std::string& other, const std::string& peer, const std::string& p1,
                       const std::string& ts, const std::string& key, const std::string& map_extra) {
    return p1 + "crypto isakmp key " + key + " address " + peer + "\n" +
           "crypto ipsec transform-set TSET " + ts + "\n" + "access-list 100 permit ip " + self + " " + other + "\n" +
           "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n" + map_extra;
}

std::shared_ptr<const policy::PolicySet> compile(const std::string& text) {
    config::RunningConfig c;
    if (config::apply_text(c, text)) std::abort();  // a variant that does not configure is the harness's bug
    return policy::compile(c);
}

// The configurations the two routers run; the first input byte picks one.
struct Variant {
    std::shared_ptr<const policy::PolicySet> attacker, target;
    bool aggressive = false;
    bool ikev2 = false;  // both sides IKEv2: the attacker is a v2::Context
};

std::string ikev2_map(const std::string& self, const std::string& other, const std::string& peer) {
    return "crypto ikev2 proposal PROP\n encryption aes-cbc-256\n integrity sha256\n prf sha256\n group 19\n"
           "crypto ikev2 policy POL\n proposal PROP\n"
           "crypto ikev2 keyring KEYS\n peer P\n  address " + peer + "\n  pre-shared-key cisco\n"
           "crypto ikev2 profile PROF\n match identity remote address " + peer + " 255.255.255.255\n"
           " authentication remote pre-share\n authentication local pre-share\n keyring local KEYS\n"
           "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\n"
           "access-list 100 permit ip " + self + " " + other + "\n"
           "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n set ikev2-profile PROF\n"
           " set pfs group19\n match address 100\n";
}

const std::vector<Variant>& variants() {
    static const std::vector<Variant> all = [] {
        const std::string lab13 = "crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n";
        const std::string ecp = "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 19\n"
                                "crypto isakmp keepalive 10 3\ncrypto isakmp nat keepalive 20\n";
        const std::string agg = "crypto isakmp profile AGG\n initiate mode aggressive\n";
        std::vector<Variant> v;
        // The seeds' Lab 13-1: Main Mode, 3DES/MD5, MODP-1024, no PFS.
        v.push_back({compile(crypto_map("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", lab13, "esp-3des esp-md5-hmac", "cisco", "")),
                     compile(crypto_map("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", lab13, "esp-3des esp-md5-hmac", "cisco", ""))});
        // AES-256/SHA-256, ECP-256, PFS, DPD and NAT keepalives, two lines in the ACL.
        v.push_back({compile(crypto_map("10.1.0.0 0.0.255.255", "10.2.0.0 0.0.255.255", "127.0.0.2", ecp, "esp-aes 256 esp-sha256-hmac", "k3y",
                                        " set pfs group19\n")),
                     compile(crypto_map("10.2.0.0 0.0.255.255", "10.1.0.0 0.0.255.255", "127.0.0.1", ecp, "esp-aes 256 esp-sha256-hmac", "k3y",
                                        " set pfs group19\n"))});
        // Aggressive Mode, started by the attacker's profile.
        v.push_back({compile(crypto_map("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", agg + lab13, "esp-aes esp-sha-hmac", "cisco",
                                        " set isakmp-profile AGG\n")),
                     compile(crypto_map("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", lab13, "esp-aes esp-sha-hmac", "cisco", "")),
                     true});
        // The target a hub with a dynamic map and a wildcard key.
        v.push_back({compile(crypto_map("10.1.1.0 0.0.0.255", "10.9.0.0 0.0.255.255", "127.0.0.2", lab13, "esp-aes esp-sha-hmac", "hubkey", "")),
                     compile(lab13 + "crypto isakmp key hubkey address 0.0.0.0 0.0.0.0\n"
                                      "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
                                      "crypto dynamic-map DYN 10\n set transform-set TS\n"
                                      "crypto map HUB 65535 ipsec-isakmp dynamic DYN\n")});
        // IKEv2 with ECP-256 and PFS (strongSwan's captured IKEv2 handshake is for it).
        v.push_back({compile(ikev2_map("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2")),
                     compile(ikev2_map("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1")), false, true});
        return v;
    }();
    return all;
}

enum class Op : std::uint8_t {
    DELIVER, DROP, DUPLICATE, MUTATE, TRUNCATE, REPLAY, RAW, ENCRYPTED, FIRE_TIMER, ATTACKER_INITIATES,
    TARGET_INITIATES, TARGET_CLEARS, RUN, kCount
};

// The fuzzer's bytes, read from the front; zeros once they run out.
class Script {
public:
    Script(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool done() const { return pos_ >= size_; }
    std::uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(u16()) << 16 | u16(); }
    // A number below `n` (n > 0).
    std::size_t below(std::size_t n) { return n <= 256 ? u8() % n : u16() % n; }
    Bytes bytes(std::size_t n) {
        n = std::min(n, size_ - std::min(pos_, size_));
        Bytes b(data_ + pos_, data_ + pos_ + n);
        pos_ += n;
        return b;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_, pos_ = 0;
};

struct Harness {
    explicit Harness(const Variant& v) : variant(v) {
        EngineOptions options;
        // Lifetimes, DPD and retransmissions within a few fired timers.
        options.time_unit = std::chrono::milliseconds(10);
        options.retransmit_base = std::chrono::milliseconds(20);
        options.outbound_install_delay = std::chrono::milliseconds(5);
        EngineHooks th;
        th.policy = [p = v.target] { return p; };
        th.on_child_sa = [this](const handoff::ChildSa& c) { check(c); };
        th.on_inbound_sa = [](const handoff::ChildSa&) {};
        th.isakmp_debug = th.ipsec_debug = [](const std::string& line) { (void)line.size(); };
        th.log = [](int, const std::string&) {};
        th.on_peer_dead = [](std::uint32_t) {};
        th.on_child_deleted = [](std::uint32_t, std::uint32_t) {};
        th.on_negotiation_failed = [](const std::string&, const policy::Selector&) {};
        options.local_address = TARGET;
        target_transport = std::make_unique<test::FakeTransport>(net, TARGET);
        target = std::make_unique<IkeEngine>(*target_transport, clock, options, th);
        if (target->start()) std::abort();

        EngineHooks ah;
        ah.policy = [p = v.attacker] { return p; };
        ah.on_child_sa = ah.on_inbound_sa = [](const handoff::ChildSa&) {};
        options.local_address = ATTACKER;
        attacker_transport = std::make_unique<test::FakeTransport>(net, ATTACKER);
        if (v.ikev2) {
            auto peers = [p = v.attacker](std::uint32_t peer, std::uint32_t local, const v2::IdPayload* id,
                                          const std::string& profile) { return v2::configured_peer(*p, peer, local, id, profile); };
            attacker_v2 = std::make_unique<v2::Context>(*attacker_transport, clock, options, ah, peers);
            attacker_transport->open([this](const core::Received& in) { v2::receive(*attacker_v2, in); });
            return;
        }
        attacker = std::make_unique<v1::Context>(*attacker_transport, clock, options, ah);
        attacker_transport->open([this](const core::Received& in) { v1::receive(*attacker, in); });
    }

    // What IPsec is handed must be installable as it is.
    void check(const handoff::ChildSa& c) {
        ++pairs;
        if (c.spi_in == 0 || c.spi_out == 0) std::abort();
        if (c.encryption_key_in.size() != c.encryption_key_out.size()) std::abort();
        if (c.authentication_key_in.size() != c.authentication_key_out.size()) std::abort();
        if (c.peer != ATTACKER) std::abort();
    }

    void attacker_initiates() {
        const auto* entry = variant.attacker->find(kEntry);
        if (!entry || entry->selectors.empty()) std::abort();
        const auto& selector = entry->selectors.front();
        if (attacker_v2) return v2::initiate(*attacker_v2, TARGET, {kEntry, selector});
        if (v1::quick_mode::under_way(*attacker, TARGET, kEntry, selector)) return;
        if (IkeSa* sa = attacker->newest_established(TARGET)) return v1::quick_mode::send_qm1(*attacker, *sa, kEntry, selector);
        if (!attacker->sas_with(TARGET).empty()) return;
        v1::start_phase1(*attacker, TARGET, kEntry, selector, variant.aggressive);
    }

    void target_initiates() {
        auto pol = variant.target;
        const auto* entry = pol->find(kEntry);
        if (!entry || entry->selectors.empty()) return;  // the hub: it only answers
        target->initiate(kEntry, entry->selectors.front());
    }

    // An authenticated message with the fuzzer's payloads, under the attacker's phase 1 keys.
    void encrypted(Script& in) {
        if (attacker_v2) return encrypted_v2(in);
        if (!attacker) return;
        IkeSa* sa = attacker->newest_established(TARGET);
        if (!sa) return;
        std::uint8_t x = in.u8();
        auto exchange = x == 0 ? ExchangeType::QUICK_MODE : x == 1 ? ExchangeType::INFORMATIONAL : static_cast<ExchangeType>(x);
        std::uint32_t mid = in.u32();
        bool with_hash = in.u8() & 1;
        std::vector<Payload> ps;
        std::size_t n = in.below(7);
        for (std::size_t i = 0; i < n; ++i) {
            auto type = static_cast<PayloadType>(in.u8());
            ps.push_back({type, in.bytes(in.u16() % 1024)});
        }
        test::send_encrypted(*attacker, *sa, exchange, mid, std::move(ps), with_hash);
    }

    // IKEv2: the fuzzer's payloads inside SK under the keys of one of the attacker's IKE SAs with
    // the target: a request with the SA's next message ID (the target must answer or refuse
    // it), or a response with a message ID the fuzzer picked (one of the target's requests).
    void encrypted_v2(Script& in) {
        std::vector<v2::IkeSa*> up;
        for (v2::IkeSa* sa : attacker_v2->sas_with(TARGET))
            if (sa->authenticated && sa->state == v2::SaState::READY) up.push_back(sa);
        std::uint8_t x = in.u8();
        auto exchange = x == 0 ? v2::ExchangeType::CREATE_CHILD_SA : x == 1 ? v2::ExchangeType::INFORMATIONAL : static_cast<v2::ExchangeType>(x);
        std::uint32_t mid = in.u32();
        bool response = in.u8() & 2;
        std::vector<v2::Payload> ps;
        std::size_t n = in.below(7);
        for (std::size_t i = 0; i < n; ++i) {
            std::uint8_t type = in.u8();
            // The high bit asks for the critical flag (RFC 7296 2.5: an unknown critical payload
            // must be refused).
            ps.push_back({static_cast<v2::PayloadType>(type & 0x7f), (type & 0x80) != 0, in.bytes(in.u16() % 1024)});
        }
        if (up.empty()) return;
        v2::IkeSa& sa = *up[mid % up.size()];
        if (response) return v2::send_protected_response(*attacker_v2, sa, exchange, mid & 0xff, ps);
        v2::send_protected_request(*attacker_v2, sa, exchange, ps);
    }

    // A datagram from the attacker's address, as the fuzzer wrote it.
    void raw(Script& in) {
        std::uint8_t flags = in.u8();
        bool natt = flags & 1, adopt_cookies = flags & 2;
        auto bytes = in.bytes(in.u16() % 4096);
        if (adopt_cookies && attacker_v2 && bytes.size() >= 16) {
            // IKEv2's header starts with the SPIs as IKEv1's with the cookies (RFC 7296 3.1).
            auto sas = attacker_v2->sas_with(TARGET);
            if (!sas.empty()) {
                const auto* sa = sas[in.below(sas.size())];
                std::copy(sa->spi_i.begin(), sa->spi_i.end(), bytes.begin());
                std::copy(sa->spi_r.begin(), sa->spi_r.end(), bytes.begin() + 8);
            }
        }
        if (adopt_cookies && attacker && bytes.size() >= 16) {
            // Into a live exchange: the cookies of one of the attacker's SAs with the target.
            auto sas = attacker->sas_with(TARGET);
            if (!sas.empty()) {
                const auto* sa = sas[in.below(sas.size())];
                std::copy(sa->cky_i.begin(), sa->cky_i.end(), bytes.begin());
                std::copy(sa->cky_r.begin(), sa->cky_r.end(), bytes.begin() + 8);
            }
        }
        // On the NAT-T port the transport has taken the non-ESP marker off (RFC 3948 2.2).
        std::uint16_t port = natt ? 4500 : 500;
        net.post({{ATTACKER, port}, {TARGET, port}, natt, Bytes(bytes.begin(), bytes.end())});
    }

    void step(Script& in) {
        auto op = static_cast<Op>(in.below(static_cast<std::size_t>(Op::kCount)));
        switch (op) {
            case Op::DELIVER: net.deliver_one(); break;
            case Op::DROP:
                if (!net.in_flight.empty()) net.in_flight.pop_front();
                break;
            case Op::DUPLICATE:
                if (!net.in_flight.empty()) net.in_flight.push_front(net.in_flight.front());
                break;
            case Op::MUTATE:
                if (!net.in_flight.empty() && !net.in_flight.front().bytes.empty()) {
                    auto& b = net.in_flight.front().bytes;
                    std::size_t edits = 1 + in.below(8);
                    for (std::size_t i = 0; i < edits; ++i) {
                        std::size_t at = in.below(b.size());
                        b[at] = in.u8();
                    }
                }
                break;
            case Op::TRUNCATE:
                if (!net.in_flight.empty()) {
                    auto& b = net.in_flight.front().bytes;
                    b.resize(in.below(b.size() + 1));
                }
                break;
            case Op::REPLAY:
                if (!net.sent.empty()) net.replay(net.sent[in.below(net.sent.size())]);
                break;
            case Op::RAW: raw(in); break;
            case Op::ENCRYPTED: encrypted(in); break;
            case Op::FIRE_TIMER: clock.fire_next(); break;
            case Op::ATTACKER_INITIATES: attacker_initiates(); break;
            case Op::TARGET_INITIATES: target_initiates(); break;
            case Op::TARGET_CLEARS: target->clear(std::nullopt); break;
            case Op::RUN:
                for (int i = 0; i < 64 && net.deliver_one(); ++i) {
                }
                break;
            case Op::kCount: break;
        }
    }

    const Variant& variant;
    std::size_t pairs = 0;  // handed to IPsec by the target
    test::FakeClock clock;
    test::FakeNetwork net;
    std::unique_ptr<test::FakeTransport> target_transport, attacker_transport;
    std::unique_ptr<IkeEngine> target;
    std::unique_ptr<v1::Context> attacker;  // IKEv1 variants
    std::unique_ptr<v2::Context> attacker_v2;  // the IKEv2 variant
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || size > 16384) return 0;
    const auto& all = variants();
    Script in(data + 1, size - 1);
    Harness h(all[data[0] % all.size()]);
    for (int ops = 0; ops < 400 && !in.done(); ++ops) h.step(in);
    // IKE_EXCHANGE_FUZZ_SAY=1: what an input made of the target, to check that the seeds reach
    // where they are meant to (an established phase 1, a pair handed over).
    static const bool say = std::getenv("IKE_EXCHANGE_FUZZ_SAY") != nullptr;
    if (say) {
        std::string states;
        for (const auto& sa : h.target->sas()) states += " " + sa.state;
        for (const auto& sa : h.target->ikev2_sas()) states += " " + sa.status;
        std::fprintf(stderr, "variant %zu: %zu datagrams, %zu pairs, target SAs:%s\n", data[0] % all.size(), h.net.sent.size(),
                     h.pairs, states.c_str());
    }
    // The attacker goes first: its timers and SAs point into nothing of the target's.
    h.attacker.reset();
    h.attacker_v2.reset();
    h.target.reset();
    return 0;
}
