#pragma once
// `show crypto ikev2 sa [detailed]` in IOS's layout (IOS 15/XE captures: "Tunnel-id Local
// Remote fvrf/ivrf Status", the Encr/PRF/Hash/DH line, Life/Active Time, and with `detailed`
// the SPIs, identities, message IDs, DPD and NAT-T lines). Every value comes from the engine's
// SA table.
#include <string>
#include <vector>

#include "engine/handoff/ike_sa_view.hpp"

namespace routerd::show {

std::string show_ikev2_sa(const std::vector<handoff::Ikev2SaView>& sas, bool detailed);
// `show crypto ikev2 session [detailed]`: per peer, "Session-id:N, Status:UP-ACTIVE, IKE count:N,
// CHILD count:N", its IKE SAs as above and each Child SA's selectors and SPIs (IOS 15 / XE 16
// layout; `detailed` adds the AH/CPI/transform lines of IOS XE).
std::string show_ikev2_session(const std::vector<handoff::Ikev2SaView>& sas, bool detailed);
// `show crypto ikev2 stats`: IOS XE's layout (the field names and order Muninn's and Genie's
// parsers read); counters of features this box lacks (certificates, queues, SA strength) are 0.
std::string show_ikev2_stats(const handoff::Ikev2StatsView& s);

}  // namespace routerd::show
