#include "engine/ike/v1/lifetimes.hpp"

#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/phase1.hpp"

#include <algorithm>

namespace routerd::ike::v1::lifetimes {
namespace {

// An SA (IKE or IPsec) that went in at `since` has reached the point where the side that
// started it (`initiator`), or else the other, renews it.
bool renewal_due(core::TimePoint now, core::TimePoint since, core::Duration unit, std::uint32_t lifetime_seconds, bool initiator) {
    auto percent = initiator ? kInitiatorRenewPercent : kResponderRenewPercent;
    return now - since >= unit * lifetime_seconds * percent / 100;
}

}  // namespace

void tick(Context& ctx, const std::function<void(const std::string& entry, const policy::Selector&, std::uint32_t peer)>& initiate) {
    auto now = ctx.clock().now();
    auto unit = ctx.options().time_unit;
    // Phase 1, before it expires: an SA that IPsec SAs were negotiated over is replaced while
    // they still carry traffic, by the side that started it at 90 % of its lifetime, by the
    // other at 95 % unless a newer SA with the peer is there by then. A peer deletes what was
    // negotiated over an IKE SA it is told is gone (strongSwan closes an IKEv1 IKE_SA's
    // CHILD_SAs with it) unless it has a newer IKE SA with us to move them to (strongSwan's
    // "detected reauth of existing IKE_SA, adopting N children").
    struct Renewal {
        Cookie cookie;
        std::string entry_key;
    };
    std::vector<Renewal> renewals;
    for (auto& [c, sa] : ctx.sas()) {
        if (sa->state != Phase1State::QM_IDLE || sa->renewal_considered ||
            !renewal_due(now, sa->created, unit, sa->lifetime_seconds, sa->initiator))
            continue;
        sa->renewal_considered = true;
        auto same_peer = ctx.sas_with(sa->peer);
        bool newer = std::any_of(same_peer.begin(), same_peer.end(),
                                 [&sa = sa](const IkeSa* o) { return o->created_order > sa->created_order; });
        auto carried = std::find_if(ctx.negotiated().begin(), ctx.negotiated().end(),
                                    [&sa = sa](const NegotiatedPair& p) { return p.peer == sa->peer; });
        if (!newer && carried != ctx.negotiated().end()) renewals.push_back({c, carried->entry_key});
    }
    for (const auto& r : renewals)
        if (const IkeSa* sa = ctx.find(r.cookie)) renew_phase1(ctx, *sa, r.entry_key);
    // Phase 1 past its negotiated lifetime: deleted, the peer told; a new one is made when needed.
    std::vector<Cookie> expired;
    for (auto& [c, sa] : ctx.sas())
        if (sa->state == Phase1State::QM_IDLE && now - sa->created >= unit * sa->lifetime_seconds) expired.push_back(c);
    for (const auto& c : expired) {
        IkeSa& sa = *ctx.sas().at(c);
        informational::send_delete(ctx, sa);
        ctx.debug(&sa, "deleting SA reason \"Lifetime expired\" state (" + std::string(sa.initiator ? "I" : "R") + ") QM_IDLE (peer " +
                           ip(sa.peer) + ")");
        ctx.erase(c);
    }
    // A responder's phase 1 that never completed: the initiator gives up after its last
    // retransmission (1+2+4+8+16+32 s with IOS's five); a responder keeps the half-open SA a
    // little longer and then lets it go, so that offers nobody finishes cannot pile up.
    std::vector<Cookie> half_open;
    for (auto& [c, sa] : ctx.sas())
        if (!sa->initiator && !sa->established && now - sa->created >= unit * kHalfOpenSeconds) half_open.push_back(c);
    for (const auto& c : half_open) {
        IkeSa& sa = *ctx.sas().at(c);
        ctx.debug(&sa, "deleting SA reason \"Death by retransmission P1\" state (R) " + std::string(show_name(sa.state)) + " (peer " +
                           ip(sa.peer) + ")");
        diagnosis::phase1_given_up(ctx, sa);
        ctx.erase(c);
    }
    // Finished Quick Modes are kept past the last retransmission that could ask for them; one
    // that lost a collision, past the last retransmission of a QM2 that could answer it.
    for (auto& entry : ctx.sas()) {
        IkeSa& sa = *entry.second;
        std::erase_if(sa.quick_modes, [&](const auto& kv) {
            const QuickMode& qm = kv.second;
            auto since = qm.completed ? qm.completed : qm.yielded;
            if (!since || now - *since < unit * kFinishedQuickModeSeconds) return false;
            if (!qm.completed) sa.finished_message_ids.insert(kv.first);  // a late answer is not a new exchange
            return true;
        });
    }
    // Phase 2: each pair is renewed before it expires (kInitiatorRenewPercent,
    // kResponderRenewPercent); the old pair stays until it expires, so no packet waits for the
    // new one. A newer pair for the same flow means the peer (or we) renewed it already.
    auto pol = ctx.policy();
    auto renews_here = [&](const NegotiatedPair& p) {
        if (p.initiator) return true;
        const auto* entry = pol ? pol->find(p.entry_key) : nullptr;
        return entry && std::find(entry->peers.begin(), entry->peers.end(), p.peer) != entry->peers.end();
    };
    auto superseded = [&](const NegotiatedPair& p) {
        return std::any_of(ctx.negotiated().begin(), ctx.negotiated().end(), [&](const NegotiatedPair& q) {
            return q.order > p.order && q.peer == p.peer && q.entry_key == p.entry_key && q.selector == p.selector;
        });
    };
    std::vector<NegotiatedPair> due;
    for (auto& p : ctx.negotiated()) {
        if (p.rekeyed || !renewal_due(now, p.installed, unit, p.lifetime_seconds, p.initiator)) continue;
        p.rekeyed = true;
        if (!superseded(p) && renews_here(p)) due.push_back(p);
    }
    ctx.negotiated().erase_if([&](const NegotiatedPair& p) { return now - p.installed >= unit * p.lifetime_seconds; });
    for (const auto& p : due) {
        ctx.ipsec_debug("IPSEC(sa_request): rekeying the SAs of " + p.entry_key + " with " + ip(p.peer));
        initiate(p.entry_key, p.selector, p.peer);
    }
}

}  // namespace routerd::ike::v1::lifetimes
