#pragma once
// The IKE SAs of one version whose authentication has not completed, counted as the SA table
// changes (a count, not a scan: a flood of first messages or a thousand flows at once must not
// walk the table per message). Those a peer started are unauthenticated state it may have spoofed
// (RFC 7296 2.6; IOS's `crypto call admission limit ike in-negotiation-sa`); those we started
// take turns (EngineOptions::max_initiating), and whoever hands out the turns is told when one
// completes or goes.
#include <cstddef>
#include <functional>

namespace routerd::ike::core {

class Negotiating {
public:
    // An SA entering (+1) or leaving (-1) the table or its unauthenticated state.
    void change(bool initiator, int delta) {
        if (!initiator) {
            add(responders_, delta);
            return;
        }
        add(initiators_, delta);
        if (delta < 0 && initiator_done_) initiator_done_();
    }
    std::size_t responders() const { return responders_; }
    std::size_t initiators() const { return initiators_; }
    // Called inside the table change: it must not change the table itself.
    void on_initiator_done(std::function<void()> done) { initiator_done_ = std::move(done); }

private:
    // Never below zero: a count that wrapped would refuse every peer (in-negotiation limit) or
    // hold every flow of ours waiting for good.
    static void add(std::size_t& n, int delta) {
        n = delta < 0 && n < static_cast<std::size_t>(-delta) ? 0 : n + static_cast<std::size_t>(delta);
    }
    std::size_t responders_ = 0, initiators_ = 0;
    std::function<void()> initiator_done_;
};

}  // namespace routerd::ike::core
