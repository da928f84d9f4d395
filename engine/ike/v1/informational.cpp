#include "engine/ike/v1/informational.hpp"

#include <algorithm>

#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/message.hpp"
#include "engine/ike/v1/quick_mode.hpp"
#include "net/spi_text.hpp"

namespace routerd::ike::v1::informational {
namespace {

std::uint32_t send_informational(Context& ctx, IkeSa& sa, Payload payload) {
    // RFC 2409 5.7: HDR*, HASH(1), N/D with HASH(1) = prf(SKEYID_a, M-ID | N/D).
    std::uint32_t mid = 0;
    while (mid == 0) mid = ctx.random().take32();
    std::vector<Payload> ps{{PayloadType::HASH, {}}, std::move(payload)};
    ps[0].body = prf(sa.hash, sa.keys.skeyid_a, cat({be32(mid), encode_payloads({ps.begin() + 1, ps.end()})}));
    Bytes iv = exchange_iv(sa.hash, sa.last_phase1_block, mid, block_size(sa.cipher));
    send(ctx, sa, header_for(sa, ExchangeType::INFORMATIONAL, PayloadType::HASH, mid), ps, true, &iv);
    return mid;
}

const char* notify_name(NotifyType t) {
    return t == NotifyType::NO_PROPOSAL_CHOSEN ? "PROPOSAL_NOT_CHOSEN" : t == NotifyType::INVALID_ID_INFORMATION ? "INVALID_ID_INFO" : "?";
}

// A refusal of one of our Quick Modes (authenticated: its HASH checked). The exchange it names
// by SPI, or the only one waiting, ends now instead of retransmitting into a peer that said no.
void receive_phase2_refusal(Context& ctx, IkeSa& sa, const NotifyPayload& n) {
    ctx.debug(&sa, std::string(" processing NOTIFY ") + notify_name(n.type) + " protocol " + std::to_string(static_cast<int>(n.protocol)));
    QuickMode* refused = nullptr;
    int waiting = 0;
    for (auto& [mid, qm] : sa.quick_modes) {
        if (!qm.waiting_for_qm2()) continue;
        ++waiting;
        if (n.spi.size() == 4 && read32(n.spi) == qm.spi_in) refused = &qm;
    }
    if (!refused && waiting == 1)
        for (auto& [mid, qm] : sa.quick_modes)
            if (qm.waiting_for_qm2()) refused = &qm;
    if (!refused) return;
    diagnosis::phase2_refused(ctx, sa, *refused, n.type == NotifyType::INVALID_ID_INFORMATION);
    quick_mode::abandon(ctx, sa, refused->message_id, "deleting node " + std::to_string(static_cast<std::int32_t>(refused->message_id)) +
                                                          " error TRUE reason \"QM rejected\"");
}

// DPD and refusals.
void receive_notify(Context& ctx, IkeSa& sa, const NotifyPayload& n) {
    bool dpd = n.type == NotifyType::R_U_THERE || n.type == NotifyType::R_U_THERE_ACK;
    if (dpd && n.data.size() != 4) {
        ctx.debug(&sa, " DPD notify with a sequence of " + std::to_string(n.data.size()) + " octets; ignored");
        return;
    }
    if (n.type == NotifyType::R_U_THERE) {
        ctx.debug(&sa, "received packet from " + ip(sa.peer) + " DPD/R_U_THERE sequence " + std::to_string(read32(n.data)));
        send_notify(ctx, sa, NotifyType::R_U_THERE_ACK, n.data);
    } else if (n.type == NotifyType::NO_PROPOSAL_CHOSEN || n.type == NotifyType::INVALID_ID_INFORMATION) {
        receive_phase2_refusal(ctx, sa, n);
    } else if (n.type == NotifyType::R_U_THERE_ACK && read32(n.data) == sa.dpd_sequence) {
        ctx.debug(&sa, "received packet from " + ip(sa.peer) + " DPD/R_U_THERE_ACK sequence " + std::to_string(sa.dpd_sequence));
        sa.dpd_unanswered = 0;
    }
}

// RFC 2408 3.15: the SPIs a peer deletes are its inbound ones, so ours outbound (what
// strongSwan and IOS send); the IKE SA stays up (IOS keeps QM_IDLE after `clear crypto sa`).
void receive_child_delete(Context& ctx, IkeSa& sa, const DeletePayload& d) {
    ctx.ipsec_debug("IPSEC(key_engine_delete_sas): rec'd delete notify from ISAKMP");
    for (const auto& spi_bytes : d.spis) {
        std::uint32_t spi = read32(spi_bytes);
        ctx.ipsec_debug("IPSEC(key_engine_delete_sas): delete SA with spi " + net::format_spi(spi) + " proto 50 for " + ip(sa.peer));
        std::uint32_t peer = sa.peer;
        ctx.negotiated().erase_if([&](const NegotiatedPair& p) { return p.peer == peer && p.spi_out == spi; });
        if (ctx.hooks().on_child_deleted) ctx.hooks().on_child_deleted(peer, spi);
    }
}

// A notify in clear before phase 1 has keys: a responder refusing our offer (RFC 2408 5.5).
// Unauthenticated, so it ends nothing (IOS goes on retransmitting); it is evidence for the
// diagnosis.
void receive_clear(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    for (const auto& p : payloads) {
        auto n = p.type == PayloadType::N ? decode_notify(p.body) : Decoded<NotifyPayload>{};
        if (!n) continue;
        if (n.value->type != NotifyType::NO_PROPOSAL_CHOSEN) {
            ctx.debug(&sa, " unauthenticated notify type " + std::to_string(static_cast<int>(n.value->type)) + " from " + ip(sa.peer) +
                               "; ignored");
            continue;
        }
        ctx.debug(&sa, " processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 1");
        if (sa.initiator && !sa.refused_by_peer && (sa.state == Phase1State::MM_NO_STATE || sa.state == Phase1State::AG_NO_STATE))
            diagnosis::phase1_refused(ctx, sa);
    }
}

}  // namespace

void send_notify(Context& ctx, IkeSa& sa, NotifyType type, const Bytes& data) {
    // RFC 3706 5: R-U-THERE and its ACK are notifies in an informational exchange, protected
    // by the phase 1 keys, with the ISAKMP cookies as SPI.
    NotifyPayload n;
    n.protocol = ProtocolId::PROTO_ISAKMP;
    n.type = type;
    n.spi.assign(sa.cky_i.begin(), sa.cky_i.end());
    n.spi.insert(n.spi.end(), sa.cky_r.begin(), sa.cky_r.end());
    n.data = data;
    send_informational(ctx, sa, {PayloadType::N, encode_notify(n)});
}

void send_phase2_refusal(Context& ctx, IkeSa& sa, NotifyType type, std::uint32_t proposal_spi) {
    NotifyPayload n;
    n.protocol = ProtocolId::PROTO_IPSEC_ESP;
    n.type = type;
    n.spi = be32(proposal_spi);
    std::uint32_t mid = send_informational(ctx, sa, {PayloadType::N, encode_notify(n)});
    ctx.debug(&sa, std::string("Sending NOTIFY ") + notify_name(type) + " protocol 3");
    ctx.isakmp_debug("        spi " + std::to_string(proposal_spi) + ", message ID = " + std::to_string(mid));
}

void send_delete(Context& ctx, IkeSa& sa) {
    DeletePayload d;
    d.protocol = ProtocolId::PROTO_ISAKMP;
    d.spi_size = 16;
    Bytes spi(sa.cky_i.begin(), sa.cky_i.end());
    spi.insert(spi.end(), sa.cky_r.begin(), sa.cky_r.end());
    d.spis = {spi};
    ctx.debug(&sa, "sending delete notify for SA with peer " + ip(sa.peer));
    send_informational(ctx, sa, {PayloadType::D, encode_delete(d)});
}

void send_child_delete(Context& ctx, IkeSa& sa, std::uint32_t spi_in) {
    // RFC 2408 3.15 / RFC 2407 4.6.3.3: a Delete for ESP carries 4-byte SPIs, the sender's
    // inbound ones, which are the SPIs the peer sends with.
    DeletePayload d;
    d.protocol = ProtocolId::PROTO_IPSEC_ESP;
    d.spi_size = 4;
    d.spis = {be32(spi_in)};
    ctx.ipsec_debug("IPSEC(key_engine_delete_sas): delete SA with spi " + net::format_spi(spi_in) + " proto 50 for " + ip(sa.peer));
    ctx.debug(&sa, "sending delete notify for IPsec SA with spi " + net::format_spi(spi_in) + " to " + ip(sa.peer));
    send_informational(ctx, sa, {PayloadType::D, encode_delete(d)});
}

namespace {

// An authenticated notify during phase 1, after our message with ID and HASH: the peer read
// it (the keys agree) and refuses who we say we are (F05). IOS goes on retransmitting until it
// gives up; so do we, with the cause said once.
void receive_phase1_refusal(Context& ctx, IkeSa& sa, const std::vector<Payload>& payloads) {
    for (const auto& p : payloads) {
        auto n = p.type == PayloadType::N ? decode_notify(p.body) : Decoded<NotifyPayload>{};
        if (!n) continue;
        auto type = n.value->type;
        const char* name = type == NotifyType::AUTHENTICATION_FAILED     ? "AUTHENTICATION_FAILED"
                           : type == NotifyType::INVALID_ID_INFORMATION   ? "INVALID_ID_INFO"
                           : type == NotifyType::INVALID_HASH_INFORMATION ? "INVALID_HASH_INFO"
                                                                          : nullptr;
        if (!name) continue;
        ctx.debug(&sa, std::string(" processing NOTIFY ") + name + " protocol 1");
        if (sa.initiator) diagnosis::identity_refused(ctx, sa, name);
    }
}

}  // namespace

void receive(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads) {
    if (!(h.flags & FLAG_ENCRYPTION) && !sa.established) return receive_clear(ctx, sa, payloads);
    // RFC 2409 5.7: HASH(1) = prf(SKEYID_a, M-ID | N/D), first payload.
    bool hashed = !payloads.empty() && payloads[0].type == PayloadType::HASH && !sa.keys.skeyid_a.empty();
    bool authentic = hashed && prf(sa.hash, sa.keys.skeyid_a,
                                   cat({be32(h.message_id), encode_payloads({payloads.begin() + 1, payloads.end()})})) == payloads[0].body;
    if (!sa.established && authentic) return receive_phase1_refusal(ctx, sa, payloads);
    if (sa.state != Phase1State::QM_IDLE || !hashed) {
        ctx.debug(&sa, " informational message without HASH or before phase 1 completed; ignored");
        return;
    }
    if (!authentic) {
        ctx.debug(&sa, " hash value in informational message does not match; ignored");
        return;
    }
    for (const auto& p : payloads) {
        if (p.type == PayloadType::N) {
            if (auto n = decode_notify(p.body)) receive_notify(ctx, sa, *n.value);
            continue;
        }
        if (p.type != PayloadType::D) continue;
        auto d = decode_delete(p.body);
        if (!d) continue;
        ctx.debug(&sa, " processing DELETE payload. message ID = " + std::to_string(h.message_id));
        if (d.value->protocol == ProtocolId::PROTO_IPSEC_ESP && d.value->spi_size == 4) {
            receive_child_delete(ctx, sa, *d.value);
            continue;
        }
        if (d.value->protocol != ProtocolId::PROTO_ISAKMP) continue;
        // RFC 2408 3.15: the SPIs name the SAs to delete, and an ISAKMP SA's SPI is its cookie
        // pair, CKY-I | CKY-R. A Delete sent over one SA may name another (an old one being
        // replaced): the one it names goes, never simply the one it came over, and one it does
        // not name stays (the exchange fuzzer's Delete with zero cookies used to take it).
        for (const auto& spi : d.value->spis) {
            IkeSa* named = nullptr;
            if (spi.size() == 16) {
                Cookie cky_i{}, cky_r{};
                std::copy(spi.begin(), spi.begin() + 8, cky_i.begin());
                std::copy(spi.begin() + 8, spi.end(), cky_r.begin());
                named = ctx.find(cky_i);
                if (named && (named->peer != sa.peer || named->cky_r != cky_r)) named = nullptr;
            }
            if (!named) {
                ctx.debug(&sa, " DELETE names no ISAKMP SA with " + ip(sa.peer) + "; ignored");
                continue;
            }
            bool over_itself = named == &sa;
            ctx.debug(named, "deleting SA reason \"Receive delete notify\" state (" + std::string(named->initiator ? "I" : "R") +
                                 ") QM_IDLE (peer " + ip(named->peer) + ")");
            ctx.erase(named->cky_i);
            if (over_itself) return;  // `sa` is gone from here on
        }
    }
}

}  // namespace routerd::ike::v1::informational
