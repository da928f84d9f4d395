#include "engine/policy/key_table.hpp"

#include <algorithm>

#include "engine/config/running_config.hpp"

namespace routerd::policy {
namespace {
bool allowed(const std::vector<std::string>& keyrings, const std::string& ring) {
    return keyrings.empty() || std::find(keyrings.begin(), keyrings.end(), ring) != keyrings.end();
}
}  // namespace

void KeyTable::add(std::string keyring, const config::PresharedKey& key) { entries_.push_back({std::move(keyring), key}); }

std::optional<KeyEntry> KeyTable::by_address(std::uint32_t peer, const std::vector<std::string>& keyrings) const {
    const KeyEntry* best = nullptr;
    int best_len = -1;
    for (const auto& e : entries_) {
        if (e.key.by_hostname || !allowed(keyrings, e.keyring)) continue;
        if ((peer & e.key.mask) != (e.key.address & e.key.mask)) continue;
        int len = config::mask_length(e.key.mask);
        if (len > best_len) {  // longest mask wins; on a tie, the first configured
            best = &e;
            best_len = len;
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
