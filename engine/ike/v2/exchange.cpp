#include "engine/ike/v2/exchange.hpp"

#include <algorithm>

#include "engine/ike/v2/packet_debug.hpp"

namespace routerd::ike::v2 {

Header header_for(const IkeSa& sa, ExchangeType exchange, std::uint32_t message_id, bool response) {
    Header h;
    h.spi_i = sa.spi_i;
    h.spi_r = sa.spi_r;
    h.exchange = exchange;
    h.flags = static_cast<std::uint8_t>((sa.initiator ? FLAG_INITIATOR : 0) | (response ? FLAG_RESPONSE : 0));
    h.message_id = message_id;
    return h;
}

namespace {

// One message, or its fragments when both ends do RFC 7383 and it is longer than the MTU
// allows: the IP and UDP headers (and the non-ESP marker on 4500) come off the MTU first.
std::vector<Bytes> protect(const IkeSa& sa, const Header& h, const std::vector<Payload>& inner) {
    if (sa.fragmentation && sa.config && sa.config->fragmentation_mtu) {
        std::size_t mtu = *sa.config->fragmentation_mtu, headers = 20 + 8 + (sa.natt ? 4 : 0);
        if (mtu > headers) return seal_fragments(h, inner, sa.outbound_keys(), mtu - headers);
    }
    auto one = seal(h, inner, sa.outbound_keys());
    return one.empty() ? std::vector<Bytes>{} : std::vector<Bytes>{one};
}

// IOS's "Building packet for encryption." with what goes inside SK, before it is sealed.
void debug_inner(const Context& ctx, const IkeSa& sa, const std::vector<Payload>& inner) {
    if (ctx.debugging(Ikev2DebugKind::EVENT))
        ctx.debug(&sa, "Building packet for encryption.\nPayload contents:\n" + payload_contents(inner));
    if (ctx.debugging(Ikev2DebugKind::PACKET)) ctx.debug(Ikev2DebugKind::PACKET, &sa, "Payload contents:" + payload_detail(inner));
}

}  // namespace

void send_protected_request(Context& ctx, IkeSa& sa, ExchangeType exchange, const std::vector<Payload>& inner) {
    debug_inner(ctx, sa, inner);
    ctx.send_request(sa, exchange, protect(sa, header_for(sa, exchange, sa.next_request_id, false), inner));
}

void send_protected_response(Context& ctx, IkeSa& sa, ExchangeType exchange, std::uint32_t message_id,
                             const std::vector<Payload>& inner) {
    debug_inner(ctx, sa, inner);
    ctx.send_response(sa, protect(sa, header_for(sa, exchange, message_id, true), inner));
}

Payload notify(NotifyType type, Bytes data, ProtocolId protocol, Bytes spi) {
    return Payload{PayloadType::NOTIFY, false, encode_notify({protocol, type, std::move(spi), std::move(data)})};
}

std::vector<NotifyPayload> notifies(const std::vector<Payload>& payloads) {
    std::vector<NotifyPayload> out;
    for (const auto& p : payloads)
        if (p.type == PayloadType::NOTIFY)
            if (auto n = decode_notify(p.body)) out.push_back(*n.value);
    return out;
}

const Payload* find(const std::vector<Payload>& payloads, PayloadType type) {
    auto it = std::find_if(payloads.begin(), payloads.end(), [type](const Payload& p) { return p.type == type; });
    return it == payloads.end() ? nullptr : &*it;
}

std::uint32_t new_child_spi() {
    std::uint32_t spi = 0;
    while (spi < 256) spi = read_be32(random_bytes(4));  // SPIs 1-255 are reserved (RFC 4303 2.1)
    return spi;
}

std::string hex(std::span<const std::uint8_t> bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string out;
    for (auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string notify_name(NotifyType t) {
    switch (t) {
        case NotifyType::UNSUPPORTED_CRITICAL_PAYLOAD: return "UNSUPPORTED_CRITICAL_PAYLOAD";
        case NotifyType::INVALID_IKE_SPI: return "INVALID_IKE_SPI";
        case NotifyType::INVALID_SYNTAX: return "INVALID_SYNTAX";
        case NotifyType::NO_PROPOSAL_CHOSEN: return "NO_PROPOSAL_CHOSEN";
        case NotifyType::INVALID_KE_PAYLOAD: return "INVALID_KE_PAYLOAD";
        case NotifyType::AUTHENTICATION_FAILED: return "AUTHENTICATION_FAILED";
        case NotifyType::TS_UNACCEPTABLE: return "TS_UNACCEPTABLE";
        case NotifyType::TEMPORARY_FAILURE: return "TEMPORARY_FAILURE";
        case NotifyType::CHILD_SA_NOT_FOUND: return "CHILD_SA_NOT_FOUND";
        case NotifyType::INITIAL_CONTACT: return "INITIAL_CONTACT";
        case NotifyType::NAT_DETECTION_SOURCE_IP: return "NAT_DETECTION_SOURCE_IP";
        case NotifyType::NAT_DETECTION_DESTINATION_IP: return "NAT_DETECTION_DESTINATION_IP";
        case NotifyType::COOKIE: return "COOKIE";
        case NotifyType::REKEY_SA: return "REKEY_SA";
        default: return std::to_string(static_cast<int>(t));
    }
}

std::string identity_text(const IdPayload& id) {
    if (id.type == IdType::ID_IPV4_ADDR && id.data.size() == 4)
        return ip(read_be32(id.data));
    return std::string(id.data.begin(), id.data.end());
}

}  // namespace routerd::ike::v2
