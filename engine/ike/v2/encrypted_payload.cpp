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

}  // namespace

Bytes seal(Header header, const std::vector<Payload>& inner, const SkKeys& keys, std::span<const std::uint8_t> iv_in) {
    if (!protects(keys)) return {};
    Bytes plaintext = encode_payloads(inner);
    if (plaintext.empty() && !inner.empty()) return {};  // a payload too long for its length field
    // RFC 7296 3.14: padding then the Pad Length octet, the whole a multiple of the block size.
    std::size_t block = encr_block_octets(keys.encr);
    std::size_t pad = (block - (plaintext.size() + 1) % block) % block;
    plaintext.insert(plaintext.end(), pad, 0);
    plaintext.push_back(static_cast<std::uint8_t>(pad));

    Bytes iv = iv_in.empty() ? random_bytes(encr_iv_octets(keys.encr)) : Bytes(iv_in.begin(), iv_in.end());
    std::size_t icv = icv_octets(keys);
    Payload sk{PayloadType::SK, false, Bytes(iv.size() + plaintext.size() + icv), inner.empty() ? PayloadType::NONE : inner.front().type};
    Bytes out = encode_message(header, {sk});
    if (out.empty()) return {};
    std::size_t body_at = out.size() - sk.body.size();
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

Decoded<std::vector<Payload>> open(std::span<const std::uint8_t> octets, const Message& message, const SkKeys& keys) {
    if (!protects(keys)) return refused("no integrity algorithm beside a non-AEAD cipher");
    if (message.payloads.empty() || message.payloads.back().type != PayloadType::SK) return refused("no Encrypted payload");
    const auto& sk = message.payloads.back();
    std::size_t iv_len = encr_iv_octets(keys.encr), icv = icv_octets(keys);
    if (sk.body.size() < iv_len + icv + 1 || sk.body.size() > octets.size()) return refused("Encrypted payload shorter than its IV and ICV");
    // The SK payload ends the message (decode_payloads holds to it): its body is read from the
    // octets themselves, the same ones the ICV covers, whatever `message` was decoded from.
    std::size_t body_at = octets.size() - sk.body.size();
    auto body = octets.subspan(body_at);
    auto iv = body.first(iv_len);
    auto ct = body.subspan(iv_len, body.size() - iv_len - icv);
    std::optional<Bytes> plaintext;
    if (is_aead(keys.encr)) {
        plaintext = gcm_open(gcm_key(keys), gcm_nonce(keys, iv), octets.first(body_at), body.subspan(iv_len));
        if (!plaintext) return refused("ICV check failed");
    } else {
        // RFC 7296 3.14: the ICV is checked before anything is decrypted.
        auto expected = mac(keys, octets.first(octets.size() - icv));
        if (!equal_in_constant_time(expected, octets.last(icv))) return refused("ICV check failed");
        if (ct.size() % encr_block_octets(keys.encr) != 0) return refused("ciphertext not a whole number of blocks");
        plaintext = cbc_decrypt(cbc_cipher(keys.encr), keys.encryption, iv, ct);
        if (!plaintext) return refused("decryption failed");
    }
    if (plaintext->empty()) return refused("no Pad Length");
    std::size_t pad = plaintext->back();
    if (pad + 1 > plaintext->size()) return refused("Pad Length " + std::to_string(pad) + " longer than the plaintext");
    return decode_payloads(sk.inner_first, std::span(*plaintext).first(plaintext->size() - pad - 1));
}

}  // namespace routerd::ike::v2
