#pragma once
// The clock of the running daemon: std::chrono::steady_clock and Boost.Asio timers.
#include <boost/asio/io_context.hpp>

#include "engine/ike/core/clock.hpp"

namespace routerd::ike::core {

class AsioClock final : public Clock {
public:
    explicit AsioClock(boost::asio::io_context& io) : io_(io) {}
    TimePoint now() const override { return std::chrono::steady_clock::now(); }
    std::unique_ptr<Timer> make_timer() override;

private:
    boost::asio::io_context& io_;
};

}  // namespace routerd::ike::core
