#include "engine/ike/v1/context.hpp"

#include <algorithm>

#include "engine/ike/v1/message.hpp"

namespace routerd::ike::v1 {

namespace {
template <typename Octets>
std::uint64_t as_u64(const Octets& o) {
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < 8 && i < o.size(); ++i) x = x << 8 | o[i];
    return x;
}
}  // namespace

Context::Context(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks)
    : transport_(transport),
      clock_(clock),
      options_(options),
      hooks_(std::move(hooks)),
      authenticator_(hooks_.policy),
      retransmitter_(clock, options_.retransmit_base, options_.retransmit_attempts,
                     {[this](const core::ExchangeKey& key, const Bytes& message, int attempt) { return retransmit(*this, key, message, attempt); },
                      [this](const core::ExchangeKey& key) { retransmissions_exhausted(*this, key); }}),
      sas_(0, CookieHash{as_u64(random_bytes(8))}) {}

// The cookie xor the key, through a 64-bit finalizer (MurmurHash3's fmix64): every bit of both
// reaches every bit of the bucket index.
std::size_t CookieHash::operator()(const Cookie& c) const noexcept {
    std::uint64_t x = key ^ as_u64(c);
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return static_cast<std::size_t>(x);
}

IkeSa* Context::find(const Cookie& cky_i) {
    auto it = sas_.find(cky_i);
    return it == sas_.end() ? nullptr : it->second.get();
}

std::vector<IkeSa*> Context::sas_with(std::uint32_t peer) {
    std::vector<IkeSa*> out;
    if (auto it = by_peer_.find(peer); it != by_peer_.end())
        for (const auto& c : it->second) out.push_back(sas_.at(c).get());
    return out;
}

IkeSa* Context::newest_established(std::uint32_t peer) {
    IkeSa* newest = nullptr;
    for (IkeSa* sa : sas_with(peer))
        if (sa->state == Phase1State::QM_IDLE && (!newest || sa->established_order > newest->established_order)) newest = sa;
    return newest;
}

void Context::count(const IkeSa& sa, int change) {
    if (!sa.established) negotiating_.change(sa.initiator, change);
}

IkeSa& Context::add(std::unique_ptr<IkeSa> sa) {
    sa->created = sa->last_heard = clock_.now();
    sa->created_order = next_event();
    if (auto old = sas_.find(sa->cky_i); old != sas_.end()) {
        count(*old->second, -1);
        unindex(*old->second);
    }
    count(*sa, +1);
    IkeSa& ref = *sa;
    by_peer_[sa->peer].push_back(sa->cky_i);
    sas_[sa->cky_i] = std::move(sa);
    return ref;
}

void Context::unindex(const IkeSa& sa) {
    auto it = by_peer_.find(sa.peer);
    if (it == by_peer_.end()) return;
    std::erase(it->second, sa.cky_i);
    if (it->second.empty()) by_peer_.erase(it);
}

void Context::erase(const Cookie& cky_i) {
    retransmitter_.disarm_all(cky_i);
    auto it = sas_.find(cky_i);
    if (it == sas_.end()) return;
    count(*it->second, -1);
    unindex(*it->second);
    // A Quick Mode we were answering dies with its IKE SA: its early inbound SA with it.
    for (const auto& [mid, qm] : it->second->quick_modes) quick_mode_ended(*it->second, qm);
    auto pending = std::move(it->second->pending);
    sas_.erase(it);
    for (const auto& p : pending) negotiation_failed(p.entry_key, p.selector);
}

void Context::quick_mode_ended(const IkeSa& sa, const QuickMode& qm) const {
    if (qm.initiator || qm.state != QuickModeState::IKE_QM_R_QM2 || !qm.spi_in) return;
    if (hooks_.on_inbound_sa_abandoned) hooks_.on_inbound_sa_abandoned(sa.local, qm.spi_in);
}

void Context::mark_established(IkeSa& sa) {
    count(sa, -1);
    sa.established = clock_.now();
    sa.established_order = next_event();
}

std::uint32_t Context::local_for(std::uint32_t peer) const { return local_address_toward(options_, hooks_, peer); }

std::uint32_t Context::local_answering(std::uint32_t peer, std::uint32_t contacted) const {
    return local_address_answering(options_, hooks_, peer, contacted);
}

std::unique_ptr<DiffieHellman> Context::make_key_pair(int group) const { return ike::make_key_pair(hooks_, group); }

void Context::debug(const IkeSa* sa, std::string_view text) const {
    if (!isakmp_debugging()) return;
    std::string line = "ISAKMP:(" + std::to_string(sa ? sa->conn_id : 0) + "):";
    line.append(text);
    hooks_.isakmp_debug(line);
}

Debug Context::proposal_debug(const IkeSa* sa) const {
    if (!isakmp_debugging()) return {};
    return [this, sa](const std::string& text) { debug(sa, text); };
}

void Context::isakmp_debug(std::string_view line) const {
    if (isakmp_debugging()) hooks_.isakmp_debug(std::string(line));
}

void Context::ipsec_debug(const std::string& line) const {
    if (hooks_.ipsec_debug) hooks_.ipsec_debug(line);
}

void Context::log(int severity, const std::string& message) const {
    if (hooks_.log) hooks_.log(severity, message);
}

void Context::bad_message(std::uint32_t peer) const {
    log(4, "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from " + ip(peer) + " failed its sanity check or is malformed");
}

void Context::mode_failure(const IkeSa* sa, Mode mode, std::uint32_t peer, const std::string& why) const {
    debug(sa, why);
    const char* name = mode == Mode::MAIN ? "Main" : mode == Mode::AGGRESSIVE ? "Aggressive" : "Quick";
    log(6, std::string("%CRYPTO-6-IKMP_MODE_FAILURE: Processing of ") + name + " mode failed with peer at " + ip(peer));
}

void Context::transition(IkeSa& sa, Phase1Step to) const {
    if (isakmp_debugging()) debug(&sa, std::string("Old State = ") + debug_name(sa.step) + "  New State = " + debug_name(to));
    sa.step = to;
}

void Context::transition(IkeSa& sa, QuickMode& qm, QuickModeState to) const {
    if (isakmp_debugging()) debug(&sa, std::string("Old State = ") + debug_name(qm.state) + "  New State = " + debug_name(to));
    qm.state = to;
}

bool Context::admit_new_sa(std::uint32_t peer, bool responder) {
    auto pol = policy();
    // IOS's Call Admission Control for IKE: the total limit applies only where no SA exists
    // with the peer yet ("every effort is made to preserve existing SAs"), so renewals pass.
    // The in-negotiation limit guards unauthenticated state, which an address proves nothing
    // about, so it applies to every offer.
    if (auto total = pol ? pol->admission_sa_limit : std::nullopt; total && sas_.size() >= *total) {
        bool known = by_peer_.count(peer) > 0;
        if (!known) return deny(peer, responder, std::to_string(sas_.size()) + " IKE SAs (limit " + std::to_string(*total) + ")");
    }
    std::size_t in_negotiation = pol && pol->admission_in_negotiation_limit ? *pol->admission_in_negotiation_limit : options_.max_half_open;
    if (responder && negotiating_.responders() >= in_negotiation)
        return deny(peer, responder, std::to_string(negotiating_.responders()) + " SAs in negotiation (limit " + std::to_string(in_negotiation) + ")");
    return true;
}

bool Context::deny(std::uint32_t peer, bool responder, const std::string& why) {
    debug(nullptr, std::string(responder ? " offer from " : " new SA with ") + ip(peer) + " refused by call admission control: " + why);
    ++denied_unlogged_;
    auto now = clock_.now();
    if (!last_denial_logged_ || now - *last_denial_logged_ >= std::chrono::seconds(60)) {
        log(4, "%CRYPTO-4-IKE_DENY_SA_REQ: IKE denied " + std::to_string(denied_unlogged_) + " SA request" +
                   (denied_unlogged_ == 1 ? "" : "s") + ", the last " + (responder ? "from " : "to ") + ip(peer) + ": " + why);
        last_denial_logged_ = now;
        denied_unlogged_ = 0;
    }
    return false;
}

void Context::record_failure(std::uint32_t peer, const std::string& text) {
    constexpr std::size_t kMaxPeers = 256;
    if (failures_.insert_or_assign(peer, text).second) {
        std::erase(failure_order_, peer);  // cleared before: its old place in the order goes
        failure_order_.push_back(peer);
        if (failure_order_.size() > kMaxPeers) {
            failures_.erase(failure_order_.front());
            failure_order_.erase(failure_order_.begin());
        }
    }
}

void Context::defer(core::Duration after, std::function<void()> work) {
    // Timers that fired are dropped here, not in their own callback.
    std::erase_if(deferred_, [](const std::unique_ptr<Deferred>& d) { return d->done; });
    auto d = std::make_unique<Deferred>();
    d->timer = clock_.make_timer();
    Deferred* raw = d.get();
    raw->timer->arm(after, [raw, work = std::move(work)] {
        raw->done = true;
        work();
    });
    deferred_.push_back(std::move(d));
}

void Context::session_status(std::uint32_t peer, bool up) const {
    auto pol = policy();
    if (!hooks_.log || !pol || !pol->log_sessions) return;
    log(5, std::string("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is ") + (up ? "UP  .  " : "DOWN. ") + "Peer " + ip(peer) + ":" +
               std::to_string(options_.peer_port) + "       Id: " + ip(peer));
}

}  // namespace routerd::ike::v1
