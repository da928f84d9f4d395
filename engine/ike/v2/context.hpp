#pragma once
// What every IKEv2 exchange works with: the engine's options and hooks, the transport and the
// clock, the SA table, the retransmitter, and the configuration source. The exchange files
// (ike_sa_init, ike_auth, informational) are free functions over a Context and one IkeSa, as
// IKEv1's are.
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/handoff/ike_sa_view.hpp"
#include "engine/ike/core/clock.hpp"
#include "engine/ike/core/negotiating.hpp"
#include "engine/ike/core/retransmitter.hpp"
#include "engine/ike/core/transport.hpp"
#include "engine/ike/engine_options.hpp"
#include "engine/ike/v2/ike_sa.hpp"

namespace routerd::ike::v2 {

class Context {
public:
    Context(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks, PeerConfigSource config);

    const EngineOptions& options() const { return options_; }
    const EngineHooks& hooks() const { return hooks_; }
    core::Clock& clock() { return clock_; }
    core::Transport& transport() { return transport_; }
    core::Retransmitter& retransmitter() { return retransmitter_; }
    std::shared_ptr<const policy::PolicySet> policy() const { return hooks_.policy ? hooks_.policy() : nullptr; }
    std::optional<PeerConfig> config_for(std::uint32_t peer, std::uint32_t local, const IdPayload* peer_id, const std::string& profile = "") const {
        return config_ ? config_(peer, local, peer_id, profile) : std::nullopt;
    }

    // The SA table by the initiator's SPI (RFC 7296 2.6: the initiator's SPI and the peer
    // name an SA until the responder's is known; every later message is checked for both).
    // Read-only: SAs come and go through add() and erase(), which keep the indexes below.
    const std::map<Spi, std::unique_ptr<IkeSa>>& sas() const { return sas_; }
    IkeSa* find(const Spi& spi_i);
    // The SAs with `peer`, oldest first. Each tunnel asks about the other SAs with its peer
    // (INITIAL_CONTACT, crossed Child SAs, a flow already under way): by the whole table, N
    // tunnels would cost N squared (issue 14).
    std::vector<IkeSa*> sas_with(std::uint32_t peer) const;
    // IKE_AUTH done: the SA is no longer a half-open one.
    void mark_authenticated(IkeSa& sa);
    // IKE SAs we started whose IKE_AUTH has not completed (EngineOptions::max_initiating), and
    // who is told, inside the table change, when one completes or goes.
    std::size_t initiating() const { return negotiating_.initiators(); }
    void on_initiator_done(std::function<void()> done) { negotiating_.on_initiator_done(std::move(done)); }
    // nullptr when the initiator's SPI is taken: a peer choosing an SPI that names another SA
    // must not replace it.
    IkeSa* add(std::unique_ptr<IkeSa> sa);
    void erase(const Spi& spi_i);
    std::uint32_t next_session_id() { return ++session_ids_; }
    std::uint64_t next_event() { return ++events_; }
    std::uint32_t local_for(std::uint32_t peer) const;
    // The address we answer `peer` from, whose request reached our address `contacted`.
    std::uint32_t local_answering(std::uint32_t peer, std::uint32_t contacted) const;
    std::unique_ptr<DiffieHellman> make_key_pair(int group) const;
    Bytes make_nonce() const { return hooks_.make_nonce ? hooks_.make_nonce(32) : random_bytes(32); }

    // Sends a request of ours (one message, or its fragments) and waits for its answer
    // (retransmitting, RFC 7296 2.1).
    void send_request(IkeSa& sa, ExchangeType exchange, std::vector<Bytes> datagrams);
    void send_request(IkeSa& sa, ExchangeType exchange, Bytes message) { send_request(sa, exchange, std::vector<Bytes>{std::move(message)}); }
    // Sends a response and keeps it for a retransmitted request.
    void send_response(IkeSa& sa, std::vector<Bytes> datagrams);
    void send_response(IkeSa& sa, Bytes message) { send_response(sa, std::vector<Bytes>{std::move(message)}); }
    // Sends without keeping (an answer for no SA: INVALID_KE_PAYLOAD, COOKIE, errors), from our
    // address `local` (0: the route's choice).
    void send_to(std::uint32_t local, core::Endpoint peer, bool natt, const Bytes& message);
    // Sends to the SA's peer, from its end of the SA.
    void send_to(const IkeSa& sa, const Bytes& message) { send_to(sa.local, {sa.peer, sa.peer_port}, sa.natt, message); }

    // `debug crypto ikev2` in IOS's words: "IKEv2:(SESSION ID = 1,SA ID = 1):text".
    // A `debug crypto ikev2` line of the SA ("IKEv2:(SESSION ID = 1,SA ID = 1):..."; errors
    // "IKEv2-ERROR:..."), when that kind is wanted; the first form is an event's.
    void debug(const IkeSa* sa, const std::string& text) const;
    void debug(Ikev2DebugKind kind, const IkeSa* sa, const std::string& text) const;
    bool debugging(Ikev2DebugKind kind) const;
    // IOS's account of a datagram sent or received (packet_debug.hpp), when debugging.
    // Our end is worked out only when someone debugs (local_for may ask the kernel's routes).
    // `local`: our address in it (0: not known).
    void debug_packet(bool sending, std::uint32_t local, core::Endpoint peer, bool natt, std::span<const std::uint8_t> datagram) const;
    void log(int severity, const std::string& message) const;
    // A negotiation we started for a flow ended without a Child SA.
    void negotiation_failed(const ChildRequest& flow) const {
        if (hooks_.on_negotiation_failed) hooks_.on_negotiation_failed(flow.entry_key, flow.selector);
    }
    // The SA is gone: its pending flows fail, it leaves the table.
    void abandon(IkeSa& sa, const std::string& why);
    // A negotiation failed for a reason worth telling the operator: said in the debug and the
    // log in plain words, kept per peer for the shows, then abandoned.
    void fail(IkeSa& sa, const std::string& why);
    // A new responder SA may be made: fewer than `crypto ikev2 limit max-in-negotiation-sa`
    // (else options().max_half_open) negotiate (RFC 7296 2.6: unauthenticated state must stay
    // bounded), and fewer than `max-sa` IKEv2 SAs exist.
    bool admit_responder(std::uint32_t peer, const PeerConfig& config);
    // `show crypto ikev2 stats`: what came and went, counted as it happened.
    using Stats = handoff::Ikev2Counters;
    Stats& stats() { return stats_; }
    const Stats& stats() const { return stats_; }
    std::size_t max_in_negotiation(const PeerConfig* config) const {
        return config && config->max_in_negotiation_sa ? *config->max_in_negotiation_sa : options_.max_half_open;
    }
    std::size_t half_open() const { return negotiating_.responders(); }
    // RFC 7296 2.6: Cookie = <VersionIDofSecret> | SHA-256(Ni | IPi | SPIi | <secret>), the
    // secret random, so that nothing is kept for the offers it answers. The secret changes
    // every kCookieSecretSeconds (2.6: "periodically"); a cookie of the one before stays good
    // for one more period, so that an initiator answering just before the change gets in.
    static constexpr int kCookieSecretSeconds = 300;
    Bytes cookie_for(std::span<const std::uint8_t> ni, std::uint32_t peer, const Spi& spi_i);
    bool cookie_valid(std::span<const std::uint8_t> cookie, std::span<const std::uint8_t> ni, std::uint32_t peer, const Spi& spi_i);
    // Moves to a new secret when the period is over (from lifetimes::tick and before each use).
    void rotate_cookie_secret();
    const std::map<std::uint32_t, std::string>& failures() const { return failures_; }
    // A failure with `peer` before any SA exists for it (a refused IKE_SA_INIT).
    void record_failure(std::uint32_t peer, const std::string& text);
    // The IKE SA's Child SAs and waiting flows fail with it (it leaves the table).
    void fail_waiting(IkeSa& sa);
    void clear_failure(std::uint32_t peer) { failures_.erase(peer); }
    // A pair we replaced by a rekey leaves IPsec `after` from now, not at once: the peer may still
    // send on it until our Delete reaches it (strongSwan keeps its own 5 s,
    // charon.delete_rekeyed_delay). The outbound side is idle already: the kernel sends on the
    // newest SA of the flow.
    void remove_child_later(std::uint32_t peer, std::uint32_t spi_out, core::Duration after);
    // Hands IPsec the pairs whose time has come (from lifetimes::tick).
    void remove_due_children();

private:
    core::Transport& transport_;
    core::Clock& clock_;
    EngineOptions options_;
    EngineHooks hooks_;
    PeerConfigSource config_;
    core::Retransmitter retransmitter_;
    std::map<Spi, std::unique_ptr<IkeSa>> sas_;
    std::unordered_map<std::uint32_t, std::vector<Spi>> by_peer_;  // the SPIs in sas_, by peer
    core::Negotiating negotiating_;  // SAs not yet authenticated (RFC 7296 2.6), by who started them
    void count(const IkeSa& sa, int change);  // into negotiating_
    std::uint32_t session_ids_ = 0;
    std::uint64_t events_ = 0;
    std::map<std::uint32_t, std::string> failures_;
    std::optional<core::TimePoint> last_denial_logged_, last_failure_logged_;
    struct CookieSecret {
        std::uint8_t version = 0;
        Bytes secret;
    };
    Bytes cookie_with(const CookieSecret& s, std::span<const std::uint8_t> ni, std::uint32_t peer, const Spi& spi_i) const;
    CookieSecret cookie_secret_{0, random_bytes(32)};
    std::optional<CookieSecret> previous_cookie_secret_;
    core::TimePoint cookie_secret_since_;
    struct DelayedRemoval {
        std::uint32_t peer = 0, spi_out = 0;
        core::TimePoint at;
    };
    std::vector<DelayedRemoval> delayed_removals_;
    Stats stats_;
};

std::string ip(std::uint32_t address);

}  // namespace routerd::ike::v2
