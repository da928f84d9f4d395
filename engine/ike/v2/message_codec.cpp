#include "engine/ike/v2/message_codec.hpp"

#include <algorithm>

namespace routerd::ike::v2 {
namespace {

std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}
std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}
void put16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& out, std::uint32_t v) {
    put16(out, static_cast<std::uint16_t>(v >> 16));
    put16(out, static_cast<std::uint16_t>(v));
}
void set16(Bytes& out, std::size_t at, std::size_t v) {
    out[at] = static_cast<std::uint8_t>(v >> 8);
    out[at + 1] = static_cast<std::uint8_t>(v);
}

template <typename T>
Decoded<T> fail(std::string why) {
    return Decoded<T>{std::nullopt, std::move(why)};
}
template <typename T>
Decoded<T> ok(T v) {
    return Decoded<T>{std::move(v), {}};
}

bool known_payload(std::uint8_t t) {
    return (t >= 33 && t <= 48) || t == 53;
}

// RFC 7296 3.3.1: the last substructure says 0, the others 2 (proposals) or 3 (transforms).
constexpr std::uint8_t kMoreProposals = 2;
constexpr std::uint8_t kMoreTransforms = 3;
constexpr std::size_t kProposalHeader = 8;
constexpr std::size_t kTransformHeader = 8;

Decoded<Transform> decode_transform(std::span<const std::uint8_t> b) {
    Transform t;
    t.type = static_cast<TransformType>(b[4]);
    t.id = u16(b, 6);
    std::size_t at = kTransformHeader;
    while (at < b.size()) {
        if (b.size() - at < 4) return fail<Transform>("transform attribute truncated");
        std::uint16_t type = u16(b, at);
        std::size_t len = 0;
        if (type & 0x8000) {
            // RFC 7296 3.3.5: Key Length is the only attribute defined, in TV format.
            if ((type & 0x7fff) == kKeyLengthAttribute) t.key_length = u16(b, at + 2);
            else t.unknown_attribute = true;
        } else {
            len = u16(b, at + 2);
            if (b.size() - at - 4 < len) return fail<Transform>("transform attribute longer than its transform");
            t.unknown_attribute = true;
        }
        at += 4 + len;
    }
    return ok(t);
}

}  // namespace

Bytes IdPayload::body() const {
    Bytes out{static_cast<std::uint8_t>(type), 0, 0, 0};
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

const Payload* Message::find(PayloadType t) const {
    auto it = std::find_if(payloads.begin(), payloads.end(), [t](const Payload& p) { return p.type == t; });
    return it == payloads.end() ? nullptr : &*it;
}

Decoded<Header> decode_header(std::span<const std::uint8_t> m) {
    if (m.size() < kHeaderSize) return fail<Header>("message shorter than an IKE header");
    Header h;
    std::copy_n(m.begin(), 8, h.spi_i.begin());
    std::copy_n(m.begin() + 8, 8, h.spi_r.begin());
    h.next_payload = static_cast<PayloadType>(m[16]);
    h.version = m[17];
    h.exchange = static_cast<ExchangeType>(m[18]);
    h.flags = m[19];
    h.message_id = u32(m, 20);
    h.length = u32(m, 24);
    // RFC 7296 3.1: a major version above 2 gets INVALID_MAJOR_VERSION; the caller decides.
    if ((h.version >> 4) != 2) return fail<Header>("IKE major version " + std::to_string(h.version >> 4));
    return ok(h);
}

Decoded<std::vector<Payload>> decode_payloads(PayloadType first, std::span<const std::uint8_t> body) {
    std::vector<Payload> out;
    auto next = first;
    std::size_t at = 0;
    while (next != PayloadType::NONE) {
        if (out.size() == kMaxPayloads) return fail<std::vector<Payload>>("more than " + std::to_string(kMaxPayloads) + " payloads");
        if (body.size() - at < kGenericHeaderSize) return fail<std::vector<Payload>>("payload header truncated");
        std::size_t len = u16(body, at + 2);
        if (len < kGenericHeaderSize || len > body.size() - at)
            return fail<std::vector<Payload>>("payload length " + std::to_string(len) + " does not fit the message");
        Payload p;
        p.type = next;
        p.critical = body[at + 1] & 0x80;
        p.body.assign(body.begin() + static_cast<std::ptrdiff_t>(at + kGenericHeaderSize),
                      body.begin() + static_cast<std::ptrdiff_t>(at + len));
        auto following = static_cast<PayloadType>(body[at]);
        at += len;
        if (next == PayloadType::SK || next == PayloadType::SKF) {
            // RFC 7296 3.14: the Encrypted payload is the last in the message; its next-payload
            // field names the first payload inside it.
            p.inner_first = following;
            out.push_back(std::move(p));
            if (at != body.size()) return fail<std::vector<Payload>>("data after the Encrypted payload");
            return ok(std::move(out));
        }
        if (!known_payload(static_cast<std::uint8_t>(next)) && p.critical)
            return fail<std::vector<Payload>>("unsupported critical payload " + std::to_string(static_cast<int>(next)));
        out.push_back(std::move(p));
        next = following;
    }
    if (at != body.size()) return fail<std::vector<Payload>>("data after the last payload");
    return ok(std::move(out));
}

Decoded<Message> decode_message(std::span<const std::uint8_t> m) {
    auto h = decode_header(m);
    if (!h) return fail<Message>(h.error);
    if (h.value->length != m.size())
        return fail<Message>("header length " + std::to_string(h.value->length) + " but " + std::to_string(m.size()) + " octets came");
    auto p = decode_payloads(h.value->next_payload, m.subspan(kHeaderSize));
    if (!p) return fail<Message>(p.error);
    return ok(Message{*h.value, std::move(*p.value)});
}

Decoded<SaPayload> decode_sa(std::span<const std::uint8_t> b) {
    SaPayload sa;
    std::size_t at = 0;
    bool more = true;
    while (more) {
        if (b.size() - at < kProposalHeader) return fail<SaPayload>("proposal truncated");
        more = b[at] == kMoreProposals;
        if (!more && b[at] != 0) return fail<SaPayload>("bad proposal substructure type " + std::to_string(b[at]));
        std::size_t len = u16(b, at + 2);
        if (len < kProposalHeader || len > b.size() - at) return fail<SaPayload>("proposal length does not fit the SA payload");
        auto p = b.subspan(at, len);
        Proposal prop;
        prop.number = p[4];
        prop.protocol = static_cast<ProtocolId>(p[5]);
        std::size_t spi_size = p[6], count = p[7];
        if (kProposalHeader + spi_size > len) return fail<SaPayload>("proposal SPI longer than its proposal");
        prop.spi.assign(p.begin() + kProposalHeader, p.begin() + static_cast<std::ptrdiff_t>(kProposalHeader + spi_size));
        std::size_t t_at = kProposalHeader + spi_size;
        for (std::size_t i = 0; i < count; ++i) {
            if (len - t_at < kTransformHeader) return fail<SaPayload>("transform truncated");
            std::uint8_t last = p[t_at];
            std::size_t t_len = u16(p, t_at + 2);
            if (t_len < kTransformHeader || t_len > len - t_at) return fail<SaPayload>("transform length does not fit its proposal");
            if ((i + 1 < count) != (last == kMoreTransforms)) return fail<SaPayload>("transform count disagrees with the chain");
            auto t = decode_transform(p.subspan(t_at, t_len));
            if (!t) return fail<SaPayload>(t.error);
            prop.transforms.push_back(*t.value);
            t_at += t_len;
        }
        if (t_at != len) return fail<SaPayload>("data after the last transform");
        sa.proposals.push_back(std::move(prop));
        at += len;
    }
    if (at != b.size()) return fail<SaPayload>("data after the last proposal");
    if (sa.proposals.empty()) return fail<SaPayload>("SA payload without a proposal");
    return ok(std::move(sa));
}

Decoded<KePayload> decode_ke(std::span<const std::uint8_t> b) {
    if (b.size() < 4) return fail<KePayload>("KE payload truncated");
    return ok(KePayload{u16(b, 0), Bytes(b.begin() + 4, b.end())});
}

Decoded<IdPayload> decode_id(std::span<const std::uint8_t> b) {
    if (b.size() < 4) return fail<IdPayload>("ID payload truncated");
    return ok(IdPayload{static_cast<IdType>(b[0]), Bytes(b.begin() + 4, b.end())});
}

Decoded<AuthPayload> decode_auth(std::span<const std::uint8_t> b) {
    if (b.size() < 4) return fail<AuthPayload>("AUTH payload truncated");
    return ok(AuthPayload{static_cast<AuthMethod>(b[0]), Bytes(b.begin() + 4, b.end())});
}

Decoded<NotifyPayload> decode_notify(std::span<const std::uint8_t> b) {
    if (b.size() < 4) return fail<NotifyPayload>("Notify payload truncated");
    std::size_t spi_size = b[1];
    if (4 + spi_size > b.size()) return fail<NotifyPayload>("Notify SPI longer than its payload");
    NotifyPayload n;
    n.protocol = static_cast<ProtocolId>(b[0]);
    n.type = static_cast<NotifyType>(u16(b, 2));
    n.spi.assign(b.begin() + 4, b.begin() + static_cast<std::ptrdiff_t>(4 + spi_size));
    n.data.assign(b.begin() + static_cast<std::ptrdiff_t>(4 + spi_size), b.end());
    return ok(std::move(n));
}

Decoded<DeletePayload> decode_delete(std::span<const std::uint8_t> b) {
    if (b.size() < 4) return fail<DeletePayload>("Delete payload truncated");
    DeletePayload d;
    d.protocol = static_cast<ProtocolId>(b[0]);
    d.spi_size = b[1];
    std::size_t count = u16(b, 2);
    // RFC 7296 3.11: an IKE SA's Delete has no SPI (size 0, count 0); a Child SA's has 4 each.
    if (b.size() - 4 != count * d.spi_size) return fail<DeletePayload>("Delete SPIs do not fill the payload");
    if (d.spi_size == 0 && count != 0) return fail<DeletePayload>("Delete with SPIs of size 0");
    for (std::size_t i = 0; i < count; ++i)
        d.spis.emplace_back(b.begin() + static_cast<std::ptrdiff_t>(4 + i * d.spi_size),
                            b.begin() + static_cast<std::ptrdiff_t>(4 + (i + 1) * d.spi_size));
    return ok(std::move(d));
}

Decoded<std::vector<TrafficSelector>> decode_ts(std::span<const std::uint8_t> b) {
    using Out = std::vector<TrafficSelector>;
    if (b.size() < 4) return fail<Out>("TS payload truncated");
    std::size_t count = b[0], at = 4;
    if (count == 0) return fail<Out>("TS payload without a selector");
    Out out;
    for (std::size_t i = 0; i < count; ++i) {
        if (b.size() - at < 8) return fail<Out>("traffic selector truncated");
        auto type = static_cast<TsType>(b[at]);
        std::size_t len = u16(b, at + 2);
        if (len < 8 || len > b.size() - at) return fail<Out>("traffic selector length does not fit its payload");
        if (type == TsType::TS_IPV4_ADDR_RANGE) {
            if (len != 16) return fail<Out>("IPv4 traffic selector of length " + std::to_string(len));
            out.push_back(TrafficSelector{b[at + 1], u16(b, at + 4), u16(b, at + 6), u32(b, at + 8), u32(b, at + 12)});
        } else if (type == TsType::TS_IPV6_ADDR_RANGE) {
            if (len != 40) return fail<Out>("IPv6 traffic selector of length " + std::to_string(len));
        } else {
            return fail<Out>("unknown traffic selector type " + std::to_string(static_cast<int>(type)));
        }
        at += len;
    }
    if (at != b.size()) return fail<Out>("data after the last traffic selector");
    return ok(std::move(out));
}

Bytes encode_sa(const SaPayload& sa) {
    Bytes out;
    for (std::size_t i = 0; i < sa.proposals.size(); ++i) {
        const auto& p = sa.proposals[i];
        std::size_t start = out.size();
        out.push_back(i + 1 < sa.proposals.size() ? kMoreProposals : 0);
        out.push_back(0);
        put16(out, 0);
        out.push_back(p.number);
        out.push_back(static_cast<std::uint8_t>(p.protocol));
        out.push_back(static_cast<std::uint8_t>(p.spi.size()));
        out.push_back(static_cast<std::uint8_t>(p.transforms.size()));
        out.insert(out.end(), p.spi.begin(), p.spi.end());
        for (std::size_t j = 0; j < p.transforms.size(); ++j) {
            const auto& t = p.transforms[j];
            out.push_back(j + 1 < p.transforms.size() ? kMoreTransforms : 0);
            out.push_back(0);
            put16(out, t.key_length ? 12 : 8);
            out.push_back(static_cast<std::uint8_t>(t.type));
            out.push_back(0);
            put16(out, t.id);
            if (t.key_length) {
                put16(out, 0x8000 | kKeyLengthAttribute);
                put16(out, *t.key_length);
            }
        }
        set16(out, start + 2, out.size() - start);
    }
    return out;
}

Bytes encode_ke(const KePayload& ke) {
    Bytes out;
    put16(out, ke.group);
    put16(out, 0);
    out.insert(out.end(), ke.data.begin(), ke.data.end());
    return out;
}

Bytes encode_id(const IdPayload& id) { return id.body(); }

Bytes encode_auth(const AuthPayload& auth) {
    Bytes out{static_cast<std::uint8_t>(auth.method), 0, 0, 0};
    out.insert(out.end(), auth.data.begin(), auth.data.end());
    return out;
}

Bytes encode_notify(const NotifyPayload& n) {
    Bytes out{static_cast<std::uint8_t>(n.protocol), static_cast<std::uint8_t>(n.spi.size())};
    put16(out, static_cast<std::uint16_t>(n.type));
    out.insert(out.end(), n.spi.begin(), n.spi.end());
    out.insert(out.end(), n.data.begin(), n.data.end());
    return out;
}

Bytes encode_delete(const DeletePayload& d) {
    Bytes out{static_cast<std::uint8_t>(d.protocol), d.spi_size};
    put16(out, static_cast<std::uint16_t>(d.spis.size()));
    for (const auto& s : d.spis) out.insert(out.end(), s.begin(), s.end());
    return out;
}

Bytes encode_ts(const std::vector<TrafficSelector>& ts) {
    Bytes out{static_cast<std::uint8_t>(ts.size()), 0, 0, 0};
    for (const auto& t : ts) {
        out.push_back(static_cast<std::uint8_t>(TsType::TS_IPV4_ADDR_RANGE));
        out.push_back(t.protocol);
        put16(out, 16);
        put16(out, t.start_port);
        put16(out, t.end_port);
        put32(out, t.start_address);
        put32(out, t.end_address);
    }
    return out;
}

Bytes encode_payloads(const std::vector<Payload>& payloads) {
    Bytes out;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        const auto& p = payloads[i];
        // RFC 7296 3.2: the Payload Length is 16 bits; a longer one is refused, not wrapped.
        if (p.body.size() + kGenericHeaderSize > 0xffff) return {};
        bool encrypted = p.type == PayloadType::SK || p.type == PayloadType::SKF;
        auto next = encrypted ? p.inner_first : i + 1 < payloads.size() ? payloads[i + 1].type : PayloadType::NONE;
        out.push_back(static_cast<std::uint8_t>(next));
        out.push_back(p.critical ? 0x80 : 0);
        put16(out, static_cast<std::uint16_t>(p.body.size() + kGenericHeaderSize));
        out.insert(out.end(), p.body.begin(), p.body.end());
    }
    return out;
}

Bytes encode_message(Header h, const std::vector<Payload>& payloads) {
    Bytes body = encode_payloads(payloads);
    if ((body.empty() && !payloads.empty()) || kHeaderSize + body.size() > 0xffff) return {};  // no such IKE message
    // Sized up front: growing from the first SPI makes GCC 12 warn falsely (-Warray-bounds).
    Bytes out;
    out.reserve(kHeaderSize + body.size());
    out.insert(out.end(), h.spi_i.begin(), h.spi_i.end());
    out.insert(out.end(), h.spi_r.begin(), h.spi_r.end());
    out.push_back(static_cast<std::uint8_t>(payloads.empty() ? PayloadType::NONE : payloads.front().type));
    out.push_back(h.version);
    out.push_back(static_cast<std::uint8_t>(h.exchange));
    out.push_back(h.flags);
    put32(out, h.message_id);
    put32(out, static_cast<std::uint32_t>(kHeaderSize + body.size()));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

}  // namespace routerd::ike::v2
