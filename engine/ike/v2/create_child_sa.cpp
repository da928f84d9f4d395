#include "engine/ike/v2/create_child_sa.hpp"

#include <algorithm>

#include "engine/ike/v2/child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/proposals.hpp"

namespace routerd::ike::v2::create_child_sa {
namespace {

std::optional<TrafficSelector> first_ts(const std::vector<Payload>& ps, PayloadType type) {
    const Payload* p = find(ps, type);
    auto ts = p ? decode_ts(p->body) : Decoded<std::vector<TrafficSelector>>{};
    if (!ts || ts.value->empty()) return std::nullopt;
    return ts.value->front();
}

}  // namespace

void start(Context& ctx, IkeSa& sa, const ChildRequest& flow) {
    if (sa.outstanding || sa.child) {
        sa.pending.push_back(flow);
        return;
    }
    auto pol = ctx.policy();
    const auto* entry = pol ? pol->find(flow.entry_key) : nullptr;
    if (!entry) return ctx.negotiation_failed(flow);
    ChildNegotiation child(flow);
    child.spi_in = new_child_spi();
    child.offered = entry->transforms;
    child.lifetime_seconds = entry->lifetime_seconds;
    child.lifetime_kilobytes = entry->lifetime_kilobytes;
    sa.child_nonce = random_bytes(32);
    sa.child_dh.reset();
    std::vector<Payload> inner{{PayloadType::SA, false, encode_sa(esp_offer(child.offered, child.spi_in, entry->pfs_group))},
                               {PayloadType::NONCE, false, sa.child_nonce}};
    if (entry->pfs_group) {
        sa.child_dh = ctx.make_key_pair(*entry->pfs_group);
        if (!sa.child_dh) return ctx.negotiation_failed(flow);
        inner.push_back({PayloadType::KE, false, encode_ke({static_cast<std::uint16_t>(*entry->pfs_group), sa.child_dh->public_value()})});
    }
    inner.push_back({PayloadType::TSi, false, encode_ts({local_ts(flow.selector)})});
    inner.push_back({PayloadType::TSr, false, encode_ts({remote_ts(flow.selector)})});
    sa.child = std::move(child);
    ctx.debug(&sa, "Generating CREATE_CHILD_SA message");
    send_protected_request(ctx, sa, ExchangeType::CREATE_CHILD_SA, inner);
}

void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& ps) {
    ctx.debug(&sa, "Processing CREATE_CHILD_SA message");
    auto answer_error = [&](NotifyType why, const std::string& text) {
        ctx.debug(&sa, "Refusing the Child SA: " + text);
        send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, {notify(why)});
    };
    for (const auto& n : notifies(ps))
        if (n.type == NotifyType::REKEY_SA) return answer_error(NotifyType::NO_ADDITIONAL_SAS, "rekeying is not supported yet");
    const Payload *sa_p = find(ps, PayloadType::SA), *n_p = find(ps, PayloadType::NONCE), *ke_p = find(ps, PayloadType::KE);
    auto offered = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    auto tsi = first_ts(ps, PayloadType::TSi), tsr = first_ts(ps, PayloadType::TSr);
    // An IKE SA rekey (an SA payload of protocol IKE, no TS) is refused the same way for now.
    if (!offered || !n_p || !tsi || !tsr || n_p->body.size() < 16 || n_p->body.size() > 256)
        return answer_error(NotifyType::NO_ADDITIONAL_SAS, "not a new Child SA request this engine takes");
    auto pol = ctx.policy();
    TsMatch match = pol ? match_traffic(*pol, sa.peer, *tsr, *tsi) : TsMatch{};
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
    ChildNegotiation child(ChildRequest{match.entry->key, match.selector});
    child.spi_in = new_child_spi();
    child.spi_out = choice->peer_spi;
    child.chosen = choice->transform;
    child.lifetime_seconds = match.entry->lifetime_seconds;
    child.lifetime_kilobytes = match.entry->lifetime_kilobytes;
    Bytes nr = random_bytes(32);
    std::vector<Payload> answer{{PayloadType::SA, false, encode_sa(esp_answer(*choice, child.spi_in, pfs))}, {PayloadType::NONCE, false, nr}};
    if (dh) answer.push_back({PayloadType::KE, false, encode_ke({static_cast<std::uint16_t>(*pfs), dh->public_value()})});
    answer.push_back({PayloadType::TSi, false, encode_ts({*tsi})});
    answer.push_back({PayloadType::TSr, false, encode_ts({*tsr})});
    auto c = make_child(ctx, sa, child, shared, n_p->body, nr, false);
    c.pfs_group = pfs;
    install_child(ctx, sa, c);
    ctx.debug(&sa, "Generating CREATE_CHILD_SA message");
    send_protected_response(ctx, sa, ExchangeType::CREATE_CHILD_SA, message_id, answer);
}

void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>& ps) {
    ctx.debug(&sa, "Processing CREATE_CHILD_SA message");
    if (!sa.child) return;
    auto child = std::move(*sa.child);
    sa.child.reset();
    auto dh = std::move(sa.child_dh);
    auto failed = [&](const std::string& why) {
        ctx.debug(&sa, "No Child SA for " + child.flow.entry_key + ": " + why);
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
    child.spi_out = choice->peer_spi;
    child.chosen = choice->transform;
    auto c = make_child(ctx, sa, child, shared, sa.child_nonce, n_p->body, true);
    if (dh) c.pfs_group = dh->group();
    install_child(ctx, sa, c);
}

}  // namespace routerd::ike::v2::create_child_sa
