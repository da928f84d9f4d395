#include "engine/ike/ike_engine.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <cstdio>

#include "engine/config/running_config.hpp"
#include "grammar/token.hpp"

namespace routerd::ike {
namespace {

using boost::asio::ip::udp;

std::string ip(std::uint32_t a) { return config::format_ipv4(a); }

Bytes be32(std::uint32_t v) { return message_id_bytes(v); }

// SPIs as IOS debug prints them: 0x3D3ED559.
std::string hex_spi(std::uint32_t spi) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", spi);
    return text;
}
std::uint32_t read32(std::span<const std::uint8_t> b) {
    return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 |
           static_cast<std::uint32_t>(b[2]) << 8 | b[3];
}

// A phase 1 identity as IOS shows it (`Phase1 id:`): an address, or the name of an FQDN ID.
std::string identity_text(const Bytes& id_body) {
    auto id = decode_id(id_body);
    if (!id) return "";
    if (id.value->type == IdType::ID_IPV4_ADDR && id.value->data.size() == 4) return ip(read32(id.value->data));
    if (id.value->type == IdType::ID_FQDN || id.value->type == IdType::ID_USER_FQDN)
        return std::string(id.value->data.begin(), id.value->data.end());
    return "";
}

Cookie new_cookie() {
    Cookie c{};
    while (c == Cookie{}) {
        Bytes r = random_bytes(8);
        std::copy(r.begin(), r.end(), c.begin());
    }
    return c;
}

std::uint32_t new_spi() {
    std::uint32_t spi = 0;
    while (spi < 256) spi = read32(random_bytes(4));  // SPIs 1-255 are reserved (RFC 2406 2.1)
    return spi;
}

Hash hash_of(policy::IkeHashAlgorithm h) {
    switch (h) {
        case policy::IkeHashAlgorithm::MD5: return Hash::MD5;
        case policy::IkeHashAlgorithm::SHA: return Hash::SHA1;
        case policy::IkeHashAlgorithm::SHA2_256: return Hash::SHA2_256;
        case policy::IkeHashAlgorithm::SHA2_384: return Hash::SHA2_384;
        case policy::IkeHashAlgorithm::SHA2_512: return Hash::SHA2_512;
    }
    return Hash::SHA1;
}

Cipher cipher_of(policy::IkeEncryptionAlgorithm e) {
    switch (e) {
        case policy::IkeEncryptionAlgorithm::DES_CBC: return Cipher::DES_CBC;
        case policy::IkeEncryptionAlgorithm::TRIPLE_DES_CBC: return Cipher::TRIPLE_DES_CBC;
        case policy::IkeEncryptionAlgorithm::AES_CBC: return Cipher::AES_CBC;
    }
    return Cipher::TRIPLE_DES_CBC;
}

// RFC 2407 4.6.2: a host is ID_IPV4_ADDR, a network ID_IPV4_ADDR_SUBNET.
IdPayload proxy_id(std::uint32_t addr, std::uint32_t mask, std::uint8_t protocol, std::uint16_t port) {
    IdPayload id;
    id.protocol = protocol;
    id.port = port;
    id.data = be32(addr);
    if (mask == 0xffffffff) {
        id.type = IdType::ID_IPV4_ADDR;
    } else {
        id.type = IdType::ID_IPV4_ADDR_SUBNET;
        Bytes m = be32(mask);
        id.data.insert(id.data.end(), m.begin(), m.end());
    }
    return id;
}

struct Proxy {
    std::uint32_t addr = 0, mask = 0xffffffff;
    std::uint8_t protocol = 0;
    std::uint16_t port = 0;
    bool operator==(const Proxy&) const = default;
};

std::optional<Proxy> proxy_of(const IdPayload& id) {
    Proxy p{read32(id.data), 0xffffffff, id.protocol, id.port};
    if (id.type == IdType::ID_IPV4_ADDR_SUBNET) p.mask = read32(std::span(id.data).subspan(4));
    else if (id.type != IdType::ID_IPV4_ADDR) return std::nullopt;
    p.addr &= p.mask;
    return p;
}

std::string proxy_text(const Proxy& p) {
    return ip(p.addr) + "/" + ip(p.mask) + "/" + std::to_string(p.protocol) + "/" + std::to_string(p.port);
}

Proxy local_proxy(const policy::Selector& s) {
    return {s.source, s.source_mask, s.protocol, s.source_port_low == s.source_port_high ? s.source_port_low : std::uint16_t(0)};
}
Proxy remote_proxy(const policy::Selector& s) {
    return {s.destination, s.destination_mask, s.protocol,
            s.destination_port_low == s.destination_port_high ? s.destination_port_low : std::uint16_t(0)};
}

// RFC 3706 2.1: the DPD vendor ID.
// RFC 3947 3: the NAT-T vendor ID (MD5 of "RFC 3947").
const Bytes kNatTVendorId{0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45, 0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f};

bool has_vid(const std::vector<Payload>& ps, const Bytes& vid) {
    for (const auto& p : ps)
        if (p.type == PayloadType::VID && p.body == vid) return true;
    return false;
}

const Bytes kDpdVendorId{0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9, 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00};

bool has_dpd_vid(const std::vector<Payload>& ps) {
    for (const auto& p : ps)
        if (p.type == PayloadType::VID && p.body.size() >= 16 && Bytes(p.body.begin(), p.body.begin() + 16) == kDpdVendorId)
            return true;
    return false;
}

const Payload* first(const std::vector<Payload>& ps, PayloadType t) {
    for (const auto& p : ps)
        if (p.type == t) return &p;
    return nullptr;
}

Bytes cat(std::initializer_list<std::span<const std::uint8_t>> parts) {
    Bytes out;
    for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

}  // namespace

IkeEngine::IkeEngine(boost::asio::io_context& io, EngineOptions options, EngineHooks hooks)
    : io_(io), options_(options), hooks_(std::move(hooks)), socket_(io), dpd_timer_(io), natt_socket_(io),
      natt_keepalive_timer_(io) {}

IkeEngine::~IkeEngine() = default;

std::optional<std::string> IkeEngine::start() {
    boost::system::error_code ec;
    udp::endpoint ep(boost::asio::ip::address_v4(options_.local_address), options_.port);
    socket_.open(udp::v4(), ec);
    if (!ec) socket_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) socket_.bind(ep, ec);
    if (ec) return "cannot bind UDP " + ip(options_.local_address) + ":" + std::to_string(options_.port) + ": " + ec.message();
    exempt(socket_.native_handle());
    receive();
    // NAT traversal (RFC 3947): a second socket; without it IKE still works, only not through NATs.
    udp::endpoint natt(boost::asio::ip::address_v4(options_.local_address), options_.natt_port);
    natt_socket_.open(udp::v4(), ec);
    if (!ec) natt_socket_.set_option(boost::asio::socket_base::reuse_address(true), ec);
    if (!ec) natt_socket_.bind(natt, ec);
    if (!ec) exempt(natt_socket_.native_handle());
    if (!ec && hooks_.on_natt_socket_bound)
        if (auto err = hooks_.on_natt_socket_bound(natt_socket_.native_handle()))
            if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKE_NATT_SOCKET: ESP in UDP will not be received: " + *err);
    if (ec) {
        if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKE_NATT_PORT: cannot bind UDP " + std::to_string(options_.natt_port) + ": " + ec.message());
        natt_socket_.close(ec);
    } else {
        receive_natt();
        nat_keepalives();
    }
    schedule_housekeeping();
    return std::nullopt;
}

void IkeEngine::exempt(int fd) {
    // Without the exemption IKE still runs; only crypto ACLs that cover the peers' own
    // addresses would then trap it, so say so rather than refuse to start.
    if (!hooks_.on_socket_bound) return;
    if (auto err = hooks_.on_socket_bound(fd))
        if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKE_SOCKET_BYPASS: IKE traffic is not exempt from IPsec policies: " + *err);
}

void IkeEngine::receive() {
    socket_.async_receive_from(boost::asio::buffer(buffer_), from_, [this](boost::system::error_code ec, std::size_t n) {
        if (ec == boost::asio::error::operation_aborted) return;
        if (!ec) handle(Bytes(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n)), from_, false);
        receive();
    });
}

void IkeEngine::debug(const IkeSa* sa, const std::string& text) const {
    if (hooks_.isakmp_debug) hooks_.isakmp_debug("ISAKMP:(" + std::to_string(sa ? sa->conn_id : 0) + "):" + text);
}

void IkeEngine::transition(IkeSa& sa, Phase1Step to) {
    debug(&sa, std::string("Old State = ") + debug_name(sa.step) + "  New State = " + debug_name(to));
    sa.step = to;
}

std::uint32_t IkeEngine::next_conn_id() { return ++conn_ids_; }

std::uint32_t IkeEngine::local_for(std::uint32_t peer) const {
    if (options_.local_address) return options_.local_address;
    if (hooks_.local_address_for)
        if (auto a = hooks_.local_address_for(peer)) return *a;
    return 0;
}

IkeSa* IkeEngine::find(const Cookie& cky_i) {
    auto it = sas_.find(cky_i);
    return it == sas_.end() ? nullptr : it->second.get();
}

void IkeEngine::send(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads, bool encrypt, Bytes* iv) {
    Bytes body = encode_payloads(payloads);
    Header hdr = h;
    if (encrypt) {
        // RFC 2409 5.3: pad with zeros to the cipher's block size; the last ciphertext block
        // is the IV of the next message of this exchange.
        std::size_t bs = block_size(sa.cipher);
        body.resize((body.size() + bs - 1) / bs * bs, 0);
        auto ct = cbc_encrypt(sa.cipher, sa.keys.encryption_key, *iv, body);
        if (!ct) return;
        iv->assign(ct->end() - static_cast<std::ptrdiff_t>(bs), ct->end());
        body = std::move(*ct);
        hdr.flags |= FLAG_ENCRYPTION;
    }
    Bytes msg = encode_message(hdr, body);
    sa.last_sent = msg;
    // The initiator waits for an answer to each Main Mode message and to QM1; an answer that
    // does not come is asked for again (RFC 2408 leaves this to us; IOS retransmits 5 times).
    bool expects_answer = sa.initiator && (h.exchange == ExchangeType::IDENTITY_PROTECTION ||
                                           (h.exchange == ExchangeType::AGGRESSIVE && !encrypt) ||
                                           (h.exchange == ExchangeType::QUICK_MODE && payloads.size() > 1));
    if (expects_answer) arm_retransmit(sa, msg);
    debug(&sa, " sending packet to " + ip(sa.peer) + " my_port " + std::to_string(sa.floated ? options_.natt_port : options_.port) +
                   " peer_port " + std::to_string(sa.peer_port) + (sa.initiator ? " (I) " : " (R) ") + show_name(sa.state));
    transmit(sa, msg);
}

void IkeEngine::transmit(const IkeSa& sa, const Bytes& msg) {
    boost::system::error_code ec;
    udp::endpoint to(boost::asio::ip::address_v4(sa.peer), sa.peer_port);
    if (!sa.floated) {
        socket_.send_to(boost::asio::buffer(msg), to, 0, ec);
        return;
    }
    Bytes marked(4, 0);  // the non-ESP marker (RFC 3948 2.2)
    marked.insert(marked.end(), msg.begin(), msg.end());
    natt_socket_.send_to(boost::asio::buffer(marked), to, 0, ec);
}

void IkeEngine::initiate(const std::string& entry_key, const policy::Selector& selector) {
    auto pol = hooks_.policy();
    const auto* entry = pol->find(entry_key);
    if (!entry || !entry->complete || entry->shutdown || entry->peers.empty()) return;
    auto peer = grammar::parse_ipv4(entry->peers.front());
    if (!peer) return;
    for (auto& [c, sa] : sas_) {
        if (sa->peer != *peer) continue;
        if (sa->state == Phase1State::QM_IDLE) start_quick_mode(*sa, entry_key, selector);
        else sa->pending.emplace_back(entry_key, selector);
        return;
    }
    start_phase1(*peer, entry_key, selector, entry->aggressive);
}

void IkeEngine::start_phase1(std::uint32_t peer, const std::string& entry_key, const policy::Selector& selector,
                             bool aggressive) {
    auto pol = hooks_.policy();
    auto sa = std::make_unique<IkeSa>();
    sa->initiator = true;
    sa->cky_i = new_cookie();
    sa->local = local_for(peer);
    sa->peer = peer;
    sa->peer_port = options_.peer_port;
    if (hooks_.isakmp_debug) hooks_.isakmp_debug("ISAKMP: Created a peer struct for " + ip(peer) + ", peer port " + std::to_string(sa->peer_port));
    auto key = pol->keys.by_address(peer);
    if (!key) {
        debug(sa.get(), "No pre-shared key with " + ip(peer) + "!");
        return;
    }
    debug(sa.get(), "found peer pre-shared key matching " + ip(peer));
    sa->psk.assign(key->key.key.begin(), key->key.key.end());
    SaPayload offer = phase1_offer(pol->ike_proposals);
    if (offer.proposals[0].transforms.empty()) {
        debug(sa.get(), "No ISAKMP policy with pre-shared key authentication");
        return;
    }
    if (aggressive) {
        // RFC 2409 5.4: the KE goes out with the SA, so every transform offered must use the
        // group of the first policy (IOS offers only those).
        std::vector<policy::IkeProposal> same_group;
        for (const auto& p : pol->ike_proposals)
            if (p.dh_group == offer.proposals[0].transforms[0].find(4)->number()) same_group.push_back(p);
        offer = phase1_offer(same_group);
        int group = static_cast<int>(*offer.proposals[0].transforms[0].find(4)->number());
        sa->aggressive = true;
        sa->dh = DiffieHellman::generate(group);
        if (!sa->dh) return;
        sa->gxi = sa->dh->public_value();
        sa->ni = random_bytes(20);
        sa->sai_b = encode_sa(offer);
        sa->state = Phase1State::AG_NO_STATE;
        std::vector<Payload> am1{{PayloadType::SA, sa->sai_b}, {PayloadType::KE, sa->gxi}, {PayloadType::NONCE, sa->ni},
                                 {PayloadType::ID, encode_id(IdPayload{IdType::ID_IPV4_ADDR, 17, 500, be32(sa->local)})},
                                 {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}};
        return send_first(std::move(sa), ExchangeType::AGGRESSIVE, am1, {entry_key, selector});
    }
    sa->sai_b = encode_sa(offer);
    std::vector<Payload> mm1{{PayloadType::SA, sa->sai_b}, {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}};
    send_first(std::move(sa), ExchangeType::IDENTITY_PROTECTION, mm1, {entry_key, selector});
}

void IkeEngine::send_first(std::unique_ptr<IkeSa> sa, ExchangeType exchange, const std::vector<Payload>& payloads,
                           std::pair<std::string, policy::Selector> waiting) {
    bool aggressive = exchange == ExchangeType::AGGRESSIVE;
    sa->pending.push_back(std::move(waiting));  // Quick Mode follows once phase 1 is up
    transition(*sa, aggressive ? Phase1Step::IKE_I_AM1 : Phase1Step::IKE_I_MM1);
    debug(sa.get(), aggressive ? " beginning Aggressive Mode exchange" : " beginning Main Mode exchange");
    Header h;
    h.initiator_cookie = sa->cky_i;
    h.next_payload = PayloadType::SA;
    h.exchange = exchange;
    IkeSa& ref = *sa;
    sas_[sa->cky_i] = std::move(sa);
    send(ref, h, payloads, false, nullptr);
}

void IkeEngine::receive_natt() {
    natt_socket_.async_receive_from(boost::asio::buffer(natt_buffer_), natt_from_, [this](boost::system::error_code ec, std::size_t n) {
        if (ec == boost::asio::error::operation_aborted) return;
        // RFC 3948 2.2/2.3: a lone 0xff is a NAT keepalive; IKE carries a non-ESP marker of
        // four zero octets; anything else is ESP in UDP, which is the kernel's.
        if (!ec && n >= 4 && natt_buffer_[0] == 0 && natt_buffer_[1] == 0 && natt_buffer_[2] == 0 && natt_buffer_[3] == 0)
            handle(Bytes(natt_buffer_.begin() + 4, natt_buffer_.begin() + static_cast<std::ptrdiff_t>(n)), natt_from_, true);
        receive_natt();
    });
}

void IkeEngine::handle(const Bytes& datagram, const udp::endpoint& from, bool natt) {
    std::uint32_t peer = from.address().is_v4() ? from.address().to_v4().to_uint() : 0;
    auto hdr = decode_header(datagram);
    if (!hdr) {
        if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from " + ip(peer) + " failed its sanity check or is malformed");
        return;
    }
    const Header& h = *hdr.value;
    if (hooks_.isakmp_debug)
        hooks_.isakmp_debug("ISAKMP (0): received packet from " + ip(peer) + " dport " + std::to_string(options_.port) +
                            " sport " + std::to_string(from.port()) + " Global");
    IkeSa* sa = find(h.initiator_cookie);
    if (!sa) {
        if (h.exchange == ExchangeType::IDENTITY_PROTECTION && h.responder_cookie == Cookie{} &&
            h.next_payload == PayloadType::SA) {
            auto payloads = decode_payloads(h.next_payload, std::span(datagram).subspan(kHeaderSize, h.length - kHeaderSize));
            if (payloads) main_mode_responder(h, *payloads.value, peer, from.port());
            return;
        }
        if (h.exchange == ExchangeType::AGGRESSIVE && h.responder_cookie == Cookie{} && h.next_payload == PayloadType::SA) {
            auto payloads = decode_payloads(h.next_payload, std::span(datagram).subspan(kHeaderSize, h.length - kHeaderSize));
            if (payloads) aggressive_responder(h, *payloads.value, peer, from.port());
            return;
        }
        if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKMP_NO_SA: IKE message from " + ip(peer) + " has no SA and is not an initialization offer");
        return;
    }
    if (sa->peer != peer) return;
    if (natt) {
        // The peer moved to the NAT-T port (RFC 3947 4): so do we, to wherever the NAT maps it.
        sa->floated = true;
        sa->peer_port = from.port();
    }
    if (!sa->initiator && sa->cky_r != h.responder_cookie) return;
    if (sa->initiator && (sa->step == Phase1Step::IKE_I_MM1 || sa->step == Phase1Step::IKE_I_AM1))
        sa->cky_r = h.responder_cookie;
    if (sa->initiator && sa->cky_r != h.responder_cookie) return;

    // A datagram identical to the last one of its exchange is the peer retransmitting (RFC 2408
    // leaves that to the sender). It must not be decrypted again: that would move the exchange's
    // CBC IV (RFC 2409 Appendix B) and garble the next message. The responder answers it with
    // its last reply.
    if (h.exchange == ExchangeType::QUICK_MODE) {
        if (auto q = sa->quick_modes.find(h.message_id); q != sa->quick_modes.end() && q->second.last_received == datagram) {
            debug(sa, " retransmission of message ID " + std::to_string(h.message_id) + " ignored");
            if (!q->second.last_reply.empty()) transmit(*sa, q->second.last_reply);
            return;
        }
    } else if (h.exchange != ExchangeType::INFORMATIONAL && sa->last_received == datagram) {
        debug(sa, " phase 1 packet is a duplicate of a previous packet.");
        if (!sa->initiator && !sa->last_sent.empty()) transmit(*sa, sa->last_sent);
        return;
    }
    std::span<const std::uint8_t> body(datagram.data() + kHeaderSize, h.length - kHeaderSize);
    Bytes clear(body.begin(), body.end());
    if (h.flags & FLAG_ENCRYPTION) {
        if (sa->keys.encryption_key.empty()) return;
        std::size_t bs = block_size(sa->cipher);
        Bytes* iv = nullptr;
        Bytes fresh;
        if (h.exchange == ExchangeType::IDENTITY_PROTECTION || h.exchange == ExchangeType::AGGRESSIVE) {
            iv = &sa->iv;
        } else if (h.exchange == ExchangeType::QUICK_MODE) {
            auto it = sa->quick_modes.find(h.message_id);
            if (it == sa->quick_modes.end()) {
                // A new exchange from the peer: its IV chains from phase 1 (RFC 2409 Appendix B).
                QuickMode qm;
                qm.message_id = h.message_id;
                qm.iv = exchange_iv(sa->hash, sa->last_phase1_block, h.message_id, bs);
                it = sa->quick_modes.emplace(h.message_id, std::move(qm)).first;
            }
            iv = &it->second.iv;
        } else {
            fresh = exchange_iv(sa->hash, sa->last_phase1_block, h.message_id, bs);
            iv = &fresh;
        }
        auto pt = cbc_decrypt(sa->cipher, sa->keys.encryption_key, *iv, body);
        if (!pt || body.size() < bs) {
            if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from " + ip(peer) + " failed its sanity check or is malformed");
            return;
        }
        iv->assign(body.end() - static_cast<std::ptrdiff_t>(bs), body.end());
        clear = std::move(*pt);
    }
    auto payloads = decode_payloads(h.next_payload, clear);
    if (!payloads) {
        // With a wrong pre-shared key the decrypted payloads are garbage: this is where IOS
        // says so.
        if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from " + ip(peer) + " failed its sanity check or is malformed");
        debug(sa, " " + payloads.error);
        return;
    }
    sa->last_heard = std::chrono::steady_clock::now();
    if (h.exchange == ExchangeType::QUICK_MODE) {
        if (auto q = sa->quick_modes.find(h.message_id); q != sa->quick_modes.end()) q->second.last_received = datagram;
    } else if (h.exchange != ExchangeType::INFORMATIONAL) {
        sa->last_received = datagram;
    }
    if (sa->initiator && h.exchange != ExchangeType::INFORMATIONAL) disarm_retransmit(sa->cky_i);
    if (h.exchange == ExchangeType::IDENTITY_PROTECTION) main_mode(*sa, h, *payloads.value);
    else if (h.exchange == ExchangeType::QUICK_MODE) quick_mode(*sa, h, clear);
    else if (h.exchange == ExchangeType::INFORMATIONAL) informational(*sa, h, *payloads.value);
    else if (h.exchange == ExchangeType::AGGRESSIVE) aggressive(*sa, h, *payloads.value);
}

void IkeEngine::main_mode_responder(const Header& h, const std::vector<Payload>& payloads, std::uint32_t from,
                                    std::uint16_t port) {
    auto pol = hooks_.policy();
    if (!pol->isakmp_enabled) return;
    auto sa = std::make_unique<IkeSa>();
    sa->cky_i = h.initiator_cookie;
    sa->cky_r = new_cookie();
    sa->local = local_for(from);
    sa->peer = from;
    sa->peer_port = port;
    const Payload* sa_payload = first(payloads, PayloadType::SA);
    debug(sa.get(), " processing SA payload. message ID = 0");
    auto offered = decode_sa(sa_payload->body);
    if (!offered) {
        if (hooks_.log) hooks_.log(4, "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from " + ip(from) + " failed its sanity check or is malformed");
        return;
    }
    auto key = pol->keys.by_address(from);
    if (!key) {
        debug(sa.get(), "No pre-shared key with " + ip(from) + "!");
        if (hooks_.log) hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at " + ip(from));
        return;
    }
    debug(sa.get(), "found peer pre-shared key matching " + ip(from));
    auto choice = phase1_select(*offered.value, pol->ike_proposals, [&](const std::string& t) { debug(sa.get(), t); });
    if (!choice) {
        debug(sa.get(), "no offers accepted!");
        debug(sa.get(), " phase 1 SA policy not acceptable! (local " + ip(sa->local) + " remote " + ip(from) + ")");
        if (hooks_.log) hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at " + ip(from));
        send_clear_notify(h, from, port, NotifyType::NO_PROPOSAL_CHOSEN);
        return;
    }
    sa->psk.assign(key->key.key.begin(), key->key.key.end());
    sa->chosen = choice->proposal;
    sa->lifetime_seconds = choice->proposal.lifetime_seconds;
    sa->hash = hash_of(choice->proposal.hash);
    sa->cipher = cipher_of(choice->proposal.encryption);
    sa->sai_b = sa_payload->body;  // exactly as received: HASH_I/HASH_R cover these bytes
    transition(*sa, Phase1Step::IKE_R_MM1);
    Header reply;
    reply.initiator_cookie = sa->cky_i;
    reply.responder_cookie = sa->cky_r;
    reply.next_payload = PayloadType::SA;
    reply.exchange = ExchangeType::IDENTITY_PROTECTION;
    sa->state = Phase1State::MM_SA_SETUP;
    IkeSa& ref = *sa;
    sas_[sa->cky_i] = std::move(sa);
    ref.peer_does_dpd = has_dpd_vid(payloads);
    ref.peer_does_nat_t = has_vid(payloads, kNatTVendorId);
    if (ref.peer_does_dpd) debug(&ref, " processing vendor id payload");
    if (ref.peer_does_dpd) debug(&ref, " vendor ID is DPD");
    send(ref, reply, {{PayloadType::SA, encode_sa(choice->reply)}, {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}}, false, nullptr);
    transition(ref, Phase1Step::IKE_R_MM2);
}

bool IkeEngine::derive_keys(IkeSa& sa) {
    const Bytes& peer_public = sa.initiator ? sa.gxr : sa.gxi;
    auto gxy = sa.dh->shared_secret(peer_public);
    if (!gxy) return false;
    std::size_t key_bytes = key_size(sa.cipher, sa.chosen->key_bits);
    sa.keys = derive_phase1(sa.hash, sa.cipher, key_bytes, sa.psk, sa.ni, sa.nr, *gxy, sa.cky_i, sa.cky_r, sa.gxi, sa.gxr);
    sa.iv = sa.keys.iv;
    sa.conn_id = next_conn_id();
    return true;
}

void IkeEngine::main_mode(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads) {
    (void)h;
    auto pol = hooks_.policy();
    Header out;
    out.initiator_cookie = sa.cky_i;
    out.responder_cookie = sa.cky_r;
    out.exchange = ExchangeType::IDENTITY_PROTECTION;
    const Payload* ke = first(payloads, PayloadType::KE);
    const Payload* nonce = first(payloads, PayloadType::NONCE);
    auto fail = [&](const std::string& why) {
        debug(&sa, why);
        if (hooks_.log) hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at " + ip(sa.peer));
        sas_.erase(sa.cky_i);
    };
    switch (sa.step) {
        case Phase1Step::IKE_I_MM1: {  // MM2: the responder's choice
            transition(sa, Phase1Step::IKE_I_MM2);
            debug(&sa, " processing SA payload. message ID = 0");
            const Payload* sp = first(payloads, PayloadType::SA);
            auto reply = sp ? decode_sa(sp->body) : Decoded<SaPayload>{};
            auto chosen = reply ? phase1_accept(*reply.value, pol->ike_proposals) : std::nullopt;
            if (!chosen) return fail(" the responder chose no transform we offered");
            sa.peer_does_dpd = has_dpd_vid(payloads);
            sa.peer_does_nat_t = has_vid(payloads, kNatTVendorId);
            if (sa.peer_does_nat_t) debug(&sa, " vendor ID is NAT-T RFC 3947");
            if (sa.peer_does_dpd) debug(&sa, " processing vendor id payload");
            if (sa.peer_does_dpd) debug(&sa, " vendor ID is DPD");
            debug(&sa, "atts are acceptable. Next payload is 0");
            sa.chosen = chosen;
            sa.lifetime_seconds = chosen->lifetime_seconds;
            sa.hash = hash_of(chosen->hash);
            sa.cipher = cipher_of(chosen->encryption);
            sa.dh = DiffieHellman::generate(chosen->dh_group);
            if (!sa.dh) return fail(" Diffie-Hellman group " + std::to_string(chosen->dh_group) + " unavailable");
            sa.gxi = sa.dh->public_value();
            sa.ni = random_bytes(20);
            sa.state = Phase1State::MM_SA_SETUP;
            out.next_payload = PayloadType::KE;
            std::vector<Payload> mm3{{PayloadType::KE, sa.gxi}, {PayloadType::NONCE, sa.ni}};
            for (auto& p : nat_d_payloads(sa)) mm3.push_back(std::move(p));
            send(sa, out, mm3, false, nullptr);
            transition(sa, Phase1Step::IKE_I_MM3);
            return;
        }
        case Phase1Step::IKE_R_MM2: {  // MM3: the initiator's KE and nonce
            transition(sa, Phase1Step::IKE_R_MM3);
            if (!ke || !nonce) return fail(" MM3 without KE or nonce");
            debug(&sa, " processing KE payload. message ID = 0");
            debug(&sa, " processing NONCE payload. message ID = 0");
            sa.gxi = ke->body;
            sa.ni = nonce->body;
            sa.dh = DiffieHellman::generate(sa.chosen->dh_group);
            if (!sa.dh) return fail(" Diffie-Hellman group unavailable");
            sa.gxr = sa.dh->public_value();
            sa.nr = random_bytes(20);
            if (!derive_keys(sa)) return fail(" invalid KE payload");
            sa.state = Phase1State::MM_KEY_EXCH;
            nat_detection(sa, payloads);
            out.next_payload = PayloadType::KE;
            std::vector<Payload> mm4{{PayloadType::KE, sa.gxr}, {PayloadType::NONCE, sa.nr}};
            for (auto& p : nat_d_payloads(sa)) mm4.push_back(std::move(p));
            send(sa, out, mm4, false, nullptr);
            transition(sa, Phase1Step::IKE_R_MM4);
            return;
        }
        case Phase1Step::IKE_I_MM3: {  // MM4: the responder's KE and nonce; keys; our ID and HASH_I
            transition(sa, Phase1Step::IKE_I_MM4);
            if (!ke || !nonce) return fail(" MM4 without KE or nonce");
            debug(&sa, " processing KE payload. message ID = 0");
            debug(&sa, " processing NONCE payload. message ID = 0");
            sa.gxr = ke->body;
            sa.nr = nonce->body;
            if (!derive_keys(sa)) return fail(" invalid KE payload");
            debug(&sa, "found peer pre-shared key matching " + ip(sa.peer));
            sa.state = Phase1State::MM_KEY_EXCH;
            nat_detection(sa, payloads);
            // Behind a NAT the rest of the exchange moves to the NAT-T port (RFC 3947 4).
            if (sa.local_behind_nat || sa.peer_behind_nat) {
                sa.floated = true;
                sa.peer_port = options_.natt_port;
            }
            debug(&sa, "SA is doing pre-shared key authentication using id type ID_IPV4_ADDR");
            Bytes idii = encode_id(IdPayload{IdType::ID_IPV4_ADDR, 17, 500, be32(sa.local)});
            Bytes hi = hash_i(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, idii);
            out.next_payload = PayloadType::ID;
            std::vector<Payload> mm5{{PayloadType::ID, idii}, {PayloadType::HASH, hi}};
            // RFC 2407 4.6.3.3: our first SA with this peer: it may drop what it kept of us.
            bool first_with_peer = std::none_of(sas_.begin(), sas_.end(), [&](const auto& kv) {
                return kv.second.get() != &sa && kv.second->peer == sa.peer && kv.second->state == Phase1State::QM_IDLE;
            });
            if (first_with_peer) {
                NotifyPayload ic;
                ic.type = NotifyType::INITIAL_CONTACT;
                ic.spi.assign(sa.cky_i.begin(), sa.cky_i.end());
                ic.spi.insert(ic.spi.end(), sa.cky_r.begin(), sa.cky_r.end());
                mm5.push_back({PayloadType::N, encode_notify(ic)});
            }
            send(sa, out, mm5, true, &sa.iv);
            transition(sa, Phase1Step::IKE_I_MM5);
            return;
        }
        case Phase1Step::IKE_R_MM4: {  // MM5: the initiator's ID and HASH_I
            transition(sa, Phase1Step::IKE_R_MM5);
            const Payload* id = first(payloads, PayloadType::ID);
            const Payload* hp = first(payloads, PayloadType::HASH);
            if (!id || !hp) return fail(" MM5 without ID or HASH");
            debug(&sa, " processing ID payload. message ID = 0");
            debug(&sa, " processing HASH payload. message ID = 0");
            if (hash_i(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, id->body) != hp->body)
                return fail(" hash value in HASH_I does not match: is the pre-shared key the same on both sides?");
            sa.peer_id_b = id->body;
            debug(&sa, "SA has been authenticated with " + ip(sa.peer));
            for (const auto& p : payloads) {
                auto n = p.type == PayloadType::N ? decode_notify(p.body) : Decoded<NotifyPayload>{};
                if (!n || n.value->type != NotifyType::INITIAL_CONTACT) continue;
                // RFC 2407 4.6.3.3: the peer kept nothing from before. What we established with
                // it before its first message of this exchange is stale; a negotiation of ours
                // crossing this one (both sides initiating at once, as two VTIs do) is not.
                std::vector<Cookie> stale;
                for (const auto& [c, other] : sas_)
                    if (other.get() != &sa && other->peer == sa.peer && other->established && *other->established < sa.created)
                        stale.push_back(c);
                if (stale.empty()) continue;
                debug(&sa, " processing INITIAL-CONTACT: deleting the other SAs with " + ip(sa.peer));
                for (const auto& c : stale) {
                    disarm_retransmit(c);
                    sas_.erase(c);
                }
                std::erase_if(installed_, [&](const Installed& i) { return i.peer == sa.peer; });
                if (hooks_.on_peer_dead) hooks_.on_peer_dead(sa.peer);  // its old IPsec SAs are gone on the other side
            }
            Bytes idir = encode_id(IdPayload{IdType::ID_IPV4_ADDR, 17, 500, be32(sa.local)});
            Bytes hr = hash_r(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, idir);
            out.next_payload = PayloadType::ID;
            send(sa, out, {{PayloadType::ID, idir}, {PayloadType::HASH, hr}}, true, &sa.iv);
            transition(sa, Phase1Step::IKE_R_MM6);
            phase1_complete(sa);
            return;
        }
        case Phase1Step::IKE_I_MM5: {  // MM6: the responder's ID and HASH_R
            const Payload* id = first(payloads, PayloadType::ID);
            const Payload* hp = first(payloads, PayloadType::HASH);
            if (!id || !hp) return fail(" MM6 without ID or HASH");
            debug(&sa, " processing ID payload. message ID = 0");
            debug(&sa, " processing HASH payload. message ID = 0");
            if (hash_r(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, id->body) != hp->body)
                return fail(" hash value in HASH_R does not match");
            sa.peer_id_b = id->body;
            debug(&sa, "SA has been authenticated with " + ip(sa.peer));
            transition(sa, Phase1Step::IKE_I_MM6);
            phase1_complete(sa);
            return;
        }
        default:
            debug(&sa, " phase 1 packet is a duplicate of a previous packet.");
            if (!sa.initiator && !sa.last_sent.empty()) {
                debug(&sa, " retransmitting due to retransmit phase 1");
                transmit(sa, sa.last_sent);
            }
            return;
    }
}

void IkeEngine::phase1_complete(IkeSa& sa) {
    transition(sa, Phase1Step::IKE_P1_COMPLETE);
    sa.state = Phase1State::QM_IDLE;
    sa.established = std::chrono::steady_clock::now();
    sa.last_phase1_block = sa.iv;
    auto pending = std::move(sa.pending);
    for (const auto& [entry, selector] : pending) start_quick_mode(sa, entry, selector);
}

std::vector<IkeSaView> IkeEngine::sas() const {
    std::vector<IkeSaView> out;
    auto now = std::chrono::steady_clock::now();
    for (const auto& [c, sa] : sas_) {
        IkeSaView v;
        v.dst = sa->initiator ? sa->peer : sa->local;
        v.src = sa->initiator ? sa->local : sa->peer;
        v.local = sa->local;
        v.remote = sa->peer;
        v.remote_port = sa->peer_port;
        v.remote_identity = identity_text(sa->peer_id_b);
        v.state = show_name(sa->state);
        v.conn_id = sa->conn_id;
        v.active = sa->state != Phase1State::DELETED;
        if (sa->chosen) {
            static const char* encr[] = {"", "des", "", "", "", "3des", "", "aes"};
            static const char* hashes[] = {"", "md5", "sha", "", "sha256", "sha384", "sha512"};
            v.encryption = encr[static_cast<int>(sa->chosen->encryption) & 7];
            v.hash = hashes[static_cast<int>(sa->chosen->hash) % 7];
            v.encryption_bits = sa->chosen->key_bits;
            v.auth = "psk";
            v.group = sa->chosen->dh_group;
            auto age = std::chrono::duration_cast<std::chrono::seconds>(now - sa->created).count();
            v.remaining_seconds = age < sa->lifetime_seconds ? sa->lifetime_seconds - static_cast<std::uint32_t>(age) : 0;
        }
        out.push_back(v);
    }
    return out;
}

void IkeEngine::clear(std::optional<std::uint32_t> conn_id) {
    for (auto it = sas_.begin(); it != sas_.end();) {
        IkeSa& sa = *it->second;
        if (conn_id && sa.conn_id != *conn_id) {
            ++it;
            continue;
        }
        // The peer is told, so that it does not keep an SA we no longer have (RFC 2408 3.15).
        if (sa.state == Phase1State::QM_IDLE) send_delete(sa);
        debug(&sa, "deleting SA reason \"Clear command\" state (" + std::string(sa.initiator ? "I" : "R") + ") " +
                       show_name(sa.state) + " (peer " + ip(sa.peer) + ")");
        disarm_retransmit(sa.cky_i);
        it = sas_.erase(it);
    }
}

void IkeEngine::delete_child(std::uint32_t peer, std::uint32_t spi_in) {
    std::erase_if(installed_, [&](const Installed& i) { return i.peer == peer && i.spi_in == spi_in; });
    for (auto& [cookie, sa] : sas_) {
        if (sa->peer != peer || sa->state != Phase1State::QM_IDLE) continue;
        // RFC 2408 3.15 / RFC 2407 4.6.3.3: a Delete for ESP carries 4-byte SPIs, the sender's
        // inbound ones, which are the SPIs the peer sends with.
        DeletePayload d;
        d.protocol = ProtocolId::PROTO_IPSEC_ESP;
        d.spi_size = 4;
        d.spis = {be32(spi_in)};
        if (hooks_.ipsec_debug)
            hooks_.ipsec_debug("IPSEC(key_engine_delete_sas): delete SA with spi " + hex_spi(spi_in) + " proto 50 for " + ip(peer));
        debug(sa.get(), "sending delete notify for IPsec SA with spi " + hex_spi(spi_in) + " to " + ip(peer));
        send_informational(*sa, {PayloadType::D, encode_delete(d)});
        return;
    }
}

void IkeEngine::send_delete(IkeSa& sa) {
    DeletePayload d;
    d.protocol = ProtocolId::PROTO_ISAKMP;
    d.spi_size = 16;
    Bytes spi(sa.cky_i.begin(), sa.cky_i.end());
    spi.insert(spi.end(), sa.cky_r.begin(), sa.cky_r.end());
    d.spis = {spi};
    debug(&sa, "sending delete notify for SA with peer " + ip(sa.peer));
    send_informational(sa, {PayloadType::D, encode_delete(d)});
}

void IkeEngine::send_informational(IkeSa& sa, Payload payload) {
    // RFC 2409 5.7: HDR*, HASH(1), N/D with HASH(1) = prf(SKEYID_a, M-ID | N/D), in a new
    // exchange whose IV chains from phase 1.
    std::uint32_t mid = 0;
    while (mid == 0) mid = read32(random_bytes(4));
    std::vector<Payload> ps{{PayloadType::HASH, {}}, std::move(payload)};
    ps[0].body = prf(sa.hash, sa.keys.skeyid_a, cat({be32(mid), encode_payloads({ps.begin() + 1, ps.end()})}));
    Header h;
    h.initiator_cookie = sa.cky_i;
    h.responder_cookie = sa.cky_r;
    h.next_payload = PayloadType::HASH;
    h.exchange = ExchangeType::INFORMATIONAL;
    h.message_id = mid;
    Bytes iv = exchange_iv(sa.hash, sa.last_phase1_block, mid, block_size(sa.cipher));
    send(sa, h, ps, true, &iv);
}

void IkeEngine::informational(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads) {
    if (sa.state != Phase1State::QM_IDLE || payloads.empty() || payloads[0].type != PayloadType::HASH) return;
    Bytes expected = prf(sa.hash, sa.keys.skeyid_a, cat({be32(h.message_id), encode_payloads({payloads.begin() + 1, payloads.end()})}));
    if (expected != payloads[0].body) {
        debug(&sa, " hash value in informational message does not match; ignored");
        return;
    }
    for (const auto& p : payloads) {
        if (p.type == PayloadType::N) {
            auto n = decode_notify(p.body);
            if (!n) continue;
            bool dpd = n.value->type == NotifyType::R_U_THERE || n.value->type == NotifyType::R_U_THERE_ACK;
            if (dpd && n.value->data.size() != 4) continue;
            if (n.value->type == NotifyType::R_U_THERE) {
                debug(&sa, "received packet from " + ip(sa.peer) + " DPD/R_U_THERE sequence " + std::to_string(read32(n.value->data)));
                send_notify(sa, NotifyType::R_U_THERE_ACK, n.value->data);
            } else if (n.value->type == NotifyType::NO_PROPOSAL_CHOSEN || n.value->type == NotifyType::INVALID_ID_INFORMATION) {
                debug(&sa, " received notify " + std::string(n.value->type == NotifyType::NO_PROPOSAL_CHOSEN ? "NO_PROPOSAL_CHOSEN" : "INVALID_ID_INFORMATION") +
                               " from " + ip(sa.peer));
            } else if (n.value->type == NotifyType::R_U_THERE_ACK && read32(n.value->data) == sa.dpd_sequence) {
                debug(&sa, "received packet from " + ip(sa.peer) + " DPD/R_U_THERE_ACK sequence " + std::to_string(sa.dpd_sequence));
                sa.dpd_unanswered = 0;
            }
            continue;
        }
        if (p.type != PayloadType::D) continue;
        auto d = decode_delete(p.body);
        if (!d) continue;
        debug(&sa, " processing DELETE payload. message ID = " + std::to_string(h.message_id));
        if (d.value->protocol == ProtocolId::PROTO_IPSEC_ESP && d.value->spi_size == 4) {
            // The SPIs a peer deletes are its inbound ones, so ours outbound (what strongSwan
            // and IOS send); the IKE SA stays up (IOS keeps QM_IDLE after `clear crypto sa`).
            if (hooks_.ipsec_debug) hooks_.ipsec_debug("IPSEC(key_engine_delete_sas): rec'd delete notify from ISAKMP");
            for (const auto& spi_bytes : d.value->spis) {
                std::uint32_t spi = read32(spi_bytes);
                if (hooks_.ipsec_debug)
                    hooks_.ipsec_debug("IPSEC(key_engine_delete_sas): delete SA with spi " + hex_spi(spi) + " proto 50 for " + ip(sa.peer));
                std::uint32_t peer = sa.peer;
                std::erase_if(installed_, [&](const Installed& i) { return i.peer == peer && i.spi_out == spi; });
                if (hooks_.on_child_deleted) hooks_.on_child_deleted(peer, spi);
            }
            continue;
        }
        if (d.value->protocol != ProtocolId::PROTO_ISAKMP) continue;
        debug(&sa, "deleting SA reason \"Receive delete notify\" state (" + std::string(sa.initiator ? "I" : "R") +
                       ") QM_IDLE (peer " + ip(sa.peer) + ")");
        Cookie key = sa.cky_i;
        disarm_retransmit(key);
        sas_.erase(key);  // `sa` is gone from here on
        return;
    }
}

void IkeEngine::arm_retransmit(IkeSa& sa, Bytes message) {
    auto& p = retransmits_[sa.cky_i];
    p.message = std::move(message);
    p.attempts = 0;
    if (!p.timer) p.timer = std::make_unique<boost::asio::steady_timer>(io_);
    p.timer->expires_after(options_.retransmit_base);
    Cookie key = sa.cky_i;
    p.timer->async_wait([this, key](boost::system::error_code ec) {
        if (!ec) retransmit(key);
    });
}

void IkeEngine::disarm_retransmit(const Cookie& cky_i) {
    auto it = retransmits_.find(cky_i);
    if (it == retransmits_.end()) return;
    if (it->second.timer) it->second.timer->cancel();
    retransmits_.erase(it);
}

void IkeEngine::retransmit(const Cookie& cky_i) {
    auto it = retransmits_.find(cky_i);
    IkeSa* sa = find(cky_i);
    if (it == retransmits_.end() || !sa) return;
    auto& p = it->second;
    if (++p.attempts > options_.retransmit_attempts) {
        std::string phase = sa->state == Phase1State::QM_IDLE ? "P2" : "P1";
        debug(sa, "deleting SA reason \"Death by retransmission " + phase + "\" state (I) " + show_name(sa->state) +
                      " (peer " + ip(sa->peer) + ")");
        if (hooks_.log && phase == "P1")
            hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at " + ip(sa->peer));
        retransmits_.erase(it);
        if (phase == "P1") sas_.erase(cky_i);
        return;
    }
    debug(sa, std::string(" retransmitting phase ") + (sa->state == Phase1State::QM_IDLE ? "2 " : "1 ") + show_name(sa->state) + "...");
    if (hooks_.isakmp_debug)
        hooks_.isakmp_debug("ISAKMP (" + std::to_string(sa->conn_id) + "): incrementing error counter on sa, attempt " +
                            std::to_string(p.attempts) + " of " + std::to_string(options_.retransmit_attempts) +
                            ": retransmit phase " + (sa->state == Phase1State::QM_IDLE ? "2" : "1"));
    transmit(*sa, p.message);
    p.timer->expires_after(options_.retransmit_base * (1 << p.attempts));
    p.timer->async_wait([this, cky_i](boost::system::error_code e) {
        if (!e) retransmit(cky_i);
    });
}

void IkeEngine::start_quick_mode(IkeSa& sa, const std::string& entry_key, const policy::Selector& selector) {
    auto pol = hooks_.policy();
    const auto* entry = pol->find(entry_key);
    if (!entry || entry->transforms.empty()) return;
    QuickMode qm;
    qm.initiator = true;
    qm.entry_key = entry_key;
    qm.selector = selector;
    do qm.message_id = read32(random_bytes(4));
    while (qm.message_id == 0 || sa.quick_modes.count(qm.message_id));
    qm.iv = exchange_iv(sa.hash, sa.last_phase1_block, qm.message_id, block_size(sa.cipher));
    qm.spi_in = new_spi();
    qm.ni = random_bytes(16);
    qm.pfs_group = entry->pfs_group;
    qm.lifetime_seconds = entry->lifetime_seconds;
    qm.lifetime_kilobytes = entry->lifetime_kilobytes;
    qm.offered = entry->transforms;
    for (auto& t : qm.offered)
        if (t.transport && !t.transport_required && !policy::between_endpoints(selector, sa.local, sa.peer)) t.transport = false;
    if (qm.pfs_group && !(qm.dh = DiffieHellman::generate(*qm.pfs_group))) return;
    SaPayload offer = phase2_offer(qm.offered, {qm.spi_in, sa.floated, qm.pfs_group, qm.lifetime_seconds, qm.lifetime_kilobytes});
    auto l = local_proxy(selector), r = remote_proxy(selector);
    std::vector<Payload> ps{{PayloadType::HASH, {}}, {PayloadType::SA, encode_sa(offer)}, {PayloadType::NONCE, qm.ni}};
    if (qm.dh) ps.push_back({PayloadType::KE, qm.dh->public_value()});
    ps.push_back({PayloadType::ID, encode_id(proxy_id(l.addr, l.mask, l.protocol, l.port))});
    ps.push_back({PayloadType::ID, encode_id(proxy_id(r.addr, r.mask, r.protocol, r.port))});
    // RFC 2409 5.5: HASH(1) = prf(SKEYID_a, M-ID | the message after the HASH payload).
    ps[0].body = prf(sa.hash, sa.keys.skeyid_a, cat({be32(qm.message_id), encode_payloads({ps.begin() + 1, ps.end()})}));
    debug(&sa, "beginning Quick Mode exchange, M-ID of " + std::to_string(qm.message_id));
    debug(&sa, "QM Initiator gets spi");
    Header h;
    h.initiator_cookie = sa.cky_i;
    h.responder_cookie = sa.cky_r;
    h.next_payload = PayloadType::HASH;
    h.exchange = ExchangeType::QUICK_MODE;
    h.message_id = qm.message_id;
    auto& stored = sa.quick_modes[qm.message_id] = std::move(qm);
    send(sa, h, ps, true, &stored.iv);
    debug(&sa, "Old State = IKE_QM_READY  New State = IKE_QM_I_QM1");
}

void IkeEngine::quick_mode(IkeSa& sa, const Header& h, const Bytes& clear) {
    auto it = sa.quick_modes.find(h.message_id);
    if (it == sa.quick_modes.end() || sa.state != Phase1State::QM_IDLE) return;
    QuickMode& qm = it->second;
    auto decoded = decode_payloads(h.next_payload, clear);
    auto pol = hooks_.policy();
    std::string mid = std::to_string(h.message_id);
    auto fail = [&](const std::string& why) {
        debug(&sa, why);
        if (hooks_.log) hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Quick mode failed with peer at " + ip(sa.peer));
        sa.quick_modes.erase(h.message_id);
    };
    if (!decoded || decoded.value->empty() || decoded.value->front().type != PayloadType::HASH)
        return fail(" Quick Mode message without a leading HASH payload");
    const auto& ps = *decoded.value;
    Bytes after = encode_payloads({ps.begin() + 1, ps.end()});
    const Bytes& received_hash = ps.front().body;
    debug(&sa, " processing HASH payload. message ID = " + mid);
    Header out;
    out.initiator_cookie = sa.cky_i;
    out.responder_cookie = sa.cky_r;
    out.exchange = ExchangeType::QUICK_MODE;
    out.message_id = h.message_id;
    out.next_payload = PayloadType::HASH;

    if (!qm.initiator && !qm.answered) {  // QM1 at the responder
        if (prf(sa.hash, sa.keys.skeyid_a, cat({be32(h.message_id), after})) != received_hash)
            return fail(" hash value in HASH(1) does not match");
        const Payload* sp = first(ps, PayloadType::SA);
        const Payload* np = first(ps, PayloadType::NONCE);
        const Payload* kp = first(ps, PayloadType::KE);
        if (!sp || !np) return fail(" QM1 without SA or nonce");
        debug(&sa, " processing SA payload. message ID = " + mid);
        auto offered = decode_sa(sp->body);
        if (!offered) return fail(" " + offered.error);
        qm.ni = np->body;
        std::vector<Proxy> ids;
        for (const auto& p : ps)
            if (p.type == PayloadType::ID)
                if (auto id = decode_id(p.body); id && proxy_of(*id.value)) ids.push_back(*proxy_of(*id.value));
        // Without IDs the proxies are the two ISAKMP endpoints (RFC 2409 5.5).
        Proxy theirs = ids.size() == 2 ? ids[0] : Proxy{sa.peer, 0xffffffff, 0, 0};
        Proxy ours = ids.size() == 2 ? ids[1] : Proxy{sa.local, 0xffffffff, 0, 0};
        if (hooks_.ipsec_debug) {
            hooks_.ipsec_debug("IPSEC(validate_proposal_request): proposal part # 1");
            hooks_.ipsec_debug("  (key eng. msg.) INBOUND local= " + ip(sa.local) + ":0, remote= " + ip(sa.peer) + ":0,");
            hooks_.ipsec_debug("    local_proxy= " + proxy_text(ours) + " (type=" + std::to_string(ours.mask == 0xffffffff ? 1 : 4) + "),");
            hooks_.ipsec_debug("    remote_proxy= " + proxy_text(theirs) + " (type=" + std::to_string(theirs.mask == 0xffffffff ? 1 : 4) + "),");
        }
        // The crypto map entry for this peer whose ACL mirrors the proposed proxies, or a
        // dynamic map template (IOS "Crypto mapdb : proxy_match").
        const policy::ProtectionPolicy* match = nullptr;
        policy::Selector selector;
        for (const auto& e : pol->entries) {
            if (!e.complete || !e.dynamic_template.empty() || e.manual || e.shutdown) continue;
            bool dynamic = e.key.rfind("dynamic ", 0) == 0;
            // A dynamic VTI template answers any authenticated peer that proposes any-to-any
            // (IOS: the ISAKMP profile's `virtual-template N` clones a Virtual-Access for it).
            bool vtemplate = e.key.rfind("vtemplate ", 0) == 0;
            if (!dynamic && !vtemplate && std::none_of(e.peers.begin(), e.peers.end(), [&](const std::string& p) { return grammar::parse_ipv4(p) == sa.peer; }))
                continue;
            for (const auto& s : e.selectors) {
                if (!s.bypass && local_proxy(s) == ours && remote_proxy(s) == theirs) {
                    match = &e;
                    selector = s;
                    break;
                }
            }
            if (!match && dynamic && e.selectors.empty()) {  // a template without ACL takes what is proposed
                match = &e;
                selector = policy::Selector{ours.addr, ours.mask, theirs.addr, theirs.mask, ours.protocol,
                                            ours.port, ours.port ? ours.port : std::uint16_t(0xffff), theirs.port,
                                            theirs.port ? theirs.port : std::uint16_t(0xffff), false, 0};
            }
            if (match) break;
        }
        if (hooks_.ipsec_debug) {
            hooks_.ipsec_debug("Crypto mapdb : proxy_match");
            hooks_.ipsec_debug("        src addr     : " + ip(ours.addr));
            hooks_.ipsec_debug("        dst addr     : " + ip(theirs.addr));
            hooks_.ipsec_debug("        protocol     : " + std::to_string(ours.protocol));
            hooks_.ipsec_debug("        src port     : " + std::to_string(ours.port));
            hooks_.ipsec_debug("        dst port     : " + std::to_string(theirs.port));
        }
        if (!match) {
            if (hooks_.ipsec_debug) hooks_.ipsec_debug("IPSEC(validate_transform_proposal): proxy identities not supported");
            send_notify(sa, NotifyType::INVALID_ID_INFORMATION, {});
            return fail(" phase 2 SA policy not acceptable! (local " + ip(sa.local) + " remote " + ip(sa.peer) + ")");
        }
        auto choice = phase2_select(*offered.value, match->transforms, [&](const std::string& t) { debug(&sa, t); });
        if (!choice) {
            send_notify(sa, NotifyType::NO_PROPOSAL_CHOSEN, {});
            return fail(" phase 2 SA policy not acceptable! (local " + ip(sa.local) + " remote " + ip(sa.peer) + ")");
        }
        // PFS: a group set on our side must be the one proposed (IOS).
        if (match->pfs_group && choice->pfs_group != match->pfs_group)
            return fail(" phase 2 SA policy not acceptable! (PFS group mismatch)");
        if (choice->pfs_group) {
            if (!kp) return fail(" PFS proposed without a KE payload");
            qm.peer_ke = kp->body;
            if (!(qm.dh = DiffieHellman::generate(*choice->pfs_group))) return fail(" PFS group unavailable");
        }
        qm.pfs_group = choice->pfs_group;
        qm.entry_key = match->key;
        qm.selector = selector;
        qm.chosen = choice->transform;
        qm.spi_out = choice->peer_spi;
        qm.spi_in = new_spi();
        qm.lifetime_seconds = std::min(choice->lifetime_seconds, match->lifetime_seconds);
        qm.lifetime_kilobytes = match->lifetime_kilobytes == 0 ? choice->lifetime_kilobytes
                                : choice->lifetime_kilobytes == 0 ? match->lifetime_kilobytes
                                : std::min(choice->lifetime_kilobytes, match->lifetime_kilobytes);
        qm.nr = random_bytes(16);
        debug(&sa, " processing NONCE payload. message ID = " + mid);
        SaPayload reply = choice->reply;
        reply.proposals[0].spi = be32(qm.spi_in);
        std::vector<Payload> rp{{PayloadType::HASH, {}}, {PayloadType::SA, encode_sa(reply)}, {PayloadType::NONCE, qm.nr}};
        if (qm.dh) rp.push_back({PayloadType::KE, qm.dh->public_value()});
        for (const auto& p : ps)
            if (p.type == PayloadType::ID) rp.push_back(p);
        // RFC 2407 4.6.3.1: when we keep the SA shorter than proposed, we say so.
        if (qm.lifetime_seconds < choice->lifetime_seconds ||
            (qm.lifetime_kilobytes && qm.lifetime_kilobytes < choice->lifetime_kilobytes)) {
            NotifyPayload rl;
            rl.protocol = ProtocolId::PROTO_IPSEC_ESP;
            rl.type = NotifyType::RESPONDER_LIFETIME;
            rl.spi = be32(qm.spi_out);  // the initiator's SPI names the SA (its inbound one)
            std::vector<Attribute> attrs{Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_TYPE), 1),
                                         Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_DURATION), qm.lifetime_seconds)};
            if (qm.lifetime_kilobytes) {
                attrs.push_back(Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_TYPE), 2));
                attrs.push_back(Attribute::of(static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_DURATION), qm.lifetime_kilobytes));
            }
            rl.data = encode_attributes(attrs);
            rp.push_back({PayloadType::N, encode_notify(rl)});
            debug(&sa, " sending RESPONDER_LIFETIME notify: " + std::to_string(qm.lifetime_seconds) + " seconds");
        }
        // HASH(2) = prf(SKEYID_a, M-ID | Ni_b | the message after the HASH payload).
        rp[0].body = prf(sa.hash, sa.keys.skeyid_a, cat({be32(h.message_id), qm.ni, encode_payloads({rp.begin() + 1, rp.end()})}));
        qm.answered = true;
        if (hooks_.on_inbound_sa)
            if (auto child = child_of(sa, qm)) hooks_.on_inbound_sa(*child);
        send(sa, out, rp, true, &qm.iv);
        qm.last_reply = sa.last_sent;
        debug(&sa, "Old State = IKE_QM_READY  New State = IKE_QM_R_QM2");
        return;
    }
    if (!qm.initiator) {  // QM3 at the responder: HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
        static const std::uint8_t zero = 0;
        if (prf(sa.hash, sa.keys.skeyid_a, cat({{&zero, 1}, be32(h.message_id), qm.ni, qm.nr})) != received_hash)
            return fail(" hash value in HASH(3) does not match");
        debug(&sa, "Old State = IKE_QM_R_QM2  New State = IKE_QM_PHASE2_COMPLETE");
        install(sa, qm);
        sa.quick_modes.erase(h.message_id);
        return;
    }
    // QM2 at the initiator.
    const Payload* np = first(ps, PayloadType::NONCE);
    const Payload* sp = first(ps, PayloadType::SA);
    const Payload* kp = first(ps, PayloadType::KE);
    if (!np || !sp) return fail(" QM2 without SA or nonce");
    qm.nr = np->body;
    if (prf(sa.hash, sa.keys.skeyid_a, cat({be32(h.message_id), qm.ni, after})) != received_hash)
        return fail(" hash value in HASH(2) does not match");
    debug(&sa, " processing SA payload. message ID = " + mid);
    auto reply = decode_sa(sp->body);
    if (!reply) return fail(" " + reply.error);
    auto choice = phase2_select(*reply.value, qm.offered, [&](const std::string& t) { debug(&sa, t); });
    if (!choice) return fail(" the responder chose no transform set we offered");
    if (qm.pfs_group) {
        if (!kp) return fail(" PFS without a KE payload in QM2");
        qm.peer_ke = kp->body;
    }
    qm.chosen = choice->transform;
    qm.spi_out = choice->peer_spi;
    qm.lifetime_seconds = std::min(qm.lifetime_seconds, choice->lifetime_seconds);
    for (const auto& p : ps) {
        auto n = p.type == PayloadType::N ? decode_notify(p.body) : Decoded<NotifyPayload>{};
        if (!n || n.value->type != NotifyType::RESPONDER_LIFETIME) continue;
        auto attrs = decode_attributes(n.value->data);
        if (!attrs) continue;
        std::optional<std::uint64_t> type;
        for (const auto& a : *attrs.value) {
            auto v = a.number();
            if (!v) continue;
            if (a.type == static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_TYPE)) type = v;
            else if (a.type == static_cast<std::uint16_t>(Phase2Attribute::SA_LIFE_DURATION) && type == 1u)
                qm.lifetime_seconds = std::min<std::uint32_t>(qm.lifetime_seconds, static_cast<std::uint32_t>(*v));
        }
        debug(&sa, " processing RESPONDER_LIFETIME notify: " + std::to_string(qm.lifetime_seconds) + " seconds");
    }
    debug(&sa, " processing NONCE payload. message ID = " + mid);
    static const std::uint8_t zero = 0;
    std::vector<Payload> fin{{PayloadType::HASH, prf(sa.hash, sa.keys.skeyid_a, cat({{&zero, 1}, be32(h.message_id), qm.ni, qm.nr}))}};
    install(sa, qm);
    send(sa, out, fin, true, &qm.iv);
    debug(&sa, "Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE");
    sa.quick_modes.erase(h.message_id);
}

std::optional<ChildSa> IkeEngine::child_of(const IkeSa& sa, const QuickMode& qm) const {
    std::optional<Bytes> gqm;
    if (qm.dh) {
        gqm = qm.dh->shared_secret(qm.peer_ke);
        if (!gqm) return std::nullopt;
    }
    const auto& t = *qm.chosen;
    // ESP keys: the cipher key (with GCM's 4-octet salt, RFC 4106 8.1), then the auth key.
    std::size_t enc = t.esp_key_bits / 8u + (t.kernel_icv_bits ? 4u : 0u);
    std::size_t auth = t.auth_key_bits / 8u;
    auto esp = static_cast<std::uint8_t>(ProtocolId::PROTO_IPSEC_ESP);
    Bytes in = keymat(sa.hash, sa.keys.skeyid_d, gqm, esp, be32(qm.spi_in), qm.ni, qm.nr, enc + auth);
    Bytes out = keymat(sa.hash, sa.keys.skeyid_d, gqm, esp, be32(qm.spi_out), qm.ni, qm.nr, enc + auth);
    ChildSa c;
    c.entry_key = qm.entry_key;
    c.local = sa.local;
    c.peer = sa.peer;
    c.selector = qm.selector;
    c.transform = t;
    c.spi_in = qm.spi_in;
    c.spi_out = qm.spi_out;
    c.encryption_key_in.assign(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(enc));
    c.authentication_key_in.assign(in.begin() + static_cast<std::ptrdiff_t>(enc), in.end());
    c.encryption_key_out.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(enc));
    c.authentication_key_out.assign(out.begin() + static_cast<std::ptrdiff_t>(enc), out.end());
    c.lifetime_seconds = qm.lifetime_seconds;
    c.lifetime_kilobytes = qm.lifetime_kilobytes;
    c.pfs_group = qm.pfs_group;
    c.ike_conn_id = sa.conn_id;
    c.udp_encapsulation = sa.floated;
    c.local_port = sa.floated ? options_.natt_port : 0;
    c.peer_port = sa.floated ? sa.peer_port : 0;
    return c;
}

void IkeEngine::install(IkeSa& sa, QuickMode& qm) {
    auto child = child_of(sa, qm);
    if (!child) return;
    const ChildSa& c = *child;
    std::string spi_in = hex_spi(c.spi_in), spi_out = hex_spi(c.spi_out);
    debug(&sa, " Creating IPSec SAs");
    if (hooks_.isakmp_debug) {
        hooks_.isakmp_debug("        inbound SA from " + ip(sa.peer) + " to " + ip(sa.local) + " (f/i)  0/ 0");
        hooks_.isakmp_debug("        has spi " + spi_in + " and conn_id 0");
        hooks_.isakmp_debug("        lifetime of " + std::to_string(c.lifetime_seconds) + " seconds");
        hooks_.isakmp_debug("        outbound SA from " + ip(sa.local) + " to " + ip(sa.peer) + " (f/i) 0/0");
        hooks_.isakmp_debug("        has spi  " + spi_out + " and conn_id 0");
    }
    bool first_for_peer = std::none_of(installed_.begin(), installed_.end(), [&](const Installed& i) { return i.peer == sa.peer; });
    installed_.push_back({qm.entry_key, qm.selector, sa.peer, qm.initiator, std::chrono::steady_clock::now(), c.lifetime_seconds, false,
                          c.spi_in, c.spi_out});
    if (first_for_peer) session_status(sa.peer, true);
    if (hooks_.on_child_sa) hooks_.on_child_sa(c);
}

}  // namespace routerd::ike


namespace routerd::ike {

void IkeEngine::send_notify(IkeSa& sa, NotifyType type, const Bytes& data) {
    // RFC 3706 5: R-U-THERE and its ACK are notifies in an informational exchange, protected
    // by the phase 1 keys, with the ISAKMP cookies as SPI.
    NotifyPayload n;
    n.protocol = ProtocolId::PROTO_ISAKMP;
    n.type = type;
    n.spi.assign(sa.cky_i.begin(), sa.cky_i.end());
    n.spi.insert(n.spi.end(), sa.cky_r.begin(), sa.cky_r.end());
    n.data = data;
    send_informational(sa, {PayloadType::N, encode_notify(n)});
}

void IkeEngine::schedule_housekeeping() {
    dpd_timer_.expires_after(options_.time_unit);
    dpd_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        dpd_tick();
        lifetimes_tick();
        schedule_housekeeping();
    });
}

void IkeEngine::lifetimes_tick() {
    auto now = std::chrono::steady_clock::now();
    // Phase 1: an SA past its negotiated lifetime is deleted; a new one is made when needed.
    std::vector<Cookie> expired;
    for (auto& [c, sa] : sas_)
        if (sa->state == Phase1State::QM_IDLE && now - sa->created >= options_.time_unit * sa->lifetime_seconds)
            expired.push_back(c);
    for (const auto& c : expired) {
        IkeSa& sa = *sas_[c];
        send_delete(sa);
        debug(&sa, "deleting SA reason \"Lifetime expired\" state (" + std::string(sa.initiator ? "I" : "R") +
                       ") QM_IDLE (peer " + ip(sa.peer) + ")");
        disarm_retransmit(c);
        sas_.erase(c);
    }
    // Phase 2: the side that negotiated a pair renews it at 90% of its lifetime (IOS's soft
    // limit); the old pair stays until it expires, so no packet waits for the new one.
    std::vector<Installed> due;
    for (auto& i : installed_) {
        auto soft = options_.time_unit * i.lifetime_seconds * 9 / 10;
        if (i.initiator && !i.rekeyed && now - i.installed >= soft) {
            i.rekeyed = true;
            due.push_back(i);
        }
    }
    std::erase_if(installed_, [&](const Installed& i) { return now - i.installed >= options_.time_unit * i.lifetime_seconds; });
    for (const auto& i : due) {
        if (hooks_.ipsec_debug) hooks_.ipsec_debug("IPSEC(sa_request): rekeying the SAs of " + i.entry_key + " with " + ip(i.peer));
        initiate(i.entry_key, i.selector);
    }
}

void IkeEngine::session_status(std::uint32_t peer, bool up) {
    auto pol = hooks_.policy();
    if (!hooks_.log || !pol || !pol->log_sessions) return;
    hooks_.log(5, std::string("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is ") + (up ? "UP  .  " : "DOWN. ") + "Peer " + ip(peer) +
                      ":" + std::to_string(options_.peer_port) + "       Id: " + ip(peer));
}

void IkeEngine::dpd_tick() {
    auto pol = hooks_.policy();
    if (!pol || !pol->dpd) return;
    auto interval = options_.time_unit * pol->dpd->seconds;
    auto retry = options_.time_unit * pol->dpd->retry;
    auto now = std::chrono::steady_clock::now();
    std::vector<Cookie> dead;
    for (auto& [c, sa] : sas_) {
        if (sa->state != Phase1State::QM_IDLE || !sa->peer_does_dpd) continue;
        auto quiet = now - sa->last_heard;
        if (quiet < (sa->dpd_unanswered ? retry * sa->dpd_unanswered + interval : interval)) continue;
        // IOS gives a peer five unanswered R-U-THEREs, RETRY seconds apart, before it is dead.
        if (sa->dpd_unanswered >= 5) {
            dead.push_back(c);
            continue;
        }
        ++sa->dpd_sequence;
        ++sa->dpd_unanswered;
        debug(sa.get(), "DPD/R_U_THERE sent to " + ip(sa->peer) + " sequence " + std::to_string(sa->dpd_sequence));
        send_notify(*sa, NotifyType::R_U_THERE, be32(sa->dpd_sequence));
    }
    for (const auto& c : dead) {
        IkeSa& sa = *sas_[c];
        debug(&sa, "peer " + ip(sa.peer) + " not responding!");
        debug(&sa, "deleting SA reason \"Peer not responding\" state (" + std::string(sa.initiator ? "I" : "R") +
                       ") QM_IDLE (peer " + ip(sa.peer) + ")");
        std::uint32_t peer = sa.peer;
        disarm_retransmit(c);
        sas_.erase(c);
        std::erase_if(installed_, [peer](const Installed& i) { return i.peer == peer; });
        session_status(peer, false);
        if (hooks_.on_peer_dead) hooks_.on_peer_dead(peer);
    }
}

}  // namespace routerd::ike


namespace routerd::ike {

void IkeEngine::aggressive_responder(const Header& h, const std::vector<Payload>& payloads, std::uint32_t from,
                                     std::uint16_t port) {
    auto pol = hooks_.policy();
    if (!pol->isakmp_enabled) return;
    auto mode_failure = [&] {
        if (hooks_.log) hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at " + ip(from));
    };
    if (pol->aggressive_mode_disabled) {
        debug(nullptr, " Aggressive mode negotiation is disabled (crypto isakmp aggressive-mode disable)");
        return mode_failure();
    }
    const Payload* sp = first(payloads, PayloadType::SA);
    const Payload* ke = first(payloads, PayloadType::KE);
    const Payload* np = first(payloads, PayloadType::NONCE);
    const Payload* id = first(payloads, PayloadType::ID);
    if (!sp || !ke || !np || !id) return mode_failure();
    auto sa = std::make_unique<IkeSa>();
    sa->aggressive = true;
    sa->cky_i = h.initiator_cookie;
    sa->cky_r = new_cookie();
    sa->local = local_for(from);
    sa->peer = from;
    sa->peer_port = port;
    sa->state = Phase1State::AG_NO_STATE;
    auto offered = decode_sa(sp->body);
    auto key = pol->keys.by_address(from);
    if (!offered || !key) {
        debug(sa.get(), key ? " malformed SA payload" : "No pre-shared key with " + ip(from) + "!");
        return mode_failure();
    }
    debug(sa.get(), " processing SA payload. message ID = 0");
    auto choice = phase1_select(*offered.value, pol->ike_proposals, [&](const std::string& t) { debug(sa.get(), t); });
    if (!choice || ke->body.size() != DiffieHellman::public_size(choice->proposal.dh_group)) {
        debug(sa.get(), " phase 1 SA policy not acceptable! (local " + ip(sa->local) + " remote " + ip(from) + ")");
        return mode_failure();
    }
    transition(*sa, Phase1Step::IKE_R_AM1);
    sa->psk.assign(key->key.key.begin(), key->key.key.end());
    sa->chosen = choice->proposal;
    sa->lifetime_seconds = choice->proposal.lifetime_seconds;
    sa->hash = hash_of(choice->proposal.hash);
    sa->cipher = cipher_of(choice->proposal.encryption);
    sa->sai_b = sp->body;
    sa->gxi = ke->body;
    sa->ni = np->body;
    sa->peer_id_b = id->body;
    sa->peer_does_dpd = has_dpd_vid(payloads);
    sa->dh = DiffieHellman::generate(choice->proposal.dh_group);
    if (!sa->dh) return mode_failure();
    sa->gxr = sa->dh->public_value();
    sa->nr = random_bytes(20);
    if (!derive_keys(*sa)) return mode_failure();
    Bytes idir = encode_id(IdPayload{IdType::ID_IPV4_ADDR, 17, 500, be32(sa->local)});
    Bytes hr = hash_r(sa->hash, sa->keys.skeyid, sa->gxi, sa->gxr, sa->cky_i, sa->cky_r, sa->sai_b, idir);
    Header reply;
    reply.initiator_cookie = sa->cky_i;
    reply.responder_cookie = sa->cky_r;
    reply.next_payload = PayloadType::SA;
    reply.exchange = ExchangeType::AGGRESSIVE;
    sa->state = Phase1State::AG_INIT_EXCH;
    IkeSa& ref = *sa;
    sas_[sa->cky_i] = std::move(sa);
    send(ref, reply,
         {{PayloadType::SA, encode_sa(choice->reply)}, {PayloadType::KE, ref.gxr}, {PayloadType::NONCE, ref.nr},
          {PayloadType::ID, idir}, {PayloadType::HASH, hr}, {PayloadType::VID, kDpdVendorId}, {PayloadType::VID, kNatTVendorId}},
         false, nullptr);
    transition(ref, Phase1Step::IKE_R_AM2);
}

void IkeEngine::aggressive(IkeSa& sa, const Header& h, const std::vector<Payload>& payloads) {
    (void)h;
    auto pol = hooks_.policy();
    const Payload* hp = first(payloads, PayloadType::HASH);
    auto fail = [&](const std::string& why) {
        debug(&sa, why);
        if (hooks_.log) hooks_.log(6, "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at " + ip(sa.peer));
        sas_.erase(sa.cky_i);
    };
    if (sa.initiator && sa.step == Phase1Step::IKE_I_AM1) {  // AM2: SA, KE, Nr, IDir, HASH_R
        const Payload* sp = first(payloads, PayloadType::SA);
        const Payload* ke = first(payloads, PayloadType::KE);
        const Payload* np = first(payloads, PayloadType::NONCE);
        const Payload* id = first(payloads, PayloadType::ID);
        if (!sp || !ke || !np || !id || !hp) return fail(" AM2 is missing a payload");
        auto reply = decode_sa(sp->body);
        auto chosen = reply ? phase1_accept(*reply.value, pol->ike_proposals) : std::nullopt;
        if (!chosen) return fail(" the responder chose no transform we offered");
        sa.chosen = chosen;
        sa.lifetime_seconds = chosen->lifetime_seconds;
        sa.hash = hash_of(chosen->hash);
        sa.cipher = cipher_of(chosen->encryption);
        sa.gxr = ke->body;
        sa.nr = np->body;
        sa.peer_does_dpd = has_dpd_vid(payloads);
        if (!derive_keys(sa)) return fail(" invalid KE payload");
        if (hash_r(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, id->body) != hp->body)
            return fail(" hash value in HASH_R does not match: is the pre-shared key the same on both sides?");
        sa.peer_id_b = id->body;
        debug(&sa, "SA has been authenticated with " + ip(sa.peer));
        Bytes idii = encode_id(IdPayload{IdType::ID_IPV4_ADDR, 17, 500, be32(sa.local)});
        Bytes hi = hash_i(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, idii);
        Header out;
        out.initiator_cookie = sa.cky_i;
        out.responder_cookie = sa.cky_r;
        out.next_payload = PayloadType::HASH;
        out.exchange = ExchangeType::AGGRESSIVE;
        // AM3 goes encrypted, as IOS and strongSwan send it.
        send(sa, out, {{PayloadType::HASH, hi}}, true, &sa.iv);
        sa.state = Phase1State::AG_AUTH;
        phase1_complete(sa);
        return;
    }
    if (!sa.initiator && sa.step == Phase1Step::IKE_R_AM2) {  // AM3: HASH_I
        if (!hp) return fail(" AM3 without HASH");
        if (hash_i(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, sa.peer_id_b) != hp->body)
            return fail(" hash value in HASH_I does not match: is the pre-shared key the same on both sides?");
        debug(&sa, "SA has been authenticated with " + ip(sa.peer));
        sa.state = Phase1State::AG_AUTH;
        phase1_complete(sa);
    }
}

}  // namespace routerd::ike


namespace routerd::ike {

// RFC 3947 3.2: HASH(CKY-I | CKY-R | IP | Port).
Bytes nat_d(const IkeSa& sa, std::uint32_t addr, std::uint16_t port) {
    Bytes in(sa.cky_i.begin(), sa.cky_i.end());
    in.insert(in.end(), sa.cky_r.begin(), sa.cky_r.end());
    Bytes a = be32(addr);
    in.insert(in.end(), a.begin(), a.end());
    in.push_back(static_cast<std::uint8_t>(port >> 8));
    in.push_back(static_cast<std::uint8_t>(port));
    return hash(sa.hash, in);
}

std::vector<Payload> IkeEngine::nat_d_payloads(const IkeSa& sa) const {
    if (!sa.peer_does_nat_t) return {};
    // First the peer's address as we send to it, then ours.
    auto nat_d = [&](std::uint32_t addr, std::uint16_t port) { return ike::nat_d(sa, addr, port); };
    Bytes mine = options_.force_encapsulation ? random_bytes(hash_size(sa.hash)) : nat_d(sa.local, options_.port);
    return {{PayloadType::NAT_D, nat_d(sa.peer, sa.peer_port)}, {PayloadType::NAT_D, mine}};
}

void IkeEngine::nat_detection(IkeSa& sa, const std::vector<Payload>& payloads) {
    std::vector<const Payload*> nat_d;
    for (const auto& p : payloads)
        if (p.type == PayloadType::NAT_D) nat_d.push_back(&p);
    if (nat_d.size() < 2 || !sa.peer_does_nat_t) return;
    auto expect = [&](std::uint32_t addr, std::uint16_t port) { return ike::nat_d(sa, addr, port); };
    // The first NAT-D is how the peer sees us; the others are how it sees itself.
    sa.local_behind_nat = nat_d[0]->body != expect(sa.local, options_.port) || options_.force_encapsulation;
    Bytes them = expect(sa.peer, sa.peer_port);
    sa.peer_behind_nat = std::none_of(nat_d.begin() + 1, nat_d.end(), [&](const Payload* p) { return p->body == them; });
    if (hooks_.isakmp_debug) hooks_.isakmp_debug("ISAKMP:received payload type 20");
    if (!sa.local_behind_nat && !sa.peer_behind_nat) debug(&sa, " No NAT Found for self or peer");
    else if (sa.local_behind_nat && sa.peer_behind_nat) debug(&sa, " NAT found, both nodes inside NAT");
    else if (sa.local_behind_nat) debug(&sa, " NAT found, the node inside NAT");
    else debug(&sa, " NAT found, the node outside NAT");
}

void IkeEngine::nat_keepalives() {
    auto pol = hooks_.policy ? hooks_.policy() : nullptr;
    auto every = options_.time_unit * (pol && pol->nat_keepalive ? *pol->nat_keepalive : 20);
    natt_keepalive_timer_.expires_after(every);
    natt_keepalive_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        auto pol = hooks_.policy();
        // RFC 3948 4: one 0xff octet keeps the NAT's mapping alive; sent by the side behind it.
        if (pol && pol->nat_keepalive) {
            for (auto& [c, sa] : sas_) {
                if (!sa->floated || !sa->local_behind_nat) continue;
                boost::system::error_code e;
                const std::uint8_t ka = 0xff;
                natt_socket_.send_to(boost::asio::buffer(&ka, 1), udp::endpoint(boost::asio::ip::address_v4(sa->peer), sa->peer_port), 0, e);
            }
        }
        nat_keepalives();
    });
}

}  // namespace routerd::ike


namespace routerd::ike {

void IkeEngine::send_clear_notify(const Header& to, std::uint32_t peer, std::uint16_t port, NotifyType type) {
    NotifyPayload n;
    n.type = type;
    Header h;
    h.initiator_cookie = to.initiator_cookie;
    h.next_payload = PayloadType::N;
    h.exchange = ExchangeType::INFORMATIONAL;
    Bytes msg = encode_message(h, encode_payloads({{PayloadType::N, encode_notify(n)}}));
    boost::system::error_code ec;
    socket_.send_to(boost::asio::buffer(msg), udp::endpoint(boost::asio::ip::address_v4(peer), port), 0, ec);
}

}  // namespace routerd::ike
