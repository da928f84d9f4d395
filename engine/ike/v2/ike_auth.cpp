#include "engine/ike/v2/ike_auth.hpp"

#include "engine/ike/v2/auth_psk.hpp"
#include "engine/ike/v2/child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/informational.hpp"
#include "engine/ike/v2/proposals.hpp"

namespace routerd::ike::v2::ike_auth {
namespace {

IdPayload own_id(const IkeSa& sa) {
    if (!sa.config->local_id.data.empty()) return sa.config->local_id;
    return IdPayload{IdType::ID_IPV4_ADDR, be32(sa.local)};
}

// RFC 7296 2.15: each side signs its own IKE_SA_INIT message with the other's nonce.
Bytes own_auth(const Context& ctx, const IkeSa& sa, const IdPayload& id) {
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[IKEv2 -> Crypto Engine] Generate IKEv2 authentication data");
    auto auth = psk_auth(prf_hash(sa.suite->prf), sa.config->local_psk, sa.initiator ? sa.init_request : sa.init_response,
                         sa.initiator ? sa.nr : sa.ni, sa.initiator ? sa.keys.sk_pi : sa.keys.sk_pr, id.body());
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[Crypto Engine -> IKEv2] IKEv2 authentication data generation PASSED");
    return auth;
}

bool peer_auth_verifies(const Context& ctx, const IkeSa& sa, const IdPayload& id, const AuthPayload& auth) {
    if (auth.method != AuthMethod::SHARED_KEY_MIC) return false;
    auto expected = psk_auth(prf_hash(sa.suite->prf), sa.config->remote_psk, sa.initiator ? sa.init_response : sa.init_request,
                             sa.initiator ? sa.ni : sa.nr, sa.initiator ? sa.keys.sk_pr : sa.keys.sk_pi, id.body());
    if (!equal_in_constant_time(expected, auth.data)) return false;
    // IOS's own spelling, which engineers grep their logs for.
    ctx.debug(&sa, "Verification of peer's authenctication data PASSED");
    return true;
}

void established(Context& ctx, IkeSa& sa) {
    if (sa.initiator) ++ctx.stats().outgoing_accepted;
    ctx.mark_authenticated(sa);
    sa.state = SaState::READY;
    // What failed before the IKE SA was up is history; a Child SA refused from here on is
    // recorded anew, and `show crypto session detail` shows it under UP-IDLE.
    ctx.clear_failure(sa.peer);
    ctx.debug(&sa, "Session with IKE ID PAIR (" + identity_text(sa.peer_id) + ", " + identity_text(own_id(sa)) + ") is UP");
    ctx.log(5, "%IKEV2-5-SA_UP: SA UP");
}

// Both sides are authenticated (or will be by our answer, whose AUTH is made): IKE_SA_INIT's
// messages and the DH key pair served only the keys (RFC 7296 2.14) and the AUTH payloads
// (2.15), and IKE_SA_INIT cannot be retransmitted to us any more (the initiator has its answer:
// it sent IKE_AUTH, 2.1). So they are freed (issue 14: memory per tunnel), the private key with
// them; the nonces stay for the first Child SA's keys (2.17).
void release_init_material(IkeSa& sa) {
    sa.dh.reset();
    Bytes().swap(sa.init_request);  // swap: clear() would keep the capacity
    Bytes().swap(sa.init_response);
    Bytes().swap(sa.cookie);
}

// No other IKE SA with the peer is up (or being replaced) here.
bool first_with_peer(Context& ctx, const IkeSa& sa) {
    for (const IkeSa* other : ctx.sas_with(sa.peer))
        if (other != &sa && other->authenticated) return false;
    return true;
}

// RFC 7296 2.4: with INITIAL_CONTACT the peer says it keeps no other IKE SA with us (it
// restarted). Those that were up here before this one began are stale: they go, with their
// Child SAs, without a Delete (the peer does not know them). One of ours that crossed this
// exchange (both ends starting at once) was not up before it began, and stays.
void initial_contact(Context& ctx, IkeSa& sa) {
    std::vector<Spi> stale;
    for (const IkeSa* other : ctx.sas_with(sa.peer))
        if (other != &sa && other->authenticated && other->authenticated_order < sa.created_order) stale.push_back(other->spi_i);
    if (stale.empty()) return;
    ctx.debug(&sa, "Processing INITIAL_CONTACT: deleting the other IKE SAs with " + ip(sa.peer));
    for (const auto& spi : stale)
        if (IkeSa* old = ctx.find(spi)) informational::forget(ctx, *old, "INITIAL_CONTACT from the peer");
}

}  // namespace

void send_request(Context& ctx, IkeSa& sa) {
    if (sa.config->local_psk.empty() || sa.config->remote_psk.empty())
        return ctx.fail(sa, "No pre-shared key for " + ip(sa.peer) + " in IKEv2 profile " + sa.config->profile +
                                " (its keyring has no peer for the address, or `authentication local|remote pre-share` is missing)");
    auto pol = ctx.policy();
    const auto* entry = pol ? pol->find(sa.child->flow.entry_key) : nullptr;
    if (!entry) return ctx.fail(sa, "The policy entry " + sa.child->flow.entry_key + " is gone");
    auto& child = *sa.child;
    child.spi_in = new_child_spi();
    child.offered = entry->transforms;
    child.lifetime_seconds = entry->lifetime_seconds;
    child.lifetime_kilobytes = entry->lifetime_kilobytes;
    auto id = own_id(sa);
    ctx.debug(&sa, "Generating IKE_AUTH message");
    ctx.debug(&sa, "Get my authentication method");
    std::vector<Payload> inner{{PayloadType::IDi, false, encode_id(id)},
                               {PayloadType::AUTH, false, encode_auth({AuthMethod::SHARED_KEY_MIC, own_auth(ctx, sa, id)})},
                               {PayloadType::SA, false, encode_sa(esp_offer(child.offered, child.spi_in))},
                               {PayloadType::TSi, false, encode_ts({local_ts(child.flow.selector)})},
                               {PayloadType::TSr, false, encode_ts({remote_ts(child.flow.selector)})}};
    // RFC 7296 2.4: our first IKE SA with the peer says so, and the peer drops what it kept of
    // an earlier us (a routerd killed and started again: issue #12). As IOS sends it, after TSr.
    if (first_with_peer(ctx, sa)) inner.push_back(notify(NotifyType::INITIAL_CONTACT));
    send_protected_request(ctx, sa, ExchangeType::IKE_AUTH, inner);
}

void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& ps) {
    ctx.debug(&sa, "Processing IKE_AUTH message");
    auto refuse = [&](NotifyType why, const std::string& text) {
        send_protected_response(ctx, sa, ExchangeType::IKE_AUTH, message_id, {notify(why)});
        ctx.fail(sa, text);
    };
    const Payload *id_p = find(ps, PayloadType::IDi), *auth_p = find(ps, PayloadType::AUTH);
    auto id = id_p ? decode_id(id_p->body) : Decoded<IdPayload>{};
    auto auth = auth_p ? decode_auth(auth_p->body) : Decoded<AuthPayload>{};
    if (!id || !auth) return refuse(NotifyType::INVALID_SYNTAX, "The IKE_AUTH request lacks its IDi or AUTH payload");
    sa.peer_id = *id.value;
    // The profile that matches the peer's identity decides its key (IOS: `match identity
    // remote`, then the profile's keyring).
    ctx.debug(&sa, "Verify peer's policy");
    auto config = ctx.config_for(sa.peer, sa.local, &sa.peer_id);
    if (!config) return refuse(NotifyType::AUTHENTICATION_FAILED, "No IKEv2 profile matches the peer's identity " + identity_text(sa.peer_id));
    config->proposals = sa.config->proposals;
    sa.config = std::move(config);
    if (sa.config->local_psk.empty() || sa.config->remote_psk.empty())
        return refuse(NotifyType::AUTHENTICATION_FAILED, "No pre-shared key for " + ip(sa.peer) + " in IKEv2 profile " + sa.config->profile);
    ctx.debug(&sa, "Verify peer's authentication method");
    if (!peer_auth_verifies(ctx, sa, sa.peer_id, *auth.value))
        return refuse(NotifyType::AUTHENTICATION_FAILED, "The peer " + identity_text(sa.peer_id) +
                                                             " failed to authenticate: the pre-shared keys differ (AUTH payload did not verify)");
    established(ctx, sa);
    for (const auto& n : notifies(ps))
        if (n.type == NotifyType::INITIAL_CONTACT) initial_contact(ctx, sa);
    auto own = own_id(sa);
    std::vector<Payload> answer{{PayloadType::IDr, false, encode_id(own)},
                                {PayloadType::AUTH, false, encode_auth({AuthMethod::SHARED_KEY_MIC, own_auth(ctx, sa, own)})}};
    release_init_material(sa);

    // The first Child SA (RFC 7296 1.2): refused alone when its selectors or transforms do
    // not match; the IKE SA stays.
    const Payload* sa_p = find(ps, PayloadType::SA);
    auto offered = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    auto tsi = offered_ts(ps, PayloadType::TSi), tsr = offered_ts(ps, PayloadType::TSr);
    auto pol = ctx.policy();
    TsMatch match = offered && tsi && tsr && pol ? match_traffic(*pol, sa.peer, sa.config->profile, *tsr, *tsi) : TsMatch{};
    std::optional<EspChoice> choice = match.entry ? esp_select(*offered.value, match.entry->transforms) : std::nullopt;
    if (!offered || !tsi || !tsr) {
        answer.push_back(notify(NotifyType::INVALID_SYNTAX));
    } else if (!match.entry) {
        ctx.debug(&sa, "Traffic selectors " + ts_text(tsi->front()) + " -> " + ts_text(tsr->front()) + " match no crypto map entry for peer " +
                           ip(sa.peer));
        answer.push_back(notify(NotifyType::TS_UNACCEPTABLE));
    } else if (!choice) {
        ctx.debug(&sa, "No transform set of " + match.entry->key + " matches the peer's ESP proposals");
        answer.push_back(notify(NotifyType::NO_PROPOSAL_CHOSEN));
    } else {
        ChildNegotiation child(ChildRequest{match.entry->key, match.selector});
        child.spi_in = new_child_spi();
        child.spi_out = choice->peer_spi;
        child.chosen = choice->transform;
        child.lifetime_seconds = match.entry->lifetime_seconds;
        child.lifetime_kilobytes = match.entry->lifetime_kilobytes;
        answer.push_back({PayloadType::SA, false, encode_sa(esp_answer(*choice, child.spi_in))});
        // RFC 7296 2.9: what we agree to is the overlap of the offer and our line.
        answer.push_back({PayloadType::TSi, false, encode_ts({match.theirs})});
        answer.push_back({PayloadType::TSr, false, encode_ts({match.ours})});
        // Both SAs go in before the answer leaves: the initiator sends on the pair as soon as
        // it has it.
        install_child(ctx, sa, make_child(ctx, sa, child, {}, sa.ni, sa.nr, false), false, sa.ni, sa.nr, true);
    }
    ctx.debug(&sa, "Generating IKE_AUTH message");
    send_protected_response(ctx, sa, ExchangeType::IKE_AUTH, message_id, answer);
}

void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& ps) {
    ctx.debug(&sa, "Processing IKE_AUTH message");
    auto ns = notifies(ps);
    for (const auto& n : ns)
        if (n.type == NotifyType::AUTHENTICATION_FAILED)
            return ctx.fail(sa, "The peer " + ip(sa.peer) + " refused our authentication: the pre-shared keys differ, or it has no "
                                "IKEv2 profile for our identity " + identity_text(own_id(sa)));
    const Payload *id_p = find(ps, PayloadType::IDr), *auth_p = find(ps, PayloadType::AUTH);
    auto id = id_p ? decode_id(id_p->body) : Decoded<IdPayload>{};
    auto auth = auth_p ? decode_auth(auth_p->body) : Decoded<AuthPayload>{};
    if (!id || !auth) {
        for (const auto& n : ns)
            if (is_error(n.type)) return ctx.fail(sa, "The peer refused IKE_AUTH with " + notify_name(n.type));
        return ctx.fail(sa, "The IKE_AUTH answer lacks its IDr or AUTH payload");
    }
    sa.peer_id = *id.value;
    ctx.debug(&sa, "Verify peer's policy");
    // IOS: the responder's identity must match the initiator's profile too.
    auto config = ctx.config_for(sa.peer, sa.local, &sa.peer_id, sa.config->profile);
    if (!config)
        return ctx.fail(sa, "The peer's identity " + identity_text(sa.peer_id) + " does not match IKEv2 profile " + sa.config->profile);
    config->proposals = sa.config->proposals;
    sa.config = std::move(config);
    ctx.debug(&sa, "Verify peer's authentication method");
    if (!peer_auth_verifies(ctx, sa, sa.peer_id, *auth.value))
        return ctx.fail(sa, "The peer " + identity_text(sa.peer_id) + " failed to authenticate: the pre-shared keys differ (AUTH payload did not verify)");
    established(ctx, sa);
    release_init_material(sa);
    auto child = std::move(*sa.child);
    sa.child.reset();
    const Payload* sa_p = find(ps, PayloadType::SA);
    auto answer = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    auto choice = answer ? esp_accept(*answer.value, child.offered) : std::nullopt;
    if (!choice) {
        std::string why = "the peer answered no acceptable ESP proposal";
        for (const auto& n : ns)
            if (is_error(n.type)) why = "the peer refused it with " + notify_name(n.type);
        ctx.debug(&sa, "No Child SA for " + child.flow.entry_key + ": " + why);
        ctx.log(4, "%IKEV2-5-NEGOTIATION_FAILED: Child SA with " + ip(sa.peer) + " for " + child.flow.entry_key + " failed: " + why);
        ctx.negotiation_failed(child.flow);
    } else if (auto why = accept_answered_ts(ctx, sa, ps, child)) {
        // RFC 7296 2.9: a widened answer is not what we agreed to; the pair it made is deleted.
        informational::send_child_deletes(ctx, sa, {}, {child.spi_in});
        ctx.log(4, "%IKEV2-5-NEGOTIATION_FAILED: Child SA with " + ip(sa.peer) + " for " + child.flow.entry_key + " failed: " + *why);
        ctx.negotiation_failed(child.flow);
    } else {
        child.spi_out = choice->peer_spi;
        child.chosen = choice->transform;
        install_child(ctx, sa, make_child(ctx, sa, child, {}, sa.ni, sa.nr, true), true, sa.ni, sa.nr, true);
    }
    // Flows that waited for the SA get their Child SAs next (receive.cpp, CREATE_CHILD_SA).
}

}  // namespace routerd::ike::v2::ike_auth
