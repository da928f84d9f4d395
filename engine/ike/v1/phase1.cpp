#include "engine/ike/v1/phase1.hpp"

#include <algorithm>

#include "engine/ike/v1/aggressive_mode.hpp"
#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/main_mode.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/quick_mode.hpp"

namespace routerd::ike::v1 {
namespace {

Hash hash_of(policy::IkeHashAlgorithm h) {
    switch (h) {
        case policy::IkeHashAlgorithm::MD5: return Hash::MD5;
        case policy::IkeHashAlgorithm::SHA: return Hash::SHA1;
        case policy::IkeHashAlgorithm::SHA2_256: return Hash::SHA2_256;
        case policy::IkeHashAlgorithm::SHA2_384: return Hash::SHA2_384;
        case policy::IkeHashAlgorithm::SHA2_512: return Hash::SHA2_512;
    }
    return Hash::SHA1;
}

Cipher cipher_of(policy::IkeEncryptionAlgorithm e) {
    switch (e) {
        case policy::IkeEncryptionAlgorithm::DES_CBC: return Cipher::DES_CBC;
        case policy::IkeEncryptionAlgorithm::TRIPLE_DES_CBC: return Cipher::TRIPLE_DES_CBC;
        case policy::IkeEncryptionAlgorithm::AES_CBC: return Cipher::AES_CBC;
    }
    return Cipher::TRIPLE_DES_CBC;
}

}  // namespace

std::unique_ptr<IkeSa> new_initiator_sa(Context& ctx, std::uint32_t peer, bool aggressive, const std::string& profile) {
    auto sa = std::make_unique<IkeSa>();
    sa->initiator = true;
    sa->aggressive = aggressive;
    sa->cky_i = new_cookie(ctx.random());
    sa->local = ctx.local_for(peer);
    sa->peer = peer;
    sa->peer_port = ctx.options().peer_port;
    sa->profile = profile;
    if (auto pol = ctx.policy()) {
        sa->own_fqdn = pol->own_fqdn;
        if (const auto* p = pol->profile(profile); p && !p->self_fqdn.empty()) sa->own_fqdn = p->self_fqdn;
    }
    ctx.isakmp_debug("ISAKMP: Created a peer struct for " + ip(peer) + ", peer port " + std::to_string(sa->peer_port));
    auto credential = ctx.authenticator().credential_for(peer, sa->local, profile);
    if (!credential) {
        ctx.mode_failure(sa.get(), aggressive ? Mode::AGGRESSIVE : Mode::MAIN, peer, "No pre-shared key with " + ip(peer) + "!");
        return nullptr;
    }
    ctx.debug(sa.get(), "found peer pre-shared key matching " + ip(peer));
    sa->psk = std::move(credential->secret);
    sa->psk_source = std::move(credential->source);
    sa->psk_keyring = std::move(credential->keyring);
    return sa;
}

std::unique_ptr<IkeSa> new_responder_sa(Context& ctx, const Header& h, const core::Received& in) {
    auto sa = std::make_unique<IkeSa>();
    sa->cky_i = h.initiator_cookie;
    sa->cky_r = new_cookie(ctx.random());
    // Our end of this SA, and of the IPsec SAs it builds, is the address the peer contacted.
    sa->local = ctx.local_answering(in.from.address, in.local);
    sa->peer = in.from.address;
    sa->peer_port = in.from.port;
    if (auto pol = ctx.policy()) sa->own_fqdn = pol->own_fqdn;
    return sa;
}

void start_phase1(Context& ctx, std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector,
                  bool aggressive, std::optional<std::uint64_t> requested_order) {
    auto pol = ctx.policy();
    const auto* entry = pol ? pol->find(entry_key) : nullptr;
    auto sa = new_initiator_sa(ctx, peer, aggressive, entry ? entry->isakmp_profile : std::string());
    if (!sa) return;
    sa->pending.push_back({entry_key, selector, requested_order.value_or(ctx.next_event())});  // Quick Mode follows once phase 1 is up
    if (aggressive) aggressive_mode::send_am1(ctx, std::move(sa));
    else main_mode::send_mm1(ctx, std::move(sa));
}

void renew_phase1(Context& ctx, const IkeSa& old, const std::string& entry_key) {
    auto pol = ctx.policy();
    const auto* entry = pol ? pol->find(entry_key) : nullptr;
    ctx.debug(&old, " renewing the ISAKMP SA with " + ip(old.peer) + " before its lifetime ends: IPsec SAs negotiated over it carry traffic");
    auto sa = new_initiator_sa(ctx, old.peer, old.aggressive, entry ? entry->isakmp_profile : std::string());
    if (!sa) return;
    if (old.aggressive) aggressive_mode::send_am1(ctx, std::move(sa));
    else main_mode::send_mm1(ctx, std::move(sa));
}

void adopt(IkeSa& sa, const policy::IkeProposal& chosen) {
    sa.chosen = chosen;
    sa.lifetime_seconds = chosen.lifetime_seconds;
    sa.hash = hash_of(chosen.hash);
    sa.cipher = cipher_of(chosen.encryption);
}

bool derive_keys(Context& ctx, IkeSa& sa) {
    const Bytes& peer_public = sa.initiator ? sa.gxr : sa.gxi;
    auto gxy = sa.dh->shared_secret(peer_public);
    if (!gxy) return false;
    std::size_t key_bytes = key_size(sa.cipher, sa.chosen->key_bits);
    sa.keys = derive_phase1(sa.hash, sa.cipher, key_bytes, sa.psk, sa.ni, sa.nr, *gxy, sa.cky_i, sa.cky_r, sa.gxi, sa.gxr);
    sa.iv = sa.keys.iv;
    sa.conn_id = ctx.next_conn_id();
    return true;
}

namespace {

// The flows a losing SA was negotiating for, to be asked for again on the winner.
void take_over(IkeSa& winner, IkeSa& loser) {
    for (auto& p : loser.pending) winner.pending.push_back(std::move(p));
    loser.pending.clear();
    for (const auto& [mid, qm] : loser.quick_modes)
        if (qm.waiting_for_qm2())
            winner.pending.push_back({qm.entry_key, qm.selector, 0});
}

// Starts the Quick Modes waiting on `sa`, except for a flow that got its pair while it waited
// (the peer's Quick Mode for it, over the crossing SA, came first).
void start_pending(Context& ctx, IkeSa& sa) {
    auto pending = std::move(sa.pending);
    sa.pending.clear();
    for (const auto& p : pending) {
        bool done = std::any_of(ctx.negotiated().begin(), ctx.negotiated().end(), [&](const NegotiatedPair& n) {
            return n.peer == sa.peer && n.entry_key == p.entry_key && n.selector == p.selector && n.order > p.requested_order;
        });
        if (done) {
            ctx.debug(&sa, " Quick Mode for " + p.entry_key + " not started: the peer's came first and the pair is up");
            continue;
        }
        quick_mode::send_qm1(ctx, sa, p.entry_key, p.selector);
    }
}

// Phase 1 is authenticated. RFC 2409 5: the DH values, the nonces, SAi_b and the pre-shared key
// make SKEYID and HASH_I/HASH_R, and nothing after: Quick Mode's keys come from SKEYID_d (5.5),
// its hashes from SKEYID_a, its IVs from the last phase 1 CBC block (Appendix B), a renewal is a
// new exchange with fresh values, and a repeated last message is answered from the copy of ours
// (last_sent), not made again. So an established SA frees them (issue 14: memory per tunnel),
// and the DH private key and the pre-shared key do not stay in memory for the SA's lifetime. The
// secrets are overwritten first: freed memory is handed out again unwiped.
void release_exchange_material(IkeSa& sa) {
    sa.dh.reset();
    wipe(sa.psk);
    wipe(sa.keys.skeyid);
    wipe(sa.keys.skeyid_e);  // its expansion, encryption_key, is what encrypts
    Bytes().swap(sa.keys.iv);
    Bytes().swap(sa.gxi);
    Bytes().swap(sa.gxr);
    Bytes().swap(sa.ni);
    Bytes().swap(sa.nr);
    Bytes().swap(sa.sai_b);
}

}  // namespace

void peer_has_phase1(IkeSa& sa) {
    // RFC 2408 and 2409 leave retransmission to the implementation; this is RFC 7296 2.1's rule
    // for IKEv2 (a response is kept until a later message shows the peer has it) applied to
    // phase 1's last message.
    if (!sa.established) return;
    Bytes().swap(sa.last_sent);
    Bytes().swap(sa.last_received);
}

void phase1_complete(Context& ctx, IkeSa& sa) {
    ctx.transition(sa, Phase1Step::IKE_P1_COMPLETE);
    sa.state = Phase1State::QM_IDLE;
    ctx.mark_established(sa);
    release_exchange_material(sa);
    // What failed before phase 1 was up is history; a Quick Mode refused from here on is
    // recorded anew, and `show crypto session detail` shows it under UP-IDLE.
    ctx.clear_failure(sa.peer);
    sa.last_phase1_block = sa.iv;
    // Both ends started Main Mode to each other at once (two VTIs, two ACQUIREs): two IKE SAs
    // complete. Each end keeps the one with the lower initiator cookie; both ends see the same
    // cookies, so they agree without a message. The other is deleted (with a Delete, for a
    // peer that settles it otherwise) and what waited on it moves over. RFC 2409 leaves this
    // open; one SA per peer is what `show crypto isakmp sa` on IOS shows once it settles.
    IkeSa* crossing = nullptr;
    for (IkeSa* other : ctx.sas_with(sa.peer))
        if (other != &sa && other->state == Phase1State::QM_IDLE && other->established_order > sa.created_order) crossing = other;
    if (crossing) {
        bool keep_this = sa.cky_i < crossing->cky_i;
        IkeSa& winner = keep_this ? sa : *crossing;
        IkeSa& loser = keep_this ? *crossing : sa;
        take_over(winner, loser);
        ctx.debug(&loser, "deleting SA reason \"Crossing SA with peer\" state (" + std::string(loser.initiator ? "I" : "R") +
                              ") QM_IDLE (peer " + ip(loser.peer) + "): keeping conn-id " + std::to_string(winner.conn_id));
        informational::send_delete(ctx, loser);
        Cookie gone = loser.cky_i;
        ctx.erase(gone);  // `sa` may be gone from here on: only `winner` is used
        start_pending(ctx, winner);
        return;
    }
    start_pending(ctx, sa);
}

}  // namespace routerd::ike::v1
