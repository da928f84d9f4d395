#include "engine/ike/v2/child_sa.hpp"

#include <algorithm>

#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/informational.hpp"

namespace routerd::ike::v2 {
namespace {

TrafficSelector ts_of(std::uint32_t address, std::uint32_t mask, std::uint8_t protocol, std::uint16_t low, std::uint16_t high) {
    return TrafficSelector{protocol, low, high, address & mask, (address & mask) | ~mask};
}

bool within(const TrafficSelector& outer, const TrafficSelector& inner) {
    return outer.start_address <= inner.start_address && inner.end_address <= outer.end_address &&
           (outer.protocol == 0 || outer.protocol == inner.protocol) && outer.start_port <= inner.start_port &&
           inner.end_port <= outer.end_port;
}

// A range that is a prefix, as a selector needs it: its mask, or nullopt.
std::optional<std::uint32_t> prefix_mask(const TrafficSelector& t) {
    std::uint32_t span = t.end_address - t.start_address;
    if ((span & (span + 1)) != 0 || (t.start_address & span) != 0) return std::nullopt;
    return ~span;
}

}  // namespace

TrafficSelector local_ts(const policy::Selector& s) {
    return ts_of(s.source, s.source_mask, s.protocol, s.source_port_low, s.source_port_high);
}

TrafficSelector remote_ts(const policy::Selector& s) {
    return ts_of(s.destination, s.destination_mask, s.protocol, s.destination_port_low, s.destination_port_high);
}

TsMatch match_traffic(const policy::PolicySet& pol, std::uint32_t peer, const TrafficSelector& ours, const TrafficSelector& theirs) {
    for (const auto* ep : pol.responder_order()) {
        const auto& e = *ep;
        if (!e.complete || !e.dynamic_template.empty() || e.manual || e.shutdown) continue;
        bool dynamic = e.kind == policy::EntryKind::DYNAMIC_MAP;
        bool vtemplate = e.kind == policy::EntryKind::VIRTUAL_TEMPLATE;
        if (!dynamic && !vtemplate && std::find(e.peers.begin(), e.peers.end(), peer) == e.peers.end()) continue;
        for (const auto& s : e.selectors)
            if (!s.bypass && within(local_ts(s), ours) && within(remote_ts(s), theirs)) return {&e, s};
        if (dynamic && e.selectors.empty()) {
            auto lm = prefix_mask(ours), rm = prefix_mask(theirs);
            if (!lm || !rm) continue;
            return {&e, policy::Selector{ours.start_address, *lm, theirs.start_address, *rm, ours.protocol, ours.start_port, ours.end_port,
                                         theirs.start_port, theirs.end_port, false, 0}};
        }
    }
    return {};
}

handoff::ChildSa make_child(const Context& ctx, IkeSa& sa, const ChildNegotiation& child, std::span<const std::uint8_t> pfs_shared,
                            std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr, bool we_initiated) {
    const auto& t = *child.chosen;
    ChildSuite suite{static_cast<EncrId>(*t.esp), t.esp_key_bits, IntegId::NONE};
    // The kernel's auth key length says which HMAC; the IKEv2 name follows from it.
    switch (t.auth_key_bits) {
        case 128: suite.integ = IntegId::AUTH_HMAC_MD5_96; break;
        case 160: suite.integ = IntegId::AUTH_HMAC_SHA1_96; break;
        case 256: suite.integ = IntegId::AUTH_HMAC_SHA2_256_128; break;
        case 384: suite.integ = IntegId::AUTH_HMAC_SHA2_384_192; break;
        case 512: suite.integ = IntegId::AUTH_HMAC_SHA2_512_256; break;
        default: break;
    }
    if (suite.encr == EncrId::ENCR_3DES) suite.encr_bits = 192;
    auto k = derive_child_keys(prf_hash(sa.suite->prf), sa.keys.sk_d, suite, pfs_shared, ni, nr);
    handoff::ChildSa c;
    c.entry_key = child.flow.entry_key;
    c.local = sa.local;
    c.peer = sa.peer;
    c.selector = child.flow.selector;
    c.transform = t;
    c.spi_in = child.spi_in;
    c.spi_out = child.spi_out;
    // RFC 7296 2.17: the _i keys protect what the initiator of the exchange that made the
    // Child SA sends (IKE_AUTH: the IKE SA's initiator), with that exchange's nonces.
    bool we_sent_first = we_initiated;
    c.encryption_key_out = we_sent_first ? k.encr_i : k.encr_r;
    c.authentication_key_out = we_sent_first ? k.integ_i : k.integ_r;
    c.encryption_key_in = we_sent_first ? k.encr_r : k.encr_i;
    c.authentication_key_in = we_sent_first ? k.integ_r : k.integ_i;
    c.lifetime_seconds = child.lifetime_seconds;
    c.lifetime_kilobytes = child.lifetime_kilobytes;
    c.ike_conn_id = sa.session_id;
    c.udp_encapsulation = sa.natt_detected;
    c.local_port = sa.natt_detected ? ctx.options().natt_port : 0;
    c.peer_port = sa.natt_detected ? sa.peer_port : 0;
    return c;
}

namespace {

// Two first Child SAs for one flow with one peer, over two IKE SAs: the one made with the
// lower nonce goes, if we made it. Both ends see both pairs, in either order, so each removes
// what it made and one pair stays.
void settle_crossed(Context& ctx, IkeSa& sa, const IkeSa::ChildPair& fresh) {
    for (auto& [spi, other] : ctx.sas()) {
        if (other.get() == &sa || other->peer != sa.peer || other->state != SaState::READY) continue;
        auto it = std::find_if(other->children.begin(), other->children.end(), [&](const IkeSa::ChildPair& c) {
            return c.from_ike_auth && c.entry_key == fresh.entry_key && c.selector == fresh.selector;
        });
        if (it == other->children.end()) continue;
        bool fresh_lower = nonce_lower(fresh.low_nonce, it->low_nonce);
        const IkeSa::ChildPair& loser = fresh_lower ? fresh : *it;
        IkeSa& loser_sa = fresh_lower ? sa : *other;
        ctx.debug(&sa, "Two IKE SAs with " + ip(sa.peer) + " made a pair for " + fresh.entry_key + "; the one with the lowest nonce goes" +
                           (loser.we_initiated ? " (ours)" : " (the peer's, which it deletes)"));
        if (!loser.we_initiated) return;
        // Removed here and told: its IKE SA goes with it when it holds nothing else.
        if (loser_sa.children.size() == 1 && &loser_sa != &sa) return informational::send_ike_delete(ctx, loser_sa);
        if (loser_sa.children.size() == 1 && loser_sa.initiator) return informational::send_ike_delete(ctx, loser_sa);
        return informational::send_child_deletes(ctx, loser_sa, {loser.spi_in}, {});
    }
}

}  // namespace

void install_child(Context& ctx, IkeSa& sa, const handoff::ChildSa& c, bool we_initiated, std::span<const std::uint8_t> ni,
                   std::span<const std::uint8_t> nr, bool from_ike_auth) {
    IkeSa::ChildPair pair;
    pair.entry_key = c.entry_key;
    pair.selector = c.selector;
    pair.spi_in = c.spi_in;
    pair.spi_out = c.spi_out;
    pair.installed = ctx.clock().now();
    pair.lifetime_seconds = c.lifetime_seconds;
    pair.we_initiated = we_initiated;
    pair.from_ike_auth = from_ike_auth;
    pair.low_nonce = lower_nonce(Bytes(ni.begin(), ni.end()), Bytes(nr.begin(), nr.end()));
    sa.children.push_back(pair);
    ctx.clear_failure(sa.peer);
    ctx.debug(&sa, "Child SA installed: SPI in " + hex(be32(c.spi_in)) + ", out " + hex(be32(c.spi_out)));
    if (ctx.hooks().on_child_sa) ctx.hooks().on_child_sa(c);
    if (from_ike_auth) settle_crossed(ctx, sa, pair);
}

}  // namespace routerd::ike::v2
