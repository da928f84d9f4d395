#include "engine/ike/v1/message.hpp"

#include "engine/ike/v1/diagnosis.hpp"
#include "net/ipv4.hpp"

namespace routerd::ike::v1 {

Bytes be32(std::uint32_t v) { return message_id_bytes(v); }

std::uint32_t read32(std::span<const std::uint8_t> b) {
    return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 |
           static_cast<std::uint32_t>(b[2]) << 8 | b[3];
}

Bytes cat(std::initializer_list<std::span<const std::uint8_t>> parts) {
    Bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

const Payload* first(const std::vector<Payload>& ps, PayloadType t) {
    for (const auto& p : ps)
        if (p.type == t) return &p;
    return nullptr;
}

std::string ip(std::uint32_t address) { return net::format_ipv4(address); }

Cookie new_cookie(core::RandomPool& random) {
    Cookie c{};
    while (c == Cookie{}) random.fill(c);
    return c;
}

std::uint32_t new_spi(core::RandomPool& random) {
    std::uint32_t spi = 0;
    while (spi < 256) spi = random.take32();  // SPIs 1-255 are reserved (RFC 2406 2.1)
    return spi;
}

Header header_for(const IkeSa& sa, ExchangeType exchange, PayloadType next, std::uint32_t message_id) {
    Header h;
    h.initiator_cookie = sa.cky_i;
    h.responder_cookie = sa.cky_r;
    h.next_payload = next;
    h.exchange = exchange;
    h.message_id = message_id;
    return h;
}

Bytes send(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads, bool encrypt, Bytes* iv) {
    Bytes body = encode_payloads(payloads);
    Header hdr = h;
    if (encrypt) {
        // RFC 2409 5.3: pad with zeros to the cipher's block size; the last ciphertext block
        // is the IV of the next message of this exchange.
        std::size_t bs = block_size(sa.cipher);
        body.resize((body.size() + bs - 1) / bs * bs, 0);
        auto ct = cbc_encrypt(sa.cipher, sa.keys.encryption_key, *iv, body);
        if (!ct) {
            ctx.debug(&sa, " cannot encrypt the message to " + ip(sa.peer) + ": the cipher is unavailable");
            ctx.log(4, "%CRYPTO-4-IKMP_ENCRYPT_FAILED: IKE message to " + ip(sa.peer) + " could not be encrypted");
            return {};
        }
        iv->assign(ct->end() - static_cast<std::ptrdiff_t>(bs), ct->end());
        body = std::move(*ct);
        hdr.flags |= FLAG_ENCRYPTION;
    }
    Bytes msg = encode_message(hdr, body);
    // The last phase 1 message answers a peer's retransmission of the one before it.
    if (h.exchange == ExchangeType::IDENTITY_PROTECTION || h.exchange == ExchangeType::AGGRESSIVE) sa.last_sent = msg;
    if (ctx.isakmp_debugging())
        ctx.debug(&sa, " sending packet to " + ip(sa.peer) + " my_port " +
                           std::to_string(sa.floated ? ctx.options().natt_port : ctx.options().port) + " peer_port " +
                           std::to_string(sa.peer_port) + (sa.initiator ? " (I) " : " (R) ") + show_name(sa.state));
    transmit(ctx, sa, msg);
    return msg;
}

Bytes request(Context& ctx, IkeSa& sa, const Header& h, const std::vector<Payload>& payloads, bool encrypt, Bytes* iv) {
    Bytes msg = send(ctx, sa, h, payloads, encrypt, iv);
    // An answer that does not come is asked for again (RFC 2408 leaves this to us; IOS
    // retransmits 5 times).
    if (!msg.empty()) ctx.retransmitter().arm({sa.cky_i, h.message_id}, msg);
    return msg;
}

void transmit(Context& ctx, IkeSa& sa, std::span<const std::uint8_t> message) {
    auto refused = ctx.transport().send(sa.local, {sa.peer, sa.peer_port}, sa.floated, message);
    // The kernel refused at once (no route to the peer: seeds-catalog F21); kept for the
    // diagnosis when the exchange is given up, said in debug when it first happens or changes.
    if (refused && *refused != sa.send_error) ctx.debug(&sa, " sending packet to " + ip(sa.peer) + " failed: " + *refused);
    sa.send_error = refused.value_or("");
}

void send_clear_notify(Context& ctx, const Header& to, std::uint32_t local, const core::Endpoint& peer, NotifyType type) {
    NotifyPayload n;
    n.type = type;
    Header h;
    h.initiator_cookie = to.initiator_cookie;
    h.next_payload = PayloadType::N;
    h.exchange = ExchangeType::INFORMATIONAL;
    Bytes msg = encode_message(h, encode_payloads({{PayloadType::N, encode_notify(n)}}));
    ctx.transport().send(local, peer, false, msg);
}

bool retransmit(Context& ctx, const core::ExchangeKey& exchange, const Bytes& message, int attempt) {
    IkeSa* sa = ctx.find(exchange.sa);
    if (!sa) return false;
    bool phase2 = exchange.message_id != 0;
    ctx.debug(sa, std::string(" retransmitting phase ") + (phase2 ? "2 " : "1 ") + show_name(sa->state) + "...");
    ctx.isakmp_debug("ISAKMP (" + std::to_string(sa->conn_id) + "): incrementing error counter on sa, attempt " +
                     std::to_string(attempt) + " of " + std::to_string(ctx.options().retransmit_attempts) +
                     ": retransmit phase " + (phase2 ? "2" : "1"));
    transmit(ctx, *sa, message);
    return true;
}

void retransmissions_exhausted(Context& ctx, const core::ExchangeKey& exchange) {
    IkeSa* sa = ctx.find(exchange.sa);
    if (!sa) return;
    if (exchange.message_id != 0) {
        // IOS names a Quick Mode by its M-ID, printed as a signed 32-bit number. The IKE SA
        // stays; this Quick Mode goes, so that the next trigger starts a fresh one.
        ctx.mode_failure(sa, Mode::QUICK, sa->peer,
                         "deleting node " + std::to_string(static_cast<std::int32_t>(exchange.message_id)) +
                             " error TRUE reason \"Death by retransmission P2\"");
        if (auto q = sa->quick_modes.find(exchange.message_id); q != sa->quick_modes.end()) {
            diagnosis::phase2_given_up(ctx, *sa, q->second);
            if (q->second.initiator) ctx.negotiation_failed(q->second.entry_key, q->second.selector);
            ctx.quick_mode_ended(*sa, q->second);  // QM2 unanswered: no QM3 will come
        }
        sa->quick_modes.erase(exchange.message_id);
        sa->finished_message_ids.insert(exchange.message_id);  // a late answer is not a new exchange
        return;
    }
    ctx.mode_failure(sa, sa->aggressive ? Mode::AGGRESSIVE : Mode::MAIN, sa->peer,
                     "deleting SA reason \"Death by retransmission P1\" state (" + std::string(sa->initiator ? "I" : "R") + ") " +
                         show_name(sa->state) + " (peer " + ip(sa->peer) + ")");
    diagnosis::phase1_given_up(ctx, *sa);
    ctx.erase(exchange.sa);
}

namespace {

// An encrypted message of a phase 1 that has keys but is not authenticated yet does not read:
// the keys differ, and the pre-shared key is what differs (F03). IOS's responder sends MM4
// again, so the initiator sees its MM5 was not taken.
void unreadable(Context& ctx, IkeSa& sa, const Header& h) {
    if (sa.established) return;
    std::string what = h.exchange == ExchangeType::INFORMATIONAL ? "informational message"
                       : sa.aggressive                           ? "Aggressive Mode message 3"
                       : sa.initiator                            ? "Main Mode message 6"
                                                                 : "Main Mode message 5";
    diagnosis::key_mismatch(ctx, sa, "its " + what + " does not decrypt");
    if (!sa.initiator && sa.step == Phase1Step::IKE_R_MM4 && !sa.last_sent.empty()) {
        ctx.debug(&sa, " retransmitting due to retransmit phase 1");
        transmit(ctx, sa, sa.last_sent);
    }
}

}  // namespace

std::optional<Inbound> open_message(Context& ctx, IkeSa& sa, const Header& h, const Bytes& datagram) {
    // A datagram identical to the last one of its exchange is the peer retransmitting (RFC 2408
    // leaves that to the sender). It must not be decrypted again: that would move the exchange's
    // CBC IV (RFC 2409 Appendix B) and garble the next message. The responder answers it with
    // its last reply.
    if (h.exchange == ExchangeType::QUICK_MODE) {
        auto q = sa.quick_modes.find(h.message_id);
        if (q != sa.quick_modes.end() && q->second.last_received == datagram) {
            ctx.debug(&sa, " retransmission of message ID " + std::to_string(h.message_id) + " ignored");
            if (!q->second.last_reply.empty()) transmit(ctx, sa, q->second.last_reply);
            return std::nullopt;
        }
        // RFC 2408 3.1: a message ID names one exchange. A finished one that comes again is a
        // replay; taking it as new would negotiate the same keys twice.
        bool finished = q == sa.quick_modes.end() ? sa.finished_message_ids.count(h.message_id) != 0
                                                  : q->second.state == QuickModeState::IKE_QM_PHASE2_COMPLETE;
        if (finished) {
            ctx.debug(&sa, " message ID " + std::to_string(h.message_id) + " was already used; replay ignored");
            return std::nullopt;
        }
    } else if (h.exchange != ExchangeType::INFORMATIONAL && sa.last_received == datagram) {
        ctx.debug(&sa, " phase 1 packet is a duplicate of a previous packet.");
        // Our next message did not get through, or the peer could not read it (F03: a responder
        // with another key sends MM4 again for each MM5).
        if (sa.initiator && !sa.established) ++sa.peer_repeats;
        // The side that waits answers: the responder with its last message (its answer was
        // lost), the Aggressive Mode initiator with AM3 (the responder retransmits AM2 until
        // AM3 comes). Never both for the same message, or two routers would bounce it forever.
        bool answer = sa.initiator ? sa.aggressive && sa.established : !(sa.aggressive && sa.established);
        if (answer && !sa.last_sent.empty()) {
            ctx.debug(&sa, " retransmitting due to retransmit phase 1");
            transmit(ctx, sa, sa.last_sent);
        }
        return std::nullopt;
    } else if (h.exchange != ExchangeType::INFORMATIONAL && sa.established) {
        // Phase 1 is over: a phase 1 message that is not a copy of the last is a replay, and
        // decrypting it would move the IV the copies are checked against.
        ctx.debug(&sa, " phase 1 message after phase 1 completed; ignored");
        return std::nullopt;
    }
    std::span<const std::uint8_t> body(datagram.data() + kHeaderSize, h.length - kHeaderSize);
    Inbound in{h, Bytes(body.begin(), body.end()), {}};
    Bytes* iv = nullptr;
    // The IV of an informational exchange is made for this message alone; it lives as long as
    // `iv` may point to it (the exchange fuzzer found it freed at the end of the block below
    // while a message that decrypted but did not decode still wrote the old IV back into it).
    Bytes fresh;
    Bytes previous_iv;
    if (h.flags & FLAG_ENCRYPTION) {
        if (sa.keys.encryption_key.empty()) {
            ctx.debug(&sa, " encrypted message before the keys exist; dropped");
            ctx.bad_message(sa.peer);
            return std::nullopt;
        }
        std::size_t bs = block_size(sa.cipher);
        if (h.exchange == ExchangeType::IDENTITY_PROTECTION || h.exchange == ExchangeType::AGGRESSIVE) {
            iv = &sa.iv;
        } else if (h.exchange == ExchangeType::QUICK_MODE) {
            auto it = sa.quick_modes.find(h.message_id);
            if (it == sa.quick_modes.end()) {
                // A new exchange from the peer: its IV chains from phase 1 (RFC 2409 Appendix B).
                if (sa.state != Phase1State::QM_IDLE) {
                    ctx.debug(&sa, " Quick Mode message before phase 1 completed; dropped");
                    return std::nullopt;
                }
                QuickMode qm;
                qm.message_id = h.message_id;
                qm.iv = exchange_iv(sa.hash, sa.last_phase1_block, h.message_id, bs);
                it = sa.quick_modes.emplace(h.message_id, std::move(qm)).first;
            }
            iv = &it->second.iv;
        } else {
            // RFC 2409 Appendix B: from the last CBC block of phase 1 -- while phase 1 is still
            // running (a peer refusing our MM5 with an informational, as strongSwan does), the
            // last block so far, where the phase 1 chain stands.
            fresh = exchange_iv(sa.hash, sa.established ? sa.last_phase1_block : sa.iv, h.message_id, bs);
            iv = &fresh;
        }
        auto pt = cbc_decrypt(sa.cipher, sa.keys.encryption_key, *iv, body);
        if (!pt || body.size() < bs) {
            ctx.debug(&sa, " message of " + std::to_string(body.size()) + " octets cannot be decrypted");
            ctx.bad_message(sa.peer);
            unreadable(ctx, sa, h);
            return std::nullopt;
        }
        previous_iv = *iv;
        iv->assign(body.end() - static_cast<std::ptrdiff_t>(bs), body.end());
        in.clear = std::move(*pt);
    }
    auto payloads = decode_payloads(h.next_payload, in.clear);
    if (!payloads) {
        // With a wrong pre-shared key the decrypted payloads are garbage: this is where IOS
        // says so. The IV stays where it was: a garbled copy must not spoil the good one.
        ctx.bad_message(sa.peer);
        ctx.debug(&sa, " " + payloads.error);
        if (iv && !previous_iv.empty()) *iv = previous_iv;
        unreadable(ctx, sa, h);
        return std::nullopt;
    }
    in.payloads = std::move(*payloads.value);
    sa.last_heard = ctx.clock().now();
    if (h.exchange == ExchangeType::QUICK_MODE) {
        if (auto q = sa.quick_modes.find(h.message_id); q != sa.quick_modes.end()) q->second.last_received = datagram;
    } else if (h.exchange != ExchangeType::INFORMATIONAL) {
        sa.last_received = datagram;
    }
    // The answer to a request of ours: no more retransmissions of it.
    if (h.exchange != ExchangeType::INFORMATIONAL) ctx.retransmitter().disarm({sa.cky_i, h.message_id});
    return in;
}

}  // namespace routerd::ike::v1
