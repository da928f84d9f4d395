#include "engine/ike/v1/quick_mode.hpp"

#include <algorithm>
#include <functional>

#include "engine/ike/v1/child_sa.hpp"
#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/proposals.hpp"

namespace routerd::ike::v1::quick_mode {
namespace {

// RFC 2407 4.6.2: a host is ID_IPV4_ADDR, a network ID_IPV4_ADDR_SUBNET.
IdPayload proxy_id(std::uint32_t addr, std::uint32_t mask, std::uint8_t protocol, std::uint16_t port) {
    IdPayload id;
    id.protocol = protocol;
    id.port = port;
    id.data = be32(addr);
    if (mask == 0xffffffff) {
        id.type = IdType::ID_IPV4_ADDR;
    } else {
        id.type = IdType::ID_IPV4_ADDR_SUBNET;
        Bytes m = be32(mask);
        id.data.insert(id.data.end(), m.begin(), m.end());
    }
    return id;
}

// One side of a flow as Quick Mode names it (IOS's "proxy").
struct Proxy {
    std::uint32_t addr = 0, mask = 0xffffffff;
    std::uint8_t protocol = 0;
    std::uint16_t port = 0;
    bool operator==(const Proxy&) const = default;
};

std::optional<Proxy> proxy_of(const IdPayload& id) {
    Proxy p{read32(id.data), 0xffffffff, id.protocol, id.port};
    if (id.type == IdType::ID_IPV4_ADDR_SUBNET) p.mask = read32(std::span(id.data).subspan(4));
    else if (id.type != IdType::ID_IPV4_ADDR) return std::nullopt;
    p.addr &= p.mask;
    return p;
}

std::string proxy_text(const Proxy& p) {
    return ip(p.addr) + "/" + ip(p.mask) + "/" + std::to_string(p.protocol) + "/" + std::to_string(p.port);
}

Proxy local_proxy(const policy::Selector& s) {
    return {s.source, s.source_mask, s.protocol, s.source_port_low == s.source_port_high ? s.source_port_low : std::uint16_t(0)};
}
Proxy remote_proxy(const policy::Selector& s) {
    return {s.destination, s.destination_mask, s.protocol,
            s.destination_port_low == s.destination_port_high ? s.destination_port_low : std::uint16_t(0)};
}

// Whether proxy `inner` lies within `outer` (a zero protocol or port is any).
bool covers(const Proxy& outer, const Proxy& inner) {
    return (inner.mask & outer.mask) == outer.mask && (inner.addr & outer.mask) == outer.addr &&
           (outer.protocol == 0 || outer.protocol == inner.protocol) && (outer.port == 0 || outer.port == inner.port);
}

// The flow as the peer proposed it, its side first (for diagnosis).
policy::Selector proposed_flow(const Proxy& theirs, const Proxy& ours) {
    policy::Selector s;
    s.source = theirs.addr;
    s.source_mask = theirs.mask;
    s.destination = ours.addr;
    s.destination_mask = ours.mask;
    s.protocol = theirs.protocol;
    if (theirs.port) s.source_port_low = s.source_port_high = theirs.port;
    if (ours.port) s.destination_port_low = s.destination_port_high = ours.port;
    return s;
}

const std::uint8_t kZero = 0;

// A failed step ends this Quick Mode, not the IKE SA: said in debug and log.
void fail(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::string& why) {
    ctx.mode_failure(&sa, Mode::QUICK, sa.peer, why);
    if (auto q = sa.quick_modes.find(message_id); q != sa.quick_modes.end() && q->second.initiator)
        ctx.negotiation_failed(q->second.entry_key, q->second.selector);
    ctx.retransmitter().disarm({sa.cky_i, message_id});
    if (auto q = sa.quick_modes.find(message_id); q != sa.quick_modes.end()) ctx.quick_mode_ended(sa, q->second);
    sa.quick_modes.erase(message_id);
    sa.finished_message_ids.insert(message_id);
}

// The exchange is done. The initiator keeps it a while with QM3 as its answer to a QM2 that
// comes again (its QM3 was lost); the responder keeps it to recognise a repeated QM3.
void finish(Context& ctx, IkeSa& sa, QuickMode& qm, Bytes answer) {
    ctx.transition(sa, qm, QuickModeState::IKE_QM_PHASE2_COMPLETE);
    qm.completed = ctx.clock().now();
    qm.last_reply = std::move(answer);
    sa.finished_message_ids.insert(qm.message_id);
}

// The policy entry that takes a flow the peer proposes: a crypto map entry for this peer whose
// ACL mirrors the proxies, a dynamic map template, or a dynamic VTI's template (IOS "Crypto
// mapdb : proxy_match").
struct Match {
    const policy::ProtectionPolicy* entry = nullptr;
    policy::Selector selector;
};
Match match_proposal(const policy::PolicySet& pol, const IkeSa& sa, const Proxy& ours, const Proxy& theirs) {
    std::uint32_t peer = sa.peer;
    for (const auto* ep : pol.responder_order()) {
        const auto& e = *ep;
        if (!e.complete || !e.dynamic_template.empty() || e.manual || e.shutdown) continue;
        if (!pol.serves_profile(e, sa.profile)) continue;
        bool dynamic = e.kind == policy::EntryKind::DYNAMIC_MAP;
        // A dynamic VTI template answers any authenticated peer that proposes any-to-any
        // (IOS: the ISAKMP profile's `virtual-template N` clones a Virtual-Access for it).
        bool vtemplate = e.kind == policy::EntryKind::VIRTUAL_TEMPLATE;
        // A template only an IKEv2 profile names is FlexVPN's, not for IKEv1 peers.
        if (vtemplate && e.isakmp_profile.empty()) continue;
        if (!dynamic && !vtemplate &&
            std::find(e.peers.begin(), e.peers.end(), peer) == e.peers.end())
            continue;
        // IOS takes a proposal that lies within an ACL line (seeds-catalog F10: R2's /24 line
        // accepts R1's /32 offer; the wider offer the other way is refused). The pair goes in
        // under the entry's line, whose kernel policy carries the traffic.
        for (const auto& s : e.selectors)
            if (!s.bypass && covers(local_proxy(s), ours) && covers(remote_proxy(s), theirs)) return {&e, s};
        if (dynamic && e.selectors.empty())  // a template without ACL takes what is proposed
            return {&e, policy::Selector{ours.addr, ours.mask, theirs.addr, theirs.mask, ours.protocol, ours.port,
                                         ours.port ? ours.port : std::uint16_t(0xffff), theirs.port,
                                         theirs.port ? theirs.port : std::uint16_t(0xffff), false, 0}};
    }
    return {};
}

// How soon after our Quick Mode for a flow finished a peer's for the same flow counts as the
// other half of a race, not as a rekey (no peer renews a pair seconds old).
constexpr int kCollisionWindowSeconds = 5;

// Our own Quick Mode for the same flow with the same peer: one running, or else one that
// finished moments ago and whose pair still stands.
QuickMode* own_exchange_for(Context& ctx, std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector,
                            Cookie* owner) {
    QuickMode* finished = nullptr;
    auto now = ctx.clock().now();
    for (IkeSa* other : ctx.sas_with(peer)) {
        for (auto& [mid, qm] : other->quick_modes) {
            if (!qm.initiator || qm.entry_key != entry_key || !(qm.selector == selector)) continue;
            if (qm.waiting_for_qm2()) {  // not one that lost a collision already
                *owner = other->cky_i;
                return &qm;
            }
            bool recent = qm.completed && now - *qm.completed < ctx.options().time_unit * kCollisionWindowSeconds;
            bool standing = std::any_of(ctx.negotiated().begin(), ctx.negotiated().end(),
                                        [&, &qm = qm](const NegotiatedPair& p) { return p.peer == peer && p.spi_in == qm.spi_in; });
            if (qm.state == QuickModeState::IKE_QM_PHASE2_COMPLETE && recent && standing && !finished) {
                *owner = other->cky_i;
                finished = &qm;
            }
        }
    }
    return finished;
}

// RFC 2407 4.6.3.1: when we keep the SA shorter than proposed, we say so.
Payload responder_lifetime(const QuickMode& qm) {
    NotifyPayload rl;
    rl.protocol = ProtocolId::PROTO_IPSEC_ESP;
    rl.type = NotifyType::RESPONDER_LIFETIME;
    rl.spi = be32(qm.spi_out);  // the initiator's SPI names the SA (its inbound one)
    std::vector<Attribute> attrs{Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_TYPE), 1),
                                 Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_DURATION), qm.lifetime_seconds)};
    if (qm.lifetime_kilobytes) {
        attrs.push_back(Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_TYPE), 2));
        attrs.push_back(Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_DURATION), qm.lifetime_kilobytes));
    }
    rl.data = encode_attributes(attrs);
    return {PayloadType::N, encode_notify(rl)};
}

// QM1 at the responder: choose an entry and a transform set, answer with QM2.
void receive_qm1(Context& ctx, IkeSa& sa, QuickMode& qm, const Header& h, const std::vector<Payload>& ps) {
    std::uint32_t mid = h.message_id;
    std::string mid_text = std::to_string(mid);
    Bytes after = encode_payloads({ps.begin() + 1, ps.end()});
    if (prf(sa.hash, sa.keys.skeyid_a, cat({be32(mid), after})) != ps.front().body)
        return fail(ctx, sa, mid, " hash value in HASH(1) does not match");
    peer_has_phase1(sa);
    const Payload* sp = first(ps, PayloadType::SA);
    const Payload* np = first(ps, PayloadType::NONCE);
    const Payload* kp = first(ps, PayloadType::KE);
    if (!sp || !np) return fail(ctx, sa, mid, " QM1 without SA or nonce");
    ctx.debug(&sa, " processing SA payload. message ID = " + mid_text);
    auto offered = decode_sa(sp->body);
    if (!offered) return fail(ctx, sa, mid, " " + offered.error);
    qm.ni = np->body;
    std::vector<Proxy> ids;
    for (const auto& p : ps)
        if (p.type == PayloadType::ID)
            if (auto id = decode_id(p.body); id && proxy_of(*id.value)) ids.push_back(*proxy_of(*id.value));
    // Without IDs the proxies are the two ISAKMP endpoints (RFC 2409 5.5).
    Proxy theirs = ids.size() == 2 ? ids[0] : Proxy{sa.peer, 0xffffffff, 0, 0};
    Proxy ours = ids.size() == 2 ? ids[1] : Proxy{sa.local, 0xffffffff, 0, 0};
    ctx.ipsec_debug("IPSEC(validate_proposal_request): proposal part # 1");
    ctx.ipsec_debug("  (key eng. msg.) INBOUND local= " + ip(sa.local) + ":0, remote= " + ip(sa.peer) + ":0,");
    ctx.ipsec_debug("    local_proxy= " + proxy_text(ours) + " (type=" + std::to_string(ours.mask == 0xffffffff ? 1 : 4) + "),");
    ctx.ipsec_debug("    remote_proxy= " + proxy_text(theirs) + " (type=" + std::to_string(theirs.mask == 0xffffffff ? 1 : 4) + "),");
    auto pol = ctx.policy();
    auto match = match_proposal(*pol, sa, ours, theirs);
    ctx.ipsec_debug("Crypto mapdb : proxy_match");
    ctx.ipsec_debug("        src addr     : " + ip(ours.addr));
    ctx.ipsec_debug("        dst addr     : " + ip(theirs.addr));
    ctx.ipsec_debug("        protocol     : " + std::to_string(ours.protocol));
    ctx.ipsec_debug("        src port     : " + std::to_string(ours.port));
    ctx.ipsec_debug("        dst port     : " + std::to_string(theirs.port));
    std::string not_acceptable = " phase 2 SA policy not acceptable! (local " + ip(sa.local) + " remote " + ip(sa.peer) + ")";
    // IOS refuses every phase 2 mismatch, proxies included, with PROPOSAL_NOT_CHOSEN naming
    // the proposal's SPI (seeds-catalog F08, F09).
    std::uint32_t proposal_spi = 0;
    if (!offered.value->proposals.empty() && offered.value->proposals[0].spi.size() == 4)
        proposal_spi = read32(offered.value->proposals[0].spi);
    auto proposed = proposed_flow(theirs, ours);
    // Each refusal: IOS's line, the notify, our diagnosis line, and the exchange is gone.
    auto refuse = [&](const std::function<void()>& diagnose) {
        ctx.debug(&sa, not_acceptable);
        informational::send_phase2_refusal(ctx, sa, NotifyType::NO_PROPOSAL_CHOSEN, proposal_spi);
        diagnose();
        fail(ctx, sa, mid, " deleting node " + mid_text + " error TRUE reason \"QM rejected\"");
    };
    if (!match.entry) {
        ctx.ipsec_debug("map_db_find_best did not find matching map");
        ctx.ipsec_debug("IPSEC(ipsec_process_proposal): proxy identities not supported");
        return refuse([&] { diagnosis::proxy_mismatch(ctx, sa, proposed, *pol); });
    }
    const auto& entry = *match.entry;
    // Both ends started Quick Mode for this flow at once (two ACQUIREs, a rekey each): the
    // exchange with the lower initiator nonce goes on at both ends, which both see alike, and
    // the flow gets one pair. A peer's exchange that comes after ours finished with a lower
    // nonce is the loser of such a race, which the peer dropped too.
    Cookie owner{};
    auto* own = own_exchange_for(ctx, sa.peer, entry.key, match.selector, &owner);
    // A collision is the same flow offered from both ends: the peer's proxies the mirror of
    // ours. A narrower flow within our ACL line (the peer's own line is narrower, lab diagnosis
    // F10) is another negotiation: dropping it for ours, which the peer then refuses, left its
    // retransmissions ignored as replays and the flow down until they ran out.
    bool crossing = own && own->selector.source == ours.addr && own->selector.source_mask == ours.mask &&
                    own->selector.destination == theirs.addr && own->selector.destination_mask == theirs.mask;
    if (crossing) {
        QuickMode* ours = own;
        bool ours_wins = ours->ni < qm.ni;
        if (ours_wins) {
            ctx.debug(&sa, " Quick Mode collision for " + entry.key + ": ours (M-ID " + std::to_string(ours->message_id) +
                               ") goes on, the peer's M-ID " + mid_text + " is dropped");
            sa.quick_modes.erase(mid);
            sa.finished_message_ids.insert(mid);
            return;
        }
        if (ours->state == QuickModeState::IKE_QM_I_QM1) {
            ctx.debug(&sa, " Quick Mode collision for " + entry.key + ": the peer's (M-ID " + mid_text + ") goes on, ours M-ID " +
                               std::to_string(ours->message_id) + " is dropped");
            // Not sent again and not waited for, but not forgotten: a peer that does not yield
            // (IOS, Libreswan answer both exchanges) may already have answered it and put its
            // side in; its QM2, when it comes, completes it (receive_qm2).
            ctx.retransmitter().disarm({owner, ours->message_id});
            ours->yielded = ctx.clock().now();
        }
    }
    auto choice = phase2_select(*offered.value, entry.transforms, ctx.proposal_debug(&sa));
    if (!choice) {
        auto theirs_sets = phase2_offered(*offered.value);
        std::string ids;
        for (const auto& t : theirs_sets) ids += policy::transform_show_name(t) + " ";
        ctx.ipsec_debug("IPSEC(ipsec_process_proposal): transform proposal not supported for identity:");
        ctx.ipsec_debug("    {" + ids + "}");
        ctx.debug(&sa, " IPSec policy invalidated proposal with error 256");
        return refuse([&] {
            diagnosis::transform_mismatch(ctx, sa, proposed, theirs_sets, entry);
            diagnosis::dynamic_before_static(ctx, sa, *pol, entry);
        });
    }
    // PFS: a group set on our side must be the one proposed (IOS).
    if (entry.pfs_group && choice->pfs_group != entry.pfs_group) {
        ctx.debug(&sa, " IPSec policy invalidated proposal with error 256");
        return refuse([&] {
            diagnosis::pfs_mismatch(ctx, sa, proposed, choice->pfs_group, entry);
            diagnosis::dynamic_before_static(ctx, sa, *pol, entry);
        });
    }
    if (choice->pfs_group) {
        if (!kp) return fail(ctx, sa, mid, " PFS proposed without a KE payload");
        qm.peer_ke = kp->body;
        if (!(qm.dh = ctx.make_key_pair(*choice->pfs_group)))
            return fail(ctx, sa, mid, " PFS group " + std::to_string(*choice->pfs_group) + " unavailable: no key pair for QM2");
    }
    qm.pfs_group = choice->pfs_group;
    qm.entry_key = entry.key;
    qm.selector = match.selector;
    qm.chosen = choice->transform;
    qm.spi_out = choice->peer_spi;
    qm.spi_in = new_spi(ctx.random());
    qm.lifetime_seconds = std::min(choice->lifetime_seconds, entry.lifetime_seconds);
    qm.lifetime_kilobytes = entry.lifetime_kilobytes == 0     ? choice->lifetime_kilobytes
                            : choice->lifetime_kilobytes == 0 ? entry.lifetime_kilobytes
                                                              : std::min(choice->lifetime_kilobytes, entry.lifetime_kilobytes);
    qm.nr = ctx.random().take(16);
    ctx.debug(&sa, " processing NONCE payload. message ID = " + mid_text);
    SaPayload reply = choice->reply;
    reply.proposals[0].spi = be32(qm.spi_in);
    std::vector<Payload> rp{{PayloadType::HASH, {}}, {PayloadType::SA, encode_sa(reply)}, {PayloadType::NONCE, qm.nr}};
    if (qm.dh) rp.push_back({PayloadType::KE, qm.dh->public_value()});
    for (const auto& p : ps)
        if (p.type == PayloadType::ID) rp.push_back(p);
    if (qm.lifetime_seconds < choice->lifetime_seconds || (qm.lifetime_kilobytes && qm.lifetime_kilobytes < choice->lifetime_kilobytes)) {
        rp.push_back(responder_lifetime(qm));
        ctx.debug(&sa, " sending RESPONDER_LIFETIME notify: " + std::to_string(qm.lifetime_seconds) + " seconds");
    }
    // HASH(2) = prf(SKEYID_a, M-ID | Ni_b | the message after the HASH payload).
    rp[0].body = prf(sa.hash, sa.keys.skeyid_a, cat({be32(mid), qm.ni, encode_payloads({rp.begin() + 1, rp.end()})}));
    auto child = child_of(ctx, sa, qm);
    if (!child) return fail(ctx, sa, mid, " cannot make the keys of the SA pair (invalid PFS KE payload)");
    if (ctx.hooks().on_inbound_sa) ctx.hooks().on_inbound_sa(*child);
    qm.keyed = std::move(*child);  // the pair at QM3 is this one
    // Sent again until QM3 comes: the initiator has its pair at QM2 and would never ask.
    qm.last_reply = request(ctx, sa, header_for(sa, ExchangeType::QUICK_MODE, PayloadType::HASH, mid), rp, true, &qm.iv);
    ctx.transition(sa, qm, QuickModeState::IKE_QM_R_QM2);
}

// QM3 at the responder: HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b); the pair goes in.
void receive_qm3(Context& ctx, IkeSa& sa, QuickMode& qm, const Header& h, const std::vector<Payload>& ps) {
    std::uint32_t mid = h.message_id;
    if (prf(sa.hash, sa.keys.skeyid_a, cat({{&kZero, 1}, be32(mid), qm.ni, qm.nr})) != ps.front().body)
        return fail(ctx, sa, mid, " hash value in HASH(3) does not match");
    finish(ctx, sa, qm, {});
    install(ctx, sa, qm);
}

// QM2 at the initiator: the responder's choice. Sends QM3; the pair goes in.
void receive_qm2(Context& ctx, IkeSa& sa, QuickMode& qm, const Header& h, const std::vector<Payload>& ps) {
    std::uint32_t mid = h.message_id;
    std::string mid_text = std::to_string(mid);
    const Payload* np = first(ps, PayloadType::NONCE);
    const Payload* sp = first(ps, PayloadType::SA);
    const Payload* kp = first(ps, PayloadType::KE);
    if (!np || !sp) return fail(ctx, sa, mid, " QM2 without SA or nonce");
    if (qm.yielded)
        ctx.debug(&sa, " Quick Mode M-ID " + mid_text + " was dropped in a collision, but the peer answered it: it has its side of " +
                           "the pair, so ours completes it too");
    qm.nr = np->body;
    Bytes after = encode_payloads({ps.begin() + 1, ps.end()});
    if (prf(sa.hash, sa.keys.skeyid_a, cat({be32(mid), qm.ni, after})) != ps.front().body)
        return fail(ctx, sa, mid, " hash value in HASH(2) does not match");
    peer_has_phase1(sa);
    ctx.debug(&sa, " processing SA payload. message ID = " + mid_text);
    auto reply = decode_sa(sp->body);
    if (!reply) return fail(ctx, sa, mid, " " + reply.error);
    auto choice = phase2_select(*reply.value, qm.offered, ctx.proposal_debug(&sa));
    if (!choice) return fail(ctx, sa, mid, " the responder chose no transform set we offered");
    if (qm.pfs_group) {
        if (!kp) return fail(ctx, sa, mid, " PFS without a KE payload in QM2");
        qm.peer_ke = kp->body;
    }
    qm.chosen = choice->transform;
    qm.spi_out = choice->peer_spi;
    qm.lifetime_seconds = std::min(qm.lifetime_seconds, choice->lifetime_seconds);
    for (const auto& p : ps) {
        auto n = p.type == PayloadType::N ? decode_notify(p.body) : Decoded<NotifyPayload>{};
        if (!n || n.value->type != NotifyType::RESPONDER_LIFETIME) continue;
        auto attrs = decode_attributes(n.value->data);
        if (!attrs) continue;
        std::optional<std::uint64_t> type;
        for (const auto& a : *attrs.value) {
            auto v = a.number();
            if (!v) continue;
            if (a.type == static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_TYPE)) type = v;
            else if (a.type == static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_DURATION) && type == 1u)
                qm.lifetime_seconds = std::min<std::uint32_t>(qm.lifetime_seconds, static_cast<std::uint32_t>(*v));
        }
        ctx.debug(&sa, " processing RESPONDER_LIFETIME notify: " + std::to_string(qm.lifetime_seconds) + " seconds");
    }
    ctx.debug(&sa, " processing NONCE payload. message ID = " + mid_text);
    auto child = child_of(ctx, sa, qm);
    if (!child) return fail(ctx, sa, mid, " cannot make the keys of the SA pair (invalid PFS KE payload)");
    record(ctx, sa, qm, *child);
    install_inbound_as_initiator(ctx, *child);
    // QM3 before our outbound SA: the held packets must not overtake the message that lets the
    // peer install its inbound SA.
    std::vector<Payload> qm3{{PayloadType::HASH, prf(sa.hash, sa.keys.skeyid_a, cat({{&kZero, 1}, be32(mid), qm.ni, qm.nr}))}};
    Bytes sent = send(ctx, sa, header_for(sa, ExchangeType::QUICK_MODE, PayloadType::HASH, mid), qm3, true, &qm.iv);
    finish(ctx, sa, qm, std::move(sent));
    release_keying(qm);
    hand_over_as_initiator(ctx, *child);
}

}  // namespace

void send_qm1(Context& ctx, IkeSa& sa, const std::string& entry_key, const policy::Selector& selector) {
    auto pol = ctx.policy();
    const auto* entry = pol->find(entry_key);
    if (!entry || entry->transforms.empty()) {
        ctx.mode_failure(&sa, Mode::QUICK, sa.peer, " no transform set for " + entry_key + ": Quick Mode not started");
        return;
    }
    QuickMode qm;
    qm.initiator = true;
    qm.entry_key = entry_key;
    qm.selector = selector;
    do qm.message_id = ctx.random().take32();
    while (qm.message_id == 0 || sa.quick_modes.count(qm.message_id));
    qm.iv = exchange_iv(sa.hash, sa.last_phase1_block, qm.message_id, block_size(sa.cipher));
    qm.spi_in = new_spi(ctx.random());
    qm.ni = ctx.random().take(16);
    qm.pfs_group = entry->pfs_group;
    qm.lifetime_seconds = entry->lifetime_seconds;
    qm.lifetime_kilobytes = entry->lifetime_kilobytes;
    qm.offered = entry->transforms;
    for (auto& t : qm.offered)
        if (t.transport && !t.transport_required && !policy::between_endpoints(selector, sa.local, sa.peer)) t.transport = false;
    if (qm.pfs_group && !(qm.dh = ctx.make_key_pair(*qm.pfs_group))) {
        // Without its key pair there is no QM1 to send: say so, or the peer looks silent.
        ctx.mode_failure(&sa, Mode::QUICK, sa.peer,
                         " PFS group " + std::to_string(*qm.pfs_group) + " unavailable: no key pair for QM1 (" + entry_key + ")");
        return;
    }
    SaPayload offer = phase2_offer(qm.offered, {qm.spi_in, sa.floated, qm.pfs_group, qm.lifetime_seconds, qm.lifetime_kilobytes});
    auto l = local_proxy(selector), r = remote_proxy(selector);
    std::vector<Payload> ps{{PayloadType::HASH, {}}, {PayloadType::SA, encode_sa(offer)}, {PayloadType::NONCE, qm.ni}};
    if (qm.dh) ps.push_back({PayloadType::KE, qm.dh->public_value()});
    ps.push_back({PayloadType::ID, encode_id(proxy_id(l.addr, l.mask, l.protocol, l.port))});
    ps.push_back({PayloadType::ID, encode_id(proxy_id(r.addr, r.mask, r.protocol, r.port))});
    // RFC 2409 5.5: HASH(1) = prf(SKEYID_a, M-ID | the message after the HASH payload).
    ps[0].body = prf(sa.hash, sa.keys.skeyid_a, cat({be32(qm.message_id), encode_payloads({ps.begin() + 1, ps.end()})}));
    ctx.debug(&sa, "beginning Quick Mode exchange, M-ID of " + std::to_string(qm.message_id));
    ctx.debug(&sa, "QM Initiator gets spi");
    auto& stored = sa.quick_modes[qm.message_id] = std::move(qm);
    request(ctx, sa, header_for(sa, ExchangeType::QUICK_MODE, PayloadType::HASH, stored.message_id), ps, true, &stored.iv);
    ctx.transition(sa, stored, QuickModeState::IKE_QM_I_QM1);
}

void abandon(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::string& why) { fail(ctx, sa, message_id, why); }

void receive(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads) {
    auto it = sa.quick_modes.find(h.message_id);
    if (it == sa.quick_modes.end()) return;
    if (sa.state != Phase1State::QM_IDLE) return fail(ctx, sa, h.message_id, " Quick Mode message before phase 1 completed");
    QuickMode& qm = it->second;
    if (payloads.empty() || payloads.front().type != PayloadType::HASH)
        return fail(ctx, sa, h.message_id, " Quick Mode message without a leading HASH payload");
    ctx.debug(&sa, " processing HASH payload. message ID = " + std::to_string(h.message_id));
    switch (qm.state) {
        case QuickModeState::IKE_QM_READY:
            if (!qm.initiator) return receive_qm1(ctx, sa, qm, h, payloads);
            break;
        case QuickModeState::IKE_QM_R_QM2: return receive_qm3(ctx, sa, qm, h, payloads);
        case QuickModeState::IKE_QM_I_QM1: return receive_qm2(ctx, sa, qm, h, payloads);
        case QuickModeState::IKE_QM_PHASE2_COMPLETE: break;
    }
    ctx.debug(&sa, " Quick Mode message ID " + std::to_string(h.message_id) + " unexpected in state " + debug_name(qm.state) + "; ignored");
}

bool under_way(Context& ctx, std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector) {
    for (IkeSa* sa : ctx.sas_with(peer)) {
        for (const auto& p : sa->pending)
            if (p.entry_key == entry_key && p.selector == selector) return true;
        for (const auto& [mid, qm] : sa->quick_modes)
            if (qm.waiting_for_qm2() && qm.entry_key == entry_key && qm.selector == selector)
                return true;
    }
    return false;
}

}  // namespace routerd::ike::v1::quick_mode
