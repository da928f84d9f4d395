#include "engine/ike/v2/lifetimes.hpp"

#include "engine/ike/v2/child_sa.hpp"
#include "engine/ike/v2/create_child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/ike_rekey.hpp"
#include "engine/ike/v2/informational.hpp"

namespace routerd::ike::v2::lifetimes {
namespace {
constexpr int kHalfOpenSeconds = 60;
}  // namespace

void tick(Context& ctx) {
    auto now = ctx.clock().now();
    auto unit = ctx.options().time_unit;
    // A responder SA whose IKE_AUTH never came (a spoofed or abandoned IKE_SA_INIT) goes after a
    // minute, as an unanswered IKEv1 offer does: unauthenticated state stays bounded in time as
    // well as in number (RFC 7296 2.6).
    std::vector<Spi> stale;
    for (const auto& [spi, sa] : ctx.sas())
        if (!sa->initiator && !sa->authenticated && now - sa->created >= unit * kHalfOpenSeconds) stale.push_back(spi);
    for (const auto& spi : stale)
        if (IkeSa* sa = ctx.find(spi)) ctx.abandon(*sa, "no IKE_AUTH within " + std::to_string(kHalfOpenSeconds) + " seconds");
    ctx.rotate_cookie_secret();
    ctx.remove_due_children();  // RFC 7296 2.6: the secret changes every few minutes
    std::vector<Spi> ready;
    for (const auto& [spi, sa] : ctx.sas())
        if (sa->state == SaState::READY) ready.push_back(spi);
    // A superseded SA waits for its Delete from the rekey's initiator (RFC 7296 2.18). Two
    // full retransmission cycles of the peer's are more than that Delete can take; after them
    // the peer has lost track of it, and we delete it ourselves rather than keep it forever.
    const auto& o = ctx.options();
    auto superseded_wait = 2 * o.retransmit_base * ((1 << o.retransmit_attempts) - 1);
    for (const auto& spi : ready) {
        IkeSa* sa = ctx.find(spi);
        if (!sa) continue;
        if (sa->superseded) {
            if (!sa->superseded_since) {
                sa->superseded_since = now;
            } else if (now - *sa->superseded_since >= superseded_wait) {
                ctx.debug(sa, "The replaced IKE SA was not deleted by the peer; deleting it");
                informational::send_ike_delete(ctx, *sa);
            }
            continue;  // nothing else is done on it: no rekey, no liveness check
        }
        sa->superseded_since.reset();
        // The hard end of the IKE SA (RFC 7296 2.8; IOS deletes it, with a Delete, when the
        // profile's lifetime runs out): reached only when no rekey replaced it, because ours
        // was refused or failed, or the peer never rekeyed. Its Child SAs go with it (1.4.1).
        // Our rekey still in flight gets its answer first (its retransmissions bound the wait).
        if (sa->config && !sa->ike_rekey && now - sa->created >= unit * sa->config->lifetime_seconds) {
            // The debug says why; %IKEV2-5-SA_DOWN comes once, as the Delete is answered.
            ctx.debug(sa, "IKE SA lifetime of " + std::to_string(sa->config->lifetime_seconds) + " seconds expired; deleting it");
            informational::send_ike_delete(ctx, *sa);
            continue;
        }
        // A peer that rekeyed a pair and never deleted the old one (RFC 7296 2.8 says it does):
        // after a while the new pair sends anyway, as the old one may expire under it.
        constexpr int kHeldOutboundSeconds = 10;
        std::vector<std::uint32_t> waited;
        for (const auto& c : sa->children)
            if (c.outbound_held && !c.redundant && now - c.installed >= unit * kHeldOutboundSeconds) waited.push_back(c.spi_in);
        for (auto spi_in : waited) release_outbound(ctx, *sa, spi_in, "the peer did not delete the pair it replaces");
        for (const auto& c : sa->children) {
            if (c.rekeying) continue;
            // A refused rekey waits out its backoff (create_child_sa.cpp), and is not tried
            // again past the pair's hard lifetime: the pair expires then.
            if (c.rekey_retry.at && (c.rekey_retry.waiting(now) || now - c.installed >= unit * c.lifetime_seconds)) continue;
            auto due = unit * c.lifetime_seconds * (c.we_initiated ? 90 : 95) / 100;
            if (now - c.installed >= due) {
                ctx.debug(sa, "Child SA " + hex(be32(c.spi_in)) + " is due for rekey");
                create_child_sa::rekey(ctx, *sa, c.spi_in);
                break;  // one exchange at a time; `c` may be gone
            }
        }
        // The IKE SA itself, by the same rule (RFC 7296 2.8; IOS's `lifetime` of the profile).
        if (!sa->renewal_considered && sa->config && !sa->renewal_retry.waiting(now)) {
            auto due = unit * sa->config->lifetime_seconds * (sa->initiator ? 90 : 95) / 100;
            if (now - sa->created >= due && ike_rekey::start(ctx, *sa)) sa->renewal_considered = true;
        }
        sa = ctx.find(spi);
        if (!sa) continue;
        const auto& cfg = sa->config;
        if (cfg && cfg->dpd_interval && cfg->dpd_periodic && !sa->outstanding && now - sa->last_heard >= unit * *cfg->dpd_interval)
            informational::send_liveness(ctx, *sa);
    }
}

}  // namespace routerd::ike::v2::lifetimes
