#include "engine/ike/ike_engine.hpp"

#include <algorithm>
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
#include "engine/ike/v2/child_sa.hpp"
#include "engine/ike/v2/configured_peers.hpp"
#include "engine/ike/v2/context.hpp"
#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/informational.hpp"
#include "engine/ike/v2/lifetimes.hpp"
#include "engine/ike/v2/proposals.hpp"
#include "engine/ike/v2/receive.hpp"

namespace routerd::ike {

namespace {

// IKEv2's view of the configuration: the compiled policy's `crypto ikev2` section.
v2::PeerConfigSource configured_peers(std::function<std::shared_ptr<const policy::PolicySet>()> policy) {
    return [policy = std::move(policy)](std::uint32_t peer, std::uint32_t local, const v2::IdPayload* id,
                                        const std::string& profile) -> std::optional<v2::PeerConfig> {
        auto pol = policy ? policy() : nullptr;
        if (!pol) return std::nullopt;
        return v2::configured_peer(*pol, peer, local, id, profile);
    };
}

}  // namespace

IkeEngine::IkeEngine(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks)
    : ctx_(std::make_unique<v1::Context>(transport, clock, options, hooks)),
      v2_(std::make_unique<v2::Context>(transport, clock, options, hooks, configured_peers(hooks.policy))),
      housekeeping_timer_(clock.make_timer()),
      keepalive_timer_(clock.make_timer()),
      waiting_timer_(clock.make_timer()) {
    ctx_->on_initiator_done([this] { initiator_done(); });
    v2_->on_initiator_done([this] { initiator_done(); });
}

IkeEngine::~IkeEngine() {
    // The contexts outlive what the hooks reach (members go in reverse order).
    ctx_->on_initiator_done(nullptr);
    v2_->on_initiator_done(nullptr);
}

std::optional<std::string> IkeEngine::start() {
    // RFC 7296 3.1 / RFC 2408 3.1: the version octet (major version in its high nibble) says
    // which protocol a datagram speaks; both share the ports.
    auto receiver = [this](const core::Received& in) {
        if (in.message.size() > 17 && (in.message[17] >> 4) == 2) return v2::receive(*v2_, in);
        v1::receive(*ctx_, in);
    };
    if (auto err = ctx_->transport().open(receiver)) return err;
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
    v2::lifetimes::tick(*v2_);
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
    request(entry_key, selector, to, nullptr);
}

void IkeEngine::request(const std::string& entry_key, const policy::Selector& selector, std::optional<std::uint32_t> to,
                        const Waiting* waited) {
    auto pol = ctx_->policy();
    const auto* entry = pol->find(entry_key);
    if (!entry || !entry->complete || entry->shutdown || entry->peers.empty()) {
        ctx_->debug(nullptr, " no SA negotiated for " + entry_key + ": the entry is " +
                                 (!entry ? "gone" : entry->shutdown ? "shut down" : "incomplete (no peer or transform set)"));
        return;
    }
    std::uint32_t peer = entry->peers.front();  // the default peer, or else the first configured
    if (to && std::find(entry->peers.begin(), entry->peers.end(), *to) != entry->peers.end()) peer = *to;
    bool ikev2 = !entry->ikev2_profile.empty();
    // In the debug of the flow's IKE version (IKEv1's lines begin with a space).
    auto say = [&](const std::string& v1_text, const std::string& v2_text) {
        if (ikev2) v2_->debug(nullptr, v2_text);
        else ctx_->debug(nullptr, " " + v1_text);
    };
    if (waited && got_its_pair(*waited)) {
        auto text = " for " + entry_key + " with " + v1::ip(peer) + " not started: the flow got its pair while it waited";
        return say("negotiation" + text, "Negotiation" + text);
    }
    if (!waited && waits(entry_key, selector, peer)) {
        auto text = "negotiation for " + entry_key + " with " + v1::ip(peer) + " is already under way (waiting its turn)";
        return say("a " + text, "A " + text);
    }
    // When the flow was asked for: now, or when it began to wait. A pair made for it after that
    // means it needs no negotiation of its own (got_its_pair; phase1.cpp, start_pending).
    std::uint64_t order = waited ? waited->since : ctx_->next_event();
    // A flow whose peer has no SA yet needs an exchange of its own: beyond
    // EngineOptions::max_initiating of ours under way, it waits its turn. (The peer's SAs are
    // looked up only then: this runs for every flow the kernel asks for.)
    if (turns_taken() && !has_sa_for_flows(peer, ikev2)) {
        std::string why = " with " + v1::ip(peer) + " for " + entry_key + " waits: " + std::to_string(initiating()) +
                          " of ours are negotiating (" + std::to_string(waiting_.size() + 1) + " waiting)";
        say("phase 1" + why, "IKE_SA_INIT" + why);
        // Back where it was in the line when it already waited (a turn freed and taken again at once).
        Waiting w{entry_key, selector, to, peer, ikev2, order};
        if (waited) waiting_.push_front(std::move(w));
        else waiting_.push_back(std::move(w));
        return;
    }
    if (ikev2) return v2::initiate(*v2_, peer, {entry_key, selector});
    // One negotiation per flow: the kernel asks again when its ACQUIRE's hold runs out (30 s by
    // default) while a slow phase 1 or Quick Mode still goes on, and a second one would give the
    // flow two pairs (lab lossy-links-loss: a phase 1 of 31 s at 30 % loss, then two Quick Modes).
    if (v1::quick_mode::under_way(*ctx_, peer, entry_key, selector)) {
        ctx_->debug(nullptr, " a negotiation for " + entry_key + " with " + v1::ip(peer) + " is already under way");
        return;
    }
    // Over the newest IKE SA with the peer: an older one is being replaced (lifetimes.hpp), and
    // the peer closes what was negotiated over an IKE SA when we delete it. One still
    // negotiating takes the Quick Mode once it is up, with the flow's order.
    if (IkeSa* ready = ctx_->newest_established(peer)) return v1::quick_mode::send_qm1(*ctx_, *ready, entry_key, selector);
    if (auto negotiating = ctx_->sas_with(peer); !negotiating.empty())
        return negotiating.front()->pending.push_back({entry_key, selector, order});
    if (!ctx_->admit_new_sa(peer, false)) return ctx_->negotiation_failed(entry_key, selector);
    v1::start_phase1(*ctx_, peer, entry_key, selector, entry->aggressive, order);
}

bool IkeEngine::waits(const std::string& entry_key, const policy::Selector& selector, std::uint32_t peer) const {
    return std::any_of(waiting_.begin(), waiting_.end(),
                       [&](const Waiting& w) { return w.entry_key == entry_key && w.selector == selector && w.peer == peer; });
}

bool IkeEngine::has_sa_for_flows(std::uint32_t peer, bool ikev2) const {
    if (!ikev2) return !ctx_->sas_with(peer).empty();  // an IKEv1 SA leaves the table when it is deleted
    auto sas = v2_->sas_with(peer);
    return std::any_of(sas.begin(), sas.end(), [](const v2::IkeSa* sa) { return v2::takes_new_children(*sa); });
}

bool IkeEngine::got_its_pair(const Waiting& w) const {
    if (!w.ikev2)
        return std::any_of(ctx_->negotiated().begin(), ctx_->negotiated().end(), [&](const v1::NegotiatedPair& n) {
            return n.peer == w.peer && n.entry_key == w.entry_key && n.selector == w.selector && n.order > w.since;
        });
    // It waited because the peer had no SA taking new Child SAs: a child on one now is new.
    for (const v2::IkeSa* sa : v2_->sas_with(w.peer))
        if (v2::takes_new_children(*sa) && std::any_of(sa->children.begin(), sa->children.end(), [&](const auto& c) {
                return c.entry_key == w.entry_key && c.selector == w.selector;
            }))
            return true;
    return false;
}

std::size_t IkeEngine::initiating() const { return ctx_->initiating() + v2_->initiating(); }

bool IkeEngine::turns_taken() const {
    auto limit = ctx_->options().max_initiating;
    return limit != 0 && initiating() >= limit;
}

void IkeEngine::initiator_done() {
    if (waiting_.empty() || start_waiting_armed_) return;
    start_waiting_armed_ = true;
    waiting_timer_->arm(core::Duration::zero(), [this] {
        start_waiting_armed_ = false;
        start_waiting();
    });
}

void IkeEngine::start_waiting() {
    // In the order they came. Each is asked again from the start: its entry may have changed or
    // gone, or an SA with its peer or its very pair come up meanwhile (then it costs no turn, or
    // nothing at all).
    while (!waiting_.empty() && !turns_taken()) {
        Waiting w = std::move(waiting_.front());
        waiting_.pop_front();
        request(w.entry_key, w.selector, w.to, &w);
    }
    // Those behind whose peer now has an SA (another flow to the same peer went first) cost no
    // turn: they go now, over it or with it, instead of waiting for a turn they do not need.
    std::deque<Waiting> still;
    while (!waiting_.empty()) {
        Waiting w = std::move(waiting_.front());
        waiting_.pop_front();
        if (has_sa_for_flows(w.peer, w.ikev2)) request(w.entry_key, w.selector, w.to, &w);
        else still.push_back(std::move(w));
    }
    waiting_ = std::move(still);
}

void IkeEngine::drop_waiting(bool ikev2, std::optional<std::uint32_t> peer) {
    std::deque<Waiting> kept;
    std::vector<Waiting> dropped;
    for (auto& w : waiting_) {
        if (w.ikev2 == ikev2 && (!peer || w.peer == *peer)) dropped.push_back(std::move(w));
        else kept.push_back(std::move(w));
    }
    waiting_ = std::move(kept);
    for (const auto& w : dropped) ctx_->negotiation_failed(w.entry_key, w.selector);
}

std::vector<handoff::PeerFailure> IkeEngine::failures() const {
    std::vector<handoff::PeerFailure> out;
    for (const auto& [peer, text] : ctx_->failures()) out.push_back({peer, text});
    for (const auto& [peer, text] : v2_->failures()) out.push_back({peer, text});
    return out;
}

std::vector<handoff::Ikev2SaView> IkeEngine::ikev2_sas() const {
    std::vector<handoff::Ikev2SaView> out;
    auto now = v2_->clock().now();
    for (const auto& [spi, sa] : std::as_const(*v2_).sas()) {
        handoff::Ikev2SaView v;
        v.tunnel_id = sa->session_id;
        v.local = sa->local;
        v.remote = sa->peer;
        v.local_port = sa->natt ? v2_->options().natt_port : v2_->options().port;
        v.remote_port = sa->peer_port;
        v.status = v2::show_name(sa->state);
        if (sa->suite) {
            v.encryption = v2::encryption_show_name(sa->suite->encr, sa->suite->encr_bits);
            v.key_bits = sa->suite->encr == v2::EncrId::ENCR_3DES ? 0 : sa->suite->encr_bits;
            v.prf = v2::prf_show_name(sa->suite->prf);
            v.hash = v2::integrity_show_name(sa->suite->integ);
            v.group = sa->suite->group;
        }
        if (sa->config) {
            v.lifetime_seconds = sa->config->lifetime_seconds;
            v.dpd_interval = sa->config->dpd_interval.value_or(0);
            v.dpd_retry = sa->config->dpd_interval ? sa->config->dpd_retry : 0;
        }
        v.active_seconds = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now - sa->created).count() *
                                                      1000 / std::max<std::int64_t>(1, v2_->options().time_unit.count()));
        v.local_spi = v2::hex(sa->initiator ? sa->spi_i : sa->spi_r);
        v.remote_spi = v2::hex(sa->initiator ? sa->spi_r : sa->spi_i);
        v.local_id = sa->config && !sa->config->local_id.data.empty() ? v2::identity_text(sa->config->local_id) : v2::ip(sa->local);
        v.remote_id = sa->authenticated ? v2::identity_text(sa->peer_id) : "";
        v.initiator = sa->initiator;
        v.nat_detected = sa->natt_detected;
        v.nat_inside = sa->nat_inside;
        v.nat_outside = sa->nat_outside;
        v.fragmentation_mtu = sa->config && sa->config->fragmentation_mtu ? *sa->config->fragmentation_mtu : 0;
        v.fragmentation_in_use = sa->fragmentation;
        v.local_next_message_id = sa->next_request_id;
        v.remote_next_message_id = sa->expected_peer_id;
        for (const auto& c : sa->children) {
            handoff::Ikev2ChildView cv;
            cv.selector = c.selector;
            cv.spi_in = c.spi_in;
            cv.spi_out = c.spi_out;
            auto suite = v2::child_suite(c.transform);
            cv.encryption = v2::encryption_show_name(suite.encr, suite.encr_bits);
            cv.key_bits = suite.encr == v2::EncrId::ENCR_3DES ? 0 : suite.encr_bits;
            cv.esp_hmac = v2::integrity_show_name(suite.integ);
            cv.transport = c.transform.transport;
            v.child_sas.push_back(std::move(cv));
        }
        out.push_back(std::move(v));
    }
    return out;
}

handoff::Ikev2StatsView IkeEngine::ikev2_stats() const {
    handoff::Ikev2StatsView v;
    auto pol = ctx_->policy();
    v.max_sa = pol && pol->ikev2.max_sa ? *pol->ikev2.max_sa : 0;  // IOS: 0, no limit
    v.max_in_negotiation = pol && pol->ikev2.max_in_negotiation_sa ? *pol->ikev2.max_in_negotiation_sa : v2_->options().max_half_open;
    for (const auto& [spi, sa] : std::as_const(*v2_).sas()) {
        bool up = sa->state == v2::SaState::READY;
        (sa->initiator ? v.outgoing_total : v.incoming_total) += 1;
        (sa->initiator ? v.outgoing_active : v.incoming_active) += up;
        (sa->initiator ? v.outgoing_negotiating : v.incoming_negotiating) += sa->state == v2::SaState::IN_NEG;
    }
    v.counters = std::as_const(*v2_).stats();
    return v;
}

void IkeEngine::clear_ikev2(std::optional<std::uint32_t> peer) {
    std::vector<v2::Spi> all;
    for (const auto& [spi, sa] : v2_->sas())
        if (!peer || sa->peer == *peer) all.push_back(spi);
    for (const auto& spi : all)
        if (auto* sa = v2_->find(spi)) v2::informational::send_ike_delete(*v2_, *sa);
    drop_waiting(true, peer);
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
    // What waited to negotiate goes with what negotiated: the flows ask again with their traffic.
    if (!conn_id) drop_waiting(false, std::nullopt);
}

void IkeEngine::delete_child(std::uint32_t peer, std::uint32_t spi_in) {
    for (auto& [spi, sa] : v2_->sas())
        if (sa->peer == peer && std::any_of(sa->children.begin(), sa->children.end(), [&](const auto& c) { return c.spi_in == spi_in; }))
            return v2::informational::send_child_delete(*v2_, *sa, spi_in);
    ctx_->negotiated().erase_if([&](const v1::NegotiatedPair& p) { return p.peer == peer && p.spi_in == spi_in; });
    if (IkeSa* newest = ctx_->newest_established(peer)) v1::informational::send_child_delete(*ctx_, *newest, spi_in);
}

}  // namespace routerd::ike
