#include "engine/ike/v2/receive.hpp"

#include <algorithm>

#include "engine/ike/v2/create_child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/ike_auth.hpp"
#include "engine/ike/v2/ike_sa_init.hpp"
#include "engine/ike/v2/informational.hpp"

namespace routerd::ike::v2 {
namespace {

void receive_response(Context& ctx, IkeSa& sa, const Message& m, const core::Received& in) {
    const auto& h = m.header;
    if (!sa.outstanding || *sa.outstanding != h.message_id || sa.outstanding_exchange != h.exchange) {
        ctx.debug(&sa, "Response with message ID " + std::to_string(h.message_id) + " answers no request of ours; dropped");
        return;
    }
    if (h.exchange == ExchangeType::IKE_SA_INIT) {
        ctx.retransmitter().disarm({sa.spi_i, h.message_id});
        sa.outstanding.reset();
        return ike_sa_init::receive_response(ctx, sa, m, in);
    }
    if (h.spi_r != sa.spi_r) return;
    auto inner = open(in.message, m, sa.inbound_keys());
    if (!inner) {
        ctx.debug(&sa, "Response from " + ip(sa.peer) + " does not open: " + inner.error + "; dropped");
        return;
    }
    ctx.retransmitter().disarm({sa.spi_i, h.message_id});
    sa.outstanding.reset();
    sa.last_heard = ctx.clock().now();
    switch (h.exchange) {
        case ExchangeType::IKE_AUTH: return ike_auth::receive_response(ctx, sa, *inner.value);
        case ExchangeType::CREATE_CHILD_SA: return create_child_sa::receive_response(ctx, sa, *inner.value);
        case ExchangeType::INFORMATIONAL: return informational::receive_response(ctx, sa, *inner.value);
        default: return;
    }
}

void receive_request(Context& ctx, IkeSa& sa, const Message& m, const core::Received& in) {
    const auto& h = m.header;
    if (h.spi_r != sa.spi_r || sa.initiator == h.from_initiator()) return;
    // RFC 7296 2.2: a request we answered already gets the same answer again; any other ID
    // but the next is dropped.
    if (h.message_id + 1 == sa.expected_peer_id) {
        if (!sa.last_response.empty()) {
            ctx.debug(&sa, "Retransmitted request (message ID " + std::to_string(h.message_id) + "); sending our response again");
            ctx.send_to(sa.peer, sa.peer_port, sa.natt, sa.last_response);
        }
        return;
    }
    if (h.message_id != sa.expected_peer_id) {
        ctx.debug(&sa, "Request with message ID " + std::to_string(h.message_id) + ", expected " + std::to_string(sa.expected_peer_id) +
                           "; dropped");
        return;
    }
    auto inner = open(in.message, m, sa.inbound_keys());
    if (!inner) {
        ctx.debug(&sa, "Request from " + ip(sa.peer) + " does not open: " + inner.error + "; dropped");
        return;
    }
    ++sa.expected_peer_id;
    sa.last_heard = ctx.clock().now();
    switch (h.exchange) {
        case ExchangeType::IKE_AUTH:
            if (sa.initiator || sa.authenticated) return;
            return ike_auth::receive_request(ctx, sa, h.message_id, *inner.value);
        case ExchangeType::CREATE_CHILD_SA:
            if (!sa.authenticated) return;
            return create_child_sa::receive_request(ctx, sa, h.message_id, *inner.value);
        case ExchangeType::INFORMATIONAL:
            if (!sa.authenticated) return;
            return informational::receive_request(ctx, sa, h.message_id, *inner.value);
        default: return;
    }
}

}  // namespace

void receive(Context& ctx, const core::Received& in) {
    auto m = decode_message(in.message);
    if (!m) {
        ctx.debug(nullptr, "Dropping a malformed packet from " + ip(in.from.address) + ": " + m.error);
        ctx.log(4, "%IKEV2-4-BAD_MESSAGE: IKEv2 message from " + ip(in.from.address) + " does not decode: " + m.error);
        return;
    }
    const auto& h = m.value->header;
    IkeSa* sa = ctx.find(h.spi_i);
    if (sa && sa->peer != in.from.address) {
        ctx.debug(sa, "Message from " + ip(in.from.address) + " with the SPI of an SA with " + ip(sa->peer) + "; dropped");
        return;
    }
    // RFC 7296 2.23: whoever speaks from the NAT-T port is answered there.
    if (sa && in.natt && !sa->natt) {
        sa->natt = true;
        sa->peer_port = in.from.port;
    }
    if (h.is_response()) {
        // RFC 7296 3.1: the peer's messages carry the Initiator flag exactly when it made the SA.
        if (!sa || sa->initiator == h.from_initiator()) return;
        receive_response(ctx, *sa, *m.value, in);
        // The window is free again: the next flow waiting for a Child SA goes (RFC 7296 2.3).
        if (IkeSa* still = ctx.find(h.spi_i); still && still->state == SaState::READY && !still->outstanding && !still->pending.empty()) {
            auto flow = still->pending.front();
            still->pending.pop_front();
            create_child_sa::start(ctx, *still, flow);
        }
        return;
    }
    if (h.exchange == ExchangeType::IKE_SA_INIT && h.message_id == 0 && h.spi_r == Spi{} && h.from_initiator()) {
        if (sa) {
            // Our IKE_SA_INIT answer was lost: the same one again (RFC 7296 2.1).
            if (!sa->initiator && in.message == sa->init_request && !sa->init_response.empty()) ctx.send_to(sa->peer, sa->peer_port, sa->natt, sa->init_response);
            return;
        }
        return ike_sa_init::receive_request(ctx, *m.value, in);
    }
    if (!sa) {
        ctx.debug(nullptr, "Message from " + ip(in.from.address) + " for no SA we know; dropped");
        return;
    }
    receive_request(ctx, *sa, *m.value, in);
}

void initiate(Context& ctx, std::uint32_t peer, const ChildRequest& flow) {
    for (auto& [spi, sa] : ctx.sas()) {
        if (sa->peer != peer || sa->state == SaState::DELETE || sa->superseded) continue;
        // One negotiation per flow: the kernel asks again while one is still under way.
        bool under_way = (sa->child && sa->child->flow.entry_key == flow.entry_key && sa->child->flow.selector == flow.selector) ||
                         std::any_of(sa->pending.begin(), sa->pending.end(), [&](const ChildRequest& f) {
                             return f.entry_key == flow.entry_key && f.selector == flow.selector;
                         });
        if (under_way) return ctx.debug(sa.get(), "A negotiation for " + flow.entry_key + " is already under way");
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
