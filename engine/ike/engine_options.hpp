#pragma once
// What the owner of an IKE engine tells it (options) and what it hears back (hooks).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/handoff/child_sa.hpp"
#include "engine/ike/core/crypto.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike {

using Debug = std::function<void(const std::string&)>;

// The kinds of `debug crypto ikev2` line. IOS: the default debugging prints the exchanges'
// events, each message's summary and the errors; `packet` each message's payloads one by one;
// `internal` the crypto engine's steps; `error` the errors alone.
enum class Ikev2DebugKind { EVENT, PACKET, INTERNAL, ERROR };

struct EngineOptions {
    std::uint32_t local_address = 0;  // IPv4 host order; 0 = any
    std::uint16_t port = 500;
    std::uint16_t peer_port = 500;  // where peers listen (the same in a lab of ours)
    // Retransmission of an unanswered message: the first wait, doubled each time, and how
    // many times before the SA is given up (IOS: 5 attempts).
    std::chrono::milliseconds retransmit_base{1000};
    int retransmit_attempts = 5;
    std::uint16_t natt_port = 4500;  // our NAT-T port (RFC 3947 4)
    // Where peers listen for NAT-T, when it is not our own port: the benchmark's initiators
    // (bench/ike_rate.cpp) share one process on ports of their own and float to a responder's 4500.
    std::optional<std::uint16_t> peer_natt_port;
    std::uint16_t peers_natt_port() const { return peer_natt_port.value_or(natt_port); }
    // Behave as if a NAT were in the way (strongSwan's forceencaps): for tests and for paths
    // that break plain ESP.
    bool force_encapsulation = false;
    // What one second of configured time means (keepalives, lifetimes): tests make it shorter.
    std::chrono::milliseconds time_unit{1000};
    // Responder SAs still negotiating phase 1 (unauthenticated state a spoofed flood can make):
    // offers beyond this many are refused until some complete or expire.
    std::size_t max_half_open = 1000;
    // IKE SAs we start and that have not authenticated yet (IKEv1 phase 1, IKEv2 IKE_SA_INIT and
    // IKE_AUTH): traffic for more new peers than this waits its turn (IkeEngine::initiate), in
    // the order it came. After an outage or `clear crypto
    // session` every flow asks at once; started together, a thousand Main Modes advance in
    // lockstep, each message waiting behind every other tunnel's, and retransmissions add work
    // just when there is least CPU to spare (lab recovery at 1,000 peers: every tunnel back
    // only at the end, 61-161 s under TCG). Paced, tunnels come back one after another. routerd's
    // own: IOS's call admission refuses beyond its limits rather than queueing. 0: no limit.
    // A turn is held until the SA authenticates or fails, so peers that do not answer hold theirs
    // through the retransmissions (about a minute): the limit is set well above the few dead
    // peers a head end usually has.
    std::size_t max_initiating = 64;
    // The Quick Mode initiator's outbound SA goes in this long after QM3 is sent (its inbound SA
    // before QM3, which lets the peer send on the pair). A responder such as strongSwan or
    // Libreswan installs its inbound SA only when QM3 arrives; the packets the kernel held for
    // the flow leave as soon as our outbound SA is there, and would otherwise reach the peer
    // before its SA (IOS's `.!!!!`). Zero: at once.
    std::chrono::milliseconds outbound_install_delay{300};
};

struct EngineHooks {
    std::function<std::shared_ptr<const policy::PolicySet>()> policy;
    std::function<void(const handoff::ChildSa&)> on_child_sa;
    // The responder's inbound SA, as it answers QM1 and before QM3: the initiator starts
    // sending on the new pair as soon as it has QM2, so the inbound SA must already be there
    // (a rekey under traffic loses nothing). on_child_sa follows with the whole pair.
    std::function<void(const handoff::ChildSa&)> on_inbound_sa;
    // That Quick Mode ended without QM3 (its retransmissions ran out, HASH(3) was wrong, or its
    // IKE SA went: INITIAL-CONTACT, DPD, a Delete, `clear crypto isakmp`): the inbound SA that
    // on_inbound_sa handed over, (local address, SPI), will never be part of a pair and goes.
    std::function<void(std::uint32_t local, std::uint32_t spi_in)> on_inbound_sa_abandoned;
    Debug isakmp_debug;  // `debug crypto isakmp` lines (without the "ISAKMP:" prefix handling)
    // Whether isakmp_debug lines are wanted now: a responder builds some thirty a tunnel, which
    // with debugging off were a few per cent of its time (issue 14). Unset: whenever
    // isakmp_debug is set.
    std::function<bool()> isakmp_debugging;
    Debug ipsec_debug;   // `debug crypto ipsec`
    Debug ikev2_debug;   // `debug crypto ikev2` lines, of the kinds ikev2_debugging wants
    // Whether lines of a kind are wanted now (nothing is built for a kind nobody reads). Unset:
    // every kind, whenever ikev2_debug is set.
    std::function<bool(Ikev2DebugKind)> ikev2_debugging;
    std::function<void(int severity, const std::string&)> log;  // %CRYPTO-... messages
    // With no fixed local address: the address the kernel would use toward a peer.
    std::function<std::optional<std::uint32_t>(std::uint32_t peer)> local_address_for;
    // DPD found the peer dead: its IPsec SAs must go too.
    std::function<void(std::uint32_t peer)> on_peer_dead;
    // A negotiation we started for this flow failed (phase 1 or Quick Mode): the next packet
    // may start another at once, as on IOS, instead of waiting out a hold.
    std::function<void(const std::string& entry_key, const policy::Selector&)> on_negotiation_failed;
    // The peer deleted the pair whose outbound SPI (our sending direction) is `spi_out`.
    std::function<void(std::uint32_t peer, std::uint32_t spi_out)> on_child_deleted;
    // The pair handed over with its outbound SA held (handoff::ChildSa::outbound_held) may now
    // send: its outbound SA goes in, and the kernel prefers it to the pair it replaces.
    std::function<void(std::uint32_t peer, std::uint32_t spi_out)> on_child_outbound;
    // Key pairs for a Diffie-Hellman group (the crypto seam: a test makes it fail). Unset:
    // DiffieHellman::generate.
    std::function<std::unique_ptr<DiffieHellman>(int group)> make_key_pair;
    // IKEv2 nonces (the seam a test uses to order them, as RFC 7296 2.8's collision rules
    // depend on their order). Unset: random_bytes.
    std::function<Bytes(std::size_t)> make_nonce;
};

// The address an engine speaks from toward `peer`: the configured one, else the kernel's choice
// (0: not known). Both IKE versions ask it the same way.
inline std::uint32_t local_address_toward(const EngineOptions& options, const EngineHooks& hooks, std::uint32_t peer) {
    if (options.local_address) return options.local_address;
    if (hooks.local_address_for)
        if (auto a = hooks.local_address_for(peer)) return *a;
    return 0;
}

// The address a responder speaks from toward `peer`, whose first message reached our address
// `contacted` (0: not known): the configured one, else `contacted`, since a response goes out
// from the address its request was sent to (RFC 7296 2.11; IOS answers an IKEv1 peer from the
// address it reached), else the kernel's choice.
inline std::uint32_t local_address_answering(const EngineOptions& options, const EngineHooks& hooks, std::uint32_t peer,
                                             std::uint32_t contacted) {
    if (options.local_address || !contacted) return local_address_toward(options, hooks, peer);
    return contacted;
}

// A key pair for a Diffie-Hellman group, through the hooks' seam when a test set one.
inline std::unique_ptr<DiffieHellman> make_key_pair(const EngineHooks& hooks, int group) {
    return hooks.make_key_pair ? hooks.make_key_pair(group) : DiffieHellman::generate(group);
}

}  // namespace routerd::ike
