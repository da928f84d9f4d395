#include "engine/ike/v2/packet_debug.hpp"

#include "engine/ike/v2/exchange.hpp"

namespace routerd::ike::v2 {
namespace {

// IOS's names of the payloads (IOS XE `debug crypto ikev2`: "SA KE N VID ... ENCR").
std::string payload_name(const Payload& p) {
    switch (p.type) {
        case PayloadType::NONE: return "NONE";
        case PayloadType::SA: return "SA";
        case PayloadType::KE: return "KE";
        case PayloadType::IDi: return "IDi";
        case PayloadType::IDr: return "IDr";
        case PayloadType::CERT: return "CERT";
        case PayloadType::CERTREQ: return "CERTREQ";
        case PayloadType::AUTH: return "AUTH";
        case PayloadType::NONCE: return "N";
        case PayloadType::NOTIFY: {
            auto n = decode_notify(p.body);
            return n ? "NOTIFY(" + notify_name(n.value->type) + ")" : "NOTIFY";
        }
        case PayloadType::DELETE: return "DELETE";
        case PayloadType::VENDOR: return "VID";
        case PayloadType::TSi: return "TSi";
        case PayloadType::TSr: return "TSr";
        case PayloadType::SK: return "ENCR";
        case PayloadType::CP: return "CFG";
        case PayloadType::EAP: return "EAP";
        case PayloadType::SKF: return "SKF";
    }
    return std::to_string(static_cast<int>(p.type));
}

std::string type_name(PayloadType t) { return payload_name(Payload{t, false, {}, PayloadType::NONE}); }

const char* exchange_name(ExchangeType e) {
    switch (e) {
        case ExchangeType::IKE_SA_INIT: return "IKE_SA_INIT";
        case ExchangeType::IKE_AUTH: return "IKE_AUTH";
        case ExchangeType::CREATE_CHILD_SA: return "CREATE_CHILD_SA";
        case ExchangeType::INFORMATIONAL: return "INFORMATIONAL";
    }
    return "UNKNOWN";
}

const char* protocol_name(ProtocolId p) {
    switch (p) {
        case ProtocolId::IKE: return "IKE";
        case ProtocolId::AH: return "AH";
        case ProtocolId::ESP: return "ESP";
        case ProtocolId::NONE: break;
    }
    return "Unknown - 0";
}

std::string endpoint(core::Endpoint e) { return ip(e.address) + ":" + std::to_string(e.port); }

}  // namespace

std::string payload_contents(const std::vector<Payload>& ps) {
    std::string out;
    for (const auto& p : ps) out += " " + payload_name(p);
    return out;
}

std::string payload_detail(const std::vector<Payload>& ps) {
    std::string out;
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const auto& p = ps[i];
        // The SK payload's next-payload field names the first payload inside it (RFC 7296 3.14).
        PayloadType next = p.type == PayloadType::SK || p.type == PayloadType::SKF ? p.inner_first
                           : i + 1 < ps.size()                                   ? ps[i + 1].type
                                                                                 : PayloadType::NONE;
        out += "\n" + payload_name(p) + " Next payload: " + type_name(next) +
               ", reserved: 0x0, length: " + std::to_string(kGenericHeaderSize + p.body.size());
        if (p.type == PayloadType::NOTIFY)
            if (auto n = decode_notify(p.body))
                out += "\n    Security protocol id: " + std::string(protocol_name(n.value->protocol)) + ", spi size: " +
                       std::to_string(n.value->spi.size()) + ", type: " + notify_name(n.value->type);
    }
    return out;
}

std::string packet_summary(bool sending, core::Endpoint peer, core::Endpoint us, const Message& m) {
    const auto& h = m.header;
    std::string out = sending ? "Sending Packet [To " + endpoint(peer) + "/From " + endpoint(us)
                              : "Received Packet [From " + endpoint(peer) + "/To " + endpoint(us);
    out += "/VRF i0:f0]\nInitiator SPI : " + hex(h.spi_i) + " - Responder SPI : " + hex(h.spi_r) + " Message id: " +
           std::to_string(h.message_id) + "\nIKEv2 " + exchange_name(h.exchange) + " Exchange " + (h.is_response() ? "RESPONSE" : "REQUEST") +
           "\nPayload contents:\n" + payload_contents(m.payloads);
    return out;
}

std::string packet_detail(const Message& m) {
    const auto& h = m.header;
    std::string flags = h.from_initiator() ? "INITIATOR" : "RESPONDER";
    if (h.is_response()) flags += " MSG-RESPONSE";
    return "Next payload: " + type_name(h.next_payload) + ", version: " + std::to_string(h.version >> 4) + "." +
           std::to_string(h.version & 0x0f) + " Exchange type: " + exchange_name(h.exchange) + ", flags: " + flags +
           " Message id: " + std::to_string(h.message_id) + ", length: " + std::to_string(h.length) + "\nPayload contents:" +
           payload_detail(m.payloads);
}

}  // namespace routerd::ike::v2
