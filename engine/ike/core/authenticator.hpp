#pragma once
// The authenticator seam: what a peer must prove, and with what we prove ourselves. Phase 1 of
// IKEv1 (RFC 2409 5) and IKE_AUTH of IKEv2 (RFC 7296 2.15) differ in how the proof is
// computed, not in where the secret comes from. Pre-shared keys today; certificates add a
// method and a source here, and the exchanges ask the same question.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ike/core/bytes.hpp"
#include "engine/policy/policy_set.hpp"

namespace routerd::ike::core {

enum class AuthMethod { PRE_SHARED_KEY };

struct Credential {
    AuthMethod method = AuthMethod::PRE_SHARED_KEY;
    Bytes secret;  // the pre-shared key
    // Where it is configured, for diagnosis (never the secret): "crypto isakmp key for
    // 12.1.1.0 255.255.255.0", "keyring SPOKES, pre-shared-key for 10.0.0.2".
    std::string source;
    std::string keyring;  // "default" for `crypto isakmp key`: what a profile admits (IOS)
};

class Authenticator {
public:
    virtual ~Authenticator() = default;
    // What authenticates us to `peer` and it to us, negotiating on local address `local` (0:
    // unknown) for an entry of ISAKMP profile `profile` ("": none, or not known yet, as for a
    // responder before the peer's identity); nullopt when nothing is configured for it.
    virtual std::optional<Credential> credential_for(std::uint32_t peer, std::uint32_t local = 0,
                                                     const std::string& profile = "") const = 0;
    // The same for a peer that names itself `fqdn` (an ID_FQDN, known before the key only in
    // Aggressive Mode): `pre-shared-key hostname` entries.
    virtual std::optional<Credential> credential_for_name(const std::string& fqdn, const std::string& profile = "") const = 0;
};

// Keys from the configuration: `crypto isakmp key`, keyrings, wildcard keys (IOS's lookup
// order lives in policy::KeyTable).
class ConfiguredKeys final : public Authenticator {
public:
    explicit ConfiguredKeys(std::function<std::shared_ptr<const policy::PolicySet>()> policy) : policy_(std::move(policy)) {}
    // IOS: a profile with keyrings takes its keys from them only; keyrings bound to a local
    // address serve negotiations on that address only.
    std::optional<Credential> credential_for(std::uint32_t peer, std::uint32_t local, const std::string& profile) const override {
        auto pol = policy_();
        if (!pol) return std::nullopt;
        return credential(pol->keys.by_address(peer, keyrings_of(*pol, profile), local));
    }
    std::optional<Credential> credential_for_name(const std::string& fqdn, const std::string& profile) const override {
        auto pol = policy_();
        if (!pol) return std::nullopt;
        return credential(pol->keys.by_hostname(fqdn, keyrings_of(*pol, profile)));
    }

private:
    static std::vector<std::string> keyrings_of(const policy::PolicySet& pol, const std::string& profile) {
        const auto* p = profile.empty() ? nullptr : pol.profile(profile);
        return p ? p->keyrings : std::vector<std::string>{};
    }
    static std::optional<Credential> credential(const std::optional<policy::KeyEntry>& key) {
        if (!key) return std::nullopt;
        return Credential{AuthMethod::PRE_SHARED_KEY, Bytes(key->key.secret.begin(), key->key.secret.end()), source_of(*key), key->keyring};
    }
    static std::string source_of(const policy::KeyEntry& k) {
        return k.keyring == "default" ? "crypto isakmp key for " + k.subject() : "keyring " + k.keyring + ", pre-shared-key for " + k.subject();
    }

    std::function<std::shared_ptr<const policy::PolicySet>()> policy_;
};

}  // namespace routerd::ike::core
