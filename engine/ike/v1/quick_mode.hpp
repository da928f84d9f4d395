#pragma once
// Quick Mode (RFC 2409 5.5), three messages under a phase 1 SA, each exchange its own M-ID
// and IV (RFC 2409 Appendix B):
//   QM1 I->R HASH(1), SA, Ni [, KE] [, IDci, IDcr]
//   QM2 R->I HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, RESPONDER-LIFETIME]
//   QM3 I->R HASH(3)
// The responder hands its inbound SA over as it sends QM2 and the pair after QM3; the
// initiator hands the pair over as it sends QM3.
#include <cstdint>
#include <string>

#include "engine/ike/v1/context.hpp"

namespace routerd::ike::v1::quick_mode {

// Initiator: QM1 for `selector` of policy entry `entry_key`.
void send_qm1(Context& ctx, IkeSa& sa, const std::string& entry_key, const policy::Selector& selector);
// A Quick Mode message of `sa`, to the step its exchange's state expects: QM1 and QM3 at the
// responder, QM2 at the initiator.
void receive(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads);
// A negotiation of this flow with `peer` goes on: waiting for phase 1, or our QM1 unanswered.
bool under_way(Context& ctx, std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector);
// Ends exchange `message_id` of `sa` without a pair (said in debug and log as `why`).
void abandon(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::string& why);

}  // namespace routerd::ike::v1::quick_mode
