// libFuzzer target: the IKEv2 wire format (engine/ike/v2/message_codec) and the SK payload
// (encrypted_payload) on arbitrary bytes, under ASan and UBSan. Besides "no crash, no undefined
// behaviour", what decodes must re-encode to what came (reserved fields zeroed) and decode
// again to the same thing; what seal() protects, open() must give back; and open() on a message
// whose ICV we made valid must decrypt and decode exactly as the RFC 7296 3.14 layout says.
// Any broken invariant aborts, which libFuzzer reports as a crash with the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "engine/ike/core/crypto.hpp"
#include "engine/ike/v2/encrypted_payload.hpp"
#include "engine/ike/v2/message_codec.hpp"

using namespace routerd::ike;
using namespace routerd::ike::v2;

namespace {

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "ikev2_fuzz: invariant broken: %s\n", what);
    std::abort();
}
void require(bool ok, const char* what) {
    if (!ok) broken(what);
}

Bytes unhex(const char* s) {
    Bytes out;
    for (std::size_t i = 0; s[i] && s[i + 1]; i += 2) out.push_back(static_cast<std::uint8_t>(std::stoul(std::string(s + i, 2), nullptr, 16)));
    return out;
}

// The keys of three of tests/ike/vectors/ikev2_sk.txt's blocks, so the seed messages made from
// those vectors (tests/fuzz/ikev2_seeds) open with them.
struct KeySet {
    SkKeys keys;
    Bytes iv;
};
const std::vector<KeySet>& key_sets() {
    static const std::vector<KeySet> sets = [] {
        std::vector<KeySet> v;
        v.push_back({{EncrId::ENCR_AES_CBC, IntegId::AUTH_HMAC_SHA1_96, unhex("fdc14ca96c161bd7447e65bf6d2cf129"),
                      unhex("8e03ad18a56e73b0d5dd18830243b7cfea7483b6")},
                     unhex("26dfae3bb88e2e18806ea40b706c821c")});
        v.push_back({{EncrId::ENCR_3DES, IntegId::AUTH_HMAC_SHA2_512_256, unhex("37f1168b9c68317ca41276b9244d16236e506d14cf4196c3"),
                      unhex("b2d6483c0d49e6ac8cd64f9ee0140a1fe09c881842bafb75c2b796cb07122f1106eadddbbd686d8361c35f1f1180464676d827a96cfa8d6147f0b44b00be44d5")},
                     unhex("094bfa054ff9a931")});
        v.push_back({{EncrId::ENCR_AES_GCM_16, IntegId::NONE, unhex("7f9a5cd9c598b5cca01f09b047f2330093df28de84bd5958699121cdba8faac9f27ea257"), {}},
                     unhex("f81158b9887df235")});
        return v;
    }();
    return sets;
}

bool same_payloads(const std::vector<Payload>& a, const std::vector<Payload>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].type != b[i].type || a[i].critical != b[i].critical || a[i].body != b[i].body || a[i].inner_first != b[i].inner_first)
            return false;
    return true;
}

// The body with the given octets zeroed (reserved fields, which encoders write as zero).
Bytes zeroed(std::span<const std::uint8_t> body, std::size_t from, std::size_t to) {
    Bytes out(body.begin(), body.end());
    for (std::size_t i = from; i < to && i < out.size(); ++i) out[i] = 0;
    return out;
}

void check_sa(std::span<const std::uint8_t> body) {
    auto sa = decode_sa(body);
    if (!sa) return;
    auto encoded = encode_sa(*sa.value);
    auto again = decode_sa(encoded);
    require(bool(again), "decode_sa(encode_sa(sa)) decodes");
    const auto& p = sa.value->proposals;
    const auto& q = again.value->proposals;
    require(p.size() == q.size(), "SA round trip: proposal count");
    for (std::size_t i = 0; i < p.size(); ++i) {
        require(p[i].number == q[i].number && p[i].protocol == q[i].protocol && p[i].spi == q[i].spi, "SA round trip: proposal header");
        require(p[i].transforms.size() == q[i].transforms.size(), "SA round trip: transform count");
        for (std::size_t j = 0; j < p[i].transforms.size(); ++j) {
            const auto& s = p[i].transforms[j];
            const auto& t = q[i].transforms[j];
            // Unknown attributes are not re-encoded (the transform is refused anyway, 3.3.6).
            require(s.type == t.type && s.id == t.id && s.key_length == t.key_length && !t.unknown_attribute,
                    "SA round trip: transform");
        }
    }
    require(encode_sa(*again.value) == encoded, "encode_sa is a fixed point after one round");
}

void check_typed(const Payload& p) {
    const auto& b = p.body;
    check_sa(b);
    if (auto ke = decode_ke(b)) {
        auto e = encode_ke(*ke.value);
        require(e == zeroed(b, 2, 4), "encode_ke(decode_ke(x)) == x with the reserved octets zeroed");
        auto again = decode_ke(e);
        require(again && again.value->group == ke.value->group && again.value->data == ke.value->data, "KE round trip");
    }
    if (auto id = decode_id(b)) {
        auto e = encode_id(*id.value);
        require(e == zeroed(b, 1, 4), "encode_id(decode_id(x)) == x with the reserved octets zeroed");
        require(e == id.value->body(), "IdPayload::body() is what encode_id writes");
        auto again = decode_id(e);
        require(again && again.value->type == id.value->type && again.value->data == id.value->data, "ID round trip");
    }
    if (auto auth = decode_auth(b)) {
        auto e = encode_auth(*auth.value);
        require(e == zeroed(b, 1, 4), "encode_auth(decode_auth(x)) == x with the reserved octets zeroed");
    }
    if (auto n = decode_notify(b)) require(encode_notify(*n.value) == b, "encode_notify(decode_notify(x)) == x");
    if (auto d = decode_delete(b)) {
        require(encode_delete(*d.value) == b, "encode_delete(decode_delete(x)) == x");
        for (const auto& spi : d.value->spis) require(spi.size() == d.value->spi_size, "Delete SPI sizes");
    }
    if (auto ts = decode_ts(b)) {
        // IPv6 selectors are skipped: what re-encodes is the IPv4 ones.
        require(ts.value->size() <= b[0], "no more selectors than the count says");
        if (!ts.value->empty()) {
            auto again = decode_ts(encode_ts(*ts.value));
            require(again && *again.value == *ts.value, "decode_ts(encode_ts(ts)) == ts");
        }
    }
}

// seal() then open() with each key set gives the payloads back.
void check_seal_open(const Header& h, const std::vector<Payload>& inner) {
    for (const auto& ks : key_sets()) {
        Header hh = h;
        auto sealed = seal(hh, inner, ks.keys, ks.iv);
        require(!sealed.empty(), "seal produces a message");
        auto m = decode_message(sealed);
        require(bool(m), "a sealed message decodes");
        require(m.value->payloads.size() == 1 && m.value->payloads[0].type == PayloadType::SK, "a sealed message is one SK payload");
        require(m.value->header.message_id == h.message_id && m.value->header.exchange == h.exchange && m.value->header.flags == h.flags &&
                    m.value->header.spi_i == h.spi_i && m.value->header.spi_r == h.spi_r,
                "seal keeps the header");
        auto opened = open(sealed, *m.value, ks.keys);
        require(bool(opened), "open(seal(x)) succeeds");
        require(same_payloads(*opened.value, inner), "open(seal(x)) == x");
        // One flipped ICV bit is refused (open() wants the Message decoded from the same octets).
        sealed.back() ^= 0x80;
        auto flipped = decode_message(sealed);
        require(bool(flipped), "a message with a flipped ICV bit still decodes");
        require(!open(sealed, *flipped.value, ks.keys), "a flipped ICV bit is refused");
    }
}

// What open() must return for a message whose protection is valid and whose plaintext is
// `plaintext`: RFC 7296 3.14, the last octet is the Pad Length, the padding before it.
Decoded<std::vector<Payload>> expected_inner(PayloadType first, const Bytes& plaintext) {
    if (plaintext.empty()) return {std::nullopt, "empty"};
    std::size_t pad = plaintext.back();
    if (pad + 1 > plaintext.size()) return {std::nullopt, "pad"};
    return decode_payloads(first, std::span(plaintext).first(plaintext.size() - pad - 1));
}

// Makes the fuzzed SK payload's protection valid with each key set and opens it: CBC gets its
// ICV recomputed; AES-GCM gets the octets after the IV sealed as the plaintext. This reaches
// the Pad Length and inner-chain checks that an ICV check guards otherwise.
void check_open(std::span<const std::uint8_t> octets, const Message& m) {
    const auto& sk = m.payloads.back();
    std::size_t body_at = octets.size() - sk.body.size();
    for (const auto& ks : key_sets()) {
        (void)open(octets, m, ks.keys);  // as it came: the ICV almost never verifies
        std::size_t iv_len = encr_iv_octets(ks.keys.encr);
        if (ks.keys.encr == EncrId::ENCR_AES_GCM_16) {
            if (sk.body.size() < iv_len + 1) continue;
            Bytes plaintext(sk.body.begin() + static_cast<std::ptrdiff_t>(iv_len), sk.body.end());
            Bytes key(ks.keys.encryption.begin(), ks.keys.encryption.end() - kGcmSaltOctets);
            Bytes nonce(ks.keys.encryption.end() - kGcmSaltOctets, ks.keys.encryption.end());
            nonce.insert(nonce.end(), sk.body.begin(), sk.body.begin() + static_cast<std::ptrdiff_t>(iv_len));
            // The SK payload grows by the tag: the header's and the SK payload's lengths too.
            Bytes head(octets.begin(), octets.begin() + static_cast<std::ptrdiff_t>(body_at));
            std::size_t total = head.size() + iv_len + plaintext.size() + kGcmIcvSize;
            std::size_t sk_len = 4 + iv_len + plaintext.size() + kGcmIcvSize;
            if (sk_len > 0xffff) continue;
            for (int i = 0; i < 4; ++i) head[24 + i] = static_cast<std::uint8_t>(total >> (24 - 8 * i));
            head[body_at - 2] = static_cast<std::uint8_t>(sk_len >> 8);
            head[body_at - 1] = static_cast<std::uint8_t>(sk_len);
            auto sealed = gcm_seal(key, nonce, head, plaintext);
            require(bool(sealed), "gcm_seal");
            Bytes msg = head;
            msg.insert(msg.end(), sk.body.begin(), sk.body.begin() + static_cast<std::ptrdiff_t>(iv_len));
            msg.insert(msg.end(), sealed->begin(), sealed->end());
            auto mm = decode_message(msg);
            require(bool(mm), "the GCM-sealed message decodes");
            auto got = open(msg, *mm.value, ks.keys);
            auto want = expected_inner(sk.inner_first, plaintext);
            require(bool(got) == bool(want), "open() of a valid AES-GCM message succeeds iff its plaintext is well formed");
            if (got) require(same_payloads(*got.value, *want.value), "open() of a valid AES-GCM message gives its plaintext's payloads");
        } else {
            std::size_t icv = integ_icv_octets(ks.keys.integ);
            std::size_t block = encr_block_octets(ks.keys.encr);
            if (sk.body.size() < iv_len + icv + 1) continue;
            std::size_t ct_len = sk.body.size() - iv_len - icv;
            Bytes msg(octets.begin(), octets.end());
            auto full = prf(*integ_hash(ks.keys.integ), ks.keys.integrity, std::span(msg).first(msg.size() - icv));
            std::copy(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(icv), msg.end() - static_cast<std::ptrdiff_t>(icv));
            auto mm = decode_message(msg);
            require(bool(mm), "the message with its ICV replaced decodes");
            auto got = open(msg, *mm.value, ks.keys);
            if (ct_len % block != 0) {
                require(!got, "open() refuses a ciphertext that is not whole blocks");
                continue;
            }
            auto iv = std::span(sk.body).first(iv_len);
            auto ct = std::span(sk.body).subspan(iv_len, ct_len);
            auto plaintext = cbc_decrypt(ks.keys.encr == EncrId::ENCR_3DES ? Cipher::TRIPLE_DES_CBC : Cipher::AES_CBC, ks.keys.encryption, iv, ct);
            require(bool(plaintext), "cbc_decrypt of whole blocks");
            auto want = expected_inner(sk.inner_first, *plaintext);
            require(bool(got) == bool(want), "open() of a valid CBC message succeeds iff its plaintext is well formed");
            if (got) require(same_payloads(*got.value, *want.value), "open() of a valid CBC message gives its plaintext's payloads");
        }
    }
}

void check_message(std::span<const std::uint8_t> in) {
    auto m = decode_message(in);
    if (!m) return;
    const auto& msg = *m.value;
    require(msg.payloads.size() <= kMaxPayloads, "at most kMaxPayloads payloads");
    // Re-encoding gives the same octets, with the 7 reserved bits of each generic header zeroed.
    auto again = encode_message(msg.header, msg.payloads);
    Bytes expected(in.begin(), in.end());
    std::size_t at = kHeaderSize;
    for (const auto& p : msg.payloads) {
        expected[at + 1] &= 0x80;
        at += kGenericHeaderSize + p.body.size();
    }
    require(again == expected, "encode_message(decode_message(x)) == x, reserved bits zeroed");
    auto m2 = decode_message(again);
    require(bool(m2), "a re-encoded message decodes");
    require(same_payloads(m2.value->payloads, msg.payloads), "decode_message(encode_message(m)) == m");
    require(m2.value->header.length == in.size() && m2.value->header.next_payload == msg.header.next_payload, "header round trip");

    bool encrypted = false;
    for (const auto& p : msg.payloads) {
        if (p.type == PayloadType::SK || p.type == PayloadType::SKF) encrypted = true;
        else check_typed(p);
    }
    if (encrypted && msg.payloads.back().type == PayloadType::SK) check_open(in, msg);
    if (!encrypted) check_seal_open(msg.header, msg.payloads);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::uint8_t> in(data, size);
    check_message(in);
    // The decoders also see raw input directly (deeper coverage than through a header): the
    // first octet picks the chain's first payload type, the rest is the chain or a body.
    if (size >= 1) {
        auto rest = in.subspan(1);
        (void)decode_payloads(static_cast<PayloadType>(in[0]), rest);
        Payload raw;
        raw.body.assign(rest.begin(), rest.end());
        check_typed(raw);
    }
    return 0;
}
