#pragma once
// What the IPsec engine needs from the kernel: XFRM policies and SAs, their counters, and
// ACQUIRE and EXPIRE events. LinuxDataplane is the real one (libnl-xfrm); FakeDataplane records
// what would be installed, for unit tests.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace routerd::platform {

using Bytes = std::vector<std::uint8_t>;

struct TrafficSelector {
    std::uint32_t source = 0, source_mask = 0, destination = 0, destination_mask = 0;
    std::uint8_t protocol = 0;
    std::uint16_t source_port_low = 0, source_port_high = 0xffff;
    std::uint16_t destination_port_low = 0, destination_port_high = 0xffff;
    bool operator==(const TrafficSelector&) const = default;
};

enum class PolicyDirection { Out, In, Fwd };

struct PolicySpec {
    TrafficSelector selector;
    PolicyDirection direction = PolicyDirection::Out;
    std::uint32_t priority = 0;  // lower is consulted first, as in XFRM
    bool bypass = false;         // no template: the traffic goes in clear
    // The template of a protecting policy: the SA's endpoints and mode.
    std::uint32_t tunnel_source = 0, tunnel_destination = 0;
    bool tunnel = true;
    std::uint32_t reqid = 0;
    // A VTI's policies and SAs carry its xfrm interface's if_id (0 = none): only traffic
    // routed into that interface uses them.
    std::uint32_t if_id = 0;
    bool operator==(const PolicySpec&) const = default;
};

struct SaSpec {
    std::uint32_t source = 0, destination = 0, spi = 0;
    bool tunnel = true;
    std::uint32_t reqid = 0;
    TrafficSelector selector;
    std::string cipher;  // kernel names: "cbc(aes)", "rfc4106(gcm(aes))"
    Bytes cipher_key;
    std::uint16_t icv_bits = 0;  // AEAD
    std::string authenticator;
    Bytes authenticator_key;
    std::uint16_t truncation_bits = 0;
    std::uint32_t replay_window = 64;
    std::uint32_t soft_seconds = 0, hard_seconds = 0;
    std::uint64_t soft_bytes = 0, hard_bytes = 0;  // 0 = no limit
    bool udp_encapsulation = false;
    std::uint16_t encapsulation_source_port = 0, encapsulation_destination_port = 0;
    std::uint32_t if_id = 0;
};

struct SaCounters {
    std::uint64_t packets = 0, bytes = 0;
    std::uint32_t replay_failures = 0, integrity_failures = 0;
    std::uint32_t last_sequence = 0;  // inbound: the highest sequence number received
    std::uint32_t replay_window = 0;  // the SA's anti-replay window in packets (0: no replay check)
};

// Every ESP SA's counters at one moment, by sa_key(destination, SPI).
using CounterTable = std::unordered_map<std::uint64_t, SaCounters>;
inline std::uint64_t sa_key(std::uint32_t destination, std::uint32_t spi) { return std::uint64_t{destination} << 32 | spi; }

// Traffic matched a protecting policy without an SA (XFRM_MSG_ACQUIRE).
struct Acquire {
    std::uint64_t policy_id = 0;  // as add_policy returned it
    TrafficSelector packet;       // the packet's own addresses (host selector)
};

// An SA reached a lifetime limit (XFRM_MSG_EXPIRE). Soft: time to renew it; hard: the
// kernel has removed it, and `last` is what it counted until then.
struct Expire {
    std::uint32_t destination = 0, spi = 0;
    bool hard = false;
    SaCounters last;
};

class Dataplane {
public:
    virtual ~Dataplane() = default;
    // An id for the policy, or an error text.
    virtual std::optional<std::uint64_t> add_policy(const PolicySpec& policy, std::string* error) = 0;
    virtual void remove_policy(std::uint64_t id) = 0;
    virtual std::optional<std::string> add_sa(const SaSpec& sa) = 0;
    virtual void remove_sa(std::uint32_t destination, std::uint32_t spi) = 0;
    virtual std::optional<SaCounters> counters(std::uint32_t destination, std::uint32_t spi) = 0;
    // All of them in one read (one netlink dump, where a show of 10,000 pairs asked the kernel
    // 40,000 times, once per SA per use); nullopt when it cannot, and the caller asks per SA.
    virtual std::optional<CounterTable> all_counters() = 0;
    std::function<void(const Acquire&)> on_acquire;
    std::function<void(const Expire&)> on_expire;
};

// Records what would be installed; tests raise ACQUIREs and set counters themselves, and make
// the kernel refuse what they choose (refuse_policy / refuse_sa return the error text).
class FakeDataplane final : public Dataplane {
public:
    std::optional<std::uint64_t> add_policy(const PolicySpec& policy, std::string* error) override {
        if (auto err = refuse_policy ? refuse_policy(policy) : std::nullopt) {
            if (error) *error = *err;
            return std::nullopt;
        }
        policies[++next_id_] = policy;
        return next_id_;
    }
    void remove_policy(std::uint64_t id) override { policies.erase(id); }
    std::optional<std::string> add_sa(const SaSpec& sa) override {
        if (auto err = refuse_sa ? refuse_sa(sa) : std::nullopt) return err;
        sas[{sa.destination, sa.spi}] = sa;
        return std::nullopt;
    }
    void remove_sa(std::uint32_t destination, std::uint32_t spi) override { sas.erase({destination, spi}); }
    std::optional<SaCounters> counters(std::uint32_t destination, std::uint32_t spi) override {
        auto it = counter_values.find({destination, spi});
        auto sa = sas.find({destination, spi});
        if (it != counter_values.end()) return it->second;
        if (sa == sas.end()) return std::nullopt;
        SaCounters fresh;
        fresh.replay_window = sa->second.replay_window;  // as the kernel reports what was installed
        return fresh;
    }
    std::optional<CounterTable> all_counters() override {
        ++dumps;
        CounterTable all;
        all.reserve(sas.size() + counter_values.size());
        for (const auto& [key, sa] : sas) all[sa_key(key.first, key.second)] = *counters(key.first, key.second);
        for (const auto& [key, c] : counter_values) all[sa_key(key.first, key.second)] = c;
        return all;
    }
    std::size_t dumps = 0;  // all_counters calls

    std::map<std::uint64_t, PolicySpec> policies;
    std::map<std::pair<std::uint32_t, std::uint32_t>, SaSpec> sas;
    std::map<std::pair<std::uint32_t, std::uint32_t>, SaCounters> counter_values;
    std::function<std::optional<std::string>(const PolicySpec&)> refuse_policy;
    std::function<std::optional<std::string>(const SaSpec&)> refuse_sa;

private:
    std::uint64_t next_id_ = 0;
};

}  // namespace routerd::platform
