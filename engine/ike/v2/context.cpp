#include "engine/ike/v2/context.hpp"

#include "engine/config/running_config.hpp"
#include "engine/ike/v2/packet_debug.hpp"

namespace routerd::ike::v2 {

std::string ip(std::uint32_t a) { return config::format_ipv4(a); }

const char* show_name(SaState s) {
    switch (s) {
        case SaState::IN_NEG: return "IN-NEG";
        case SaState::READY: return "READY";
        case SaState::DELETE: return "DELETE";
    }
    return "UNKNOWN";
}

SkKeys IkeSa::outbound_keys() const {
    return SkKeys{suite->encr, suite->integ, initiator ? keys.sk_ei : keys.sk_er, initiator ? keys.sk_ai : keys.sk_ar};
}

SkKeys IkeSa::inbound_keys() const {
    return SkKeys{suite->encr, suite->integ, initiator ? keys.sk_er : keys.sk_ei, initiator ? keys.sk_ar : keys.sk_ai};
}

Context::Context(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks, PeerConfigSource config)
    : transport_(transport),
      clock_(clock),
      options_(options),
      hooks_(std::move(hooks)),
      config_(std::move(config)),
      retransmitter_(clock, options.retransmit_base, options.retransmit_attempts,
                     core::Retransmitter::Events{
                         [this](const core::ExchangeKey& k, const Bytes& message, int attempt) {
                             IkeSa* sa = find(k.sa);
                             if (!sa) return false;
                             debug(sa, "Retransmitting packet (attempt " + std::to_string(attempt) + ")");
                             send_to(*sa, message);
                             return true;
                         },
                         [this](const core::ExchangeKey& k) {
                             IkeSa* sa = find(k.sa);
                             if (!sa) return;
                             // An unauthenticated refusal of our IKE_SA_INIT that we waited out
                             // (RFC 7296 2.21.1) is the reason, now that no valid answer came.
                             if (!sa->authenticated && !sa->init_error.empty())
                                 return fail(*sa, sa->init_error + " (no valid answer followed)");
                             abandon(*sa, "Maximum number of retransmissions reached");
                         }}),
      cookie_secret_since_(clock.now()) {}

IkeSa* Context::find(const Spi& spi_i) {
    auto it = sas_.find(spi_i);
    return it == sas_.end() ? nullptr : it->second.get();
}

void Context::count(const IkeSa& sa, int change) {
    if (!sa.authenticated) negotiating_.change(sa.initiator, change);
}

std::vector<IkeSa*> Context::sas_with(std::uint32_t peer) const {
    std::vector<IkeSa*> out;
    if (auto it = by_peer_.find(peer); it != by_peer_.end())
        for (const auto& spi : it->second) out.push_back(sas_.at(spi).get());
    return out;
}

IkeSa* Context::add(std::unique_ptr<IkeSa> sa) {
    if (sa->spi_i == Spi{} || sas_.count(sa->spi_i)) return nullptr;
    sa->created = clock_.now();
    sa->last_heard = sa->created;
    sa->created_order = next_event();
    if (sa->authenticated) sa->authenticated_order = sa->created_order;  // a rekey's successor
    count(*sa, +1);
    by_peer_[sa->peer].push_back(sa->spi_i);
    auto key = sa->spi_i;
    return (sas_[key] = std::move(sa)).get();
}

void Context::mark_authenticated(IkeSa& sa) {
    count(sa, -1);
    sa.authenticated = true;
    sa.authenticated_order = next_event();
}

void Context::erase(const Spi& spi_i) {
    retransmitter_.disarm_all(spi_i);
    auto it = sas_.find(spi_i);
    if (it == sas_.end()) return;
    count(*it->second, -1);
    if (auto peer = by_peer_.find(it->second->peer); peer != by_peer_.end()) {
        std::erase(peer->second, spi_i);
        if (peer->second.empty()) by_peer_.erase(peer);
    }
    sas_.erase(it);
}

void Context::fail_waiting(IkeSa& sa) {
    if (sa.child && sa.child->rekey_of == std::nullopt && sa.initiator) negotiation_failed(sa.child->flow);
    sa.child.reset();
    for (const auto& flow : sa.pending) negotiation_failed(flow);
    sa.pending.clear();
}

void Context::abandon(IkeSa& sa, const std::string& why) {
    debug(Ikev2DebugKind::ERROR, &sa, "Abort exchange: " + why);
    if (sa.initiator && !sa.authenticated) ++stats_.outgoing_rejected;
    // An SA we were deleting that the peer did not answer is simply gone: that says nothing of
    // the peer's other SAs.
    if (sa.authenticated && sa.state != SaState::DELETE) {
        // An SA that was up and stopped answering: the peer is dead, its pairs go (IOS's DPD).
        log(5, "%IKEV2-5-SA_DOWN: SA DOWN with " + ip(sa.peer) + ": " + why);
        for (const auto& c : sa.children)
            if (hooks_.on_child_deleted) hooks_.on_child_deleted(sa.peer, c.spi_out);
        if (hooks_.on_peer_dead) hooks_.on_peer_dead(sa.peer);
    }
    fail_waiting(sa);
    erase(sa.spi_i);
}

void Context::fail(IkeSa& sa, const std::string& why) {
    record_failure(sa.peer, why);
    abandon(sa, why);
}

void Context::record_failure(std::uint32_t peer, const std::string& reason) {
    // Bounded as IKEv1's: spoofed offers from many sources must not grow it without end, nor a
    // long offer make a long line.
    constexpr std::size_t kLongest = 300;
    std::string why = reason.size() > kLongest ? reason.substr(0, kLongest) + "..." : reason;
    auto now = clock_.now();
    if (!last_failure_logged_ || now - *last_failure_logged_ >= options_.time_unit) {
        last_failure_logged_ = now;
        log(4, "%IKEV2-5-NEGOTIATION_FAILED: IKEv2 negotiation with " + ip(peer) + " failed: " + why);
    }
    if (failures_.size() < 1000 || failures_.count(peer)) failures_[peer] = why;
}

Bytes Context::cookie_with(const CookieSecret& s, std::span<const std::uint8_t> ni, std::uint32_t peer, const Spi& spi_i) const {
    Bytes in(ni.begin(), ni.end());
    for (int shift = 24; shift >= 0; shift -= 8) in.push_back(static_cast<std::uint8_t>(peer >> shift));
    in.insert(in.end(), spi_i.begin(), spi_i.end());
    in.insert(in.end(), s.secret.begin(), s.secret.end());
    Bytes cookie{s.version};  // RFC 7296 2.6: which secret made it
    auto h = hash(Hash::SHA2_256, in);
    cookie.insert(cookie.end(), h.begin(), h.end());
    return cookie;
}

void Context::rotate_cookie_secret() {
    auto period = std::chrono::steady_clock::duration(options_.time_unit * kCookieSecretSeconds);
    auto periods = (clock_.now() - cookie_secret_since_) / period;
    if (periods <= 0) return;
    // The one before stays good for the period after its own, no longer: after two or more
    // periods without a change (nothing asked), it is too old as well.
    if (periods == 1) previous_cookie_secret_ = std::move(cookie_secret_);
    else previous_cookie_secret_.reset();
    cookie_secret_ = CookieSecret{static_cast<std::uint8_t>((previous_cookie_secret_ ? previous_cookie_secret_->version : cookie_secret_.version) + 1),
                                  random_bytes(32)};
    cookie_secret_since_ += periods * period;
}

Bytes Context::cookie_for(std::span<const std::uint8_t> ni, std::uint32_t peer, const Spi& spi_i) {
    rotate_cookie_secret();
    return cookie_with(cookie_secret_, ni, peer, spi_i);
}

bool Context::cookie_valid(std::span<const std::uint8_t> cookie, std::span<const std::uint8_t> ni, std::uint32_t peer, const Spi& spi_i) {
    rotate_cookie_secret();
    if (cookie.empty()) return false;
    for (const CookieSecret* s : {&cookie_secret_, previous_cookie_secret_ ? &*previous_cookie_secret_ : nullptr})
        if (s && cookie[0] == s->version) return equal_in_constant_time(cookie, cookie_with(*s, ni, peer, spi_i));
    return false;
}

bool Context::admit_responder(std::uint32_t peer, const PeerConfig& config) {
    if (config.max_sa && sas_.size() >= *config.max_sa) {
        ++stats_.rejected_sa_limit;
        debug(nullptr, "Refusing the IKE_SA_INIT of " + ip(peer) + ": crypto ikev2 limit max-sa " + std::to_string(*config.max_sa) + " reached");
        return false;
    }
    std::size_t half_open = this->half_open();
    if (half_open < max_in_negotiation(&config)) return true;
    ++stats_.rejected_resource;
    auto now = clock_.now();
    if (!last_denial_logged_ || now - *last_denial_logged_ >= options_.time_unit * 60) {
        last_denial_logged_ = now;
        log(4, "%CRYPTO-4-IKE_DENY_SA_REQ: IKE denied an IKEv2 SA request from " + ip(peer) + ": " + std::to_string(half_open) +
                   " SAs in negotiation");
    }
    debug(nullptr, "Refusing the IKE_SA_INIT of " + ip(peer) + ": " + std::to_string(half_open) + " SAs in negotiation");
    return false;
}

std::uint32_t Context::local_for(std::uint32_t peer) const { return local_address_toward(options_, hooks_, peer); }

std::uint32_t Context::local_answering(std::uint32_t peer, std::uint32_t contacted) const {
    return local_address_answering(options_, hooks_, peer, contacted);
}

std::unique_ptr<DiffieHellman> Context::make_key_pair(int group) const { return ike::make_key_pair(hooks_, group); }

void Context::send_to(std::uint32_t local, core::Endpoint peer, bool natt, const Bytes& message) {
    if (message.empty()) return debug(nullptr, "A message to " + ip(peer.address) + " could not be built (too long); not sent");
    debug_packet(true, local, peer, natt, message);
    if (auto err = transport_.send(local, peer, natt, message)) debug(nullptr, "Failed to send to " + ip(peer.address) + ": " + *err);
}

void Context::send_request(IkeSa& sa, ExchangeType exchange, std::vector<Bytes> datagrams) {
    std::uint32_t id = sa.next_request_id++;
    sa.outstanding = id;
    sa.outstanding_exchange = exchange;
    if (datagrams.empty()) debug(&sa, "A request could not be built (too long for its fragments); not sent");
    for (const auto& d : datagrams) send_to(sa, d);
    retransmitter_.arm({sa.spi_i, id}, std::move(datagrams));
}

void Context::send_response(IkeSa& sa, std::vector<Bytes> datagrams) {
    if (datagrams.empty()) debug(&sa, "A response could not be built (too long for its fragments); not sent");
    for (const auto& d : datagrams) send_to(sa, d);
    sa.last_response = std::move(datagrams);
}

void Context::remove_child_later(std::uint32_t peer, std::uint32_t spi_out, core::Duration after) {
    delayed_removals_.push_back({peer, spi_out, clock_.now() + after});
}

void Context::remove_due_children() {
    auto now = clock_.now();
    std::vector<DelayedRemoval> due;
    std::erase_if(delayed_removals_, [&](const DelayedRemoval& r) {
        if (r.at > now) return false;
        due.push_back(r);
        return true;
    });
    for (const auto& r : due)
        if (hooks_.on_child_deleted) hooks_.on_child_deleted(r.peer, r.spi_out);
}

bool Context::debugging(Ikev2DebugKind kind) const {
    return hooks_.ikev2_debug && (!hooks_.ikev2_debugging || hooks_.ikev2_debugging(kind));
}

void Context::debug(const IkeSa* sa, const std::string& text) const { debug(Ikev2DebugKind::EVENT, sa, text); }

void Context::debug(Ikev2DebugKind kind, const IkeSa* sa, const std::string& text) const {
    if (!debugging(kind)) return;
    std::string prefix = kind == Ikev2DebugKind::ERROR ? "IKEv2-ERROR:" : "IKEv2:";
    if (!sa) return hooks_.ikev2_debug(prefix + text);
    auto id = std::to_string(sa->session_id);
    hooks_.ikev2_debug(prefix + "(SESSION ID = " + id + ",SA ID = " + id + "):" + text);
}

void Context::debug_packet(bool sending, std::uint32_t local, core::Endpoint peer, bool natt, std::span<const std::uint8_t> datagram) const {
    bool summary = debugging(Ikev2DebugKind::EVENT), detail = debugging(Ikev2DebugKind::PACKET);
    if (!summary && !detail) return;
    core::Endpoint us{local ? local : local_for(peer.address), natt ? options_.natt_port : options_.port};
    auto m = decode_message(datagram);
    if (!m) return;
    auto it = sas_.find(m.value->header.spi_i);
    const IkeSa* sa = it == sas_.end() ? nullptr : it->second.get();
    debug(summary ? Ikev2DebugKind::EVENT : Ikev2DebugKind::PACKET, sa, packet_summary(sending, peer, us, *m.value));
    if (detail) debug(Ikev2DebugKind::PACKET, sa, packet_detail(*m.value));
}

void Context::log(int severity, const std::string& message) const {
    if (hooks_.log) hooks_.log(severity, message);
}

}  // namespace routerd::ike::v2
