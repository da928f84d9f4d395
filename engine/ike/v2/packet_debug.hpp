#pragma once
// What `debug crypto ikev2` says of each message sent or received, in IOS's words (IOS XE
// captures): the summary every default debug prints, and the per-payload detail of
// `debug crypto ikev2 packet`.
#include <string>
#include <vector>

#include "engine/ike/core/transport.hpp"
#include "engine/ike/v2/message_codec.hpp"

namespace routerd::ike::v2 {

// "Sending Packet [To 12.1.1.2:500/From 12.1.1.1:500/VRF i0:f0]", then
// "Initiator SPI : 1D418169B24BF95A - Responder SPI : 0000000000000000 Message id: 0",
// "IKEv2 IKE_SA_INIT Exchange REQUEST", "Payload contents:" and the payloads' names.
std::string packet_summary(bool sending, core::Endpoint peer, core::Endpoint us, const Message& m);
// "Next payload: SA, version: 2.0 Exchange type: IKE_SA_INIT, flags: INITIATOR Message id: 0,
// length: 524", then "SA Next payload: KE, reserved: 0x0, length: 144" for each payload.
std::string packet_detail(const Message& m);
// The names of "Payload contents:" ("SA KE N VID NOTIFY(NAT_DETECTION_SOURCE_IP)"), for a message
// or for what goes inside its SK payload ("Building packet for encryption.").
std::string payload_contents(const std::vector<Payload>& ps);
// The same as packet_detail's payload lines, for the payloads inside SK.
std::string payload_detail(const std::vector<Payload>& ps);

}  // namespace routerd::ike::v2
