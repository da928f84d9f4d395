#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/handoff/ike_sa_view.hpp"

namespace routerd::show {

// `show crypto isakmp sa` and `... detail` in IOS 15's columns (reference A.3.1): both the IPv4
// and the IPv6 headings always, as Genie requires.
std::string show_isakmp_sa(const std::vector<handoff::IkeSaView>& sas, bool detail);
// `show crypto isakmp peers [A.B.C.D]` (reference A.3.1, Genie ShowCryptoIsakmpPeer): one block per
// peer with a phase 1 SA, its port, our address and the identity it authenticated with.
std::string show_isakmp_peers(const std::vector<handoff::IkeSaView>& sas, std::optional<std::uint32_t> peer);

}  // namespace routerd::show
