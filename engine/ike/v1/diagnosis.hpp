#pragma once
// Beyond IOS: when an exchange fails, one line that names the cause in plain words with both
// sides' values. IOS leaves that to whoever reads two routers' debug output side by side (the
// initiator sees only "PROPOSAL_NOT_CHOSEN" for every phase 2 mismatch, seeds-catalog F08); the
// IOS lines are still printed where IOS prints them, and this line comes after them.
//
// The line goes to `debug crypto isakmp` ("ISAKMP: ...") or `debug crypto ipsec` ("IPSEC: ..."),
// to the log as %CRYPTO-4-IKE_DIAGNOSIS, and is kept as the peer's last failure for `show crypto
// session detail`. It never names a key, only where the key came from.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/ike/v1/context.hpp"
#include "engine/ike/v1/isakmp_codec.hpp"

namespace routerd::ike::v1::diagnosis {

// "AES-256/SHA-256/group 14" ("/rsa-sig" added when not pre-shared keys).
std::string describe(const policy::IkeProposal& p);
// "AES-256/SHA-256/group 14 (priority 10), 3DES/MD5/group 2 (priority 20)"
std::string describe_policies(const std::vector<policy::IkeProposal>& ours);
// "esp-aes esp-sha-hmac (tunnel)"
std::string describe(const policy::TransformDescriptor& t);
std::string describe(const std::vector<policy::TransformDescriptor>& sets);
// A flow as Quick Mode names it: "10.1.0.0/24 -> 10.2.0.0/24" (protocol and ports when set).
std::string describe(const policy::Selector& s);
// "crypto map TST 10", "dynamic map DYN 10", "Tunnel0", "Virtual-Template1"
std::string entry_name(const policy::ProtectionPolicy& e);

enum class Layer { ISAKMP, IPSEC };

// Says `text` (debug, log) and keeps it as `peer`'s last failure.
void report(Context& ctx, Layer layer, std::uint32_t peer, const std::string& text);

// The causes, by the reference's failure numbers (seeds-catalog.md section 4). Each is called
// from the exchange step where the evidence is.

// F01, responder: no offered transform matches a local policy.
void phase1_policy_mismatch(Context& ctx, std::uint32_t peer, const SaPayload& offered, const std::vector<policy::IkeProposal>& ours);
// F01, initiator: the peer said NO_PROPOSAL_CHOSEN to our Main/Aggressive Mode offer.
void phase1_refused(Context& ctx, IkeSa& sa);
// No key is configured for a peer that offers phase 1.
void no_key(Context& ctx, std::uint32_t peer);
// F03: a message that must prove the shared key does not decrypt or verify (`evidence`).
void key_mismatch(Context& ctx, IkeSa& sa, const std::string& evidence);
// F01-F04 as the side that waited sees them: phase 1 given up without an answer; the step it
// stopped at and what came before tell unreachable, refused, wrong key and UDP 4500 apart.
void phase1_given_up(Context& ctx, const IkeSa& sa);
// F05, initiator: the peer read our message with ID and HASH (the keys agree) and refused it
// with an authenticated notify (`notify`: AUTHENTICATION_FAILED, INVALID_ID_INFO, ...).
void identity_refused(Context& ctx, IkeSa& sa, const std::string& notify);

// Phase 2 at the responder; `proposed` is the flow as the peer names it (its side first).
// F09/F10: no entry for this peer has an ACL whose mirror covers the proposal.
void proxy_mismatch(Context& ctx, const IkeSa& sa, const policy::Selector& proposed, const policy::PolicySet& pol);
// F08/F13: a matching entry, but no transform set in common (algorithms or mode).
void transform_mismatch(Context& ctx, const IkeSa& sa, const policy::Selector& proposed,
                        const std::vector<policy::TransformDescriptor>& offered, const policy::ProtectionPolicy& entry);
// F12: the entry requires PFS with a group the proposal does not carry.
void pfs_mismatch(Context& ctx, const IkeSa& sa, const policy::Selector& proposed, std::optional<int> offered,
                  const policy::ProtectionPolicy& entry);
// F16: the entry that refused was a dynamic map's, reached through a `dynamic` crypto map entry
// numbered below a static entry that names this peer (said only when that is the case).
void dynamic_before_static(Context& ctx, const IkeSa& sa, const policy::PolicySet& pol, const policy::ProtectionPolicy& refused);
// Phase 2 at the initiator: the peer refused our Quick Mode (a notify), or never answered it.
void phase2_refused(Context& ctx, const IkeSa& sa, const QuickMode& qm, bool invalid_id);
void phase2_given_up(Context& ctx, const IkeSa& sa, const QuickMode& qm);

}  // namespace routerd::ike::v1::diagnosis
