#pragma once
// A Quick Mode's result: the pair of ESP SAs with their keys (RFC 2409 5.5 KEYMAT), handed to
// IPsec, and remembered for rekeying.
#include <optional>

#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1 {

// The pair `qm` negotiated; nullopt (said in debug) when the PFS secret cannot be computed. A
// responder makes its inbound SA at QM1 and keeps the pair in `qm.keyed` for QM3, which this then
// hands back instead of computing KEYMAT (and with PFS g^xy) a second time.
std::optional<ChildSa> child_of(const Context& ctx, const IkeSa& sa, QuickMode& qm);
// Hands the pair to IPsec (IOS's "Creating IPSec SAs" debug) and remembers it for its rekey.
// False when the keys could not be made.
bool install(Context& ctx, IkeSa& sa, QuickMode& qm);
// The initiator's form, in steps around QM3: `record` the pair (debug, rekey, session) and put
// its inbound SA in before QM3 is sent, `hand_over` the pair after, once
// EngineOptions::outbound_install_delay has passed (see there why). The inbound SA must be in
// before QM3 leaves: with QM3 the peer may send on the new pair at once, and in a rekey under
// traffic it does (lab interop-libreswan-rekey-routerd lost a ping when QM3 overtook it).
void record(Context& ctx, IkeSa& sa, QuickMode& qm, const ChildSa& child);
void install_inbound_as_initiator(Context& ctx, const ChildSa& child);
void hand_over_as_initiator(Context& ctx, const ChildSa& child);
// Once the pair's keys are made, what made them (nonces, the PFS key pair and the peer's KE, the
// exchange's IV, our offer) is never read again: the finished Quick Mode is kept only to answer
// or recognise a repeated last message (quick_mode.cpp), so it is freed (issue 14: memory per
// tunnel; a PFS private key gone is also one that cannot leak).
void release_keying(QuickMode& qm);

}  // namespace routerd::ike::v1
