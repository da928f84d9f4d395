#pragma once
// One IKEv2 SA and what it carries: who the peers are, the keys, the message ID windows of both
// directions (RFC 7296 2.3, window size 1: one request of ours outstanding at a time), the last
// response sent (a retransmitted request gets it again, 2.1), and the Child SA being negotiated
// in IKE_AUTH.
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v2/encrypted_payload.hpp"
#include "engine/ike/v2/key_schedule.hpp"
#include "engine/ike/v2/peer_config.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike::v2 {

// IOS's IKEv2 SA states as `show crypto ikev2 sa` and the debug name them.
enum class SaState { IN_NEG, READY, DELETE };
const char* show_name(SaState s);

// The flow a Child SA is negotiated for: the policy entry and its selector (ours -> theirs).
// A refused or failed rekey is tried again only after a pause: 10 s, doubling each time (RFC 7296
// 2.25: TEMPORARY_FAILURE and the like ask for a later retry, not an immediate one). Shared by
// Child SA and IKE SA rekeys.
struct RetryBackoff {
    std::optional<std::chrono::steady_clock::time_point> at;  // when to try again; none: not refused
    std::chrono::steady_clock::duration pause{};
    void refused(std::chrono::steady_clock::time_point now, std::chrono::steady_clock::duration unit) {
        pause = pause.count() ? pause * 2 : unit * 10;
        at = now + pause;
    }
    bool waiting(std::chrono::steady_clock::time_point now) const { return at && now < *at; }
};

struct ChildRequest {
    std::string entry_key;
    policy::Selector selector;
};

struct ChildNegotiation {
    explicit ChildNegotiation(ChildRequest f) : flow(std::move(f)) {}
    ChildRequest flow;
    std::uint32_t spi_in = 0, spi_out = 0;
    std::vector<policy::TransformDescriptor> offered;      // what our SA payload offered
    std::optional<policy::TransformDescriptor> chosen;
    std::optional<std::uint32_t> rekey_of;  // our inbound SPI of the pair it replaces (REKEY_SA)
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
};

struct IkeSa {
    std::uint32_t session_id = 0;  // IOS's "SESSION ID", also the conn-id of the shows
    Spi spi_i{}, spi_r{};
    bool initiator = false;
    std::uint32_t local = 0, peer = 0;
    std::uint16_t peer_port = 500;
    bool natt = false;  // moved to the NAT-T port (RFC 7296 2.23)
    bool natt_detected = false;  // a NAT between us: ESP goes in UDP
    bool nat_inside = false, nat_outside = false;  // NAT-D (RFC 7296 2.23): in front of us, of the peer
    bool fragmentation = false;  // both offered RFC 7383 fragmentation in IKE_SA_INIT
    // A fragmented message being put together (RFC 7383 2.6), one per direction of exchange.
    struct Reassembly {
        std::uint32_t message_id = 0;
        std::uint16_t total = 0;
        PayloadType first = PayloadType::NONE;
        std::map<std::uint16_t, Bytes> parts;
    };
    Reassembly request_fragments, response_fragments;
    SaState state = SaState::IN_NEG;
    std::chrono::steady_clock::time_point created;

    std::optional<PeerConfig> config;
    std::optional<IkeSuite> suite;
    std::unique_ptr<DiffieHellman> dh;
    Bytes ni, nr;
    Bytes cookie;             // RFC 7296 2.6: the responder's COOKIE to send back
    Bytes init_request, init_response;  // IKE_SA_INIT as sent, for the AUTH payloads (2.15)
    IkeKeys keys;
    IdPayload peer_id;
    bool authenticated = false;
    // The engine's event order when it entered the table and when it was authenticated (its
    // IKE_AUTH, or its rekey made it already authenticated): INITIAL_CONTACT drops the SAs with
    // the peer that were up before the one that carries it began (ike_auth.cpp).
    std::uint64_t created_order = 0, authenticated_order = 0;

    // RFC 7296 2.3: the next message ID of a request of ours, and the one we expect of the
    // peer; the last response we sent, for a retransmitted request.
    std::uint32_t next_request_id = 0;
    std::uint32_t expected_peer_id = 0;
    std::vector<Bytes> last_response;  // its fragments, or the one message
    std::optional<std::uint32_t> outstanding;  // our request waiting for its answer
    ExchangeType outstanding_exchange = ExchangeType::IKE_SA_INIT;

    std::optional<ChildNegotiation> child;     // the one IKE_AUTH or CREATE_CHILD_SA carries
    Bytes child_nonce;                         // our nonce in that CREATE_CHILD_SA
    std::unique_ptr<DiffieHellman> child_dh;   // its PFS key pair
    // The Child SAs negotiated over this SA: deleting it deletes them (RFC 7296 1.4.1).
    struct ChildPair {
        std::string entry_key;
        policy::Selector selector;
        std::uint32_t spi_in = 0, spi_out = 0;
        policy::TransformDescriptor transform;  // what was agreed, for the shows
        std::chrono::steady_clock::time_point installed;
        std::uint32_t lifetime_seconds = 3600;
        bool we_initiated = false;
        bool rekeying = false;  // a rekey of it is under way or done
        bool from_ike_auth = false;  // the first Child SA of its IKE SA
        Bytes low_nonce;             // the lower nonce of the exchange that made it
        // The peer rekeyed it too (RFC 7296 2.8.1): the lower of the peer's exchange's two nonces.
        std::optional<Bytes> peer_rekey_nonce;
        RetryBackoff rekey_retry;  // after a refused rekey of it
        // The peer's rekey made it and we answered (RFC 7296 2.8): we keep sending on the pair
        // it replaces (its outbound SPI `replaces_spi_out`) until the peer deletes that one, the
        // sign that it has the new pair's keys; lifetimes.cpp lets it send anyway after a while.
        bool outbound_held = false;
        std::uint32_t replaces_spi_out = 0;
        // Held, and both ends rekeyed the same pair with the peer's exchange holding the lowest
        // nonce (2.8.1): the peer deletes this one, so it is never released.
        bool redundant = false;
    };
    std::vector<ChildPair> children;
    std::deque<ChildRequest> pending;          // flows waiting for this SA to be up
    // Our rekey of this IKE SA under way (RFC 7296 1.3.2): the new SA's SPI of ours, nonce, key.
    struct IkeRekey {
        Spi spi{};
        Bytes nonce;
        std::unique_ptr<DiffieHellman> dh;
    };
    std::optional<IkeRekey> ike_rekey;
    // The peer rekeyed it (2.8.2): the lower nonce of its exchange, and the SA it made.
    std::optional<Bytes> peer_ike_rekey_nonce;
    Spi peer_ike_rekey_spi_i{};
    bool superseded = false;  // rekeyed: its children moved to the new SA; it waits for its Delete
    // Deletes that wait for the window (RFC 7296 2.3: one request of ours at a time): the IKE
    // SA's own, and inbound SPIs of Child SAs already gone here.
    bool delete_queued = false;
    std::vector<std::uint32_t> child_deletes_queued;
    bool renewal_considered = false;  // its renewal point passed
    RetryBackoff renewal_retry;  // after our rekey of it was refused or failed
    // Since when it waits, superseded, for its Delete (lifetimes.cpp reaps it if none comes).
    std::optional<std::chrono::steady_clock::time_point> superseded_since;
    // The last unauthenticated refusal of our IKE_SA_INIT we did not act on (RFC 7296 2.21.1):
    // the reason given when the retransmissions end with no valid answer.
    std::string init_error;
    int invalid_ke_followed = 0;  // INVALID_KE_PAYLOAD answers followed (capped)
    std::chrono::steady_clock::time_point last_heard;

    // Keys for what we send and what we receive (RFC 7296 2.14: SK_ei/SK_ai protect what the
    // initiator sends).
    SkKeys outbound_keys() const;
    SkKeys inbound_keys() const;
};

// Whether a new flow may go over this SA: one being deleted or replaced by its rekey takes no new
// Child SA (RFC 7296 1.4.1, 2.8), so a flow whose peer has only such SAs needs a new IKE SA.
inline bool takes_new_children(const IkeSa& sa) { return sa.state != SaState::DELETE && !sa.superseded; }

}  // namespace routerd::ike::v2
