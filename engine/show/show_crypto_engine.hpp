#pragma once
// `show crypto engine connections active` (reference A.3.10): one row per IPsec SA and per IKE
// SA, with the packets each encrypted or decrypted as the kernel counted them.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/policy/algorithms.hpp"

namespace routerd::show {

struct EngineConnectionView {
    std::uint32_t id = 0;
    bool ike = false;
    std::string algorithm;  // IPsec "AES256+SHA256", IKE "SHA+AES256"
    std::uint64_t encrypted = 0, decrypted = 0;
    std::uint32_t last_sequence = 0;  // inbound SAs: the last sequence number received
    std::uint32_t address = 0;        // the local address
};

// IOS's algorithm words: CIPHER+HASH for an IPsec transform, HASH+CIPHER for IKE.
std::string ipsec_algorithm(const policy::TransformDescriptor& t);
std::string ike_algorithm(const std::string& encryption, int key_bits, const std::string& hash);

std::string show_crypto_engine_connections(const std::vector<EngineConnectionView>& rows);

}  // namespace routerd::show
