#pragma once
// SA payloads of IKEv2 (RFC 7296 2.7, 3.3): what we offer, which offer a responder takes, and
// whether the answer is one of ours. IKE SA proposals come from IOS's `crypto ikev2 proposal`
// sets; ESP proposals from the policy entry's transform sets (the IKEv2 transform IDs for ESP
// are the IPsec DOI's numbers, RFC 7296 3.3.2).
#include <optional>
#include <vector>

#include "engine/ike/v2/message_codec.hpp"
#include "engine/ike/v2/peer_config.hpp"
#include "engine/policy/algorithms.hpp"

namespace routerd::ike::v2 {

SaPayload ike_offer(const std::vector<IkeProposalSet>& sets);
// The responder's choice: the first offered proposal (in the initiator's order) that one of
// our sets covers, each transform the first offered one we have. nullopt: NO_PROPOSAL_CHOSEN.
struct IkeChoice {
    IkeSuite suite;
    std::uint8_t number = 1;
};
std::optional<IkeChoice> ike_select(const SaPayload& offered, const std::vector<IkeProposalSet>& ours);
// The answer: one proposal with one transform of each type.
SaPayload ike_answer(const IkeChoice& choice);
// The initiator's check of the answer: exactly one proposal, one transform of each type, all
// of them in one of our sets.
std::optional<IkeSuite> ike_accept(const SaPayload& answer, const std::vector<IkeProposalSet>& ours);

// ESP, with our inbound SPI in each proposal (3.3.1), and a DH transform with PFS (a
// CREATE_CHILD_SA with `set pfs`, 1.3.1).
SaPayload esp_offer(const std::vector<policy::TransformDescriptor>& sets, std::uint32_t spi, std::optional<int> pfs_group = {});
struct EspChoice {
    policy::TransformDescriptor transform;
    std::uint32_t peer_spi = 0;
    std::uint8_t number = 1;
};
std::optional<EspChoice> esp_select(const SaPayload& offered, const std::vector<policy::TransformDescriptor>& ours);
SaPayload esp_answer(const EspChoice& choice, std::uint32_t spi, std::optional<int> pfs_group = {});
// The DH groups a proposal offers (PFS).
std::vector<std::uint16_t> offered_groups(const SaPayload& sa, std::uint8_t proposal_number);
std::optional<EspChoice> esp_accept(const SaPayload& answer, const std::vector<policy::TransformDescriptor>& ours);

// Proposals in plain words for the diagnosis: "AES-CBC-128 SHA96 PRF SHA1 group 2", several
// separated by " or ".
std::string describe(const SaPayload& offered);
std::string describe(const std::vector<IkeProposalSet>& ours);

// IOS's words for an IKE suite: "AES-CBC", "SHA256", "SHA96", "DH Grp:14".
std::string encryption_show_name(EncrId e, std::uint16_t bits);
std::string integrity_show_name(IntegId i);
std::string prf_show_name(PrfId p);

}  // namespace routerd::ike::v2
