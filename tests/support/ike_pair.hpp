#pragma once
// Two IKE engines joined by the fake network and driven by the fake clock, each configured from
// its own IOS text: the fixture of the engine's exchange tests (tests/ike/engine_test.cpp,
// diagnosis_test.cpp). Datagrams move only when a test says so.
#include <catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/ike/ike_engine.hpp"
#include "tests/support/configure.hpp"
#include "tests/support/fake_ike_network.hpp"

namespace routerd::test::ike_pair {

constexpr std::uint32_t R1_ADDR = 0x7f000001, R2_ADDR = 0x7f000002;

// Binds an engine under test as `binding` says (fake_ike_network.hpp): to `addr`, or to every
// address of its host, `addr` being the one its route toward any peer chooses.
inline void bind(Binding binding, std::uint32_t addr, ike::EngineOptions& options, ike::EngineHooks& hooks) {
    if (binding == Binding::ADDRESS) options.local_address = addr;
    else hooks.local_address_for = [addr](std::uint32_t) { return std::optional<std::uint32_t>(addr); };
}

// The clock and the network both routers share.
struct Net {
    test::FakeClock clock;
    test::FakeNetwork network;
    // Delivers every datagram in flight; when none is, moves the clock to the next timer. False
    // when `limit` of simulated time passes before `done`.
    bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(300)) {
        auto end = clock.now() + limit;
        while (!done()) {
            if (network.deliver_one()) continue;
            auto due = clock.next_due();
            if (!due || *due > end) return false;
            clock.fire_next();
        }
        return true;
    }
    // Lets simulated time pass with the network running.
    void run_for(std::chrono::milliseconds d) {
        auto end = clock.now() + d;
        run_until([&] { return clock.now() >= end; }, d + std::chrono::seconds(1));
    }
};

struct Router {
    std::shared_ptr<const policy::PolicySet> policy;
    std::vector<handoff::ChildSa> children;
    std::vector<handoff::ChildSa> inbound;  // responder inbound SAs handed over before QM3
    std::vector<std::pair<std::uint32_t, std::uint32_t>> abandoned;  // (local, spi) of those whose QM3 never came
    std::vector<std::string>* events = nullptr;  // a sequence shared by both routers
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deleted;  // (peer, spi_out) the peer deleted
    std::vector<std::uint32_t> dead;  // peers DPD found dead (or INITIAL-CONTACT reset)
    std::vector<std::string> debug, log;
    std::unique_ptr<test::FakeTransport> transport;
    std::unique_ptr<ike::IkeEngine> engine;

    Router(Net& net, std::uint32_t addr, const std::string& config, ike::EngineOptions options = {},
           const std::function<void(ike::EngineHooks&)>& tweak = {}, Binding binding = Binding::ADDRESS)
        : policy(policy::compile(test::configure(config))) {
        ike::EngineHooks hooks;
        hooks.policy = [this] { return policy; };
        hooks.on_child_sa = [this](const handoff::ChildSa& c) {
            children.push_back(c);
            if (events) events->push_back("pair " + std::to_string(c.local));
        };
        hooks.on_inbound_sa = [this](const handoff::ChildSa& c) {
            inbound.push_back(c);
            if (events) events->push_back("inbound " + std::to_string(c.local));
        };
        hooks.on_inbound_sa_abandoned = [this](std::uint32_t local, std::uint32_t spi) { abandoned.emplace_back(local, spi); };
        hooks.on_child_deleted = [this](std::uint32_t peer, std::uint32_t spi) { deleted.emplace_back(peer, spi); };
        hooks.on_peer_dead = [this](std::uint32_t peer) { dead.push_back(peer); };
        hooks.isakmp_debug = [this](const std::string& l) { debug.push_back(l); };
        hooks.ipsec_debug = [this](const std::string& l) { debug.push_back(l); };
        hooks.log = [this](int, const std::string& l) { log.push_back(l); };
        bind(binding, addr, options, hooks);
        if (tweak) tweak(hooks);
        transport = std::make_unique<test::FakeTransport>(net.network, addr, options.port, options.natt_port);
        engine = std::make_unique<ike::IkeEngine>(*transport, net.clock, options, hooks);
        auto err = engine->start();
        INFO(err.value_or(""));
        REQUIRE_FALSE(err);
    }
    bool saw(const std::string& text) const { return count(text) > 0; }
    std::size_t count(const std::string& text) const {
        std::size_t n = 0;
        for (const auto& l : debug) n += l.find(text) != std::string::npos;
        for (const auto& l : log) n += l.find(text) != std::string::npos;
        return n;
    }
    void initiate(const std::string& entry = "map TST 10", std::size_t line = 0) {
        engine->initiate(entry, policy->find(entry)->selectors.at(line));
    }
};

// The Lab 13-1 pair of 004_*.txt, with loopback addresses as the peers' outside addresses.
inline std::string lab(const std::string& self_lo, const std::string& peer_lo, const std::string& peer, const std::string& extra_p1,
                const std::string& ts, const std::string& key = "cisco", const std::string& map_extra = "") {
    return extra_p1 +
           "crypto isakmp policy 10\n encr 3des\n hash md5\n authentication pre-share\n group 2\n"
           "crypto isakmp key " + key + " address " + peer + "\n"
           "crypto ipsec transform-set TSET " + ts + "\n"
           "access-list 100 permit ip " + self_lo + " " + peer_lo + "\n"
           "crypto map TST 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address 100\n" +
           map_extra;
}
inline std::string r1_lab(const std::string& ts = "esp-3des esp-md5-hmac", const std::string& extra_p1 = "", const std::string& key = "cisco",
                   const std::string& map_extra = "") {
    return lab("host 1.1.1.1", "host 2.2.2.2", "127.0.0.2", extra_p1, ts, key, map_extra);
}
inline std::string r2_lab(const std::string& ts = "esp-3des esp-md5-hmac", const std::string& extra_p1 = "", const std::string& key = "cisco",
                   const std::string& map_extra = "") {
    return lab("host 2.2.2.2", "host 1.1.1.1", "127.0.0.1", extra_p1, ts, key, map_extra);
}

inline void check_pair(const handoff::ChildSa& a, const handoff::ChildSa& b) {
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

}  // namespace routerd::test::ike_pair
