#include "engine/policy/key_table.hpp"

#include <algorithm>

#include "engine/config/running_config.hpp"
#include "net/ipv4.hpp"

namespace routerd::policy {
namespace {
bool allowed(const std::vector<std::string>& keyrings, const std::string& ring) {
    return keyrings.empty() || std::find(keyrings.begin(), keyrings.end(), ring) != keyrings.end();
}
}  // namespace

std::string KeyEntry::subject() const {
    if (key.by_hostname) return "hostname " + key.hostname;
    return net::format_ipv4(key.address) + (key.mask != 0xffffffff ? " " + net::format_ipv4(key.mask) : "");
}

void KeyTable::add(std::string keyring, const config::PresharedKey& key, std::uint32_t local_address) {
    entries_.push_back({std::move(keyring), key, local_address});
}

std::optional<KeyEntry> KeyTable::by_address(std::uint32_t peer, const std::vector<std::string>& keyrings, std::uint32_t local) const {
    const KeyEntry* best = nullptr;
    int best_len = -1;
    bool best_bound = false;
    for (const auto& e : entries_) {
        if (e.key.by_hostname || !allowed(keyrings, e.keyring)) continue;
        if (local && e.local_address && e.local_address != local) continue;
        if ((peer & e.key.mask) != (e.key.address & e.key.mask)) continue;
        int len = config::mask_length(e.key.mask);
        bool bound = local && e.local_address == local;
        // Longest mask wins; on a tie a keyring bound to this local address, then the first configured.
        if (len > best_len || (len == best_len && bound && !best_bound)) {
            best = &e;
            best_len = len;
            best_bound = bound;
        }
    }
    return best ? std::optional(*best) : std::nullopt;
}

std::optional<KeyEntry> KeyTable::by_hostname(const std::string& host, const std::vector<std::string>& keyrings) const {
    for (const auto& e : entries_)
        if (e.key.by_hostname && e.key.hostname == host && allowed(keyrings, e.keyring)) return e;
    return std::nullopt;
}

}  // namespace routerd::policy
