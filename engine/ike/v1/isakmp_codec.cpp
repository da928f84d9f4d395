#include "engine/ike/v1/isakmp_codec.hpp"

#include <algorithm>

namespace routerd::ike {
namespace {

// A cursor over untrusted bytes: every read checks what is left.
class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> in) : in_(in) {}
    std::size_t left() const { return in_.size() - pos_; }
    bool u8(std::uint8_t& v) {
        if (left() < 1) return false;
        v = in_[pos_++];
        return true;
    }
    bool u16(std::uint16_t& v) {
        if (left() < 2) return false;
        v = static_cast<std::uint16_t>(in_[pos_] << 8 | in_[pos_ + 1]);
        pos_ += 2;
        return true;
    }
    bool u32(std::uint32_t& v) {
        if (left() < 4) return false;
        v = static_cast<std::uint32_t>(in_[pos_]) << 24 | static_cast<std::uint32_t>(in_[pos_ + 1]) << 16 |
            static_cast<std::uint32_t>(in_[pos_ + 2]) << 8 | in_[pos_ + 3];
        pos_ += 4;
        return true;
    }
    bool bytes(std::size_t n, Bytes& out) {
        if (left() < n) return false;
        out.assign(in_.begin() + static_cast<std::ptrdiff_t>(pos_), in_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
        pos_ += n;
        return true;
    }
    bool span(std::size_t n, std::span<const std::uint8_t>& out) {
        if (left() < n) return false;
        out = in_.subspan(pos_, n);
        pos_ += n;
        return true;
    }
    std::span<const std::uint8_t> rest() const { return in_.subspan(pos_); }

private:
    std::span<const std::uint8_t> in_;
    std::size_t pos_ = 0;
};

void put8(Bytes& out, std::uint8_t v) { out.push_back(v); }
void put16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}
void append(Bytes& out, std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }

template <typename T>
Decoded<T> fail(std::string why) {
    return Decoded<T>{std::nullopt, std::move(why)};
}

// RFC 2408 3.3: attributes fill the rest of a transform.
bool read_attributes(std::span<const std::uint8_t> in, std::vector<Attribute>& out, std::string& error) {
    Reader r(in);
    while (r.left() > 0) {
        if (out.size() >= 64) { error = "too many attributes"; return false; }
        std::uint16_t type = 0, v = 0;
        if (!r.u16(type) || !r.u16(v)) { error = "truncated attribute"; return false; }
        Attribute a;
        a.type = type & 0x7fff;
        a.basic = (type & 0x8000) != 0;
        if (a.basic) a.value = v;
        else if (!r.bytes(v, a.variable)) { error = "attribute longer than its transform"; return false; }
        out.push_back(std::move(a));
    }
    return true;
}

// A generic payload chain inside a payload body (proposals in an SA, transforms in a
// proposal): each element has the generic header (RFC 2408 3.2).
struct Element {
    std::uint8_t next;
    std::span<const std::uint8_t> body;
};
bool read_chain(std::span<const std::uint8_t> in, std::size_t expected, std::uint8_t kind, std::vector<Element>& out,
                std::string& error) {
    Reader r(in);
    std::uint8_t next = kind;
    while (next != 0) {
        if (next != kind) { error = "unexpected payload in chain"; return false; }
        if (out.size() >= expected) { error = "more elements than announced"; return false; }
        std::uint8_t reserved = 0;
        std::uint16_t length = 0;
        std::span<const std::uint8_t> body;
        std::uint8_t this_next = 0;
        if (!r.u8(this_next) || !r.u8(reserved) || !r.u16(length)) { error = "truncated payload header"; return false; }
        if (length < 4 || !r.span(length - 4u, body)) { error = "payload length out of bounds"; return false; }
        out.push_back({this_next, body});
        next = this_next;
    }
    return true;
}

}  // namespace

std::optional<std::uint64_t> Attribute::number() const {
    if (basic) return value;
    if (variable.empty() || variable.size() > 8) return std::nullopt;
    std::uint64_t v = 0;
    for (auto b : variable) v = v << 8 | b;
    return v;
}

Attribute Attribute::of(std::uint16_t type, std::uint64_t value) {
    Attribute a;
    a.type = type;
    if (value <= 0xffff) {
        a.value = static_cast<std::uint16_t>(value);
        return a;
    }
    a.basic = false;
    int bytes = value > 0xffffffffULL ? 8 : 4;
    for (int i = bytes - 1; i >= 0; --i) a.variable.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    return a;
}

const Attribute* Transform::find(std::uint16_t type) const {
    for (const auto& a : attributes)
        if (a.type == type) return &a;
    return nullptr;
}

Decoded<Header> decode_header(std::span<const std::uint8_t> message) {
    if (message.size() < kHeaderSize) return fail<Header>("shorter than an ISAKMP header");
    Reader r(message);
    Header h;
    std::span<const std::uint8_t> ic, rc;
    std::uint8_t next = 0, exchange = 0;
    r.span(8, ic);
    r.span(8, rc);
    r.u8(next);
    r.u8(h.version);
    r.u8(exchange);
    r.u8(h.flags);
    r.u32(h.message_id);
    r.u32(h.length);
    std::copy(ic.begin(), ic.end(), h.initiator_cookie.begin());
    std::copy(rc.begin(), rc.end(), h.responder_cookie.begin());
    h.next_payload = static_cast<PayloadType>(next);
    h.exchange = static_cast<ExchangeType>(exchange);
    if ((h.version >> 4) != 1) return fail<Header>("major version " + std::to_string(h.version >> 4) + " is not 1");
    if (h.length < kHeaderSize || h.length > message.size() || h.length > kMaxMessage)
        return fail<Header>("length field " + std::to_string(h.length) + " does not fit the " +
                            std::to_string(message.size()) + "-byte datagram");
    return {h, ""};
}

Decoded<std::vector<Payload>> decode_payloads(PayloadType first, std::span<const std::uint8_t> body) {
    std::vector<Payload> out;
    Reader r(body);
    auto next = first;
    while (next != PayloadType::NONE) {
        if (out.size() >= kMaxPayloads) return fail<std::vector<Payload>>("too many payloads");
        std::uint8_t n = 0, reserved = 0;
        std::uint16_t length = 0;
        if (!r.u8(n) || !r.u8(reserved) || !r.u16(length))
            return fail<std::vector<Payload>>("truncated payload header");
        Payload p;
        p.type = next;
        if (length < 4 || !r.bytes(length - 4u, p.body))
            return fail<std::vector<Payload>>("payload length " + std::to_string(length) + " out of bounds");
        out.push_back(std::move(p));
        next = static_cast<PayloadType>(n);
    }
    // Encrypted bodies are padded to the cipher block (RFC 2409 5.3): what follows the last
    // payload is padding and is ignored.
    return {std::move(out), ""};
}

Decoded<SaPayload> decode_sa(std::span<const std::uint8_t> body) {
    Reader r(body);
    SaPayload sa;
    if (!r.u32(sa.doi) || !r.u32(sa.situation)) return fail<SaPayload>("truncated SA payload");
    if (sa.doi != DOI_IPSEC) return fail<SaPayload>("DOI " + std::to_string(sa.doi) + " is not IPsec");
    std::vector<Element> proposals;
    std::string error;
    if (!read_chain(r.rest(), 64, static_cast<std::uint8_t>(PayloadType::PROPOSAL), proposals, error))
        return fail<SaPayload>("proposal: " + error);
    for (const auto& pe : proposals) {
        Reader pr(pe.body);
        Proposal p;
        std::uint8_t proto = 0, spi_size = 0, count = 0;
        if (!pr.u8(p.number) || !pr.u8(proto) || !pr.u8(spi_size) || !pr.u8(count) || !pr.bytes(spi_size, p.spi))
            return fail<SaPayload>("truncated proposal");
        p.protocol = static_cast<ProtocolId>(proto);
        std::vector<Element> transforms;
        if (!read_chain(pr.rest(), count, static_cast<std::uint8_t>(PayloadType::TRANSFORM), transforms, error))
            return fail<SaPayload>("transform: " + error);
        if (transforms.size() != count) return fail<SaPayload>("fewer transforms than announced");
        for (const auto& te : transforms) {
            Reader tr(te.body);
            Transform t;
            std::uint16_t reserved = 0;
            if (!tr.u8(t.number) || !tr.u8(t.id) || !tr.u16(reserved)) return fail<SaPayload>("truncated transform");
            if (!read_attributes(tr.rest(), t.attributes, error)) return fail<SaPayload>(error);
            p.transforms.push_back(std::move(t));
        }
        sa.proposals.push_back(std::move(p));
    }
    if (sa.proposals.empty()) return fail<SaPayload>("SA without proposals");
    return {std::move(sa), ""};
}

Decoded<IdPayload> decode_id(std::span<const std::uint8_t> body) {
    Reader r(body);
    IdPayload id;
    std::uint8_t type = 0;
    if (!r.u8(type) || !r.u8(id.protocol) || !r.u16(id.port)) return fail<IdPayload>("truncated ID payload");
    id.type = static_cast<IdType>(type);
    r.bytes(r.left(), id.data);
    std::size_t need = id.type == IdType::ID_IPV4_ADDR ? 4
                       : id.type == IdType::ID_IPV4_ADDR_SUBNET || id.type == IdType::ID_IPV4_ADDR_RANGE ? 8 : 0;
    if (need && id.data.size() != need) return fail<IdPayload>("ID data has the wrong length for its type");
    return {std::move(id), ""};
}

Decoded<NotifyPayload> decode_notify(std::span<const std::uint8_t> body) {
    Reader r(body);
    NotifyPayload n;
    std::uint8_t proto = 0, spi_size = 0;
    std::uint16_t type = 0;
    if (!r.u32(n.doi) || !r.u8(proto) || !r.u8(spi_size) || !r.u16(type) || !r.bytes(spi_size, n.spi))
        return fail<NotifyPayload>("truncated notify payload");
    n.protocol = static_cast<ProtocolId>(proto);
    n.type = static_cast<NotifyType>(type);
    r.bytes(r.left(), n.data);
    return {std::move(n), ""};
}

Decoded<DeletePayload> decode_delete(std::span<const std::uint8_t> body) {
    Reader r(body);
    DeletePayload d;
    std::uint8_t proto = 0;
    std::uint16_t count = 0;
    if (!r.u32(d.doi) || !r.u8(proto) || !r.u8(d.spi_size) || !r.u16(count)) return fail<DeletePayload>("truncated delete payload");
    d.protocol = static_cast<ProtocolId>(proto);
    if (d.spi_size == 0 || static_cast<std::size_t>(count) * d.spi_size != r.left())
        return fail<DeletePayload>("SPI count does not match the payload length");
    for (std::uint16_t i = 0; i < count; ++i) {
        Bytes spi;
        r.bytes(d.spi_size, spi);
        d.spis.push_back(std::move(spi));
    }
    return {std::move(d), ""};
}

Decoded<std::vector<Attribute>> decode_attributes(std::span<const std::uint8_t> body) {
    std::vector<Attribute> out;
    std::string error;
    if (!read_attributes(body, out, error)) return fail<std::vector<Attribute>>(error);
    return {std::move(out), ""};
}

Bytes encode_attributes(const std::vector<Attribute>& attributes) {
    Bytes out;
    for (const auto& a : attributes) {
        if (a.basic) {
            put16(out, static_cast<std::uint16_t>(a.type | 0x8000));
            put16(out, a.value);
        } else {
            put16(out, a.type);
            put16(out, static_cast<std::uint16_t>(a.variable.size()));
            append(out, a.variable);
        }
    }
    return out;
}

Bytes encode_sa(const SaPayload& sa) {
    Bytes out;
    put32(out, sa.doi);
    put32(out, sa.situation);
    for (std::size_t i = 0; i < sa.proposals.size(); ++i) {
        const auto& p = sa.proposals[i];
        Bytes pb;
        put8(pb, p.number);
        put8(pb, static_cast<std::uint8_t>(p.protocol));
        put8(pb, static_cast<std::uint8_t>(p.spi.size()));
        put8(pb, static_cast<std::uint8_t>(p.transforms.size()));
        append(pb, p.spi);
        for (std::size_t k = 0; k < p.transforms.size(); ++k) {
            const auto& t = p.transforms[k];
            Bytes tb;
            put8(tb, t.number);
            put8(tb, t.id);
            put16(tb, 0);
            append(tb, encode_attributes(t.attributes));
            put8(pb, k + 1 < p.transforms.size() ? static_cast<std::uint8_t>(PayloadType::TRANSFORM) : 0);
            put8(pb, 0);
            put16(pb, static_cast<std::uint16_t>(tb.size() + 4));
            append(pb, tb);
        }
        put8(out, i + 1 < sa.proposals.size() ? static_cast<std::uint8_t>(PayloadType::PROPOSAL) : 0);
        put8(out, 0);
        put16(out, static_cast<std::uint16_t>(pb.size() + 4));
        append(out, pb);
    }
    return out;
}

Bytes encode_id(const IdPayload& id) {
    Bytes out;
    put8(out, static_cast<std::uint8_t>(id.type));
    put8(out, id.protocol);
    put16(out, id.port);
    append(out, id.data);
    return out;
}

Bytes encode_notify(const NotifyPayload& n) {
    Bytes out;
    put32(out, n.doi);
    put8(out, static_cast<std::uint8_t>(n.protocol));
    put8(out, static_cast<std::uint8_t>(n.spi.size()));
    put16(out, static_cast<std::uint16_t>(n.type));
    append(out, n.spi);
    append(out, n.data);
    return out;
}

Bytes encode_delete(const DeletePayload& d) {
    Bytes out;
    put32(out, d.doi);
    put8(out, static_cast<std::uint8_t>(d.protocol));
    put8(out, d.spi_size);
    put16(out, static_cast<std::uint16_t>(d.spis.size()));
    for (const auto& s : d.spis) append(out, s);
    return out;
}

Bytes encode_payloads(const std::vector<Payload>& payloads) {
    Bytes out;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        put8(out, i + 1 < payloads.size() ? static_cast<std::uint8_t>(payloads[i + 1].type) : 0);
        put8(out, 0);
        put16(out, static_cast<std::uint16_t>(payloads[i].body.size() + 4));
        append(out, payloads[i].body);
    }
    return out;
}

Bytes encode_message(Header h, std::span<const std::uint8_t> body) {
    Bytes out;
    append(out, h.initiator_cookie);
    append(out, h.responder_cookie);
    put8(out, static_cast<std::uint8_t>(h.next_payload));
    put8(out, h.version);
    put8(out, static_cast<std::uint8_t>(h.exchange));
    put8(out, h.flags);
    put32(out, h.message_id);
    put32(out, static_cast<std::uint32_t>(kHeaderSize + body.size()));
    append(out, body);
    return out;
}

}  // namespace routerd::ike
