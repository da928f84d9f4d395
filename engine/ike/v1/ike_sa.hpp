#pragma once
// One IKE (ISAKMP) SA and the Quick Mode exchanges running under it.
#include <chrono>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>

#include "engine/handoff/child_sa.hpp"
#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v1/ike_keys.hpp"
#include "engine/ike/v1/isakmp_codec.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike {

// The states `show crypto isakmp sa` prints (IOS names).
enum class Phase1State { MM_NO_STATE, MM_SA_SETUP, MM_KEY_EXCH, AG_NO_STATE, AG_INIT_EXCH, AG_AUTH, QM_IDLE, DELETED };
const char* show_name(Phase1State s);

// What IOS's debug names the phase 1 exchange step (IKE_I_MM1 ...).
enum class Phase1Step { IKE_READY, IKE_I_MM1, IKE_I_MM2, IKE_I_MM3, IKE_I_MM4, IKE_I_MM5, IKE_I_MM6,
                        IKE_R_MM1, IKE_R_MM2, IKE_R_MM3, IKE_R_MM4, IKE_R_MM5, IKE_R_MM6, IKE_P1_COMPLETE,
                        IKE_I_AM1, IKE_R_AM1, IKE_R_AM2 };
const char* debug_name(Phase1Step s);

// A Quick Mode exchange's step, as IOS's debug names it ("Old State = IKE_QM_READY  New State =
// IKE_QM_I_QM1"). The initiator goes READY -> I_QM1 -> PHASE2_COMPLETE, the responder READY ->
// R_QM2 -> PHASE2_COMPLETE.
enum class QuickModeState { IKE_QM_READY, IKE_QM_I_QM1, IKE_QM_R_QM2, IKE_QM_PHASE2_COMPLETE };
const char* debug_name(QuickModeState s);

struct QuickMode {
    std::uint32_t message_id = 0;
    bool initiator = false;  // the role; the step is `state`
    QuickModeState state = QuickModeState::IKE_QM_READY;
    std::string entry_key;       // the protection policy it serves
    policy::Selector selector;   // local -> remote, as in our entry
    Bytes iv;
    Bytes ni, nr;                // nonce bodies
    std::unique_ptr<DiffieHellman> dh;
    Bytes peer_ke;               // the peer's KE with PFS
    // A responder's pair as made at QM1 for its inbound SA, installed whole at QM3 (child_of):
    // its KEYMAT (and with PFS its g^xy) is computed once.
    std::optional<handoff::ChildSa> keyed;
    std::optional<int> pfs_group;
    Bytes last_received;         // the last datagram of this exchange, as it came
    Bytes last_reply;            // responder: QM2 as sent, for a retransmitted QM1
    std::uint32_t spi_in = 0;    // ours: the peer sends to it
    std::uint32_t spi_out = 0;
    std::optional<policy::TransformDescriptor> chosen;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
    std::vector<policy::TransformDescriptor> offered;  // in the order proposed
    // PHASE2_COMPLETE: kept a while to answer a retransmitted QM2 with QM3 again.
    std::optional<std::chrono::steady_clock::time_point> completed;
    // An initiator's exchange that lost a collision at QM1: no longer sent, no longer waited for,
    // but kept a while. A peer that answers both exchanges of a collision (IOS, Libreswan) has
    // installed its side of this one at its QM2; completing it then keeps the two ends alike.
    std::optional<std::chrono::steady_clock::time_point> yielded;
    bool waiting_for_qm2() const { return initiator && state == QuickModeState::IKE_QM_I_QM1 && !yielded; }
};

// A flow whose Quick Mode waits for phase 1, and when it was asked for (the engine's event order).
struct PendingFlow {
    std::string entry_key;
    policy::Selector selector;
    std::uint64_t requested_order = 0;
};

struct IkeSa {
    std::uint32_t conn_id = 0;
    bool initiator = false;
    bool aggressive = false;
    Cookie cky_i{}, cky_r{};
    std::uint32_t local = 0, peer = 0;  // IPv4, host order
    std::uint16_t peer_port = 500;
    Phase1State state = Phase1State::MM_NO_STATE;
    Phase1Step step = Phase1Step::IKE_READY;
    std::optional<policy::IkeProposal> chosen;
    std::uint32_t lifetime_seconds = 86400;
    Bytes sai_b;  // the initiator's SA payload body, for HASH_I/HASH_R
    Bytes peer_id_b;  // the peer's ID payload body (Aggressive Mode responder: checked in AM3)
    std::unique_ptr<DiffieHellman> dh;
    Bytes gxi, gxr, ni, nr, psk;
    std::string psk_source;  // where the key is configured (core::Credential::source)
    std::string psk_keyring;  // and in which keyring ("default": `crypto isakmp key`)
    // The ISAKMP profile: the initiator's map entry's, or the one the responder's peer matched
    // by identity (profiles.hpp); "" = none.
    std::string profile;
    std::string own_fqdn;    // our phase 1 ID when it is a name (PolicySet::own_fqdn), else our address
    Phase1Keys keys;
    Hash hash = Hash::SHA1;
    Cipher cipher = Cipher::TRIPLE_DES_CBC;
    Bytes iv;                 // for the next phase-1 message
    Bytes last_phase1_block;  // seeds the IVs of later exchanges (RFC 2409 Appendix B)
    std::chrono::steady_clock::time_point created;  // from the engine's clock
    std::optional<std::chrono::steady_clock::time_point> established;  // phase 1 complete
    // The order of events in this engine (creation, completion), for what time cannot tell
    // apart: messages handled in the same clock tick.
    std::uint64_t created_order = 0, established_order = 0;
    bool renewal_considered = false;  // its renewal point passed (lifetimes.hpp)
    std::map<std::uint32_t, QuickMode> quick_modes;
    std::set<std::uint32_t> finished_message_ids;  // Quick Modes done: a replay of one is dropped
    Bytes last_sent;  // the responder answers a repeated request with it again
    Bytes last_received;  // the last phase 1 datagram, as it came
    bool peer_does_dpd = false;       // its DPD vendor ID came (RFC 3706 2.1)
    bool peer_does_nat_t = false;     // its RFC 3947 vendor ID came
    bool local_behind_nat = false, peer_behind_nat = false;  // from the NAT-D payloads
    bool floated = false;             // on the NAT-T port, with the non-ESP marker (RFC 3948 2.2)
    std::uint32_t dpd_sequence = 0;   // ours, for R-U-THERE
    int dpd_unanswered = 0;
    std::chrono::steady_clock::time_point last_heard;
    std::vector<PendingFlow> pending;  // phase 2 waiting for phase 1
    // Evidence for the diagnosis of a phase 1 that fails (diagnosis.hpp): the peer refused our
    // offer (an unauthenticated NO_PROPOSAL_CHOSEN, so not acted on), sent its last message
    // again (it could not read ours), or sent messages we cannot decrypt (keys differ).
    bool refused_by_peer = false;
    bool identity_refused = false;  // an authenticated refusal of our ID/HASH came (F05)
    int peer_repeats = 0;
    int undecryptable = 0;
    std::string send_error;  // the kernel's reason our last message could not be sent ("" = sent)
};

// A negotiated pair of IPsec SAs, handed to the IPsec side to install.
using handoff::ChildSa;

}  // namespace routerd::ike
