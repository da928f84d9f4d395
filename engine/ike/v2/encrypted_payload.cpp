#include "engine/ike/v2/encrypted_payload.hpp"

namespace routerd::ike::v2 {
namespace {

Cipher cbc_cipher(EncrId e) { return e == EncrId::ENCR_3DES ? Cipher::TRIPLE_DES_CBC : Cipher::AES_CBC; }

std::size_t icv_octets(const SkKeys& k) { return is_aead(k.encr) ? kGcmIcvSize : integ_icv_octets(k.integ); }

Bytes mac(const SkKeys& k, std::span<const std::uint8_t> covered) {
    auto h = integ_hash(k.integ);
    if (!h) return {};
    auto full = prf(*h, k.integrity, covered);
    full.resize(integ_icv_octets(k.integ));
    return full;
}

std::span<const std::uint8_t> gcm_key(const SkKeys& k) { return std::span(k.encryption).first(k.encryption.size() - kGcmSaltOctets); }

Bytes gcm_nonce(const SkKeys& k, std::span<const std::uint8_t> iv) {
    // Filled in place: growing a vector from the salt makes GCC 12 warn falsely.
    Bytes nonce(kGcmSaltOctets + iv.size());
    auto salt = std::span(k.encryption).last(kGcmSaltOctets);
    std::copy(salt.begin(), salt.end(), nonce.begin());
    std::copy(iv.begin(), iv.end(), nonce.begin() + static_cast<std::ptrdiff_t>(kGcmSaltOctets));
    return nonce;
}

Decoded<std::vector<Payload>> refused(std::string why) { return {std::nullopt, std::move(why)}; }

// RFC 7296 3.3.3, 3.14: a cipher that is not AEAD goes with an integrity algorithm; without
// one nothing would authenticate the message.
bool protects(const SkKeys& k) { return is_aead(k.encr) || integ_hash(k.integ).has_value(); }


// One Encrypted (SK) or Encrypted Fragment (SKF, after its 4 octets of `prefix`) payload
// around `plaintext`, in a whole message. RFC 7383 2.5.3: the prefix is covered by the ICV, and
// by the AAD with AES-GCM.
Bytes seal_one(Header header, PayloadType type, PayloadType first, std::span<const std::uint8_t> prefix, Bytes plaintext,
               const SkKeys& keys, std::span<const std::uint8_t> iv_in) {
    // RFC 7296 3.14: padding then the Pad Length octet, the whole a multiple of the block size.
    std::size_t block = encr_block_octets(keys.encr);
    std::size_t pad = (block - (plaintext.size() + 1) % block) % block;
    plaintext.insert(plaintext.end(), pad, 0);
    plaintext.push_back(static_cast<std::uint8_t>(pad));

    Bytes iv = iv_in.empty() ? random_bytes(encr_iv_octets(keys.encr)) : Bytes(iv_in.begin(), iv_in.end());
    std::size_t icv = icv_octets(keys);
    Payload sk{type, false, Bytes(prefix.size() + iv.size() + plaintext.size() + icv), first};
    Bytes out = encode_message(header, {sk});
    if (out.empty()) return {};
    std::size_t body_at = out.size() - sk.body.size();
    std::copy(prefix.begin(), prefix.end(), out.begin() + static_cast<std::ptrdiff_t>(body_at));
    body_at += prefix.size();
    std::copy(iv.begin(), iv.end(), out.begin() + static_cast<std::ptrdiff_t>(body_at));
    std::size_t ct_at = body_at + iv.size();
    if (is_aead(keys.encr)) {
        auto sealed = gcm_seal(gcm_key(keys), gcm_nonce(keys, iv), std::span(out).first(body_at), plaintext);
        if (!sealed) return {};
        std::copy(sealed->begin(), sealed->end(), out.begin() + static_cast<std::ptrdiff_t>(ct_at));
        return out;
    }
    auto ct = cbc_encrypt(cbc_cipher(keys.encr), keys.encryption, iv, plaintext);
    if (!ct) return {};
    std::copy(ct->begin(), ct->end(), out.begin() + static_cast<std::ptrdiff_t>(ct_at));
    auto icv_value = mac(keys, std::span(out).first(out.size() - icv));
    std::copy(icv_value.begin(), icv_value.end(), out.end() - static_cast<std::ptrdiff_t>(icv));
    return out;
}

}  // namespace

Bytes seal(Header header, const std::vector<Payload>& inner, const SkKeys& keys, std::span<const std::uint8_t> iv_in) {
    if (!protects(keys)) return {};
    Bytes plaintext = encode_payloads(inner);
    if (plaintext.empty() && !inner.empty()) return {};  // a payload too long for its length field
    return seal_one(header, PayloadType::SK, inner.empty() ? PayloadType::NONE : inner.front().type, {}, std::move(plaintext), keys, iv_in);
}

std::vector<Bytes> seal_fragments(Header header, const std::vector<Payload>& inner, const SkKeys& keys, std::size_t max_message) {
    auto whole = seal(header, inner, keys);
    if (whole.empty() || whole.size() <= max_message) return whole.empty() ? std::vector<Bytes>{} : std::vector<Bytes>{whole};
    Bytes plaintext = encode_payloads(inner);
    // What a fragment costs besides its share: headers, number and total, IV, ICV, the most
    // padding, the Pad Length octet.
    std::size_t overhead = kHeaderSize + kGenericHeaderSize + 4 + encr_iv_octets(keys.encr) + icv_octets(keys) + encr_block_octets(keys.encr);
    if (max_message <= overhead) return {};
    std::size_t share = max_message - overhead;
    std::size_t total = (plaintext.size() + share - 1) / share;
    if (total > kMaxFragments) return {};
    std::vector<Bytes> out;
    for (std::size_t i = 0; i < total; ++i) {
        std::uint16_t number = static_cast<std::uint16_t>(i + 1);
        Bytes prefix{static_cast<std::uint8_t>(number >> 8), static_cast<std::uint8_t>(number), static_cast<std::uint8_t>(total >> 8),
                     static_cast<std::uint8_t>(total)};
        auto begin = plaintext.begin() + static_cast<std::ptrdiff_t>(i * share);
        auto end = plaintext.begin() + static_cast<std::ptrdiff_t>(std::min(plaintext.size(), (i + 1) * share));
        // RFC 7383 2.5: only the first fragment names the first inner payload.
        out.push_back(seal_one(header, PayloadType::SKF, i == 0 ? inner.front().type : PayloadType::NONE, prefix, Bytes(begin, end), keys, {}));
        if (out.back().empty()) return {};
    }
    return out;
}

namespace {

// The IV | ciphertext | ICV of an SK or SKF payload (after `skip` octets), verified and
// decrypted, padding removed.
Decoded<Bytes> open_body(std::span<const std::uint8_t> octets, const Payload& sk, std::size_t skip, const SkKeys& keys) {
    auto fail = [](std::string why) { return Decoded<Bytes>{std::nullopt, std::move(why)}; };
    if (!protects(keys)) return fail("no integrity algorithm beside a non-AEAD cipher");
    std::size_t iv_len = encr_iv_octets(keys.encr), icv = icv_octets(keys);
    if (sk.body.size() < skip + iv_len + icv + 1 || sk.body.size() > octets.size()) return fail("Encrypted payload shorter than its IV and ICV");
    // The SK payload ends the message (decode_payloads holds to it): its body is read from the
    // octets themselves, the same ones the ICV covers, whatever `message` was decoded from.
    std::size_t body_at = octets.size() - sk.body.size() + skip;
    auto body = octets.subspan(body_at);
    auto iv = body.first(iv_len);
    auto ct = body.subspan(iv_len, body.size() - iv_len - icv);
    std::optional<Bytes> plaintext;
    if (is_aead(keys.encr)) {
        plaintext = gcm_open(gcm_key(keys), gcm_nonce(keys, iv), octets.first(body_at), body.subspan(iv_len));
        if (!plaintext) return fail("ICV check failed");
    } else {
        // RFC 7296 3.14: the ICV is checked before anything is decrypted.
        auto expected = mac(keys, octets.first(octets.size() - icv));
        if (!equal_in_constant_time(expected, octets.last(icv))) return fail("ICV check failed");
        if (ct.size() % encr_block_octets(keys.encr) != 0) return fail("ciphertext not a whole number of blocks");
        plaintext = cbc_decrypt(cbc_cipher(keys.encr), keys.encryption, iv, ct);
        if (!plaintext) return fail("decryption failed");
    }
    if (plaintext->empty()) return fail("no Pad Length");
    std::size_t pad = plaintext->back();
    if (pad + 1 > plaintext->size()) return fail("Pad Length " + std::to_string(pad) + " longer than the plaintext");
    plaintext->resize(plaintext->size() - pad - 1);
    return {std::move(plaintext), {}};
}

}  // namespace

Decoded<Fragment> open_fragment(std::span<const std::uint8_t> octets, const Message& message, const SkKeys& keys) {
    if (message.payloads.empty() || message.payloads.back().type != PayloadType::SKF) return {std::nullopt, "no Encrypted Fragment payload"};
    const auto& skf = message.payloads.back();
    if (skf.body.size() < 4) return {std::nullopt, "Encrypted Fragment payload truncated"};
    Fragment f;
    f.number = static_cast<std::uint16_t>(skf.body[0] << 8 | skf.body[1]);
    f.total = static_cast<std::uint16_t>(skf.body[2] << 8 | skf.body[3]);
    // RFC 7383 2.5: numbers from 1 to the total; the first fragment alone names a payload.
    if (f.number == 0 || f.number > f.total || f.total > kMaxFragments) return {std::nullopt, "fragment " + std::to_string(f.number) + " of " + std::to_string(f.total)};
    if ((f.number == 1) != (skf.inner_first != PayloadType::NONE)) return {std::nullopt, "fragment's next payload does not fit its number"};
    auto plain = open_body(octets, skf, 4, keys);
    if (!plain) return {std::nullopt, plain.error};
    f.first = skf.inner_first;
    f.plaintext = std::move(*plain.value);
    return {std::move(f), {}};
}

Decoded<std::vector<Payload>> open(std::span<const std::uint8_t> octets, const Message& message, const SkKeys& keys) {
    if (message.payloads.empty() || message.payloads.back().type != PayloadType::SK) return refused("no Encrypted payload");
    const auto& sk = message.payloads.back();
    auto plain = open_body(octets, sk, 0, keys);
    if (!plain) return refused(plain.error);
    return decode_payloads(sk.inner_first, *plain.value);
}

}  // namespace routerd::ike::v2
