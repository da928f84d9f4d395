#pragma once
// A Quick Mode's result: the pair of ESP SAs with their keys (RFC 2409 5.5 KEYMAT), handed to
// IPsec, and remembered for rekeying.
#include <optional>

#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1 {

// The pair `qm` negotiated; nullopt (said in debug) when the PFS secret cannot be computed.
std::optional<ChildSa> child_of(const Context& ctx, const IkeSa& sa, const QuickMode& qm);
// Hands the pair to IPsec (IOS's "Creating IPSec SAs" debug) and remembers it for its rekey.
// False when the keys could not be made.
bool install(Context& ctx, IkeSa& sa, QuickMode& qm);

}  // namespace routerd::ike::v1
