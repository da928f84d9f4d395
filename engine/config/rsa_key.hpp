#pragma once
// The router's RSA key pair (`crypto key generate rsa`), made with OpenSSL. The SSH server
// uses it as its host key, as IOS's SSH server does.
#include <cstdint>
#include <optional>
#include <string>

namespace routerd::config {

// A new key pair as PEM (PKCS#8), nullopt when OpenSSL cannot make one of this size.
std::optional<std::string> generate_rsa_pem(std::uint32_t bits);
// The modulus size of a PEM key, 0 when it is not an RSA private key.
std::uint32_t rsa_pem_bits(const std::string& pem);
// The public key in SECSH form (RFC 4253 6.6 "ssh-rsa" blob, base64), as `show ip ssh` lists it.
std::string rsa_public_secsh(const std::string& pem);
// The public key as DER SubjectPublicKeyInfo in hex, as `show crypto key mypubkey rsa` lists it.
std::string rsa_public_der_hex(const std::string& pem);

}  // namespace routerd::config
