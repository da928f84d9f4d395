#pragma once
// The requester's side of every IKE exchange: a message that gets no answer is sent again,
// the wait doubling each time, and after the last attempt the exchange is given up. RFC 2408
// leaves the policy to the implementation; IOS retransmits 5 times (1, 2, 4, 8, 16 s), as does
// this by default. Keyed by exchange: the IKE SA's initiator cookie (IKEv1) or SPI (IKEv2) and
// the message ID, so that two Quick Modes started together are each retransmitted.
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "engine/ike/core/bytes.hpp"
#include "engine/ike/core/clock.hpp"

namespace routerd::ike::core {

using SaKey = std::array<std::uint8_t, 8>;

struct ExchangeKey {
    SaKey sa{};
    std::uint32_t message_id = 0;  // 0: phase 1 (IKEv1) or the IKE_SA_INIT/IKE_AUTH window
    auto operator<=>(const ExchangeKey&) const = default;
};

class Retransmitter {
public:
    struct Events {
        // Send `message` again (attempt 1, 2, ...); false when its SA is gone.
        std::function<bool(const ExchangeKey&, const Bytes& message, int attempt)> resend;
        // Every attempt went unanswered.
        std::function<void(const ExchangeKey&)> give_up;
    };
    Retransmitter(Clock& clock, Duration first_wait, int attempts, Events events);

    // Waits for an answer to `message`, replacing what this exchange waited for before.
    void arm(const ExchangeKey& exchange, Bytes message);
    // The same for a message sent as several datagrams (IKEv2 fragments, RFC 7383 2.6: all of
    // them are sent again).
    void arm(const ExchangeKey& exchange, std::vector<Bytes> datagrams);
    // The answer came.
    void disarm(const ExchangeKey& exchange);
    // The SA is gone: nothing of it waits any more.
    void disarm_all(const SaKey& sa);

private:
    void expired(ExchangeKey exchange);  // by value: the timer holding the key may go while it runs

    struct Pending {
        std::vector<Bytes> datagrams;
        int attempts = 0;
        std::unique_ptr<Timer> timer;
    };
    Clock& clock_;
    Duration first_wait_;
    int attempts_;
    Events events_;
    std::map<ExchangeKey, Pending> pending_;
};

}  // namespace routerd::ike::core
