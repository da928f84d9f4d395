#pragma once
// Pre-shared keys as IOS looks them up: by the peer's address, the most specific
// `address A M` entry wins and `0.0.0.0 0.0.0.0` is the wildcard; or by host name.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/crypto_config.hpp"

namespace routerd::policy {

struct KeyEntry {
    std::string keyring;  // "default" for `crypto isakmp key`
    config::PresharedKey key;
    // The keyring's `local-address`, resolved (0: any). Its keys serve only negotiations on it.
    std::uint32_t local_address = 0;
    // Whom the key is for, as configured: "12.1.1.0 255.255.255.0", "12.1.1.1", "hostname R2".
    std::string subject() const;
    bool operator==(const KeyEntry& o) const {
        return keyring == o.keyring && local_address == o.local_address && key.key == o.key.key && key.secret == o.key.secret && key.address == o.key.address && key.mask == o.key.mask &&
               key.hostname == o.key.hostname && key.by_hostname == o.key.by_hostname;
    }
};

class KeyTable {
public:
    void add(std::string keyring, const config::PresharedKey& key, std::uint32_t local_address = 0);
    // `keyrings` limits the search (an ISAKMP profile's keyrings); empty = all. `local` is the
    // address we negotiate on (0: unknown): keyrings bound to another local address are out,
    // and on a tie of mask lengths a keyring bound to `local` beats an unbound one (IOS).
    std::optional<KeyEntry> by_address(std::uint32_t peer, const std::vector<std::string>& keyrings = {},
                                       std::uint32_t local = 0) const;
    std::optional<KeyEntry> by_hostname(const std::string& host, const std::vector<std::string>& keyrings = {}) const;
    std::size_t size() const { return entries_.size(); }
    bool operator==(const KeyTable&) const = default;

private:
    std::vector<KeyEntry> entries_;
};

}  // namespace routerd::policy
