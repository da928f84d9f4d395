#include "engine/ike/v2/create_child_sa.hpp"

#include <algorithm>

#include "engine/ike/v2/child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/ike_rekey.hpp"
#include "engine/ike/v2/informational.hpp"
#include "engine/ike/v2/proposals.hpp"

namespace routerd::ike::v2::create_child_sa {
namespace {

void send(Context& ctx, IkeSa& sa, ChildNegotiation child) {
    auto pol = ctx.policy();
    const auto* entry = pol ? pol->find(child.flow.entry_key) : nullptr;
    if (!entry) return ctx.negotiation_failed(child.flow);
    child.spi_in = new_child_spi();
    child.offered = entry->transforms;
    child.lifetime_seconds = entry->lifetime_seconds;
    child.lifetime_kilobytes = entry->lifetime_kilobytes;
    sa.child_nonce = ctx.make_nonce();
    sa.child_dh.reset();
    std::vector<Payload> inner;
    if (child.rekey_of) inner.push_back(notify(NotifyType::REKEY_SA, {}, ProtocolId::ESP, be32(*child.rekey_of)));
    inner.push_back({PayloadType::SA, false, encode_sa(esp_offer(child.offered, child.spi_in, entry->pfs_group))});
    inner.push_back({PayloadType::NONCE, false, sa.child_nonce});
    if (entry->pfs_group) {
        sa.child_dh = ctx.make_key_pair(*entry->pfs_group);
        if (!sa.child_dh) return ctx.negotiation_failed(child.flow);
        inner.push_back({PayloadType::KE, false, encode_ke({static_cast<std::uint16_t>(*entry->pfs_group), sa.child_dh->public_value()})});
    }
    inner.push_back({PayloadType::TSi, false, encode_ts({local_ts(child.flow.selector)})});
    inner.push_back({PayloadType::TSr, false, encode_ts({remote_ts(child.flow.selector)})});
    ctx.debug(&sa, child.rekey_of ? "Generating CREATE_CHILD_SA message (rekey of Child SA " + hex(be32(*child.rekey_of)) + ")"
                                  : std::string("Generating CREATE_CHILD_SA message"));
    sa.child = std::move(child);
    send_protected_request(ctx, sa, ExchangeType::CREATE_CHILD_SA, inner);
}

}  // namespace

void start(Context& ctx, IkeSa& sa, const ChildRequest& flow) {
    if (sa.outstanding || sa.child) {
        sa.pending.push_back(flow);
        return;
    }
    send(ctx, sa, ChildNegotiation(flow));
}

bool rekey(Context& ctx, IkeSa& sa, std::uint32_t spi_in) {
    auto* old = child_by_spi_in(sa, spi_in);
    if (!old || old->rekeying) return true;
    if (sa.outstanding || sa.child) return false;
    old->rekeying = true;
    ChildNegotiation child(ChildRequest{old->entry_key, old->selector});
    child.rekey_of = spi_in;
    send(ctx, sa, std::move(child));
    return true;
}

void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& ps) {
    ctx.debug(&sa, "Processing CREATE_CHILD_SA message");
    auto answer_error = [&](NotifyType why, const std::string& text) {
        ctx.debug(&sa, "Refusing the Child SA: " + text);
        send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, {notify(why)});
    };
    IkeSa::ChildPair* rekeyed = nullptr;
    for (const auto& n : notifies(ps))
        if (n.type == NotifyType::REKEY_SA) {
            // RFC 7296 1.3.3: the SPI the peer receives on, our outbound one.
            auto it = std::find_if(sa.children.begin(), sa.children.end(), [&](const auto& c) { return c.spi_out == read_be32(n.spi); });
            if (it == sa.children.end()) return answer_error(NotifyType::CHILD_SA_NOT_FOUND, "the pair it rekeys, SPI " + hex(n.spi) + ", is gone");
            rekeyed = &*it;
        }
    const Payload *sa_p = find(ps, PayloadType::SA), *n_p = find(ps, PayloadType::NONCE), *ke_p = find(ps, PayloadType::KE);
    auto offered = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    // RFC 7296 1.3.2: an IKE proposal (and no TS) rekeys the IKE SA itself.
    if (offered && !offered.value->proposals.empty() && offered.value->proposals.front().protocol == ProtocolId::IKE)
        return ike_rekey::receive_request(ctx, sa, message_id, *offered.value, ps);
    auto tsi = offered_ts(ps, PayloadType::TSi), tsr = offered_ts(ps, PayloadType::TSr);
    if (!offered || !n_p || !tsi || !tsr || n_p->body.size() < 16 || n_p->body.size() > 256)
        return answer_error(NotifyType::INVALID_SYNTAX, "it lacks its SA, Nonce or TS payloads");
    auto pol = ctx.policy();
    TsMatch match = pol ? match_traffic(*pol, sa.peer, sa.config ? sa.config->profile : std::string(), *tsr, *tsi) : TsMatch{};
    if (!match.entry) return answer_error(NotifyType::TS_UNACCEPTABLE, "its traffic selectors match no entry for " + ip(sa.peer));
    auto choice = esp_select(*offered.value, match.entry->transforms);
    if (!choice) return answer_error(NotifyType::NO_PROPOSAL_CHOSEN, "no transform set of " + match.entry->key + " matches");
    // PFS: the initiator's KE group must be one its chosen proposal offers (RFC 7296 1.3.1).
    auto groups = offered_groups(*offered.value, choice->number);
    std::optional<int> pfs;
    Bytes shared;
    std::unique_ptr<DiffieHellman> dh;
    if (!groups.empty()) {
        auto ke = ke_p ? decode_ke(ke_p->body) : Decoded<KePayload>{};
        if (!ke || std::find(groups.begin(), groups.end(), ke.value->group) == groups.end())
            return answer_error(NotifyType::INVALID_KE_PAYLOAD, "its KE payload is not of a group it offered");
        dh = ctx.make_key_pair(ke.value->group);
        auto s = dh ? dh->shared_secret(ke.value->data) : std::nullopt;
        if (!s) return answer_error(NotifyType::INVALID_KE_PAYLOAD, "its KE payload is invalid");
        shared = std::move(*s);
        pfs = ke.value->group;
    }
    ChildNegotiation child(rekeyed ? ChildRequest{rekeyed->entry_key, rekeyed->selector} : ChildRequest{match.entry->key, match.selector});
    child.spi_in = new_child_spi();
    child.spi_out = choice->peer_spi;
    child.chosen = choice->transform;
    child.lifetime_seconds = match.entry->lifetime_seconds;
    child.lifetime_kilobytes = match.entry->lifetime_kilobytes;
    Bytes nr = ctx.make_nonce();
    if (rekeyed) {
        rekeyed->peer_rekey_nonce = lower_nonce(n_p->body, nr);
    }
    std::vector<Payload> answer{{PayloadType::SA, false, encode_sa(esp_answer(*choice, child.spi_in, pfs))}, {PayloadType::NONCE, false, nr}};
    if (dh) answer.push_back({PayloadType::KE, false, encode_ke({static_cast<std::uint16_t>(*pfs), dh->public_value()})});
    // RFC 7296 2.9: the overlap of the offer and our line.
    answer.push_back({PayloadType::TSi, false, encode_ts({match.theirs})});
    answer.push_back({PayloadType::TSr, false, encode_ts({match.ours})});
    auto c = make_child(ctx, sa, child, shared, n_p->body, nr, false);
    c.pfs_group = pfs;
    // RFC 7296 2.8: "When rekeying an SA, the responder continues to send traffic on the old SA"
    // until the initiator deletes it (or a valid packet arrives on the new one): the initiator
    // installs the new pair only when our answer reaches it, and what we sent on the new pair
    // before that is lost (one echo in the lab's strongSwan rekey). strongSwan holds its own
    // outbound SA the same way when it answers a rekey.
    std::optional<std::uint32_t> replaces = rekeyed ? std::optional(rekeyed->spi_out) : std::nullopt;
    c.outbound_held = replaces.has_value();
    install_child(ctx, sa, c, false, n_p->body, nr, false, replaces);
    ctx.debug(&sa, "Generating CREATE_CHILD_SA message");
    send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, answer);
}

void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& ps) {
    ctx.debug(&sa, "Processing CREATE_CHILD_SA message");
    if (sa.ike_rekey) return ike_rekey::receive_response(ctx, sa, ps);
    if (!sa.child) return;
    auto child = std::move(*sa.child);
    sa.child.reset();
    auto dh = std::move(sa.child_dh);
    auto failed = [&](const std::string& why) {
        ctx.debug(&sa, "No Child SA for " + child.flow.entry_key + ": " + why);
        if (child.rekey_of) {
            // The old pair stays until it expires or the peer deletes it; a later tick may try again.
            if (auto* old = child_by_spi_in(sa, *child.rekey_of)) {
                old->rekeying = false;
                // Not at the next tick: after 10 s, doubling (RFC 7296 2.25), so a refusal does
                // not make a rekey a second until the pair's hard lifetime.
                old->rekey_retry.refused(ctx.clock().now(), ctx.options().time_unit);
            }
            return;
        }
        ctx.log(4, "%IKEV2-5-NEGOTIATION_FAILED: Child SA with " + ip(sa.peer) + " for " + child.flow.entry_key + " failed: " + why);
        ctx.negotiation_failed(child.flow);
    };
    for (const auto& n : notifies(ps))
        if (is_error(n.type)) return failed("the peer refused it with " + notify_name(n.type));
    const Payload *sa_p = find(ps, PayloadType::SA), *n_p = find(ps, PayloadType::NONCE), *ke_p = find(ps, PayloadType::KE);
    auto answer = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    auto choice = answer ? esp_accept(*answer.value, child.offered) : std::nullopt;
    if (!choice || !n_p || n_p->body.size() < 16) return failed("the answer is malformed or chose what we did not offer");
    Bytes shared;
    if (dh) {
        auto ke = ke_p ? decode_ke(ke_p->body) : Decoded<KePayload>{};
        auto s = ke && ke.value->group == dh->group() ? dh->shared_secret(ke.value->data) : std::nullopt;
        if (!s) return failed("the answer's KE payload is missing or invalid for PFS group " + std::to_string(dh->group()));
        shared = std::move(*s);
    }
    if (child.rekey_of && !child_by_spi_in(sa, *child.rekey_of)) {
        // The peer deleted the pair while we rekeyed it (a Delete crossing the rekey): the
        // replacement it just made for it goes too.
        ctx.debug(&sa, "The pair rekeyed is gone; deleting its replacement");
        return informational::send_child_deletes(ctx, sa, {}, {child.spi_in});
    }
    if (auto why = accept_answered_ts(ctx, sa, ps, child)) {
        // RFC 7296 2.9: a widened answer is not what we agreed to; its pair is deleted, unused.
        informational::send_child_deletes(ctx, sa, {}, {child.spi_in});
        return failed(*why);
    }
    child.spi_out = choice->peer_spi;
    child.chosen = choice->transform;
    auto c = make_child(ctx, sa, child, shared, sa.child_nonce, n_p->body, true);
    if (dh) c.pfs_group = dh->group();
    install_child(ctx, sa, c, true, sa.child_nonce, n_p->body);
    if (!child.rekey_of) return;
    // RFC 7296 2.8: the rekey's initiator deletes the old pair. When the peer rekeyed it too
    // (2.8.1), the new pair made with the lowest of the four nonces goes, by its maker.
    std::vector<std::uint32_t> gone{*child.rekey_of};
    auto* old = child_by_spi_in(sa, *child.rekey_of);
    if (old && old->peer_rekey_nonce) {
        const Bytes& ours = lower_nonce(sa.child_nonce, n_p->body);
        if (&lower_nonce(ours, *old->peer_rekey_nonce) == &ours) {
            ctx.debug(&sa, "Simultaneous rekey: ours has the lowest nonce; deleting the pair it made");
            gone.push_back(child.spi_in);
        } else {
            ctx.debug(&sa, "Simultaneous rekey: the peer's has the lowest nonce; it deletes the pair it made");
            // That pair, held here since we answered, never sends: the peer deletes it.
            for (auto& c : sa.children)
                if (c.outbound_held && c.replaces_spi_out == old->spi_out) c.redundant = true;
        }
    }
    informational::send_child_deletes(ctx, sa, gone, {}, true);
}

}  // namespace routerd::ike::v2::create_child_sa
