#pragma once
// Random bytes for values an IKE exchange sends in the clear: cookies and SPIs, nonces,
// message IDs. OpenSSL's generator is asked for 4 KB at a time instead of once per value: each
// RAND_bytes call checks for a fork with a getpid system call, five per tunnel, 3 % of an
// ECP-256 responder's time at 20,000 tunnels (issue 14). Never for keys or anything kept
// secret: those come from OpenSSL directly (the DH private values are made inside it).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/ike/core/bytes.hpp"

namespace routerd::ike::core {

class RandomPool {
public:
    RandomPool() = default;
    RandomPool(const RandomPool&) = delete;
    RandomPool& operator=(const RandomPool&) = delete;
    ~RandomPool();  // what was drawn and not handed out is wiped

    void fill(std::span<std::uint8_t> out);
    Bytes take(std::size_t n);
    std::uint32_t take32();

private:
    std::array<std::uint8_t, 4096> pool_{};
    std::size_t used_ = pool_.size();  // nothing drawn yet
};

}  // namespace routerd::ike::core
