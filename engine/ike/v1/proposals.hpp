#pragma once
// SA payloads we offer and how we choose among the peer's offers, as IOS does.
//
// Phase 1 (RFC 2409 5, IOS): the initiator offers every ISAKMP policy as a transform of one
// proposal, in priority order. The responder walks its own policies by priority and takes the
// first one that some offered transform matches; the shorter lifetime wins.
// Phase 2 (RFC 2409 5.5): one proposal per transform set, in the crypto map's order; the
// responder takes the first offered proposal that one of its transform sets matches.
#include <functional>
#include <optional>
#include <string>

#include "engine/ike/engine_options.hpp"
#include "engine/ike/v1/ike_keys.hpp"
#include "engine/ike/v1/isakmp_codec.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike {


SaPayload phase1_offer(const std::vector<policy::IkeProposal>& policies);

struct Phase1Choice {
    policy::IkeProposal proposal;  // our policy, with the negotiated lifetime
    SaPayload reply;               // the SA payload to send back: the accepted transform
};
// `debug` gets IOS's lines on each transform checked; unset, none are built.
std::optional<Phase1Choice> phase1_select(const SaPayload& offered, const std::vector<policy::IkeProposal>& ours,
                                          const Debug& debug);
// Every transform of a phase 1 offer we can read, in the order offered (for diagnosis).
std::vector<policy::IkeProposal> phase1_offered(const SaPayload& offered);
// The initiator checks that the responder's choice is one it offered.
std::optional<policy::IkeProposal> phase1_accept(const SaPayload& reply, const std::vector<policy::IkeProposal>& ours);

struct Phase2Offer {
    std::uint32_t spi = 0;
    bool udp_encapsulation = false;  // floated: UDP-Tunnel/UDP-Transport (RFC 3947 5.1)
    std::optional<int> pfs_group;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
};
SaPayload phase2_offer(const std::vector<policy::TransformDescriptor>& sets, const Phase2Offer& offer);

struct Phase2Choice {
    policy::TransformDescriptor transform;
    bool udp_encapsulation = false;
    std::uint32_t peer_spi = 0;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
    std::optional<int> pfs_group;
    SaPayload reply;  // the accepted proposal (our SPI filled in by the caller)
};
// Every ESP transform of a phase 2 offer, as descriptors (algorithms and mode; for diagnosis).
std::vector<policy::TransformDescriptor> phase2_offered(const SaPayload& offered);
std::optional<Phase2Choice> phase2_select(const SaPayload& offered, const std::vector<policy::TransformDescriptor>& ours,
                                          const Debug& debug);


}  // namespace routerd::ike
