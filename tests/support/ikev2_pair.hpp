#pragma once
// Two IKEv2 engines (engine/ike/v2) joined by the fake network and driven by the fake clock:
// each with its policy compiled from IOS text (crypto map entries, transform sets, ACLs) and
// its IKEv2 settings (proposals, keys) given directly.
#include <catch.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/ike/v2/context.hpp"
#include "engine/ike/v2/lifetimes.hpp"
#include "engine/ike/v2/receive.hpp"
#include "tests/support/ike_pair.hpp"

namespace routerd::test::ikev2_pair {

using ike_pair::Net;
using ike_pair::R1_ADDR;
using ike_pair::R2_ADDR;

inline ike::v2::IkeProposalSet proposal(std::vector<std::uint16_t> groups = {14}) {
    using namespace ike::v2;
    return IkeProposalSet{"P", {{EncrId::ENCR_AES_CBC, 256}, {EncrId::ENCR_AES_CBC, 128}}, {PrfId::PRF_HMAC_SHA2_256, PrfId::PRF_HMAC_SHA1},
                          {IntegId::AUTH_HMAC_SHA2_256_128, IntegId::AUTH_HMAC_SHA1_96}, std::move(groups)};
}

struct Router {
    std::shared_ptr<const policy::PolicySet> policy;
    ike::v2::PeerConfig config;
    bool configured = true;  // false: the config source answers nothing
    std::vector<handoff::ChildSa> children;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deleted;
    // What IPsec was told, in order: "sends <spi_out>" (a held outbound SA released) and
    // "deleted <spi_out>".
    std::vector<std::string> ipsec_events;
    // What IPsec does when a held outbound SA is released (unset: takes it).
    std::function<void(std::uint32_t peer, std::uint32_t spi_out)> on_outbound;
    std::vector<std::string> failed_flows;
    std::vector<std::string> debug, log;
    // Which `debug crypto ikev2` kinds are wanted (unset: all).
    std::function<bool(ike::Ikev2DebugKind)> wanted;
    std::vector<const ike::v2::IdPayload*> asked_with_id;
    std::deque<ike::Bytes> nonces;  // the next nonces, in order (then random ones)
    std::vector<std::uint32_t> dead;
    std::unique_ptr<test::FakeTransport> transport;
    std::unique_ptr<ike::v2::Context> ctx;

    Router(Net& net, std::uint32_t addr, const std::string& ios, std::string psk = "cisco123", ike::EngineOptions options = {},
           Binding binding = Binding::ADDRESS)
        : policy(policy::compile(test::configure(ios))) {
        config.proposals = {proposal()};
        config.local_psk = config.remote_psk = ike::Bytes(psk.begin(), psk.end());
        ike::EngineHooks hooks;
        hooks.policy = [this] { return policy; };
        hooks.on_child_sa = [this](const handoff::ChildSa& c) { children.push_back(c); };
        hooks.on_child_deleted = [this](std::uint32_t peer, std::uint32_t spi) {
            deleted.emplace_back(peer, spi);
            ipsec_events.push_back("deleted " + std::to_string(spi));
        };
        hooks.on_child_outbound = [this](std::uint32_t peer, std::uint32_t spi) {
            ipsec_events.push_back("sends " + std::to_string(spi));
            if (on_outbound) on_outbound(peer, spi);
        };
        hooks.on_negotiation_failed = [this](const std::string& entry, const policy::Selector&) { failed_flows.push_back(entry); };
        hooks.ikev2_debug = [this](const std::string& l) { debug.push_back(l); };
        hooks.ikev2_debugging = [this](ike::Ikev2DebugKind k) { return !wanted || wanted(k); };
        hooks.log = [this](int, const std::string& l) { log.push_back(l); };
        hooks.on_peer_dead = [this](std::uint32_t peer) { dead.push_back(peer); };
        hooks.make_nonce = [this](std::size_t n) {
            if (nonces.empty()) return ike::random_bytes(n);
            auto b = nonces.front();
            nonces.pop_front();
            return b;
        };
        ike_pair::bind(binding, addr, options, hooks);
        transport = std::make_unique<test::FakeTransport>(net.network, addr, options.port, options.natt_port);
        ctx = std::make_unique<ike::v2::Context>(*transport, net.clock, options, hooks,
                                                 [this](std::uint32_t, std::uint32_t, const ike::v2::IdPayload* id, const std::string&) {
                                                     asked_with_id.push_back(id);
                                                     return configured ? std::optional(config) : std::nullopt;
                                                 });
        REQUIRE_FALSE(transport->open([this](const ike::core::Received& in) { ike::v2::receive(*ctx, in); }));
    }
    void initiate(const std::string& entry = "map TST 10", std::size_t line = 0) {
        const auto* e = policy->find(entry);
        REQUIRE(e);
        ike::v2::initiate(*ctx, e->peers.front(), {entry, e->selectors.at(line)});
    }
    std::size_t ready() const {
        std::size_t n = 0;
        for (const auto& [spi, sa] : ctx->sas()) n += sa->state == ike::v2::SaState::READY;
        return n;
    }
    // Everything it said, for a failing test's message.
    std::string said() const {
        std::string out;
        for (const auto* lines : {&debug, &log})
            for (const auto& l : *lines) out += l + "\n";
        return out;
    }
    // The pairs the IKE SA with the peer holds now.
    const std::vector<ike::v2::IkeSa::ChildPair>& pairs() const { return ctx->sas().begin()->second->children; }
    // How many debug lines contain `text`.
    std::size_t count(const std::string& text) const {
        std::size_t n = 0;
        for (const auto& l : debug) n += l.find(text) != std::string::npos;
        return n;
    }
    bool saw(const std::string& text) const {
        for (const auto* lines : {&debug, &log})
            for (const auto& l : *lines)
                if (l.find(text) != std::string::npos) return true;
        return false;
    }
};

// A pair whose SPIs on one side are the other's, reversed.
inline bool mirrored(const ike::v2::IkeSa::ChildPair& x, const ike::v2::IkeSa::ChildPair& y) {
    return x.spi_in == y.spi_out && x.spi_out == y.spi_in;
}

// The exchange of a datagram and whether it answers (RFC 7296 3.1: octet 18, flags in 19).
inline ike::v2::ExchangeType exchange_of(const test::Datagram& d) { return static_cast<ike::v2::ExchangeType>(d.bytes.at(18)); }
inline bool is_response(const test::Datagram& d) { return d.bytes.at(19) & ike::v2::FLAG_RESPONSE; }

// `a`'s first IKE_SA_INIT, held back before it reaches anyone (still in the network's `held`, for
// release_held); the network delivers again after.
inline test::Datagram held_offer(Net& net, Router& a) {
    net.network.fate = [](const test::Datagram&) { return test::FakeNetwork::Fate::HOLD; };
    a.initiate();
    net.network.deliver_all();
    REQUIRE(net.network.held.size() == 1);
    auto offer = net.network.held[0];
    net.network.fate = nullptr;
    return offer;
}

// The same, taken out of the network: it never reaches anyone unless a test replays it.
inline test::Datagram captured_offer(Net& net, Router& a) {
    auto offer = held_offer(net, a);
    net.network.held.clear();
    return offer;
}

// Lets `seconds` of simulated time pass, each second the engines' housekeeping running.
inline void run_with_ticks(Net& net, std::initializer_list<Router*> routers, int seconds) {
    auto second = net.clock.make_timer();  // the fake clock moves only to a timer
    for (int i = 0; i < seconds; ++i) {
        second->arm(std::chrono::seconds(1), [] {});
        net.run_for(std::chrono::seconds(1));
        for (auto* r : routers) ike::v2::lifetimes::tick(*r->ctx);
    }
}

}  // namespace routerd::test::ikev2_pair
