#include "engine/ike/v2/ike_rekey.hpp"

#include <algorithm>

#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/informational.hpp"
#include "engine/ike/v2/proposals.hpp"

namespace routerd::ike::v2::ike_rekey {
namespace {

// The new SA: keys from the old SK_d (RFC 7296 2.18), the Child SAs moved over, message IDs
// from zero, authenticated as the old one was. nullptr when its initiator's SPI is taken.
IkeSa* make_successor(Context& ctx, IkeSa& old, bool we_initiated, const Spi& spi_i, const Spi& spi_r, const IkeSuite& suite,
                      std::span<const std::uint8_t> shared, const Bytes& ni, const Bytes& nr) {
    auto sa = std::make_unique<IkeSa>();
    sa->session_id = old.session_id;
    sa->spi_i = spi_i;
    sa->spi_r = spi_r;
    sa->initiator = we_initiated;
    sa->local = old.local;
    sa->peer = old.peer;
    sa->peer_port = old.peer_port;
    sa->natt = old.natt;
    sa->natt_detected = old.natt_detected;
    sa->nat_inside = old.nat_inside;
    sa->nat_outside = old.nat_outside;
    sa->fragmentation = old.fragmentation;  // agreed for the IKE SA, so for its successor too
    sa->state = SaState::READY;
    sa->config = old.config;
    sa->suite = suite;
    sa->ni = ni;
    sa->nr = nr;
    sa->keys = derive_rekeyed_ike_keys(prf_hash(old.suite->prf), old.keys.sk_d, suite, shared, ni, nr, spi_i, spi_r);
    sa->peer_id = old.peer_id;
    sa->authenticated = true;
    if (ctx.find(spi_i)) return nullptr;
    sa->children = std::move(old.children);
    old.children.clear();
    sa->pending = std::move(old.pending);
    old.pending.clear();
    old.superseded = true;
    IkeSa* added = ctx.add(std::move(sa));
    ctx.debug(added, "IKE SA rekeyed: new SPIs " + hex(spi_i) + "/" + hex(spi_r));
    return added;
}

// Our rekey was refused or came to nothing: the SA is renewed later, after a pause that
// doubles each time (RFC 7296 2.25: TEMPORARY_FAILURE asks for a retry later, not at once);
// lifetimes.cpp deletes the SA at its hard lifetime if no rekey ever succeeds.
void retry_later(Context& ctx, IkeSa& sa) {
    sa.renewal_retry.refused(ctx.clock().now(), ctx.options().time_unit);
    sa.renewal_considered = false;
}

}  // namespace

bool start(Context& ctx, IkeSa& sa) {
    if (sa.superseded || sa.ike_rekey) return true;
    if (sa.outstanding || sa.child) return false;
    IkeSa::IkeRekey r;
    r.spi = new_ike_spi();
    r.nonce = ctx.make_nonce();
    r.dh = ctx.make_key_pair(sa.suite->group);
    if (!r.dh) return true;
    // Our own suite first: the peer answers with what it takes of our configured proposals.
    auto offer = ike_offer(sa.config->proposals);
    for (auto& p : offer.proposals) p.spi.assign(r.spi.begin(), r.spi.end());
    std::vector<Payload> inner{{PayloadType::SA, false, encode_sa(offer)},
                               {PayloadType::NONCE, false, r.nonce},
                               {PayloadType::KE, false, encode_ke({sa.suite->group, r.dh->public_value()})}};
    sa.ike_rekey = std::move(r);
    ctx.debug(&sa, "Generating CREATE_CHILD_SA message (rekey of the IKE SA)");
    send_protected_request(ctx, sa, ExchangeType::CREATE_CHILD_SA, inner);
    return true;
}

void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const SaPayload& offered, const std::vector<Payload>& ps) {
    auto refuse = [&](NotifyType why, const std::string& text) {
        ctx.debug(&sa, "Refusing the IKE SA rekey: " + text);
        send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, {notify(why)});
    };
    if (sa.superseded) return refuse(NotifyType::TEMPORARY_FAILURE, "this SA is already replaced");
    // RFC 7296 2.25.2: a peer creating, rekeying or closing a Child SA of this IKE SA answers
    // a rekey of the IKE SA with TEMPORARY_FAILURE, and so does one closing the IKE SA. Our
    // CREATE_CHILD_SA is outstanding here: were the rekey done now, the Child SAs would move
    // to the new IKE SA (2.18) and the pair our exchange makes would land on the old one,
    // deleted with it. The peer tries again later.
    if (sa.child) return refuse(NotifyType::TEMPORARY_FAILURE, "our CREATE_CHILD_SA for a Child SA is outstanding");
    if (sa.state == SaState::DELETE) return refuse(NotifyType::TEMPORARY_FAILURE, "we are deleting this SA");
    const Payload *n_p = find(ps, PayloadType::NONCE), *ke_p = find(ps, PayloadType::KE);
    auto choice = ike_select(offered, sa.config->proposals);
    auto ke = ke_p ? decode_ke(ke_p->body) : Decoded<KePayload>{};
    if (!choice || !n_p || n_p->body.size() < 16 || n_p->body.size() > 256) return refuse(NotifyType::NO_PROPOSAL_CHOSEN, "no proposal of ours");
    auto chosen = std::find_if(offered.proposals.begin(), offered.proposals.end(), [&](const Proposal& p) { return p.number == choice->number; });
    if (chosen == offered.proposals.end() || chosen->spi.size() != 8) return refuse(NotifyType::INVALID_SYNTAX, "the new SPI is missing");
    if (!ke || ke.value->group != choice->suite.group) {
        Bytes group{static_cast<std::uint8_t>(choice->suite.group >> 8), static_cast<std::uint8_t>(choice->suite.group)};
        ctx.debug(&sa, "Refusing the IKE SA rekey: KE group is not the chosen one");
        return send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, {notify(NotifyType::INVALID_KE_PAYLOAD, group)});
    }
    auto dh = ctx.make_key_pair(choice->suite.group);
    auto shared = dh ? dh->shared_secret(ke.value->data) : std::nullopt;
    if (!shared) return refuse(NotifyType::INVALID_KE_PAYLOAD, "its KE payload is invalid");
    Spi ours = new_ike_spi();
    Bytes nr = ctx.make_nonce();
    auto answer_sa = ike_answer(*choice);
    answer_sa.proposals[0].spi.assign(ours.begin(), ours.end());
    std::vector<Payload> answer{{PayloadType::SA, false, encode_sa(answer_sa)},
                                {PayloadType::NONCE, false, nr},
                                {PayloadType::KE, false, encode_ke({choice->suite.group, dh->public_value()})}};
    Spi peer_spi = spi_of(chosen->spi);
    // The new SA's SPI must name no SA we hold (ours or another peer's) and not be zero.
    if (peer_spi == Spi{} || ctx.find(peer_spi)) return refuse(NotifyType::INVALID_SYNTAX, "its new SPI is zero or already in use");
    if (sa.ike_rekey) {
        // Both ends rekey at once (2.8.2): keep what decides which new SA stays.
        sa.peer_ike_rekey_nonce = lower_nonce(n_p->body, nr);
        sa.peer_ike_rekey_spi_i = peer_spi;
    }
    send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, answer);
    if (sa.ike_rekey) {
        // The peer's new SA, without the Child SAs for now: our own exchange still runs on the
        // old SA, and which new SA keeps them is settled when it completes.
        auto children = std::move(sa.children);
        auto pending = std::move(sa.pending);
        make_successor(ctx, sa, false, peer_spi, ours, choice->suite, *shared, n_p->body, nr);
        sa.children = std::move(children);
        sa.pending = std::move(pending);
        sa.superseded = false;
        return;
    }
    make_successor(ctx, sa, false, peer_spi, ours, choice->suite, *shared, n_p->body, nr);
}

void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& ps) {
    auto rekey = std::move(*sa.ike_rekey);
    sa.ike_rekey.reset();
    for (const auto& n : notifies(ps))
        if (is_error(n.type)) {
            ctx.debug(&sa, "The peer refused the IKE SA rekey with " + notify_name(n.type));
            return retry_later(ctx, sa);
        }
    const Payload *sa_p = find(ps, PayloadType::SA), *n_p = find(ps, PayloadType::NONCE), *ke_p = find(ps, PayloadType::KE);
    auto answer = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    auto suite = answer ? ike_accept(*answer.value, sa.config->proposals) : std::nullopt;
    auto ke = ke_p ? decode_ke(ke_p->body) : Decoded<KePayload>{};
    if (!suite || !n_p || !ke || answer.value->proposals[0].spi.size() != 8 || ke.value->group != rekey.dh->group() ||
        suite->group != rekey.dh->group()) {
        ctx.debug(&sa, "The IKE SA rekey answer is malformed or chose what we did not offer");
        return retry_later(ctx, sa);
    }
    auto shared = rekey.dh->shared_secret(ke.value->data);
    if (!shared) return retry_later(ctx, sa);
    Spi old_spi = sa.spi_i;
    bool collision = sa.peer_ike_rekey_nonce.has_value();
    bool ours_redundant = collision && &lower_nonce(lower_nonce(rekey.nonce, n_p->body), *sa.peer_ike_rekey_nonce) != sa.peer_ike_rekey_nonce.operator->();
    Spi peer_made = sa.peer_ike_rekey_spi_i;
    IkeSa* made = make_successor(ctx, sa, true, rekey.spi, spi_of(answer.value->proposals[0].spi), *suite, *shared, rekey.nonce, n_p->body);
    if (!made) return;  // our random new SPI got taken meanwhile: the old SA stays
    IkeSa& fresh = *made;
    if (collision) {
        IkeSa* theirs = ctx.find(peer_made);
        if (ours_redundant && theirs) {
            // Ours has the lowest nonce: the peer's new SA takes the Child SAs; ours goes.
            ctx.debug(&fresh, "Simultaneous IKE SA rekey: ours has the lowest nonce; deleting the SA it made");
            theirs->children = std::move(fresh.children);
            theirs->pending = std::move(fresh.pending);
            fresh.children.clear();
            fresh.pending.clear();
            informational::send_ike_delete(ctx, fresh);
            // The old SA is the surviving rekey's initiator's to delete: the peer's.
            return;
        }
        ctx.debug(&fresh, "Simultaneous IKE SA rekey: the peer's has the lowest nonce; it deletes the SA it made");
        if (theirs) theirs->superseded = true;
    }
    // RFC 7296 1.3.2: the initiator of the rekey deletes the old SA; its Child SAs are ours now.
    if (IkeSa* old = ctx.find(old_spi)) informational::send_ike_delete(ctx, *old);
}

}  // namespace routerd::ike::v2::ike_rekey
