#include "engine/ike/v1/receive.hpp"

#include "engine/ike/v1/aggressive_mode.hpp"
#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/main_mode.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/quick_mode.hpp"

namespace routerd::ike::v1 {
namespace {

// A message for no SA we know: a first offer (MM1, AM1) starts a responder SA; anything else is
// dropped.
void receive_offer(Context& ctx, const Header& h, const core::Received& in) {
    std::uint32_t peer = in.from.address;
    bool first_message = h.responder_cookie == Cookie{} && h.next_payload == PayloadType::SA;
    if (first_message && (h.exchange == ExchangeType::IDENTITY_PROTECTION || h.exchange == ExchangeType::AGGRESSIVE)) {
        if (!ctx.admit_new_sa(peer, true)) return;
        auto payloads = decode_payloads(h.next_payload, std::span(in.message).subspan(kHeaderSize, h.length - kHeaderSize));
        if (!payloads) {
            ctx.debug(nullptr, " offer from " + ip(peer) + " does not decode: " + payloads.error);
            return ctx.bad_message(peer);
        }
        if (h.exchange == ExchangeType::IDENTITY_PROTECTION) main_mode::receive_mm1(ctx, h, *payloads.value, in);
        else aggressive_mode::receive_am1(ctx, h, *payloads.value, in);
        return;
    }
    if (h.exchange == ExchangeType::INFORMATIONAL) {
        // Typically a Delete for an SA we deleted too (both ends settling crossed SAs): no alarm.
        ctx.debug(nullptr, " informational message from " + ip(peer) + " for no SA; ignored");
        return;
    }
    ctx.log(4, "%CRYPTO-4-IKMP_NO_SA: IKE message from " + ip(peer) + " has no SA and is not an initialization offer");
}

}  // namespace

void receive(Context& ctx, const core::Received& in) {
    std::uint32_t peer = in.from.address;
    auto hdr = decode_header(in.message);
    if (!hdr) return ctx.bad_message(peer);
    const Header& h = *hdr.value;
    ctx.isakmp_debug("ISAKMP (0): received packet from " + ip(peer) + " dport " + std::to_string(ctx.options().port) + " sport " +
                     std::to_string(in.from.port) + " Global");
    IkeSa* sa = ctx.find(h.initiator_cookie);
    if (!sa) {
        receive_offer(ctx, h, in);
        // Kept to recognise the offer if it comes again (our answer was lost).
        if (IkeSa* fresh = ctx.find(h.initiator_cookie); fresh && !fresh->initiator) fresh->last_received = in.message;
        return;
    }
    if (sa->peer != peer) {
        ctx.debug(sa, " message from " + ip(peer) + " with the cookie of an SA with " + ip(sa->peer) + "; dropped");
        return;
    }
    if (!sa->initiator && h.responder_cookie == Cookie{} && in.message == sa->last_received) {
        // The initiator sent its offer again: our MM2 or AM2 did not reach it.
        ctx.debug(sa, " phase 1 packet is a duplicate of a previous packet.");
        if ((sa->step == Phase1Step::IKE_R_MM2 || sa->step == Phase1Step::IKE_R_AM2) && !sa->last_sent.empty()) {
            ctx.debug(sa, " retransmitting due to retransmit phase 1");
            transmit(ctx, *sa, sa->last_sent);
        }
        return;
    }
    // The initiator learns the responder's cookie from its first answer.
    if (sa->initiator && (sa->step == Phase1Step::IKE_I_MM1 || sa->step == Phase1Step::IKE_I_AM1)) sa->cky_r = h.responder_cookie;
    if (sa->cky_r != h.responder_cookie) {
        ctx.debug(sa, " message from " + ip(peer) + " with another responder cookie; dropped");
        return;
    }
    if (in.natt) {
        // The peer moved to the NAT-T port (RFC 3947 4): so do we, to wherever the NAT maps it.
        sa->floated = true;
        sa->peer_port = in.from.port;
    }
    auto msg = open_message(ctx, *sa, h, in.message);
    if (!msg) return;
    switch (h.exchange) {
        case ExchangeType::IDENTITY_PROTECTION: return main_mode::receive(ctx, *sa, msg->payloads);
        case ExchangeType::AGGRESSIVE: return aggressive_mode::receive(ctx, *sa, msg->payloads);
        case ExchangeType::QUICK_MODE: return quick_mode::receive(ctx, *sa, h, msg->payloads);
        case ExchangeType::INFORMATIONAL: return informational::receive(ctx, *sa, h, msg->payloads);
        default: ctx.debug(sa, " exchange type " + std::to_string(static_cast<int>(h.exchange)) + " not supported; ignored");
    }
}

}  // namespace routerd::ike::v1
