#pragma once
// What `show crypto isakmp sa`, `show crypto session` and their kin read of one IKE SA.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/policy/selectors.hpp"

namespace routerd::handoff {

// dst is the responder, src the initiator (IOS).
struct IkeSaView {
    std::uint32_t dst = 0, src = 0;
    std::uint32_t local = 0, remote = 0;
    std::uint16_t remote_port = 500;
    std::string remote_identity;  // the peer's phase 1 ID ("" before it is authenticated)
    std::string encryption, hash, auth;
    int encryption_bits = 0;  // AES key size
    int group = 0;
    std::uint32_t remaining_seconds = 0;
    std::string state;
    std::uint32_t conn_id = 0;
    bool active = true;
};

// One Child SA of an IKEv2 SA, as `show crypto ikev2 session [detailed]` prints it: its
// selectors (address and port ranges), SPIs and transform in IKEv2's names.
struct Ikev2ChildView {
    policy::Selector selector;  // local -> remote
    std::uint32_t spi_in = 0, spi_out = 0;
    std::string encryption, esp_hmac;  // "AES-CBC", "SHA256" ("None" with AES-GCM)
    int key_bits = 0;
    bool transport = false;
};

// What `show crypto ikev2 sa|session [detailed]` reads of one IKEv2 SA (IOS's layout).
struct Ikev2SaView {
    std::uint32_t tunnel_id = 0;  // IOS's Tunnel-id and Session-id
    std::uint32_t local = 0, remote = 0;
    std::uint16_t local_port = 500, remote_port = 500;
    std::string status;  // READY, IN-NEG, DELETE
    std::string encryption, prf, hash;  // "AES-CBC", "SHA256", "SHA96"
    int key_bits = 0;
    int group = 0;
    std::uint32_t lifetime_seconds = 86400, active_seconds = 0;
    std::string local_spi, remote_spi;  // hex, as IOS prints them
    std::string local_id, remote_id;
    bool initiator = false;
    bool nat_detected = false;
    bool nat_inside = false, nat_outside = false;  // NAT-D: a NAT in front of us, of the peer
    std::uint32_t fragmentation_mtu = 0;           // `crypto ikev2 fragmentation`; 0: not configured
    bool fragmentation_in_use = false;             // both offered it (RFC 7383)
    std::uint32_t dpd_interval = 0, dpd_retry = 0;
    std::uint32_t local_next_message_id = 0, remote_next_message_id = 0;
    std::vector<Ikev2ChildView> child_sas;
};

// IKEv2's counters, kept by the engine as things happen and read by `show crypto ikev2 stats`.
struct Ikev2Counters {
    std::uint64_t incoming = 0, incoming_accepted = 0, incoming_rejected = 0;  // IKE_SA_INIT offers
    std::uint64_t outgoing = 0, outgoing_accepted = 0, outgoing_rejected = 0;  // ours
    std::uint64_t rejected_resource = 0, rejected_sa_limit = 0;
    std::uint64_t dropped_at_dispatch = 0;
    std::uint64_t cookie_challenged = 0, cookie_accepted = 0, cookie_rejected = 0, cookie_missing = 0;
};

// What `show crypto ikev2 stats` reads: the counters, the limits, the SAs by direction and state.
struct Ikev2StatsView {
    std::size_t max_sa = 0, max_in_negotiation = 0;
    std::size_t incoming_total = 0, incoming_active = 0, incoming_negotiating = 0;
    std::size_t outgoing_total = 0, outgoing_active = 0, outgoing_negotiating = 0;
    Ikev2Counters counters;
};

// Why the last negotiation with a peer failed, in plain words with both sides' values
// (`show crypto session detail` of a session that is down).
struct PeerFailure {
    std::uint32_t peer = 0;
    std::string text;
};

}  // namespace routerd::handoff
