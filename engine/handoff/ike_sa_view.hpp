#pragma once
// What `show crypto isakmp sa`, `show crypto session` and their kin read of one IKE SA.
#include <cstdint>
#include <string>

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

// Why the last negotiation with a peer failed, in plain words with both sides' values
// (`show crypto session detail` of a session that is down).
struct PeerFailure {
    std::uint32_t peer = 0;
    std::string text;
};

}  // namespace routerd::handoff
