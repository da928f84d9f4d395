#include "engine/ike/ike_engine.hpp"

#include <utility>

#include "engine/ike/v1/authentication.hpp"
#include "engine/ike/v1/context.hpp"
#include "engine/ike/v1/dpd.hpp"
#include "engine/ike/v1/informational.hpp"
#include "engine/ike/v1/lifetimes.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/nat_d.hpp"
#include "engine/ike/v1/phase1.hpp"
#include "engine/ike/v1/quick_mode.hpp"
#include "engine/ike/v1/receive.hpp"

namespace routerd::ike {

IkeEngine::IkeEngine(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks)
    : ctx_(std::make_unique<v1::Context>(transport, clock, options, std::move(hooks))),
      housekeeping_timer_(clock.make_timer()),
      keepalive_timer_(clock.make_timer()) {}

IkeEngine::~IkeEngine() = default;

std::optional<std::string> IkeEngine::start() {
    if (auto err = ctx_->transport().open([this](const core::Received& in) { v1::receive(*ctx_, in); })) return err;
    schedule_housekeeping();
    schedule_nat_keepalives();
    return std::nullopt;
}

void IkeEngine::schedule_housekeeping() {
    housekeeping_timer_->arm(ctx_->options().time_unit, [this] {
        housekeeping();
        schedule_housekeeping();
    });
}

void IkeEngine::housekeeping() {
    v1::dpd::tick(*ctx_);
    v1::lifetimes::tick(*ctx_, [this](const std::string& entry, const policy::Selector& s, std::uint32_t peer) { initiate(entry, s, peer); });
}

void IkeEngine::schedule_nat_keepalives() {
    auto pol = ctx_->policy();
    auto every = ctx_->options().time_unit * (pol && pol->nat_keepalive ? *pol->nat_keepalive : 20);
    keepalive_timer_->arm(every, [this] {
        v1::nat_d::send_keepalives(*ctx_);
        schedule_nat_keepalives();
    });
}

void IkeEngine::initiate(const std::string& entry_key, const policy::Selector& selector, std::optional<std::uint32_t> to) {
    auto pol = ctx_->policy();
    const auto* entry = pol->find(entry_key);
    if (!entry || !entry->complete || entry->shutdown || entry->peers.empty()) {
        ctx_->debug(nullptr, " no SA negotiated for " + entry_key + ": the entry is " +
                                 (!entry ? "gone" : entry->shutdown ? "shut down" : "incomplete (no peer or transform set)"));
        return;
    }
    std::uint32_t peer = entry->peers.front();  // the default peer, or else the first configured
    if (to && std::find(entry->peers.begin(), entry->peers.end(), *to) != entry->peers.end()) peer = *to;
    // One negotiation per flow: the kernel asks again when its ACQUIRE's hold runs out (30 s by
    // default) while a slow phase 1 or Quick Mode still goes on, and a second one would give the
    // flow two pairs (lab lossy-links-loss: a phase 1 of 31 s at 30 % loss, then two Quick Modes).
    if (v1::quick_mode::under_way(*ctx_, peer, entry_key, selector)) {
        ctx_->debug(nullptr, " a negotiation for " + entry_key + " with " + v1::ip(peer) + " is already under way");
        return;
    }
    // Over the newest IKE SA with the peer: an older one is being replaced (lifetimes.hpp), and
    // the peer closes what was negotiated over an IKE SA when we delete it. One still
    // negotiating takes the Quick Mode once it is up.
    if (IkeSa* ready = ctx_->newest_established(peer)) return v1::quick_mode::send_qm1(*ctx_, *ready, entry_key, selector);
    for (auto& [c, sa] : ctx_->sas())
        if (sa->peer == peer) return sa->pending.push_back({entry_key, selector, ctx_->next_event()});
    if (!ctx_->admit_new_sa(peer, false)) return ctx_->negotiation_failed(entry_key, selector);
    v1::start_phase1(*ctx_, peer, entry_key, selector, entry->aggressive);
}

std::vector<handoff::PeerFailure> IkeEngine::failures() const {
    std::vector<handoff::PeerFailure> out;
    for (const auto& [peer, text] : ctx_->failures()) out.push_back({peer, text});
    return out;
}

std::vector<IkeSaView> IkeEngine::sas() const {
    std::vector<IkeSaView> out;
    auto now = ctx_->clock().now();
    for (const auto& [c, sa] : std::as_const(*ctx_).sas()) {
        IkeSaView v;
        v.dst = sa->initiator ? sa->peer : sa->local;
        v.src = sa->initiator ? sa->local : sa->peer;
        v.local = sa->local;
        v.remote = sa->peer;
        v.remote_port = sa->peer_port;
        v.remote_identity = v1::identity_text(sa->peer_id_b);
        v.state = show_name(sa->state);
        v.conn_id = sa->conn_id;
        v.active = sa->state != Phase1State::DELETED;
        if (sa->chosen) {
            v.encryption = policy::ike_encryption_show_name(sa->chosen->encryption);
            v.hash = policy::ike_hash_show_name(sa->chosen->hash);
            v.encryption_bits = sa->chosen->key_bits;
            v.auth = "psk";
            v.group = sa->chosen->dh_group;
            auto age = std::chrono::duration_cast<std::chrono::seconds>(now - sa->created).count();
            v.remaining_seconds = age < sa->lifetime_seconds ? sa->lifetime_seconds - static_cast<std::uint32_t>(age) : 0;
        }
        out.push_back(v);
    }
    return out;
}

void IkeEngine::clear(std::optional<std::uint32_t> conn_id) {
    std::vector<Cookie> gone;
    for (auto& [c, sa] : ctx_->sas()) {
        if (conn_id && sa->conn_id != *conn_id) continue;
        // The peer is told, so that it does not keep an SA we no longer have (RFC 2408 3.15).
        if (sa->state == Phase1State::QM_IDLE) v1::informational::send_delete(*ctx_, *sa);
        ctx_->debug(sa.get(), "deleting SA reason \"Clear command\" state (" + std::string(sa->initiator ? "I" : "R") + ") " +
                                  show_name(sa->state) + " (peer " + v1::ip(sa->peer) + ")");
        gone.push_back(c);
    }
    for (const auto& c : gone) ctx_->erase(c);
}

void IkeEngine::delete_child(std::uint32_t peer, std::uint32_t spi_in) {
    std::erase_if(ctx_->negotiated(), [&](const v1::NegotiatedPair& p) { return p.peer == peer && p.spi_in == spi_in; });
    if (IkeSa* newest = ctx_->newest_established(peer)) v1::informational::send_child_delete(*ctx_, *newest, spi_in);
}

}  // namespace routerd::ike
