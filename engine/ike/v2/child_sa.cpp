#include "engine/ike/v2/child_sa.hpp"

#include <algorithm>
#include <bit>

#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/informational.hpp"

namespace routerd::ike::v2 {
namespace {

TrafficSelector ts_of(std::uint32_t address, std::uint32_t mask, std::uint8_t protocol, std::uint16_t low, std::uint16_t high) {
    return TrafficSelector{protocol, low, high, address & mask, (address & mask) | ~mask};
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

std::string ts_text(const TrafficSelector& t) {
    auto mask = prefix_mask(t);
    std::string text = mask ? ip(t.start_address) + "/" + std::to_string(std::popcount(*mask)) : ip(t.start_address) + "-" + ip(t.end_address);
    if (t.protocol) text += " protocol " + std::to_string(t.protocol);
    if (t.start_port != 0 || t.end_port != 65535)
        text += t.start_port == t.end_port ? " port " + std::to_string(t.start_port)
                                           : " ports " + std::to_string(t.start_port) + "-" + std::to_string(t.end_port);
    return text;
}

std::optional<TrafficSelector> overlap(const TrafficSelector& a, const TrafficSelector& b) {
    // A zero protocol is any (RFC 7296 3.13.1).
    if (a.protocol != 0 && b.protocol != 0 && a.protocol != b.protocol) return std::nullopt;
    TrafficSelector o{a.protocol ? a.protocol : b.protocol, std::max(a.start_port, b.start_port), std::min(a.end_port, b.end_port),
                      std::max(a.start_address, b.start_address), std::min(a.end_address, b.end_address)};
    if (o.start_port > o.end_port || o.start_address > o.end_address) return std::nullopt;
    return o;
}

TsMatch match_traffic(const policy::PolicySet& pol, std::uint32_t peer, const std::string& profile, std::span<const TrafficSelector> ours,
                      std::span<const TrafficSelector> theirs) {
    auto addresses = [](const TrafficSelector& t) { return double(t.end_address - t.start_address) + 1; };
    for (const auto* ep : pol.responder_order()) {
        const auto& e = *ep;
        if (!e.complete || !e.dynamic_template.empty() || e.manual || e.shutdown) continue;
        bool dynamic = e.kind == policy::EntryKind::DYNAMIC_MAP;
        bool vtemplate = e.kind == policy::EntryKind::VIRTUAL_TEMPLATE;
        if (vtemplate && (e.ikev2_profile.empty() || e.ikev2_profile != profile)) continue;
        if (!dynamic && !vtemplate && std::find(e.peers.begin(), e.peers.end(), peer) == e.peers.end()) continue;
        for (const auto& s : e.selectors) {
            if (s.bypass) continue;
            TsMatch best;
            double widest = 0;
            for (const auto& o : ours)
                for (const auto& t : theirs) {
                    auto lo = overlap(local_ts(s), o), ro = overlap(remote_ts(s), t);
                    if (!lo || !ro || addresses(*lo) * addresses(*ro) <= widest) continue;
                    widest = addresses(*lo) * addresses(*ro);
                    best = {&e, s, *lo, *ro};
                }
            if (best.entry) return best;
        }
        if (dynamic && e.selectors.empty()) {
            // A template without an ACL takes the first offered pair a selector can hold.
            for (const auto& o : ours)
                for (const auto& t : theirs) {
                    auto lm = prefix_mask(o), rm = prefix_mask(t);
                    if (!lm || !rm) continue;
                    return {&e,
                            policy::Selector{o.start_address, *lm, t.start_address, *rm, o.protocol, o.start_port, o.end_port, t.start_port,
                                             t.end_port, false, 0},
                            o, t};
                }
        }
    }
    return {};
}

std::optional<std::vector<TrafficSelector>> offered_ts(const std::vector<Payload>& ps, PayloadType type) {
    const Payload* p = find(ps, type);
    auto ts = p ? decode_ts(p->body) : Decoded<std::vector<TrafficSelector>>{};
    if (!ts || ts.value->empty()) return std::nullopt;
    return *ts.value;
}

std::optional<std::string> accept_answered_ts(Context& ctx, IkeSa& sa, const std::vector<Payload>& ps, const ChildNegotiation& child) {
    auto tsi = offered_ts(ps, PayloadType::TSi), tsr = offered_ts(ps, PayloadType::TSr);
    if (!tsi || !tsr) return "the answer lacks its TSi or TSr payload";
    const auto& flow = child.flow.selector;
    bool narrowed = false;
    auto check = [&](const std::vector<TrafficSelector>& answered, const TrafficSelector& proposed, const char* which) -> std::optional<std::string> {
        for (const auto& t : answered) {
            if (overlap(proposed, t) != t)
                return std::string("the peer answered ") + which + " " + ts_text(t) + ", wider than our " + ts_text(proposed);
            narrowed |= t != proposed;
        }
        return std::nullopt;
    };
    if (auto why = check(*tsi, local_ts(flow), "TSi")) return why;
    if (auto why = check(*tsr, remote_ts(flow), "TSr")) return why;
    if (narrowed) {
        std::string text = "The peer " + ip(sa.peer) + " narrowed " + policy::entry_title(child.flow.entry_key) + "'s " + ts_text(local_ts(flow)) +
                           " -> " + ts_text(remote_ts(flow)) + " to " + ts_text(tsi->front()) + " -> " + ts_text(tsr->front()) +
                           "; traffic of the line outside it will be dropped by the peer";
        ctx.debug(&sa, text);
        ctx.log(4, "%IKEV2-4-TS_NARROWED: " + text);
    }
    return std::nullopt;
}

ChildSuite child_suite(const policy::TransformDescriptor& t) {
    ChildSuite suite{t.esp ? static_cast<EncrId>(*t.esp) : EncrId{}, t.esp_key_bits, IntegId::NONE};
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
    return suite;
}

handoff::ChildSa make_child(const Context& ctx, IkeSa& sa, const ChildNegotiation& child, std::span<const std::uint8_t> pfs_shared,
                            std::span<const std::uint8_t> ni, std::span<const std::uint8_t> nr, bool we_initiated) {
    const auto& t = *child.chosen;
    ChildSuite suite = child_suite(t);
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
    for (IkeSa* other : ctx.sas_with(sa.peer)) {
        if (other == &sa || other->state != SaState::READY) continue;
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
                   std::span<const std::uint8_t> nr, bool from_ike_auth, std::optional<std::uint32_t> replaces_spi_out) {
    IkeSa::ChildPair pair;
    pair.entry_key = c.entry_key;
    pair.selector = c.selector;
    pair.spi_in = c.spi_in;
    pair.spi_out = c.spi_out;
    pair.transform = c.transform;
    pair.installed = ctx.clock().now();
    pair.lifetime_seconds = c.lifetime_seconds;
    pair.we_initiated = we_initiated;
    pair.from_ike_auth = from_ike_auth;
    pair.outbound_held = c.outbound_held;
    // Known before IPsec hears of the pair: a refused install deletes it from inside the hook.
    pair.replaces_spi_out = replaces_spi_out.value_or(0);
    pair.low_nonce = lower_nonce(Bytes(ni.begin(), ni.end()), Bytes(nr.begin(), nr.end()));
    sa.children.push_back(pair);
    ctx.clear_failure(sa.peer);
    ctx.debug(&sa, "Child SA installed: SPI in " + hex(be32(c.spi_in)) + ", out " + hex(be32(c.spi_out)));
    if (ctx.hooks().on_child_sa) ctx.hooks().on_child_sa(c);
    if (from_ike_auth) settle_crossed(ctx, sa, pair);
}

IkeSa::ChildPair* child_by_spi_in(IkeSa& sa, std::uint32_t spi_in) {
    auto it = std::find_if(sa.children.begin(), sa.children.end(), [&](const auto& c) { return c.spi_in == spi_in; });
    return it == sa.children.end() ? nullptr : &*it;
}

void release_replacements(Context& ctx, IkeSa& sa, std::uint32_t old_spi_out, const std::string& why) {
    // Chosen first, released after: a release the kernel refuses deletes that pair from inside
    // the hook, under any loop over the children.
    std::vector<std::uint32_t> due;
    for (const auto& c : sa.children)
        if (c.outbound_held && !c.redundant && c.replaces_spi_out == old_spi_out) due.push_back(c.spi_in);
    for (auto spi_in : due) release_outbound(ctx, sa, spi_in, why);
}

void release_outbound(Context& ctx, IkeSa& sa, std::uint32_t spi_in, const std::string& why) {
    auto* pair = child_by_spi_in(sa, spi_in);
    if (!pair || !pair->outbound_held) return;
    pair->outbound_held = false;
    auto spi_out = pair->spi_out;
    ctx.debug(&sa, "Child SA " + hex(be32(spi_in)) + " sends now (" + why + "): outbound SPI " + hex(be32(spi_out)));
    if (ctx.hooks().on_child_outbound) ctx.hooks().on_child_outbound(sa.peer, spi_out);  // `pair` may be gone after
}

}  // namespace routerd::ike::v2
