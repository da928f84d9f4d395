#include "engine/ike/v1/lifetimes.hpp"

#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/message.hpp"

namespace routerd::ike::v1::lifetimes {

void tick(Context& ctx, const std::function<void(const std::string& entry, const policy::Selector&)>& initiate) {
    auto now = ctx.clock().now();
    auto unit = ctx.options().time_unit;
    // Phase 1: an SA past its negotiated lifetime is deleted; a new one is made when needed.
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
    // Finished Quick Modes are kept past the last retransmission that could ask for them.
    for (auto& [c, sa] : ctx.sas())
        std::erase_if(sa->quick_modes, [&](const auto& kv) { return kv.second.completed && now - *kv.second.completed >= unit * kFinishedQuickModeSeconds; });
    // Phase 2: the side that negotiated a pair renews it at 90% of its lifetime (IOS's soft
    // limit); the old pair stays until it expires, so no packet waits for the new one.
    std::vector<NegotiatedPair> due;
    for (auto& p : ctx.negotiated()) {
        auto soft = unit * p.lifetime_seconds * 9 / 10;
        if (p.initiator && !p.rekeyed && now - p.installed >= soft) {
            p.rekeyed = true;
            due.push_back(p);
        }
    }
    std::erase_if(ctx.negotiated(), [&](const NegotiatedPair& p) { return now - p.installed >= unit * p.lifetime_seconds; });
    for (const auto& p : due) {
        ctx.ipsec_debug("IPSEC(sa_request): rekeying the SAs of " + p.entry_key + " with " + ip(p.peer));
        initiate(p.entry_key, p.selector);
    }
}

}  // namespace routerd::ike::v1::lifetimes
