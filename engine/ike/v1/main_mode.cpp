#include "engine/ike/v1/main_mode.hpp"

#include <algorithm>

#include "engine/ike/v1/authentication.hpp"
#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/nat_d.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/profiles.hpp"
#include "engine/ike/v1/proposals.hpp"
#include "engine/ike/v1/vendor_ids.hpp"

namespace routerd::ike::v1::main_mode {
namespace {

// A failed step ends the exchange: said in debug and log, and the SA is gone.
void fail(Context& ctx, IkeSa& sa, const std::string& why) {
    ctx.mode_failure(&sa, Mode::MAIN, sa.peer, why);
    ctx.erase(sa.cky_i);
}

Header header(const IkeSa& sa, PayloadType next) { return header_for(sa, ExchangeType::IDENTITY_PROTECTION, next); }

// MM3 and MM4: our KE and nonce, then the NAT-D payloads (RFC 3947 3.2).
std::vector<Payload> key_exchange(const Context& ctx, const IkeSa& sa, const Bytes& public_value, const Bytes& nonce) {
    std::vector<Payload> out{{PayloadType::KE, public_value}, {PayloadType::NONCE, nonce}};
    for (auto& p : nat_d::payloads(ctx, sa)) out.push_back(std::move(p));
    return out;
}

// MM2 at the initiator: the responder's choice. Sends MM3.
void receive_mm2(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    ctx.transition(sa, Phase1Step::IKE_I_MM2);
    ctx.debug(&sa, " processing SA payload. message ID = 0");
    const Payload* sp = first(payloads, PayloadType::SA);
    auto reply = sp ? decode_sa(sp->body) : Decoded<SaPayload>{};
    auto chosen = reply ? phase1_accept(*reply.value, ctx.policy()->ike_proposals) : std::nullopt;
    if (!chosen) return fail(ctx, sa, " the responder chose no transform we offered");
    sa.peer_does_dpd = has_dpd_vid(payloads);
    sa.peer_does_nat_t = has_vid(payloads, kNatTVendorId);
    if (sa.peer_does_nat_t) ctx.debug(&sa, " vendor ID is NAT-T RFC 3947");
    if (sa.peer_does_dpd) ctx.debug(&sa, " processing vendor id payload");
    if (sa.peer_does_dpd) ctx.debug(&sa, " vendor ID is DPD");
    ctx.debug(&sa, "atts are acceptable. Next payload is 0");
    adopt(sa, *chosen);
    sa.dh = ctx.make_key_pair(chosen->dh_group);
    if (!sa.dh) return fail(ctx, sa, " Diffie-Hellman group " + std::to_string(chosen->dh_group) + " unavailable: no key pair for MM3");
    sa.gxi = sa.dh->public_value();
    sa.ni = ctx.random().take(20);
    sa.state = Phase1State::MM_SA_SETUP;
    request(ctx, sa, header(sa, PayloadType::KE), key_exchange(ctx, sa, sa.gxi, sa.ni), false, nullptr);
    ctx.transition(sa, Phase1Step::IKE_I_MM3);
}

// MM3 at the responder: the initiator's KE and nonce. Keys; sends MM4.
void receive_mm3(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    ctx.transition(sa, Phase1Step::IKE_R_MM3);
    const Payload* ke = first(payloads, PayloadType::KE);
    const Payload* nonce = first(payloads, PayloadType::NONCE);
    if (!ke || !nonce) return fail(ctx, sa, " MM3 without KE or nonce");
    ctx.debug(&sa, " processing KE payload. message ID = 0");
    ctx.debug(&sa, " processing NONCE payload. message ID = 0");
    sa.gxi = ke->body;
    sa.ni = nonce->body;
    sa.dh = ctx.make_key_pair(sa.chosen->dh_group);
    if (!sa.dh) return fail(ctx, sa, " Diffie-Hellman group " + std::to_string(sa.chosen->dh_group) + " unavailable: no key pair for MM4");
    sa.gxr = sa.dh->public_value();
    sa.nr = ctx.random().take(20);
    if (!derive_keys(ctx, sa)) return fail(ctx, sa, " invalid KE payload");
    sa.state = Phase1State::MM_KEY_EXCH;
    nat_d::detect(ctx, sa, payloads);
    // MM4 is not retransmitted on a timer: the initiator's MM5 retransmissions, each answered
    // with MM4 again when it cannot be read, are what tell a key mismatch (F03) from a lost or
    // blocked MM5 (F04); timed copies of MM4 would look the same to the initiator.
    send(ctx, sa, header(sa, PayloadType::KE), key_exchange(ctx, sa, sa.gxr, sa.nr), false, nullptr);
    ctx.transition(sa, Phase1Step::IKE_R_MM4);
}

// MM4 at the initiator: the responder's KE and nonce. Keys; sends our ID and HASH_I (MM5).
void receive_mm4(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    ctx.transition(sa, Phase1Step::IKE_I_MM4);
    const Payload* ke = first(payloads, PayloadType::KE);
    const Payload* nonce = first(payloads, PayloadType::NONCE);
    if (!ke || !nonce) return fail(ctx, sa, " MM4 without KE or nonce");
    ctx.debug(&sa, " processing KE payload. message ID = 0");
    ctx.debug(&sa, " processing NONCE payload. message ID = 0");
    sa.gxr = ke->body;
    sa.nr = nonce->body;
    if (!derive_keys(ctx, sa)) return fail(ctx, sa, " invalid KE payload");
    ctx.debug(&sa, "found peer pre-shared key matching " + ip(sa.peer));
    sa.state = Phase1State::MM_KEY_EXCH;
    nat_d::detect(ctx, sa, payloads);
    // Behind a NAT the rest of the exchange moves to the NAT-T port (RFC 3947 4).
    if (sa.local_behind_nat || sa.peer_behind_nat) {
        sa.floated = true;
        sa.peer_port = ctx.options().peers_natt_port();
    }
    ctx.debug(&sa, std::string("SA is doing pre-shared key authentication using id type ") + (sa.own_fqdn.empty() ? "ID_IPV4_ADDR" : "ID_FQDN"));
    std::vector<Payload> mm5{{PayloadType::ID, own_identity(sa)}, {PayloadType::HASH, own_proof(sa)}};
    // RFC 2407 4.6.3.3: our first SA with this peer: it may drop what it kept of us. Not while
    // IPsec SAs with it stand (the IKE SA they were negotiated over expired, or is being
    // renewed): the peer would delete them while they carry traffic.
    auto others = ctx.sas_with(sa.peer);
    bool first_with_peer = std::none_of(others.begin(), others.end(), [&](const IkeSa* o) {
        return o != &sa && o->state == Phase1State::QM_IDLE;
    }) && !ctx.negotiated().any_with(sa.peer);
    if (first_with_peer) {
        NotifyPayload ic;
        ic.type = NotifyType::INITIAL_CONTACT;
        ic.spi.assign(sa.cky_i.begin(), sa.cky_i.end());
        ic.spi.insert(ic.spi.end(), sa.cky_r.begin(), sa.cky_r.end());
        mm5.push_back({PayloadType::N, encode_notify(ic)});
    }
    request(ctx, sa, header(sa, PayloadType::ID), mm5, true, &sa.iv);
    ctx.transition(sa, Phase1Step::IKE_I_MM5);
}

// RFC 2407 4.6.3.3: with INITIAL-CONTACT the peer says it kept nothing from before. What we
// established with it before its first message of this exchange is stale; a negotiation of
// ours crossing this one (both sides initiating at once, as two VTIs do) is not.
void initial_contact(Context& ctx, IkeSa& sa) {
    std::vector<Cookie> stale;
    for (const IkeSa* other : ctx.sas_with(sa.peer))
        if (other != &sa && other->established && other->established_order < sa.created_order) stale.push_back(other->cky_i);
    if (stale.empty()) return;
    ctx.debug(&sa, " processing INITIAL-CONTACT: deleting the other SAs with " + ip(sa.peer));
    for (const auto& c : stale) ctx.erase(c);
    ctx.negotiated().erase_if([&](const NegotiatedPair& p) { return p.peer == sa.peer; });
    if (ctx.hooks().on_peer_dead) ctx.hooks().on_peer_dead(sa.peer);  // its old IPsec SAs are gone on the other side
}

// MM5 at the responder: the initiator's ID and HASH_I. Sends MM6; phase 1 is up.
void receive_mm5(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    ctx.transition(sa, Phase1Step::IKE_R_MM5);
    const Payload* id = first(payloads, PayloadType::ID);
    const Payload* hp = first(payloads, PayloadType::HASH);
    if (!id || !hp) return fail(ctx, sa, " MM5 without ID or HASH");
    ctx.debug(&sa, " processing ID payload. message ID = 0");
    profiles::debug_id_payload(ctx, sa, id->body, PayloadType::HASH);
    auto identity = profiles::peer_identity(id->body);
    profiles::select(ctx, sa, identity);
    ctx.debug(&sa, " processing HASH payload. message ID = 0");
    if (!peer_proof_valid(sa, id->body, hp->body)) {
        diagnosis::key_mismatch(ctx, sa, "its Main Mode message 5 (HASH_I) does not verify");
        return fail(ctx, sa, " hash value in HASH_I does not match: is the pre-shared key the same on both sides?");
    }
    if (!profiles::admits(ctx, sa, identity)) return fail(ctx, sa, " peer refused by ISAKMP profile " + sa.profile);
    sa.peer_id_b = id->body;
    ctx.debug(&sa, "SA has been authenticated with " + ip(sa.peer));
    for (const auto& p : payloads) {
        auto n = p.type == PayloadType::N ? decode_notify(p.body) : Decoded<NotifyPayload>{};
        if (n && n.value->type == NotifyType::INITIAL_CONTACT) initial_contact(ctx, sa);
    }
    send(ctx, sa, header(sa, PayloadType::ID), {{PayloadType::ID, own_identity(sa)}, {PayloadType::HASH, own_proof(sa)}}, true,
         &sa.iv);
    ctx.transition(sa, Phase1Step::IKE_R_MM6);
    phase1_complete(ctx, sa);
}

// MM6 at the initiator: the responder's ID and HASH_R; phase 1 is up.
void receive_mm6(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    const Payload* id = first(payloads, PayloadType::ID);
    const Payload* hp = first(payloads, PayloadType::HASH);
    if (!id || !hp) return fail(ctx, sa, " MM6 without ID or HASH");
    ctx.debug(&sa, " processing ID payload. message ID = 0");
    profiles::debug_id_payload(ctx, sa, id->body, PayloadType::HASH);
    auto identity = profiles::peer_identity(id->body);
    bool admitted = profiles::admits(ctx, sa, identity);
    ctx.debug(&sa, " processing HASH payload. message ID = 0");
    if (!peer_proof_valid(sa, id->body, hp->body)) {
        diagnosis::key_mismatch(ctx, sa, "its Main Mode message 6 (HASH_R) does not verify");
        return fail(ctx, sa, " hash value in HASH_R does not match");
    }
    if (!admitted) return fail(ctx, sa, " peer refused by ISAKMP profile " + sa.profile);
    sa.peer_id_b = id->body;
    ctx.debug(&sa, "SA has been authenticated with " + ip(sa.peer));
    ctx.transition(sa, Phase1Step::IKE_I_MM6);
    phase1_complete(ctx, sa);
}

}  // namespace

void send_mm1(Context& ctx, std::unique_ptr<IkeSa> sa) {
    SaPayload offer = phase1_offer(ctx.policy()->ike_proposals);
    if (offer.proposals[0].transforms.empty()) {
        ctx.mode_failure(sa.get(), Mode::MAIN, sa->peer, "No ISAKMP policy with pre-shared key authentication");
        return;
    }
    sa->sai_b = encode_sa(offer);
    IkeSa& ref = ctx.add(std::move(sa));
    ctx.transition(ref, Phase1Step::IKE_I_MM1);
    ctx.debug(&ref, " beginning Main Mode exchange");
    request(ctx, ref, header(ref, PayloadType::SA),
            {{PayloadType::SA, ref.sai_b}, {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}}, false, nullptr);
}

void receive_mm1(Context& ctx, const Header& h, const std::vector<Payload>& payloads, const core::Received& in) {
    const core::Endpoint& from = in.from;
    auto pol = ctx.policy();
    if (!pol->isakmp_enabled) {
        ctx.debug(nullptr, " Main Mode offer from " + ip(from.address) + " ignored: ISAKMP is disabled (no crypto isakmp enable)");
        return;
    }
    auto sa = new_responder_sa(ctx, h, in);
    const Payload* sa_payload = first(payloads, PayloadType::SA);
    ctx.debug(sa.get(), " processing SA payload. message ID = 0");
    auto offered = sa_payload ? decode_sa(sa_payload->body) : Decoded<SaPayload>{std::nullopt, "no SA payload"};
    if (!offered) {
        ctx.debug(sa.get(), " malformed SA payload: " + offered.error);
        ctx.bad_message(from.address);
        return;
    }
    auto credential = ctx.authenticator().credential_for(from.address, sa->local);
    if (!credential) {
        ctx.mode_failure(sa.get(), Mode::MAIN, from.address, "No pre-shared key with " + ip(from.address) + "!");
        return diagnosis::no_key(ctx, from.address);
    }
    ctx.debug(sa.get(), "found peer pre-shared key matching " + ip(from.address));
    auto choice = phase1_select(*offered.value, pol->ike_proposals, ctx.proposal_debug(sa.get()));
    if (!choice) {
        ctx.debug(sa.get(), "no offers accepted!");
        ctx.mode_failure(sa.get(), Mode::MAIN, from.address,
                         " phase 1 SA policy not acceptable! (local " + ip(sa->local) + " remote " + ip(from.address) + ")");
        send_clear_notify(ctx, h, sa->local, from, NotifyType::NO_PROPOSAL_CHOSEN);
        return diagnosis::phase1_policy_mismatch(ctx, from.address, *offered.value, pol->ike_proposals);
    }
    sa->psk = std::move(credential->secret);
    sa->psk_source = std::move(credential->source);
    sa->psk_keyring = std::move(credential->keyring);
    adopt(*sa, choice->proposal);
    sa->sai_b = sa_payload->body;  // exactly as received: HASH_I/HASH_R cover these bytes
    ctx.transition(*sa, Phase1Step::IKE_R_MM1);
    sa->state = Phase1State::MM_SA_SETUP;
    IkeSa& ref = ctx.add(std::move(sa));
    ref.peer_does_dpd = has_dpd_vid(payloads);
    ref.peer_does_nat_t = has_vid(payloads, kNatTVendorId);
    if (ref.peer_does_dpd) ctx.debug(&ref, " processing vendor id payload");
    if (ref.peer_does_dpd) ctx.debug(&ref, " vendor ID is DPD");
    // IOS's responder retransmits MM2 until MM3 comes ("retransmitting phase 1 MM_SA_SETUP...")
    // and then gives up with "Death by retransmission P1": an initiator that went away, or a
    // spoofed MM1, holds a half-open SA for the retransmissions only, not 75 s.
    request(ctx, ref, header(ref, PayloadType::SA),
            {{PayloadType::SA, encode_sa(choice->reply)}, {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}}, false,
            nullptr);
    ctx.transition(ref, Phase1Step::IKE_R_MM2);
}

void receive(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    switch (sa.step) {
        case Phase1Step::IKE_I_MM1: return receive_mm2(ctx, sa, payloads);
        case Phase1Step::IKE_R_MM2: return receive_mm3(ctx, sa, payloads);
        case Phase1Step::IKE_I_MM3: return receive_mm4(ctx, sa, payloads);
        case Phase1Step::IKE_R_MM4: return receive_mm5(ctx, sa, payloads);
        case Phase1Step::IKE_I_MM5: return receive_mm6(ctx, sa, payloads);
        default:
            // Exact repeats were answered in open_message; anything else out of turn is not ours
            // to act on (a replay, or a message of a crossed exchange).
            ctx.debug(&sa, " Main Mode message unexpected in state " + std::string(debug_name(sa.step)) + "; ignored");
            return;
    }
}

}  // namespace routerd::ike::v1::main_mode
