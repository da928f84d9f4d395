#include "engine/ike/v1/dpd.hpp"

#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/message.hpp"

namespace routerd::ike::v1::dpd {

void tick(Context& ctx) {
    auto pol = ctx.policy();
    if (!pol || !pol->dpd) return;
    auto unit = ctx.options().time_unit;
    auto interval = unit * pol->dpd->seconds;
    auto retry = unit * pol->dpd->retry;
    auto now = ctx.clock().now();
    std::vector<Cookie> dead;
    for (auto& [c, sa] : ctx.sas()) {
        if (sa->state != Phase1State::QM_IDLE || !sa->peer_does_dpd) continue;
        auto quiet = now - sa->last_heard;
        if (quiet < (sa->dpd_unanswered ? retry * sa->dpd_unanswered + interval : interval)) continue;
        // IOS gives a peer five unanswered R-U-THEREs, RETRY seconds apart, before it is dead.
        if (sa->dpd_unanswered >= 5) {
            dead.push_back(c);
            continue;
        }
        ++sa->dpd_sequence;
        ++sa->dpd_unanswered;
        ctx.debug(sa.get(), "DPD/R_U_THERE sent to " + ip(sa->peer) + " sequence " + std::to_string(sa->dpd_sequence));
        informational::send_notify(ctx, *sa, NotifyType::R_U_THERE, be32(sa->dpd_sequence));
    }
    for (const auto& c : dead) {
        IkeSa& sa = *ctx.sas().at(c);
        ctx.debug(&sa, "peer " + ip(sa.peer) + " not responding!");
        ctx.debug(&sa, "deleting SA reason \"Peer not responding\" state (" + std::string(sa.initiator ? "I" : "R") +
                           ") QM_IDLE (peer " + ip(sa.peer) + ")");
        std::uint32_t peer = sa.peer;
        ctx.erase(c);
        ctx.negotiated().erase_if([peer](const NegotiatedPair& p) { return p.peer == peer; });
        ctx.session_status(peer, false);
        if (ctx.hooks().on_peer_dead) ctx.hooks().on_peer_dead(peer);
    }
}

}  // namespace routerd::ike::v1::dpd
