#include "engine/ike/v1/diagnosis.hpp"

#include <algorithm>

#include "engine/ike/v1/authentication.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/proposals.hpp"

namespace routerd::ike::v1::diagnosis {

std::string describe(const policy::IkeProposal& p) {
    std::string out;
    switch (p.encryption) {
        case policy::IkeEncryptionAlgorithm::DES_CBC: out = "DES"; break;
        case policy::IkeEncryptionAlgorithm::TRIPLE_DES_CBC: out = "3DES"; break;
        case policy::IkeEncryptionAlgorithm::AES_CBC: out = "AES-" + std::to_string(p.key_bits ? p.key_bits : 128); break;
    }
    switch (p.hash) {
        case policy::IkeHashAlgorithm::MD5: out += "/MD5"; break;
        case policy::IkeHashAlgorithm::SHA: out += "/SHA-1"; break;
        case policy::IkeHashAlgorithm::SHA2_256: out += "/SHA-256"; break;
        case policy::IkeHashAlgorithm::SHA2_384: out += "/SHA-384"; break;
        case policy::IkeHashAlgorithm::SHA2_512: out += "/SHA-512"; break;
    }
    out += "/group " + std::to_string(p.dh_group);
    switch (p.authentication) {
        case policy::IkeAuthenticationMethod::PRE_SHARED_KEY: break;
        case policy::IkeAuthenticationMethod::DSS_SIGNATURES: out += "/dss-sig"; break;
        case policy::IkeAuthenticationMethod::RSA_SIGNATURES: out += "/rsa-sig"; break;
        case policy::IkeAuthenticationMethod::RSA_ENCRYPTION: out += "/rsa-encr"; break;
    }
    return out;
}

std::string describe_policies(const std::vector<policy::IkeProposal>& ours) {
    std::string out;
    for (const auto& p : ours)
        out += (out.empty() ? "" : ", ") + describe(p) + " (priority " + std::to_string(p.priority) + ")";
    return out.empty() ? "nothing" : out;
}

std::string describe(const policy::TransformDescriptor& t) {
    // A peer's transform we have no IOS word for keeps its numbers (phase2_offered's name).
    std::string name = policy::transform_show_name(t);
    if (!t.esp || (name.empty() && !t.name.empty())) name = t.name + (name.empty() ? "" : " " + name);
    return name + (t.transport ? " (transport)" : " (tunnel)");
}

std::string describe(const std::vector<policy::TransformDescriptor>& sets) {
    std::string out;
    for (const auto& t : sets) out += (out.empty() ? "" : ", ") + describe(t);
    return out.empty() ? "nothing" : out;
}

std::string describe(const policy::Selector& s) {
    std::string out = policy::networks_text(s);
    if (s.protocol) out += " protocol " + std::to_string(s.protocol);
    if (s.source_port_low == s.source_port_high) out += " source port " + std::to_string(s.source_port_low);
    if (s.destination_port_low == s.destination_port_high) out += " port " + std::to_string(s.destination_port_low);
    return out;
}

std::string entry_name(const policy::ProtectionPolicy& e) { return policy::entry_title(e.key); }

void report(Context& ctx, Layer layer, std::uint32_t peer, const std::string& text) {
    if (layer == Layer::ISAKMP) ctx.isakmp_debug("ISAKMP: " + text);
    else ctx.ipsec_debug("IPSEC: " + text);
    ctx.log(4, "%CRYPTO-4-IKE_DIAGNOSIS: " + text);
    ctx.record_failure(peer, text);
}

void phase1_policy_mismatch(Context& ctx, std::uint32_t peer, const SaPayload& offered, const std::vector<policy::IkeProposal>& ours) {
    std::string theirs;
    for (const auto& p : phase1_offered(offered)) theirs += (theirs.empty() ? "" : ", ") + describe(p);
    report(ctx, Layer::ISAKMP, peer,
           "phase 1 policy mismatch: peer " + ip(peer) + " offered " + (theirs.empty() ? "nothing we can read" : theirs) +
               "; local policies offer " + describe_policies(ours));
}

void phase1_refused(Context& ctx, IkeSa& sa) {
    sa.refused_by_peer = true;
    auto pol = ctx.policy();
    report(ctx, Layer::ISAKMP, sa.peer,
           "phase 1 policy mismatch: peer " + ip(sa.peer) + " refused every policy we offered: " +
               describe_policies(pol ? pol->ike_proposals : std::vector<policy::IkeProposal>{}) +
               " (compare with its `show crypto isakmp policy`)");
}

void no_key(Context& ctx, std::uint32_t peer) {
    report(ctx, Layer::ISAKMP, peer,
           "no pre-shared key for peer " + ip(peer) + ": no `crypto isakmp key` and no keyring entry matches its address");
}

void key_mismatch(Context& ctx, IkeSa& sa, const std::string& evidence) {
    if (sa.undecryptable++ > 0) return;  // once per SA: the peer retransmits the same message
    report(ctx, Layer::ISAKMP, sa.peer,
           "pre-shared key mismatch with peer " + ip(sa.peer) + ": " + evidence + " with our key for it (" + sa.psk_source +
               "); the two sides' keys differ");
}

void identity_refused(Context& ctx, IkeSa& sa, const std::string& notify) {
    if (sa.identity_refused) return;  // once per SA: each retransmission is refused again
    sa.identity_refused = true;
    std::string msg = sa.aggressive ? "Aggressive Mode message 3" : "Main Mode message 5";
    report(ctx, Layer::ISAKMP, sa.peer,
           "identity mismatch with peer " + ip(sa.peer) + ": it refused our " + msg + " (" + notify + ") although the pre-shared keys " +
               "agree (its notify reads with ours); we identify as " + own_identity_text(sa) +
               ", and it expects another identity for us (strongSwan: remote id; Libreswan: rightid) or has no connection for us");
}

void phase1_given_up(Context& ctx, const IkeSa& sa) {
    std::string peer = ip(sa.peer);
    std::string port = sa.floated ? "UDP 4500" : "UDP 500";
    std::string mode = sa.aggressive ? "Aggressive Mode" : "Main Mode";
    std::string text;
    if (sa.undecryptable > 0 || sa.identity_refused) return;  // already said: the keys differ, or the identity
    if (!sa.send_error.empty()) {
        // F21: nothing left this box at all; the peer is not to blame.
        text = "phase 1 with " + peer + " given up: our " + mode + " messages could not be sent (" + sa.send_error +
               "): no route to " + peer + " in this router's table (`show ip route " + peer + "`)";
    } else if (sa.refused_by_peer) {
        text = "phase 1 with " + peer + " given up: the peer refused every policy we offered (NO_PROPOSAL_CHOSEN)";
    } else if (sa.initiator && (sa.state == Phase1State::MM_NO_STATE || sa.state == Phase1State::AG_NO_STATE)) {
        // F01/F02: nothing came back at all.
        text = "no answer from peer " + peer + " to " + mode + " message 1 on " + port +
               ": the peer is unreachable, UDP 500 is filtered on the way, nothing answers IKE there, or it refuses our "
               "policies without saying so";
    } else if (sa.initiator && sa.state == Phase1State::MM_KEY_EXCH && sa.peer_repeats > 0) {
        // F03 as IOS's initiator sees it: the responder could not read MM5 and sent MM4 again.
        text = "pre-shared key mismatch with peer " + peer + ": it did not accept our Main Mode message 5 and sent its message 4 again (" +
               std::to_string(sa.peer_repeats) + " times); our key for it is " + sa.psk_source;
    } else if (sa.initiator && sa.state == Phase1State::MM_KEY_EXCH && sa.floated) {
        // F04: IKE worked on 500, the move to 4500 after NAT detection is where it stops.
        text = "no answer from peer " + peer + " on UDP 4500 after NAT was detected (UDP 500 worked): UDP 4500 is blocked or not "
               "forwarded on the way";
    } else if (sa.initiator && sa.state == Phase1State::MM_KEY_EXCH) {
        text = "no answer from peer " + peer + " to our Main Mode message 5: the pre-shared keys may differ (our key for it is " +
               sa.psk_source + "), or the path drops the message";
    } else if (sa.initiator) {
        text = "peer " + peer + " stopped answering after " + mode + " message 2: our message 3 (key exchange) got no answer";
    } else if (sa.state == Phase1State::MM_KEY_EXCH) {
        // Responder: MM3 came (so the peer hears us), MM5 never did.
        text = "peer " + peer + " never sent Main Mode message 5" +
               (sa.local_behind_nat || sa.peer_behind_nat ? " (due on UDP 4500 after NAT was detected: UDP 4500 blocked on the way?)"
                                                          : " (it may have refused our Main Mode message 4)");
    } else if (sa.state == Phase1State::AG_INIT_EXCH) {
        text = "peer " + peer + " never sent Aggressive Mode message 3: it may not accept our identity or pre-shared key (" +
               sa.psk_source + ")";
    } else {
        return;  // a responder that only answered a first message: a spoofed offer looks the same; no line per flood packet
    }
    report(ctx, Layer::ISAKMP, sa.peer, text);
}

namespace {

// What a peer must propose for our selector: the same flow seen from its side.
policy::Selector mirror(const policy::Selector& s) {
    policy::Selector m = s;
    m.source = s.destination;
    m.source_mask = s.destination_mask;
    m.destination = s.source;
    m.destination_mask = s.source_mask;
    m.source_port_low = s.destination_port_low;
    m.source_port_high = s.destination_port_high;
    m.destination_port_low = s.source_port_low;
    m.destination_port_high = s.source_port_high;
    return m;
}

std::string pfs_text(std::optional<int> group) { return group ? "PFS group " + std::to_string(*group) : "no PFS"; }

// The entry a Quick Mode of ours serves, in its user's words.
std::string entry_text(const Context& ctx, const std::string& key) {
    auto pol = ctx.policy();
    const auto* e = pol ? pol->find(key) : nullptr;
    return e ? entry_name(*e) + (e->acl.empty() ? "" : " ACL " + e->acl) : key;
}

}  // namespace

void proxy_mismatch(Context& ctx, const IkeSa& sa, const policy::Selector& proposed, const policy::PolicySet& pol) {
    std::string candidates, other_profiles;
    for (const auto& e : pol.entries) {
        if (!e.complete || e.manual || !e.dynamic_template.empty()) continue;
        bool any_peer = e.kind == policy::EntryKind::DYNAMIC_MAP || e.kind == policy::EntryKind::VIRTUAL_TEMPLATE;
        if (!any_peer && std::find(e.peers.begin(), e.peers.end(), sa.peer) == e.peers.end()) continue;
        if (!pol.serves_profile(e, sa.profile)) {
            other_profiles += (other_profiles.empty() ? "" : ", ") + entry_name(e) + " serves only ISAKMP profile " + e.isakmp_profile;
            continue;
        }
        if (any_peer) continue;
        std::string mirrors;
        for (const auto& s : e.selectors)
            if (!s.bypass) mirrors += (mirrors.empty() ? "" : ", ") + describe(mirror(s));
        candidates += (candidates.empty() ? "" : "; ") + entry_name(e) + (e.acl.empty() ? "" : " ACL " + e.acl) +
                      (mirrors.empty() ? "" : ", whose mirror is " + mirrors);
    }
    std::string text = "proxy identities mismatch: peer " + ip(sa.peer) + " proposed " + describe(proposed) + ", ";
    text += candidates.empty() ? "and no crypto map entry names it as peer (and no dynamic map takes it)"
                               : "not covered by " + candidates;
    if (!other_profiles.empty())
        text += "; " + other_profiles + ", and its phase 1 matched " +
                (sa.profile.empty() ? std::string("no profile") : "ISAKMP profile " + sa.profile);
    report(ctx, Layer::IPSEC, sa.peer, text);
}

void dynamic_before_static(Context& ctx, const IkeSa& sa, const policy::PolicySet& pol, const policy::ProtectionPolicy& refused) {
    if (refused.kind != policy::EntryKind::DYNAMIC_MAP) return;
    for (const auto& ref : pol.entries) {
        if (ref.kind != policy::EntryKind::CRYPTO_MAP || ref.dynamic_template != refused.map) continue;
        for (const auto& s : pol.entries) {
            if (s.kind != policy::EntryKind::CRYPTO_MAP || s.map != ref.map || s.seq <= ref.seq || !s.dynamic_template.empty()) continue;
            if (std::find(s.peers.begin(), s.peers.end(), sa.peer) == s.peers.end()) continue;
            report(ctx, Layer::IPSEC, sa.peer,
                   entry_name(s) + " names peer " + ip(sa.peer) + ", but " + entry_name(ref) + " (dynamic " + refused.map +
                       ") comes first and its " + entry_name(refused) + " took the proposal: a crypto map's entries are tried by " +
                       "sequence number, so a dynamic entry belongs below every static one (number it 65535)");
            return;
        }
    }
}

void transform_mismatch(Context& ctx, const IkeSa& sa, const policy::Selector& proposed,
                        const std::vector<policy::TransformDescriptor>& offered, const policy::ProtectionPolicy& entry) {
    // The same algorithms in another mode is F13, not F08: say which.
    bool mode_only = std::any_of(offered.begin(), offered.end(), [&](const policy::TransformDescriptor& t) {
        return std::any_of(entry.transforms.begin(), entry.transforms.end(), [&](const policy::TransformDescriptor& m) {
            return policy::transform_show_name(m) == policy::transform_show_name(t) && m.transport != t.transport;
        });
    });
    report(ctx, Layer::IPSEC, sa.peer,
           std::string(mode_only ? "encapsulation mode mismatch" : "transform set mismatch") + " with peer " + ip(sa.peer) + " for " +
               describe(proposed) + ": peer offered " + describe(offered) + "; " + entry_name(entry) + " offers " +
               describe(entry.transforms));
}

void pfs_mismatch(Context& ctx, const IkeSa& sa, const policy::Selector& proposed, std::optional<int> offered,
                  const policy::ProtectionPolicy& entry) {
    report(ctx, Layer::IPSEC, sa.peer,
           "PFS mismatch with peer " + ip(sa.peer) + " for " + describe(proposed) + ": peer offered " + pfs_text(offered) + "; " +
               entry_name(entry) + " requires PFS group " + std::to_string(entry.pfs_group.value_or(0)) + " (set pfs group" +
               std::to_string(entry.pfs_group.value_or(0)) + ")");
}

void phase2_refused(Context& ctx, const IkeSa& sa, const QuickMode& qm, bool invalid_id) {
    std::string flow = describe(qm.selector);
    std::string ours = "we offered " + describe(qm.offered) + ", " + pfs_text(qm.pfs_group) + ", from " + entry_text(ctx, qm.entry_key);
    report(ctx, Layer::ISAKMP, sa.peer,
           invalid_id ? "peer " + ip(sa.peer) + " refused our proxy identities " + flow +
                            " (INVALID_ID_INFORMATION): its ACL or traffic selectors do not mirror ours (" + ours + ")"
                      : "peer " + ip(sa.peer) + " refused our phase 2 proposal for " + flow + " (PROPOSAL_NOT_CHOSEN; " + ours +
                            "): its transform set, its ACL (the mirror of ours), PFS or mode differ; its debug crypto ipsec names which");
}

void phase2_given_up(Context& ctx, const IkeSa& sa, const QuickMode& qm) {
    if (!qm.initiator) {
        report(ctx, Layer::ISAKMP, sa.peer,
               "peer " + ip(sa.peer) + " never confirmed Quick Mode for " + describe(qm.selector) + " (no QM3): the pair it was given is unused");
        return;
    }
    report(ctx, Layer::ISAKMP, sa.peer,
           "no answer from peer " + ip(sa.peer) + " to our Quick Mode for " + describe(qm.selector) + " (" + "we offered " +
               describe(qm.offered) + ", " + pfs_text(qm.pfs_group) + ", from " + entry_text(ctx, qm.entry_key) +
               "): a peer that refuses without a notify (Openswan 2.6 did, for a PFS mismatch), or a path that drops it");
}

}  // namespace routerd::ike::v1::diagnosis
