// The IKEv2 wire format and the SK payload (issue #13): what we encode decodes to the same
// thing, every malformed length is refused with a reason, and a message whose ICV does not
// verify is never decrypted into payloads.
#include <catch.hpp>

#include "engine/ike/v2/encrypted_payload.hpp"
#include "engine/ike/v2/message_codec.hpp"

using namespace routerd::ike;
using namespace routerd::ike::v2;

namespace {

Header request_header() {
    Header h;
    h.spi_i = {1, 2, 3, 4, 5, 6, 7, 8};
    h.exchange = ExchangeType::IKE_SA_INIT;
    h.flags = FLAG_INITIATOR;
    return h;
}

SaPayload ike_offer() {
    Proposal p;
    p.protocol = ProtocolId::IKE;
    p.transforms = {{TransformType::ENCR, static_cast<std::uint16_t>(EncrId::ENCR_AES_CBC), 256},
                    {TransformType::PRF, static_cast<std::uint16_t>(PrfId::PRF_HMAC_SHA2_256), std::nullopt},
                    {TransformType::INTEG, static_cast<std::uint16_t>(IntegId::AUTH_HMAC_SHA2_256_128), std::nullopt},
                    {TransformType::DH, 14, std::nullopt}};
    Proposal q = p;
    q.number = 2;
    q.transforms[0].key_length = 128;
    return SaPayload{{p, q}};
}

}  // namespace

TEST_CASE("IKEv2 codec: an IKE_SA_INIT request round-trips, header and payloads") {
    Bytes nonce(32, 0xab);
    std::vector<Payload> payloads{{PayloadType::SA, false, encode_sa(ike_offer())},
                                  {PayloadType::KE, false, encode_ke({14, Bytes(256, 7)})},
                                  {PayloadType::NONCE, false, nonce},
                                  {PayloadType::NOTIFY, false, encode_notify({ProtocolId::NONE, NotifyType::NAT_DETECTION_SOURCE_IP, {}, Bytes(20, 1)})}};
    auto octets = encode_message(request_header(), payloads);
    auto m = decode_message(octets);
    REQUIRE(m);
    CHECK(m.value->header.spi_i == request_header().spi_i);
    CHECK(m.value->header.exchange == ExchangeType::IKE_SA_INIT);
    CHECK(m.value->header.from_initiator());
    CHECK_FALSE(m.value->header.is_response());
    CHECK(m.value->header.length == octets.size());
    REQUIRE(m.value->payloads.size() == 4);
    auto sa = decode_sa(m.value->find(PayloadType::SA)->body);
    REQUIRE(sa);
    REQUIRE(sa.value->proposals.size() == 2);
    CHECK(sa.value->proposals[1].number == 2);
    CHECK(sa.value->proposals[0].transforms == ike_offer().proposals[0].transforms);
    CHECK(sa.value->proposals[1].transforms[0].key_length == 128);
    auto ke = decode_ke(m.value->find(PayloadType::KE)->body);
    REQUIRE(ke);
    CHECK(ke.value->group == 14);
    CHECK(ke.value->data == Bytes(256, 7));
    CHECK(m.value->find(PayloadType::NONCE)->body == nonce);
    auto n = decode_notify(m.value->find(PayloadType::NOTIFY)->body);
    REQUIRE(n);
    CHECK(n.value->type == NotifyType::NAT_DETECTION_SOURCE_IP);
    CHECK(n.value->data == Bytes(20, 1));
}

TEST_CASE("IKEv2 codec: ID, AUTH, TS and Delete payloads round-trip") {
    IdPayload id{IdType::ID_IPV4_ADDR, {12, 1, 1, 1}};
    CHECK(id.body() == Bytes{1, 0, 0, 0, 12, 1, 1, 1});
    auto id2 = decode_id(encode_id(id));
    REQUIRE(id2);
    CHECK(id2.value->data == id.data);
    auto auth = decode_auth(encode_auth({AuthMethod::SHARED_KEY_MIC, Bytes(32, 5)}));
    REQUIRE(auth);
    CHECK(auth.value->method == AuthMethod::SHARED_KEY_MIC);
    std::vector<TrafficSelector> ts{{0, 0, 65535, 0x0a010100, 0x0a0101ff}, {17, 500, 500, 0x0c010101, 0x0c010101}};
    auto ts2 = decode_ts(encode_ts(ts));
    REQUIRE(ts2);
    CHECK(*ts2.value == ts);
    auto d = decode_delete(encode_delete({ProtocolId::ESP, 4, {{1, 2, 3, 4}, {5, 6, 7, 8}}}));
    REQUIRE(d);
    CHECK(d.value->spis.size() == 2);
    CHECK(d.value->spis[1] == Bytes{5, 6, 7, 8});
    auto ike_delete = decode_delete(encode_delete({ProtocolId::IKE, 0, {}}));
    REQUIRE(ike_delete);
    CHECK(ike_delete.value->spis.empty());
}

TEST_CASE("IKEv2 codec: malformed messages are refused with a reason") {
    auto good = encode_message(request_header(), {{PayloadType::NONCE, false, Bytes(16, 1)}});
    SECTION("shorter than a header") { CHECK_FALSE(decode_message(std::span(good).first(20))); }
    SECTION("length field disagrees with the datagram") {
        auto m = good;
        m.push_back(0);
        auto d = decode_message(m);
        CHECK_FALSE(d);
        CHECK(d.error.find("header length") != std::string::npos);
    }
    SECTION("a payload longer than the message") {
        auto m = good;
        m[kHeaderSize + 3] = 200;
        CHECK_FALSE(decode_message(m));
    }
    SECTION("a payload length below its own header") {
        auto m = good;
        m[kHeaderSize + 3] = 3;
        CHECK_FALSE(decode_message(m));
    }
    SECTION("IKEv1's major version") {
        auto m = good;
        m[17] = 0x10;
        CHECK_FALSE(decode_message(m));
    }
    SECTION("an unknown critical payload; an unknown non-critical one is kept and skipped") {
        auto m = encode_message(request_header(), {{static_cast<PayloadType>(200), true, Bytes(4, 0)}});
        CHECK_FALSE(decode_message(m));
        m = encode_message(request_header(), {{static_cast<PayloadType>(200), false, Bytes(4, 0)}, {PayloadType::NONCE, false, Bytes(16, 1)}});
        auto d = decode_message(m);
        REQUIRE(d);
        CHECK(d.value->payloads.size() == 2);
    }
    SECTION("SA payloads: counts, lengths and chains must agree") {
        auto sa = encode_sa(ike_offer());
        auto bad = sa;
        bad[7] = 5;  // five transforms announced, four present
        CHECK_FALSE(decode_sa(bad));
        bad = sa;
        bad[0] = 0;  // first proposal says it is the last
        CHECK_FALSE(decode_sa(bad));
        bad = sa;
        bad[6] = 200;  // SPI size beyond the proposal
        CHECK_FALSE(decode_sa(bad));
        CHECK_FALSE(decode_sa({}));
    }
    SECTION("an unknown transform attribute marks the transform, not the message (RFC 7296 3.3.6)") {
        auto sa = encode_sa(ike_offer());
        // The first transform's Key Length attribute (type 14) becomes type 15.
        sa[8 + 8 + 1] = 15;
        auto d = decode_sa(sa);
        REQUIRE(d);
        CHECK(d.value->proposals[0].transforms[0].unknown_attribute);
        CHECK_FALSE(d.value->proposals[1].transforms[0].unknown_attribute);
    }
    SECTION("TS and Delete payloads") {
        auto ts = encode_ts({{0, 0, 65535, 1, 2}});
        auto bad = ts;
        bad[0] = 2;
        CHECK_FALSE(decode_ts(bad));
        bad = ts;
        bad[4] = 99;
        CHECK_FALSE(decode_ts(bad));
        CHECK_FALSE(decode_delete(Bytes{3, 4, 0, 2, 1, 2, 3, 4}));
    }
}

TEST_CASE("IKEv2 SK payload: sealed with AES-CBC/HMAC and with AES-GCM, opened, tampering refused") {
    std::vector<Payload> inner{{PayloadType::IDi, false, encode_id({IdType::ID_IPV4_ADDR, {12, 1, 1, 1}})},
                               {PayloadType::AUTH, false, encode_auth({AuthMethod::SHARED_KEY_MIC, Bytes(32, 9)})}};
    Header h = request_header();
    h.spi_r = {8, 7, 6, 5, 4, 3, 2, 1};
    h.exchange = ExchangeType::IKE_AUTH;
    h.message_id = 1;
    for (auto keys : {SkKeys{EncrId::ENCR_AES_CBC, IntegId::AUTH_HMAC_SHA2_256_128, Bytes(32, 1), Bytes(32, 2)},
                      SkKeys{EncrId::ENCR_AES_CBC, IntegId::AUTH_HMAC_SHA1_96, Bytes(16, 1), Bytes(20, 2)},
                      SkKeys{EncrId::ENCR_3DES, IntegId::AUTH_HMAC_SHA2_512_256, Bytes(24, 3), Bytes(64, 2)},
                      SkKeys{EncrId::ENCR_AES_GCM_16, IntegId::NONE, Bytes(36, 1), {}}}) {
        INFO("encr " << static_cast<int>(keys.encr) << " integ " << static_cast<int>(keys.integ));
        auto octets = seal(h, inner, keys);
        REQUIRE_FALSE(octets.empty());
        auto m = decode_message(octets);
        REQUIRE(m);
        REQUIRE(m.value->payloads.size() == 1);
        CHECK(m.value->payloads[0].type == PayloadType::SK);
        CHECK(m.value->payloads[0].inner_first == PayloadType::IDi);
        auto opened = open(octets, *m.value, keys);
        REQUIRE(opened);
        REQUIRE(opened.value->size() == 2);
        CHECK((*opened.value)[0].body == inner[0].body);
        CHECK((*opened.value)[1].type == PayloadType::AUTH);

        // Any flipped bit, in the header (covered by the ICV or the AAD), the IV, the
        // ciphertext or the ICV itself, is refused.
        for (std::size_t at : {std::size_t{19}, std::size_t{kHeaderSize + 4}, octets.size() / 2, octets.size() - 1}) {
            auto bad = octets;
            bad[at] ^= 0x01;
            auto mb = decode_message(bad);
            if (!mb) continue;  // the header no longer decodes: refused earlier still
            auto ob = open(bad, *mb.value, keys);
            CHECK_FALSE(ob);
        }
        // The other direction's keys do not open it.
        auto other = keys;
        other.encryption[0] ^= 1;
        if (!other.integrity.empty()) other.integrity[0] ^= 1;
        CHECK_FALSE(open(octets, *m.value, other));
    }
}

TEST_CASE("IKEv2 fragments (RFC 7383): each fits, each is protected on its own, together they give the payloads back") {
    std::vector<Payload> inner{{PayloadType::IDi, false, encode_id({IdType::ID_FQDN, Bytes(150, 'a')})},
                               {PayloadType::AUTH, false, encode_auth({AuthMethod::SHARED_KEY_MIC, Bytes(32, 9)})},
                               {PayloadType::NOTIFY, false, encode_notify({ProtocolId::NONE, NotifyType::INITIAL_CONTACT, {}, Bytes(120, 3)})}};
    Header h = request_header();
    h.spi_r = {8, 7, 6, 5, 4, 3, 2, 1};
    h.exchange = ExchangeType::IKE_AUTH;
    h.message_id = 1;
    for (auto keys : {SkKeys{EncrId::ENCR_AES_CBC, IntegId::AUTH_HMAC_SHA2_256_128, Bytes(32, 1), Bytes(32, 2)},
                      SkKeys{EncrId::ENCR_AES_GCM_16, IntegId::NONE, Bytes(36, 1), {}}}) {
        INFO("encr " << static_cast<int>(keys.encr));
        CHECK(seal_fragments(h, inner, keys, 2000).size() == 1);  // it fits: no fragments
        auto fragments = seal_fragments(h, inner, keys, 150);
        REQUIRE(fragments.size() >= 3);
        Bytes joined;
        PayloadType first = PayloadType::NONE;
        for (std::size_t i = 0; i < fragments.size(); ++i) {
            CHECK(fragments[i].size() <= 150);
            auto m = decode_message(fragments[i]);
            REQUIRE(m);
            CHECK(m.value->header.message_id == 1);
            auto f = open_fragment(fragments[i], *m.value, keys);
            REQUIRE(f);
            CHECK(f.value->number == i + 1);
            CHECK(f.value->total == fragments.size());
            if (i == 0) first = f.value->first;
            else CHECK(f.value->first == PayloadType::NONE);
            joined.insert(joined.end(), f.value->plaintext.begin(), f.value->plaintext.end());
            // A flipped bit anywhere, the fragment number among them, is refused.
            auto bad = fragments[i];
            bad[kHeaderSize + 5] ^= 1;
            auto mb = decode_message(bad);
            REQUIRE(mb);
            CHECK_FALSE(open_fragment(bad, *mb.value, keys));
        }
        CHECK(first == PayloadType::IDi);
        auto payloads = decode_payloads(first, joined);
        REQUIRE(payloads);
        REQUIRE(payloads.value->size() == 3);
        CHECK((*payloads.value)[0].body == inner[0].body);
        CHECK((*payloads.value)[2].body == inner[2].body);
        // No room for a fragment at all: nothing, not a broken message.
        CHECK(seal_fragments(h, inner, keys, 60).empty());
    }
}
