#pragma once
// What every IKEv1 exchange works with: the engine's options and hooks, the transport and the
// clock, the SA table, the retransmitter, and the IPsec SA pairs negotiated (for rekeying).
// The exchange files (main_mode, aggressive_mode, quick_mode, informational, dpd, nat_d,
// lifetimes) are free functions over a Context and one IkeSa.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/ike/core/authenticator.hpp"
#include "engine/ike/core/clock.hpp"
#include "engine/ike/core/negotiating.hpp"
#include "engine/ike/core/random_pool.hpp"
#include "engine/ike/core/retransmitter.hpp"
#include "engine/ike/core/transport.hpp"
#include "engine/ike/engine_options.hpp"
#include "engine/ike/v1/ike_sa.hpp"
#include "engine/ike/v1/negotiated_pairs.hpp"

namespace routerd::ike::v1 {

// The SA table's hash. Initiator cookies come from peers: keyed with a secret of this engine's,
// the hash gives a peer no way to choose cookies that share a bucket.
struct CookieHash {
    std::uint64_t key = 0;
    std::size_t operator()(const Cookie& c) const noexcept;
};
using SaTable = std::unordered_map<Cookie, std::unique_ptr<IkeSa>, CookieHash>;

// Which phase 1 exchange failed, for IOS's %CRYPTO-6-IKMP_MODE_FAILURE.
enum class Mode { MAIN, AGGRESSIVE, QUICK };

class Context {
public:
    Context(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks);

    const EngineOptions& options() const { return options_; }
    const EngineHooks& hooks() const { return hooks_; }
    // Cookies, SPIs, nonces and message IDs (values sent in the clear; see RandomPool).
    core::RandomPool& random() { return random_; }
    core::Clock& clock() { return clock_; }
    core::Transport& transport() { return transport_; }
    core::Retransmitter& retransmitter() { return retransmitter_; }
    const core::Authenticator& authenticator() const { return authenticator_; }
    std::shared_ptr<const policy::PolicySet> policy() const { return hooks_.policy(); }

    // The SA table, by initiator cookie (RFC 2408 3.1: the cookie pair names the SA; the
    // initiator's alone is unique here as ours are random and a peer's are checked with the
    // responder cookie on every message).
    // Hashed, not ordered: a lookup per message at 100,000 SAs (issue 14). The order of a walk
    // over it is no order (IOS's own `show crypto isakmp sa` is not sorted either).
    SaTable& sas() { return sas_; }
    const SaTable& sas() const { return sas_; }
    IkeSa* find(const Cookie& cky_i);
    // The SAs with `peer`, in any state. Most questions about the table are per peer; asking
    // the whole table for each made tunnel setup quadratic in the number of SAs (issue 14).
    std::vector<IkeSa*> sas_with(std::uint32_t peer);
    // The IKE SA with `peer` that phase 1 completed last: the one that stays longest while an
    // older one is being replaced (lifetimes.hpp). nullptr when none is up.
    IkeSa* newest_established(std::uint32_t peer);
    // A new SA in the table: created now, heard from now.
    IkeSa& add(std::unique_ptr<IkeSa> sa);
    // Forgets an SA and anything waiting on it; references to it are dead afterwards.
    void erase(const Cookie& cky_i);
    // A Quick Mode of `sa` ends: if we answered it and its inbound SA went in before QM3
    // (EngineHooks::on_inbound_sa), that SA goes (EngineHooks::on_inbound_sa_abandoned).
    // Call before the Quick Mode is forgotten; a completed one is a pair and keeps it.
    void quick_mode_ended(const IkeSa& sa, const QuickMode& qm) const;
    // Phase 1 of `sa` completed (the one place `established` is set).
    void mark_established(IkeSa& sa);
    // Phase 1 exchanges we started that have not completed (EngineOptions::max_initiating).
    std::size_t initiating() const { return negotiating_.initiators(); }
    // Told when one of them completes or goes, inside that table change: it must not start
    // another there (IkeEngine defers to its clock).
    void on_initiator_done(std::function<void()> done) { negotiating_.on_initiator_done(std::move(done)); }

    NegotiatedPairs& negotiated() { return negotiated_; }

    std::uint32_t next_conn_id() { return ++conn_ids_; }
    std::uint64_t next_event() { return ++events_; }
    // The address we speak from toward `peer`.
    std::uint32_t local_for(std::uint32_t peer) const;
    // The address we answer `peer` from, whose first message reached our address `contacted`.
    std::uint32_t local_answering(std::uint32_t peer, std::uint32_t contacted) const;
    std::unique_ptr<DiffieHellman> make_key_pair(int group) const;

    // `debug crypto isakmp` line of one SA: "ISAKMP:(1001):text".
    void debug(const IkeSa* sa, std::string_view text) const;  // a literal line costs nothing while debugging is off
    void isakmp_debug(std::string_view line) const;
    // Whether debug()/isakmp_debug() lines go anywhere now: a line costly to build (on a path
    // every tunnel takes) is built only then.
    bool isakmp_debugging() const { return hooks_.isakmp_debug && (!hooks_.isakmp_debugging || hooks_.isakmp_debugging()); }
    // debug() of `sa` as phase1_select/phase2_select take it: unset while debugging is off, so
    // that their lines on every transform checked are not built.
    Debug proposal_debug(const IkeSa* sa) const;
    void ipsec_debug(const std::string& line) const;
    bool ipsec_debugging() const { return static_cast<bool>(hooks_.ipsec_debug); }
    void log(int severity, const std::string& message) const;
    // A datagram from `peer` that does not decode: IOS's %CRYPTO-4-IKMP_BAD_MESSAGE.
    void bad_message(std::uint32_t peer) const;
    // An exchange failed: why in the debug, IOS's %CRYPTO-6-IKMP_MODE_FAILURE in the log.
    void mode_failure(const IkeSa* sa, Mode mode, std::uint32_t peer, const std::string& why) const;
    // IOS's "Old State = X  New State = Y".
    void transition(IkeSa& sa, Phase1Step to) const;
    void transition(IkeSa& sa, QuickMode& qm, QuickModeState to) const;
    // A new IKE SA with `peer` may be made (IOS's Call Admission Control for IKE): false, said in
    // debug and in the log at most once a minute with the count refused, while the table holds
    // `crypto call admission limit ike sa` SAs and none is with this peer, or, for an offer we
    // answer, while `... in-negotiation-sa` (else options().max_half_open) responder SAs negotiate.
    bool admit_new_sa(std::uint32_t peer, bool responder);
    // A negotiation we started for a flow ended without a pair (EngineHooks::on_negotiation_failed).
    void negotiation_failed(const std::string& entry_key, const policy::Selector& selector) const {
        if (hooks_.on_negotiation_failed) hooks_.on_negotiation_failed(entry_key, selector);
    }
    // Runs `work` once after `after` on the engine's clock (a deferred hand-over to IPsec).
    void defer(core::Duration after, std::function<void()> work);
    // %CRYPTO-5-SESSION_STATUS with `crypto logging session`.
    void session_status(std::uint32_t peer, bool up) const;

    // The last failure with each peer, in plain words (diagnosis::report), until a pair with it
    // is negotiated. Bounded: spoofed offers from many sources must not grow it without end.
    void record_failure(std::uint32_t peer, const std::string& text);
    void clear_failure(std::uint32_t peer) { failures_.erase(peer); }
    const std::map<std::uint32_t, std::string>& failures() const { return failures_; }

private:
    void unindex(const IkeSa& sa);  // takes `sa` out of by_peer_
    void count(const IkeSa& sa, int change);  // into negotiating_
    bool deny(std::uint32_t peer, bool responder, const std::string& why);

    core::Transport& transport_;
    core::Clock& clock_;
    EngineOptions options_;
    EngineHooks hooks_;
    core::RandomPool random_;
    core::ConfiguredKeys authenticator_;
    core::Retransmitter retransmitter_;
    SaTable sas_;
    std::unordered_map<std::uint32_t, std::vector<Cookie>> by_peer_;  // the cookies in sas_, by peer
    NegotiatedPairs negotiated_;
    std::uint32_t conn_ids_ = 1000;
    std::uint64_t events_ = 0;
    // SAs whose phase 1 has not completed, kept by add/erase/mark_established.
    core::Negotiating negotiating_;
    std::optional<core::TimePoint> last_denial_logged_;
    std::size_t denied_unlogged_ = 0;
    std::map<std::uint32_t, std::string> failures_;
    struct Deferred {
        std::unique_ptr<core::Timer> timer;
        bool done = false;
    };
    std::vector<std::unique_ptr<Deferred>> deferred_;
    std::vector<std::uint32_t> failure_order_;  // oldest first, to forget beyond the bound
};

}  // namespace routerd::ike::v1
