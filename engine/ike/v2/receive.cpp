#include "engine/ike/v2/receive.hpp"

#include <algorithm>

#include "engine/ike/v2/create_child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/ike_auth.hpp"
#include "engine/ike/v2/ike_sa_init.hpp"
#include "engine/ike/v2/informational.hpp"

namespace routerd::ike::v2 {
namespace {

// The payloads of a protected message: opened from its SK payload, or, for a fragment (RFC 7383
// 2.6), kept until every fragment of the message has come, each verified on its own. nullopt
// while fragments are missing, or when the message does not open (said in the debug).
std::optional<std::vector<Payload>> open_inner(Context& ctx, IkeSa& sa, const Message& m, const core::Received& in, IkeSa::Reassembly& r,
                                               const char* what) {
    if (m.payloads.empty() || m.payloads.back().type != PayloadType::SKF) {
        auto inner = open(in.message, m, sa.inbound_keys());
        if (!inner) ctx.debug(Ikev2DebugKind::ERROR, &sa, std::string(what) + " from " + ip(sa.peer) + " does not open: " + inner.error + "; dropped");
        return inner.value;
    }
    if (!sa.fragmentation) {
        ctx.debug(&sa, std::string(what) + " fragment from " + ip(sa.peer) + ", but fragmentation was not agreed; dropped");
        return std::nullopt;
    }
    auto f = open_fragment(in.message, m, sa.inbound_keys());
    if (!f) {
        ctx.debug(&sa, std::string(what) + " fragment from " + ip(sa.peer) + " does not open: " + f.error + "; dropped");
        return std::nullopt;
    }
    // A fragment of another message, or of another count, starts over (2.6: the newest wins).
    if (r.message_id != m.header.message_id || r.total != f.value->total) {
        r = IkeSa::Reassembly{};
        r.message_id = m.header.message_id;
        r.total = f.value->total;
    }
    if (f.value->number == 1) r.first = f.value->first;
    r.parts[f.value->number] = std::move(f.value->plaintext);
    ctx.debug(&sa, "Received fragment " + std::to_string(f.value->number) + " of " + std::to_string(f.value->total) + " (message ID " +
                       std::to_string(m.header.message_id) + ")");
    if (r.parts.size() < r.total) return std::nullopt;
    Bytes whole;
    for (const auto& [n, part] : r.parts) whole.insert(whole.end(), part.begin(), part.end());
    auto first = r.first;
    r = IkeSa::Reassembly{};
    auto payloads = decode_payloads(first, whole);
    if (!payloads) ctx.debug(&sa, std::string(what) + " reassembled from fragments does not decode: " + payloads.error + "; dropped");
    return payloads.value;
}

// The fragment number of a fragment, 0 for a whole message (read before it is verified, only to
// decide whether a retransmitted request is answered: RFC 7383 2.6.1, on its first fragment).
std::uint16_t fragment_number(const Message& m) {
    if (m.payloads.empty() || m.payloads.back().type != PayloadType::SKF || m.payloads.back().body.size() < 2) return 0;
    return static_cast<std::uint16_t>(m.payloads.back().body[0] << 8 | m.payloads.back().body[1]);
}

// RFC 7296 2.23: a peer that speaks from the NAT-T port is answered there; only once its
// message has proved itself (an unauthenticated packet must not move the SA).
void follow_nat(IkeSa& sa, const core::Received& in) {
    if (!in.natt || (sa.natt && sa.peer_port == in.from.port)) return;
    sa.natt = true;
    sa.peer_port = in.from.port;
}

void receive_response(Context& ctx, IkeSa& sa, const Message& m, const core::Received& in) {
    const auto& h = m.header;
    if (!sa.outstanding || *sa.outstanding != h.message_id || sa.outstanding_exchange != h.exchange) {
        ctx.debug(&sa, "Response with message ID " + std::to_string(h.message_id) + " answers no request of ours; dropped");
        return;
    }
    if (h.exchange == ExchangeType::IKE_SA_INIT) {
        // Unauthenticated: it decides itself whether the answer ends the exchange (RFC 7296
        // 2.21.1); a refusal it does not act on leaves our request retransmitting.
        return ike_sa_init::receive_response(ctx, sa, m, in);
    }
    if (h.spi_r != sa.spi_r || !sa.suite) return;
    auto inner = open_inner(ctx, sa, m, in, sa.response_fragments, "Response");
    if (!inner) return;
    follow_nat(sa, in);
    ctx.retransmitter().disarm({sa.spi_i, h.message_id});
    sa.outstanding.reset();
    sa.last_heard = ctx.clock().now();
    switch (h.exchange) {
        case ExchangeType::IKE_AUTH: return ike_auth::receive_response(ctx, sa, *inner);
        case ExchangeType::CREATE_CHILD_SA: return create_child_sa::receive_response(ctx, sa, *inner);
        case ExchangeType::INFORMATIONAL: return informational::receive_response(ctx, sa, *inner);
        default: return;
    }
}

void receive_request(Context& ctx, IkeSa& sa, const Message& m, const core::Received& in) {
    const auto& h = m.header;
    // No keys yet (our IKE_SA_INIT is unanswered): nothing can be a request of this SA.
    if (h.spi_r != sa.spi_r || sa.initiator == h.from_initiator() || !sa.suite || sa.spi_r == Spi{}) return;
    // RFC 7296 2.2: a request we answered already gets the same answer again; any other ID
    // but the next is dropped.
    if (h.message_id + 1 == sa.expected_peer_id) {
        if (!sa.last_response.empty() && fragment_number(m) <= 1) {
            ctx.debug(&sa, "Retransmitted request (message ID " + std::to_string(h.message_id) + "); sending our response again");
            for (const auto& d : sa.last_response) ctx.send_to(sa, d);
        }
        return;
    }
    if (h.message_id != sa.expected_peer_id) {
        ctx.debug(&sa, "Request with message ID " + std::to_string(h.message_id) + ", expected " + std::to_string(sa.expected_peer_id) +
                           "; dropped");
        return;
    }
    auto inner = open_inner(ctx, sa, m, in, sa.request_fragments, "Request");
    if (!inner) return;
    follow_nat(sa, in);
    ++sa.expected_peer_id;
    sa.last_heard = ctx.clock().now();
    switch (h.exchange) {
        case ExchangeType::IKE_AUTH:
            if (sa.initiator || sa.authenticated) return;
            return ike_auth::receive_request(ctx, sa, h.message_id, *inner);
        case ExchangeType::CREATE_CHILD_SA:
            if (!sa.authenticated) return;
            return create_child_sa::receive_request(ctx, sa, h.message_id, *inner);
        case ExchangeType::INFORMATIONAL:
            if (!sa.authenticated) return;
            return informational::receive_request(ctx, sa, h.message_id, *inner);
        default: return;
    }
}

}  // namespace

void receive(Context& ctx, const core::Received& in) {
    auto m = decode_message(in.message);
    if (!m) {
        ++ctx.stats().dropped_at_dispatch;
        ctx.debug(Ikev2DebugKind::ERROR, nullptr, "Dropping a malformed packet from " + ip(in.from.address) + ": " + m.error);
        ctx.log(4, "%IKEV2-4-BAD_MESSAGE: IKEv2 message from " + ip(in.from.address) + " does not decode: " + m.error);
        return;
    }
    ctx.debug_packet(false, in.local, in.from, in.natt, in.message);
    const auto& h = m.value->header;
    IkeSa* sa = ctx.find(h.spi_i);
    if (sa && sa->peer != in.from.address) {
        ctx.debug(sa, "Message from " + ip(in.from.address) + " with the SPI of an SA with " + ip(sa->peer) + "; dropped");
        return;
    }
    if (h.is_response()) {
        // RFC 7296 3.1: the peer's messages carry the Initiator flag exactly when it made the SA.
        if (!sa || sa->initiator == h.from_initiator()) return;
        receive_response(ctx, *sa, *m.value, in);
        // The window is free again (RFC 7296 2.3): what waited for it goes, Deletes first, then
        // the next flow waiting for a Child SA.
        IkeSa* still = ctx.find(h.spi_i);
        if (!still || still->outstanding) return;
        if (still->delete_queued) return informational::send_ike_delete(ctx, *still);
        if (!still->child_deletes_queued.empty()) {
            auto spis = std::move(still->child_deletes_queued);
            still->child_deletes_queued.clear();
            return informational::send_child_deletes(ctx, *still, {}, spis);
        }
        if (still->state == SaState::READY && !still->pending.empty()) {
            auto flow = still->pending.front();
            still->pending.pop_front();
            create_child_sa::start(ctx, *still, flow);
        }
        return;
    }
    if (h.exchange == ExchangeType::IKE_SA_INIT && h.message_id == 0 && h.spi_r == Spi{} && h.from_initiator()) {
        if (sa) {
            // Our IKE_SA_INIT answer was lost: the same one again (RFC 7296 2.1).
            if (!sa->initiator && in.message == sa->init_request && !sa->init_response.empty()) ctx.send_to(*sa, sa->init_response);
            return;
        }
        return ike_sa_init::receive_request(ctx, *m.value, in);
    }
    if (!sa) {
        ++ctx.stats().dropped_at_dispatch;
        ctx.debug(nullptr, "Message from " + ip(in.from.address) + " for no SA we know; dropped");
        return;
    }
    receive_request(ctx, *sa, *m.value, in);
}

void initiate(Context& ctx, std::uint32_t peer, const ChildRequest& flow) {
    for (IkeSa* sa : ctx.sas_with(peer)) {
        if (!takes_new_children(*sa)) continue;
        // One negotiation per flow: the kernel asks again while one is still under way.
        bool under_way = (sa->child && sa->child->flow.entry_key == flow.entry_key && sa->child->flow.selector == flow.selector) ||
                         std::any_of(sa->pending.begin(), sa->pending.end(), [&](const ChildRequest& f) {
                             return f.entry_key == flow.entry_key && f.selector == flow.selector;
                         });
        if (under_way) return ctx.debug(sa, "A negotiation for " + flow.entry_key + " is already under way");
        // A flow that has its pair here asks again as the pair's soft lifetime runs out (the
        // kernel's soft expire): that is a rekey of the pair (RFC 7296 1.3.3), not a second one.
        auto own = std::find_if(sa->children.begin(), sa->children.end(),
                                [&](const auto& c) { return c.entry_key == flow.entry_key && c.selector == flow.selector; });
        if (own != sa->children.end() && sa->state == SaState::READY) {
            if (!own->rekeying) create_child_sa::rekey(ctx, *sa, own->spi_in);
            return;
        }
        if (sa->state == SaState::READY) return create_child_sa::start(ctx, *sa, flow);
        sa->pending.push_back(flow);  // the SA still negotiates: the flow waits for it
        return;
    }
    ike_sa_init::start(ctx, peer, flow);
}

}  // namespace routerd::ike::v2
