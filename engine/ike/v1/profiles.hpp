#pragma once
// Which ISAKMP profile a phase 1 belongs to, and whether the profile lets it through
// (policy/isakmp_profiles.hpp has the matching rules). The initiator's profile is the one its
// map entry names; a responder learns it from the peer's ID payload, in Main Mode 5 or
// Aggressive Mode 1.
#include "engine/ike/v1/context.hpp"
#include "engine/policy/isakmp_profiles.hpp"

namespace routerd::ike::v1::profiles {

// The peer's ID payload body as profiles read it.
policy::PeerIdentity peer_identity(const Bytes& id_body);

// IOS prints a received phase 1 ID payload field by field ("ISAKMP (1002): ID payload",
// "next-payload : 8", "type : 1", "address : 12.1.1.2", ...; seeds/004 L373-380).
void debug_id_payload(Context& ctx, const IkeSa& sa, const Bytes& id_body, PayloadType next);

// Responder: the profile the peer's identity selects becomes the SA's (IOS debug "peer matches
// P profile" / "peer matches *none* of the profiles", seeds/004 L381), with our own identity
// toward it when the profile says `self-identity fqdn`.
void select(Context& ctx, IkeSa& sa, const policy::PeerIdentity& id);

// After the peer proved the key: IOS refuses a peer whose profile does not list the keyring its
// key came from (a responder picks the key by address in Main Mode 1, before it knows the
// profile), and an initiator refuses a responder its own profile's `match identity` does not
// admit. false: refused, with the diagnosis said; the caller ends the exchange.
bool admits(Context& ctx, IkeSa& sa, const policy::PeerIdentity& id);

}  // namespace routerd::ike::v1::profiles
