#pragma once
// The authenticator seam: what a peer must prove, and with what we prove ourselves. Phase 1 of
// IKEv1 (RFC 2409 5) and IKE_AUTH of IKEv2 (RFC 7296 2.15) differ in how the proof is
// computed, not in where the secret comes from. Pre-shared keys today; certificates add a
// method and a source here, and the exchanges ask the same question.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "engine/ike/core/bytes.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike::core {

enum class AuthMethod { PRE_SHARED_KEY };

struct Credential {
    AuthMethod method = AuthMethod::PRE_SHARED_KEY;
    Bytes secret;  // the pre-shared key
};

class Authenticator {
public:
    virtual ~Authenticator() = default;
    // What authenticates us to `peer` and it to us; nullopt when nothing is configured for it.
    virtual std::optional<Credential> credential_for(std::uint32_t peer) const = 0;
};

// Keys from the configuration: `crypto isakmp key`, keyrings, wildcard keys (IOS's lookup
// order lives in policy::KeyTable).
class ConfiguredKeys final : public Authenticator {
public:
    explicit ConfiguredKeys(std::function<std::shared_ptr<const policy::PolicySet>()> policy) : policy_(std::move(policy)) {}
    std::optional<Credential> credential_for(std::uint32_t peer) const override {
        auto pol = policy_();
        auto key = pol ? pol->keys.by_address(peer) : std::nullopt;
        if (!key) return std::nullopt;
        return Credential{AuthMethod::PRE_SHARED_KEY, Bytes(key->key.key.begin(), key->key.key.end())};
    }

private:
    std::function<std::shared_ptr<const policy::PolicySet>()> policy_;
};

}  // namespace routerd::ike::core
