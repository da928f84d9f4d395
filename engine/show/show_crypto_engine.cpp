#include "engine/show/show_crypto_engine.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/config/running_config.hpp"

namespace routerd::show {
namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string ipsec_algorithm(const policy::TransformDescriptor& t) {
    std::string cipher = "NULL";
    if (t.esp) {
        switch (*t.esp) {
            case policy::EspTransformId::ESP_DES: cipher = "DES"; break;
            case policy::EspTransformId::ESP_3DES: cipher = "3DES"; break;
            case policy::EspTransformId::ESP_AES_CBC: cipher = t.esp_key_bits == 128 ? "AES" : "AES" + std::to_string(t.esp_key_bits); break;
            // Not seen in a capture: the GCM family is named by its cipher and key size alone.
            case policy::EspTransformId::ESP_AES_GCM_16: return "AES" + std::to_string(t.esp_key_bits) + "-GCM";
            case policy::EspTransformId::ESP_NULL_AUTH_AES_GMAC: return "AES" + std::to_string(t.esp_key_bits) + "-GMAC";
            default: break;
        }
    }
    std::string hash;
    if (t.esp_auth) {
        switch (*t.esp_auth) {
            case policy::AuthenticationAlgorithm::HMAC_MD5: hash = "MD5"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA: hash = "SHA"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA2_256: hash = "SHA256"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA2_384: hash = "SHA384"; break;
            case policy::AuthenticationAlgorithm::HMAC_SHA2_512: hash = "SHA512"; break;
            default: break;
        }
    }
    return hash.empty() ? cipher : cipher + "+" + hash;
}

std::string ike_algorithm(const std::string& encryption, int key_bits, const std::string& hash) {
    std::string cipher = upper(encryption);
    if (cipher == "AES" && key_bits > 128) cipher += std::to_string(key_bits);
    return upper(hash) + "+" + cipher;
}

std::string show_crypto_engine_connections(const std::vector<EngineConnectionView>& rows) {
    std::string out = "Crypto Engine Connections\n\n   ID  Type    Algorithm           Encrypt  Decrypt LastSeqN IP-Address\n";
    auto sorted = rows;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& r : sorted) {
        char line[160];
        std::snprintf(line, sizeof line, "%5u  %-8s%-20s%7llu%9llu%9u %s\n", r.id, r.ike ? "IKE" : "IPsec", r.algorithm.c_str(),
                      static_cast<unsigned long long>(r.encrypted), static_cast<unsigned long long>(r.decrypted), r.last_sequence,
                      config::format_ipv4(r.address).c_str());
        out += line;
    }
    return out;
}

}  // namespace routerd::show
