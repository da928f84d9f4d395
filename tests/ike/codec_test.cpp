#include <catch.hpp>

#include "engine/ike/v1/isakmp_codec.hpp"

using namespace routerd::ike;

namespace {

SaPayload phase1_sa() {
    SaPayload sa;
    Proposal p;
    p.protocol = ProtocolId::PROTO_ISAKMP;
    Transform t;
    t.id = KEY_IKE;
    t.attributes = {Attribute::of(1, 5), Attribute::of(2, 1), Attribute::of(3, 1), Attribute::of(4, 2),
                    Attribute::of(11, 1), Attribute::of(12, 86400)};
    p.transforms = {t};
    sa.proposals = {p};
    return sa;
}

}  // namespace

TEST_CASE("an SA with proposals, transforms and both attribute forms round-trips") {
    SaPayload sa = phase1_sa();
    Bytes body = encode_sa(sa);
    auto back = decode_sa(body);
    REQUIRE(back);
    REQUIRE(back.value->proposals.size() == 1);
    const auto& t = back.value->proposals[0].transforms.at(0);
    CHECK(t.id == KEY_IKE);
    REQUIRE(t.attributes.size() == 6);
    CHECK(t.find(1)->number() == 5u);
    CHECK(t.find(12)->basic == false);  // 86400 needs the variable form (RFC 2408 3.3)
    CHECK(t.find(12)->number() == 86400u);
    CHECK(encode_sa(*back.value) == body);
}

TEST_CASE("a whole message: header, payload chain, lengths") {
    Header h;
    h.initiator_cookie = {1, 2, 3, 4, 5, 6, 7, 8};
    h.next_payload = PayloadType::SA;
    std::vector<Payload> payloads{{PayloadType::SA, encode_sa(phase1_sa())}, {PayloadType::VID, Bytes(16, 0xaa)}};
    Bytes msg = encode_message(h, encode_payloads(payloads));
    auto hdr = decode_header(msg);
    REQUIRE(hdr);
    CHECK(hdr.value->length == msg.size());
    CHECK(hdr.value->initiator_cookie == h.initiator_cookie);
    auto chain = decode_payloads(hdr.value->next_payload, std::span(msg).subspan(kHeaderSize));
    REQUIRE(chain);
    REQUIRE(chain.value->size() == 2);
    CHECK(chain.value->at(1).type == PayloadType::VID);
    CHECK(chain.value->at(1).body == Bytes(16, 0xaa));
}

TEST_CASE("malformed input is refused with a reason, never read past the end") {
    Bytes short_msg(20, 0);
    CHECK_FALSE(decode_header(short_msg));
    Header h;
    h.next_payload = PayloadType::SA;
    Bytes msg = encode_message(h, encode_payloads({{PayloadType::SA, encode_sa(phase1_sa())}}));
    Bytes truncated(msg.begin(), msg.end() - 5);
    auto hdr = decode_header(truncated);
    CHECK_FALSE(hdr);
    CHECK(hdr.error.find("does not fit") != std::string::npos);
    // A payload length pointing past the message.
    Bytes body = encode_payloads({{PayloadType::NONCE, Bytes(20, 1)}});
    body[3] = 200;
    auto chain = decode_payloads(PayloadType::NONCE, body);
    CHECK_FALSE(chain);
    // An attribute claiming more bytes than its transform has.
    Bytes sa = encode_sa(phase1_sa());
    sa.back() = 0xff;  // last byte of the variable-length lifetime value...
    sa[sa.size() - 6] = 0x00;  // ...and its length field made huge
    sa[sa.size() - 5] = 0x40;
    CHECK_FALSE(decode_sa(sa));
    // Every truncation of a valid SA is refused or decodes within bounds.
    Bytes good = encode_sa(phase1_sa());
    for (std::size_t n = 0; n < good.size(); ++n) {
        auto r = decode_sa(std::span(good).first(n));
        if (r) CHECK(encode_sa(*r.value).size() <= n);
    }
    // Wrong major version.
    Bytes v2 = msg;
    v2[17] = 0x20;
    CHECK_FALSE(decode_header(v2));
}

TEST_CASE("ID, notify and delete payloads") {
    IdPayload id{IdType::ID_IPV4_ADDR_SUBNET, 0, 0, {10, 1, 1, 0, 255, 255, 255, 0}};
    auto back = decode_id(encode_id(id));
    REQUIRE(back);
    CHECK(back.value->data == id.data);
    CHECK_FALSE(decode_id(Bytes{1, 0, 0, 0, 10, 1}));  // an IPv4 ID with two octets
    NotifyPayload n;
    n.type = NotifyType::R_U_THERE;
    n.spi = Bytes(16, 7);
    n.data = {0, 0, 0, 42};
    auto nb = decode_notify(encode_notify(n));
    REQUIRE(nb);
    CHECK(nb.value->type == NotifyType::R_U_THERE);
    CHECK(nb.value->data == n.data);
    DeletePayload d;
    d.protocol = ProtocolId::PROTO_IPSEC_ESP;
    d.spi_size = 4;
    d.spis = {{1, 2, 3, 4}, {5, 6, 7, 8}};
    auto db = decode_delete(encode_delete(d));
    REQUIRE(db);
    CHECK(db.value->spis.size() == 2);
    Bytes bad = encode_delete(d);
    bad.pop_back();
    CHECK_FALSE(decode_delete(bad));
}
