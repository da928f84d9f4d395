#pragma once
// The vendor IDs IOS sends in IKE_SA_INIT (RFC 7296 3.12), so that a peer recognises a Cisco
// router (strongSwan: "received Cisco Copyright (c) 2009 vendor ID"), and the names of the ones a
// peer sends us.
#include <optional>
#include <string>
#include <vector>

#include "engine/ike/v2/message_codec.hpp"

namespace routerd::ike::v2 {

// After the Nonce, as IOS orders them: CISCO-DELETE-REASON, the Cisco copyright string and
// FLEXVPN-SUPPORTED (ASCII, no terminator; strongSwan's and Libreswan's tables match them so).
std::vector<Payload> cisco_vendor_ids();
// Cisco's FRAGMENTATION vendor ID (16 octets), which IOS adds after
// IKEV2_FRAGMENTATION_SUPPORTED when fragmentation is configured (Cisco's IKEv2 fragmentation
// guide).
Payload cisco_fragmentation_vendor_id();
// The name of a known vendor ID ("CISCO-DELETE-REASON", "strongSwan"), or nullopt.
std::optional<std::string> vendor_id_name(const Bytes& body);

}  // namespace routerd::ike::v2
