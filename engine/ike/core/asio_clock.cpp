#include "engine/ike/core/asio_clock.hpp"

#include <boost/asio/steady_timer.hpp>

namespace routerd::ike::core {
namespace {

class AsioTimer final : public Timer {
public:
    explicit AsioTimer(boost::asio::io_context& io) : timer_(io) {}
    void arm(Duration after, std::function<void()> fire) override {
        timer_.expires_after(after);
        timer_.async_wait([fire = std::move(fire)](boost::system::error_code ec) {
            if (!ec) fire();
        });
    }
    void cancel() override { timer_.cancel(); }

private:
    // Destroying the steady_timer cancels its wait: the handler sees operation_aborted and
    // never touches what owned the timer.
    boost::asio::steady_timer timer_;
};

}  // namespace

std::unique_ptr<Timer> AsioClock::make_timer() { return std::make_unique<AsioTimer>(io_); }

}  // namespace routerd::ike::core
