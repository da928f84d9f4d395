#pragma once
// The cryptography IKEv1 needs, on OpenSSL 3's EVP interfaces: hashes and their HMAC as the
// PRF (RFC 2409 5), CBC ciphers without padding (IKE pads itself, RFC 2409 5.3), and
// Diffie-Hellman over the MODP groups of RFC 2409/3526/5114 and the ECP groups of RFC 5903.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "engine/ike/core/bytes.hpp"

namespace routerd::ike {

enum class Hash { MD5, SHA1, SHA2_256, SHA2_384, SHA2_512 };
enum class Cipher { DES_CBC, TRIPLE_DES_CBC, AES_CBC };

std::size_t hash_size(Hash h);
Bytes hash(Hash h, std::span<const std::uint8_t> data);
Bytes prf(Hash h, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);

std::size_t block_size(Cipher c);
std::size_t key_size(Cipher c, std::size_t aes_bits);  // bytes
// nullopt when the input is not a whole number of blocks or the cipher is unavailable.
std::optional<Bytes> cbc_encrypt(Cipher c, std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv,
                                 std::span<const std::uint8_t> plaintext);
std::optional<Bytes> cbc_decrypt(Cipher c, std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv,
                                 std::span<const std::uint8_t> ciphertext);

// AES-GCM with a 16-octet ICV (RFC 4106, used by IKEv2's SK payload as RFC 5282 says): the
// 12-octet nonce is salt | IV. Seal returns ciphertext | ICV; open returns nullopt when the
// ICV does not verify.
std::optional<Bytes> gcm_seal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                              std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext);
std::optional<Bytes> gcm_open(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                              std::span<const std::uint8_t> aad, std::span<const std::uint8_t> sealed);
inline constexpr std::size_t kGcmIcvSize = 16;

// Equality in time independent of where the first difference is (ICVs, AUTH payloads).
bool equal_in_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

Bytes random_bytes(std::size_t n);
// Overwrites a secret (OPENSSL_cleanse: a plain fill before the free may be optimised away) and
// gives its memory back.
void wipe(Bytes& secret);

// One side of a Diffie-Hellman exchange in an IKE group (1, 2, 5, 14, 15, 16, 19, 20, 21, 24).
class DiffieHellman {
public:
    static bool supported(int group);
    // Length of the KE payload data: the prime's length, or x|y for ECP groups.
    static std::size_t public_size(int group);
    static std::unique_ptr<DiffieHellman> generate(int group);
    // A known private value with its public value (test vectors).
    static std::unique_ptr<DiffieHellman> from_private(int group, std::span<const std::uint8_t> priv,
                                                      std::span<const std::uint8_t> pub);
    ~DiffieHellman();
    DiffieHellman(const DiffieHellman&) = delete;
    DiffieHellman& operator=(const DiffieHellman&) = delete;

    int group() const { return group_; }
    const Bytes& public_value() const { return public_; }
    // g^xy, left-padded to the prime's (or field's) length; nullopt for an invalid peer value.
    std::optional<Bytes> shared_secret(std::span<const std::uint8_t> peer_public) const;

private:
    struct Key;
    DiffieHellman(int group, std::unique_ptr<Key> key, Bytes pub);
    int group_;
    std::unique_ptr<Key> key_;
    Bytes public_;
};

}  // namespace routerd::ike
