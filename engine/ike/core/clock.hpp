#pragma once
// Time as the IKE engine sees it: a clock to read and one-shot timers to arm. The daemon runs
// them on Boost.Asio (asio_clock.hpp); tests run a fake whose time moves only when told, so a
// retransmission, a DPD probe or a lifetime runs out at a chosen step, without sleeping.
#include <chrono>
#include <functional>
#include <memory>

namespace routerd::ike::core {

using TimePoint = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

class Timer {
public:
    virtual ~Timer() = default;
    // Runs `fire` once after `after`, replacing what was armed before.
    virtual void arm(Duration after, std::function<void()> fire) = 0;
    virtual void cancel() = 0;
};

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    // A timer that never fires after it is destroyed.
    virtual std::unique_ptr<Timer> make_timer() = 0;
};

}  // namespace routerd::ike::core
