#pragma once
// One IKE (ISAKMP) SA and the Quick Mode exchanges running under it.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "engine/ike/ike_crypto.hpp"
#include "engine/ike/ike_keys.hpp"
#include "engine/ike/isakmp_codec.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike {

// The states `show crypto isakmp sa` prints (IOS names).
enum class Phase1State { MM_NO_STATE, MM_SA_SETUP, MM_KEY_EXCH, AG_NO_STATE, AG_INIT_EXCH, AG_AUTH, QM_IDLE, DELETED };
const char* show_name(Phase1State s);

// What IOS's debug names the exchange step (IKE_I_MM1 ...).
enum class Phase1Step { IKE_READY, IKE_I_MM1, IKE_I_MM2, IKE_I_MM3, IKE_I_MM4, IKE_I_MM5, IKE_I_MM6,
                        IKE_R_MM1, IKE_R_MM2, IKE_R_MM3, IKE_R_MM4, IKE_R_MM5, IKE_R_MM6, IKE_P1_COMPLETE,
                        IKE_I_AM1, IKE_R_AM1, IKE_R_AM2 };
const char* debug_name(Phase1Step s);

struct QuickMode {
    std::uint32_t message_id = 0;
    bool initiator = false;
    std::string entry_key;       // the protection policy it serves
    policy::Selector selector;   // local -> remote, as in our entry
    Bytes iv;
    Bytes ni, nr;                // nonce bodies
    std::unique_ptr<DiffieHellman> dh;
    Bytes peer_ke;               // the peer's KE with PFS
    std::optional<int> pfs_group;
    bool answered = false;       // responder: QM2 sent, waiting for QM3
    Bytes last_received;         // the last datagram of this exchange, as it came
    Bytes last_reply;            // responder: QM2 as sent, for a retransmitted QM1
    std::uint32_t spi_in = 0;    // ours: the peer sends to it
    std::uint32_t spi_out = 0;
    std::optional<policy::TransformDescriptor> chosen;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
    std::vector<policy::TransformDescriptor> offered;  // in the order proposed
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
    Phase1Keys keys;
    Hash hash = Hash::SHA1;
    Cipher cipher = Cipher::TRIPLE_DES_CBC;
    Bytes iv;                 // for the next phase-1 message
    Bytes last_phase1_block;  // seeds the IVs of later exchanges (RFC 2409 Appendix B)
    std::chrono::steady_clock::time_point created = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> established;  // phase 1 complete
    std::map<std::uint32_t, QuickMode> quick_modes;
    Bytes last_sent;  // the responder answers a repeated request with it again
    Bytes last_received;  // the last phase 1 datagram, as it came
    bool peer_does_dpd = false;       // its DPD vendor ID came (RFC 3706 2.1)
    bool peer_does_nat_t = false;     // its RFC 3947 vendor ID came
    bool local_behind_nat = false, peer_behind_nat = false;  // from the NAT-D payloads
    bool floated = false;             // on the NAT-T port, with the non-ESP marker (RFC 3948 2.2)
    std::uint32_t dpd_sequence = 0;   // ours, for R-U-THERE
    int dpd_unanswered = 0;
    std::chrono::steady_clock::time_point last_heard = std::chrono::steady_clock::now();
    std::vector<std::pair<std::string, policy::Selector>> pending;  // phase 2 waiting for phase 1
};

// A negotiated pair of IPsec SAs, handed to the IPsec side to install.
struct ChildSa {
    std::string entry_key;
    std::uint32_t local = 0, peer = 0;
    policy::Selector selector;  // local -> remote
    policy::TransformDescriptor transform;
    std::uint32_t spi_in = 0, spi_out = 0;
    Bytes encryption_key_in, authentication_key_in, encryption_key_out, authentication_key_out;
    std::uint32_t lifetime_seconds = 3600;
    std::uint64_t lifetime_kilobytes = 4608000;
    std::optional<int> pfs_group;
    std::uint32_t ike_conn_id = 0;
    // ESP in UDP (RFC 3948) when a NAT sits between the peers: the ports to use.
    bool udp_encapsulation = false;
    std::uint16_t local_port = 0, peer_port = 0;
};

}  // namespace routerd::ike
