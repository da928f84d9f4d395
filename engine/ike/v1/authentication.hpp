#pragma once
// Phase 1 authentication with pre-shared keys (RFC 2409 5.4): SKEYID from the key, and the
// HASH_I / HASH_R each side proves itself with. The one place these are computed; signatures
// (RFC 2409 5.1) come in beside them.
#include "engine/ike/v1/ike_sa.hpp"

namespace routerd::ike::v1 {

// The ID payload body we send in phase 1: our address (IOS's default `crypto isakmp identity
// address`), or our FQDN with `crypto isakmp identity hostname` (RFC 2407 4.6.2.1 ID_FQDN);
// UDP port 500 as IOS and strongSwan send it.
Bytes own_identity(const IkeSa& sa);
// The same in words, for the diagnosis: "12.1.1.2 (an address ID, ...)".
std::string own_identity_text(const IkeSa& sa);
// HASH_I when the initiator proves itself, HASH_R for the responder (RFC 2409 5).
Bytes proof_of(const IkeSa& sa, bool initiator_side, const Bytes& id_body);
Bytes own_proof(const IkeSa& sa);
// A phase 1 identity as IOS shows it (`Phase1 id:`): an address, or the name of an FQDN ID;
// "" for anything else.
std::string identity_text(const Bytes& id_body);
// The peer's HASH over its ID payload body.
bool peer_proof_valid(const IkeSa& sa, const Bytes& peer_id_body, const Bytes& hash);

}  // namespace routerd::ike::v1
