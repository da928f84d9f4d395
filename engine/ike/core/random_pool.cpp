#include "engine/ike/core/random_pool.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>

namespace routerd::ike::core {

RandomPool::~RandomPool() { OPENSSL_cleanse(pool_.data(), pool_.size()); }

void RandomPool::fill(std::span<std::uint8_t> out) {
    while (!out.empty()) {
        if (used_ == pool_.size()) {
            // Without random bytes no exchange may go on: a predictable cookie or nonce is worse
            // than none (OpenSSL fails only when it cannot seed from the kernel).
            if (RAND_bytes(pool_.data(), static_cast<int>(pool_.size())) != 1) std::abort();
            used_ = 0;
        }
        std::size_t n = std::min(out.size(), pool_.size() - used_);
        std::copy_n(pool_.begin() + static_cast<std::ptrdiff_t>(used_), n, out.begin());
        // Handed out once: the bytes are not left behind in the pool.
        OPENSSL_cleanse(pool_.data() + used_, n);
        used_ += n;
        out = out.subspan(n);
    }
}

Bytes RandomPool::take(std::size_t n) {
    Bytes out(n);
    fill(out);
    return out;
}

std::uint32_t RandomPool::take32() {
    std::array<std::uint8_t, 4> b{};
    fill(b);
    return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 | static_cast<std::uint32_t>(b[2]) << 8 | b[3];
}

}  // namespace routerd::ike::core
