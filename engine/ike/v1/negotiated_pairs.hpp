#pragma once
// The IPsec SA pairs this engine negotiated, remembered to renew them before they expire.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/ike/core/clock.hpp"
#include "engine/policy/selectors.hpp"

namespace routerd::ike::v1 {

struct NegotiatedPair {
    std::string entry_key;
    policy::Selector selector;
    std::uint32_t peer = 0;
    bool initiator = false;
    core::TimePoint installed;
    std::uint32_t lifetime_seconds = 3600;
    bool rekeyed = false;
    std::uint32_t spi_in = 0, spi_out = 0;
    std::uint64_t order = 0;  // the engine's event order when it went in
};

// Oldest first, with how many each peer has: whether a peer has any is asked at every Main
// Mode (INITIAL-CONTACT) and every Quick Mode (the session coming up), and a scan of all the
// pairs each time grew with the tunnels a hub holds (issue 14). A pair's peer never changes
// once it is in.
class NegotiatedPairs {
public:
    auto begin() { return pairs_.begin(); }
    auto end() { return pairs_.end(); }
    auto begin() const { return pairs_.begin(); }
    auto end() const { return pairs_.end(); }
    std::size_t size() const { return pairs_.size(); }

    void push_back(NegotiatedPair p) {
        ++per_peer_[p.peer];
        pairs_.push_back(std::move(p));
    }
    template <class Pred>
    std::size_t erase_if(Pred pred) {
        return std::erase_if(pairs_, [&](const NegotiatedPair& p) {
            if (!pred(p)) return false;
            auto it = per_peer_.find(p.peer);
            if (--it->second == 0) per_peer_.erase(it);
            return true;
        });
    }
    bool any_with(std::uint32_t peer) const { return per_peer_.contains(peer); }

private:
    std::vector<NegotiatedPair> pairs_;
    std::unordered_map<std::uint32_t, std::uint32_t> per_peer_;
};

}  // namespace routerd::ike::v1
