#include "engine/ike/v1/aggressive_mode.hpp"

#include "engine/ike/v1/authentication.hpp"
#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/profiles.hpp"
#include "engine/ike/v1/proposals.hpp"
#include "engine/ike/v1/vendor_ids.hpp"

namespace routerd::ike::v1::aggressive_mode {
namespace {

void fail(Context& ctx, IkeSa& sa, const std::string& why) {
    ctx.mode_failure(&sa, Mode::AGGRESSIVE, sa.peer, why);
    ctx.erase(sa.cky_i);
}

// AM2 at the initiator: SA, KE, Nr, IDir, HASH_R. Sends AM3; phase 1 is up.
void receive_am2(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    const Payload* sp = first(payloads, PayloadType::SA);
    const Payload* ke = first(payloads, PayloadType::KE);
    const Payload* np = first(payloads, PayloadType::NONCE);
    const Payload* id = first(payloads, PayloadType::ID);
    const Payload* hp = first(payloads, PayloadType::HASH);
    if (!sp || !ke || !np || !id || !hp) return fail(ctx, sa, " AM2 is missing a payload");
    auto reply = decode_sa(sp->body);
    auto chosen = reply ? phase1_accept(*reply.value, ctx.policy()->ike_proposals) : std::nullopt;
    if (!chosen) return fail(ctx, sa, " the responder chose no transform we offered");
    adopt(sa, *chosen);
    sa.gxr = ke->body;
    sa.nr = np->body;
    sa.peer_does_dpd = has_dpd_vid(payloads);
    if (!derive_keys(ctx, sa)) return fail(ctx, sa, " invalid KE payload");
    ctx.debug(&sa, " processing ID payload. message ID = 0");
    profiles::debug_id_payload(ctx, sa, id->body, PayloadType::HASH);
    auto identity = profiles::peer_identity(id->body);
    bool admitted = profiles::admits(ctx, sa, identity);
    if (!peer_proof_valid(sa, id->body, hp->body)) {
        diagnosis::key_mismatch(ctx, sa, "its Aggressive Mode message 2 (HASH_R) does not verify");
        return fail(ctx, sa, " hash value in HASH_R does not match: is the pre-shared key the same on both sides?");
    }
    if (!admitted) return fail(ctx, sa, " peer refused by ISAKMP profile " + sa.profile);
    sa.peer_id_b = id->body;
    ctx.debug(&sa, "SA has been authenticated with " + ip(sa.peer));
    send(ctx, sa, header_for(sa, ExchangeType::AGGRESSIVE, PayloadType::HASH), {{PayloadType::HASH, own_proof(sa)}}, true, &sa.iv);
    sa.state = Phase1State::AG_AUTH;
    phase1_complete(ctx, sa);
}

// AM3 at the responder: HASH_I over the ID that came in AM1; phase 1 is up.
void receive_am3(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    const Payload* hp = first(payloads, PayloadType::HASH);
    if (!hp) return fail(ctx, sa, " AM3 without HASH");
    if (!peer_proof_valid(sa, sa.peer_id_b, hp->body)) {
        diagnosis::key_mismatch(ctx, sa, "its Aggressive Mode message 3 (HASH_I) does not verify");
        return fail(ctx, sa, " hash value in HASH_I does not match: is the pre-shared key the same on both sides?");
    }
    ctx.debug(&sa, "SA has been authenticated with " + ip(sa.peer));
    sa.state = Phase1State::AG_AUTH;
    phase1_complete(ctx, sa);
}

}  // namespace

void send_am1(Context& ctx, std::unique_ptr<IkeSa> sa) {
    auto pol = ctx.policy();
    SaPayload offer = phase1_offer(pol->ike_proposals);
    if (offer.proposals[0].transforms.empty()) {
        ctx.mode_failure(sa.get(), Mode::AGGRESSIVE, sa->peer, "No ISAKMP policy with pre-shared key authentication");
        return;
    }
    // RFC 2409 5.4: the KE goes out with the SA, so every transform offered must use the
    // group of the first policy (IOS offers only those).
    auto first_group = offer.proposals[0].transforms[0].find(4)->number();
    std::vector<policy::IkeProposal> same_group;
    for (const auto& p : pol->ike_proposals)
        if (p.dh_group == first_group) same_group.push_back(p);
    offer = phase1_offer(same_group);
    int group = static_cast<int>(*first_group);
    sa->dh = ctx.make_key_pair(group);
    if (!sa->dh) {
        ctx.mode_failure(sa.get(), Mode::AGGRESSIVE, sa->peer,
                         " Diffie-Hellman group " + std::to_string(group) + " unavailable: no key pair for AM1");
        return;
    }
    sa->gxi = sa->dh->public_value();
    sa->ni = ctx.random().take(20);
    sa->sai_b = encode_sa(offer);
    sa->state = Phase1State::AG_NO_STATE;
    IkeSa& ref = ctx.add(std::move(sa));
    ctx.transition(ref, Phase1Step::IKE_I_AM1);
    ctx.debug(&ref, " beginning Aggressive Mode exchange");
    request(ctx, ref, header_for(ref, ExchangeType::AGGRESSIVE, PayloadType::SA),
            {{PayloadType::SA, ref.sai_b}, {PayloadType::KE, ref.gxi}, {PayloadType::NONCE, ref.ni},
             {PayloadType::ID, own_identity(ref)}, {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}},
            false, nullptr);
}

void receive_am1(Context& ctx, const Header& h, const std::vector<Payload>& payloads, const core::Received& in) {
    const core::Endpoint& from = in.from;
    auto pol = ctx.policy();
    if (!pol->isakmp_enabled) {
        ctx.debug(nullptr, " Aggressive Mode offer from " + ip(from.address) + " ignored: ISAKMP is disabled (no crypto isakmp enable)");
        return;
    }
    if (pol->aggressive_mode_disabled)
        return ctx.mode_failure(nullptr, Mode::AGGRESSIVE, from.address,
                                " Aggressive mode negotiation is disabled (crypto isakmp aggressive-mode disable)");
    const Payload* sp = first(payloads, PayloadType::SA);
    const Payload* ke = first(payloads, PayloadType::KE);
    const Payload* np = first(payloads, PayloadType::NONCE);
    const Payload* id = first(payloads, PayloadType::ID);
    if (!sp || !ke || !np || !id) return ctx.mode_failure(nullptr, Mode::AGGRESSIVE, from.address, " AM1 is missing a payload");
    auto sa = new_responder_sa(ctx, h, in);
    sa->aggressive = true;
    sa->state = Phase1State::AG_NO_STATE;
    auto offered = decode_sa(sp->body);
    // The ID comes first here, so the profile is known before the key (IOS looks a named peer's
    // key up among `pre-shared-key hostname` entries, then by address), and the key comes only
    // from the profile's keyrings.
    ctx.debug(sa.get(), " processing ID payload. message ID = 0");
    profiles::debug_id_payload(ctx, *sa, id->body, PayloadType::VID);
    auto identity = profiles::peer_identity(id->body);
    profiles::select(ctx, *sa, identity);
    std::optional<core::Credential> credential;
    if (identity.kind == policy::PeerIdentity::Kind::FQDN) credential = ctx.authenticator().credential_for_name(identity.name, sa->profile);
    if (!credential) credential = ctx.authenticator().credential_for(from.address, sa->local, sa->profile);
    if (!offered || !credential) {
        ctx.mode_failure(sa.get(), Mode::AGGRESSIVE, from.address,
                         credential ? " malformed SA payload" : "No pre-shared key with " + ip(from.address) + "!");
        if (!credential) diagnosis::no_key(ctx, from.address);
        return;
    }
    ctx.debug(sa.get(), " processing SA payload. message ID = 0");
    auto choice = phase1_select(*offered.value, pol->ike_proposals, ctx.proposal_debug(sa.get()));
    if (!choice || ke->body.size() != DiffieHellman::public_size(choice->proposal.dh_group)) {
        ctx.mode_failure(sa.get(), Mode::AGGRESSIVE, from.address,
                         " phase 1 SA policy not acceptable! (local " + ip(sa->local) + " remote " + ip(from.address) + ")");
        if (!choice) diagnosis::phase1_policy_mismatch(ctx, from.address, *offered.value, pol->ike_proposals);
        return;
    }
    ctx.transition(*sa, Phase1Step::IKE_R_AM1);
    sa->psk = std::move(credential->secret);
    sa->psk_source = std::move(credential->source);
    sa->psk_keyring = std::move(credential->keyring);
    adopt(*sa, choice->proposal);
    sa->sai_b = sp->body;
    sa->gxi = ke->body;
    sa->ni = np->body;
    sa->peer_id_b = id->body;
    sa->peer_does_dpd = has_dpd_vid(payloads);
    sa->dh = ctx.make_key_pair(choice->proposal.dh_group);
    if (!sa->dh)
        return ctx.mode_failure(sa.get(), Mode::AGGRESSIVE, from.address,
                                " Diffie-Hellman group " + std::to_string(choice->proposal.dh_group) + " unavailable: no key pair for AM2");
    sa->gxr = sa->dh->public_value();
    sa->nr = ctx.random().take(20);
    if (!derive_keys(ctx, *sa)) return ctx.mode_failure(sa.get(), Mode::AGGRESSIVE, from.address, " invalid KE payload");
    sa->state = Phase1State::AG_INIT_EXCH;
    IkeSa& ref = ctx.add(std::move(sa));
    // Sent again until AM3 comes: the initiator is done at AM2 and would never ask.
    request(ctx, ref, header_for(ref, ExchangeType::AGGRESSIVE, PayloadType::SA),
         {{PayloadType::SA, encode_sa(choice->reply)}, {PayloadType::KE, ref.gxr}, {PayloadType::NONCE, ref.nr},
          {PayloadType::ID, own_identity(ref)}, {PayloadType::HASH, own_proof(ref)}, {PayloadType::VID, kDpdVendorId},
          {PayloadType::VID, kNatTVendorId}},
         false, nullptr);
    ctx.transition(ref, Phase1Step::IKE_R_AM2);
}

void receive(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    if (sa.initiator && sa.step == Phase1Step::IKE_I_AM1) return receive_am2(ctx, sa, payloads);
    if (!sa.initiator && sa.step == Phase1Step::IKE_R_AM2) return receive_am3(ctx, sa, payloads);
    ctx.debug(&sa, " Aggressive Mode message unexpected in state " + std::string(debug_name(sa.step)) + "; ignored");
}

}  // namespace routerd::ike::v1::aggressive_mode
