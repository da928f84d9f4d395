#include "engine/ike/core/retransmitter.hpp"

namespace routerd::ike::core {

Retransmitter::Retransmitter(Clock& clock, Duration first_wait, int attempts, Events events)
    : clock_(clock), first_wait_(first_wait), attempts_(attempts), events_(std::move(events)) {}

void Retransmitter::arm(const ExchangeKey& exchange, Bytes message) {
    std::vector<Bytes> one;
    one.push_back(std::move(message));
    arm(exchange, std::move(one));
}

void Retransmitter::arm(const ExchangeKey& exchange, std::vector<Bytes> datagrams) {
    auto& p = pending_[exchange];
    p.datagrams = std::move(datagrams);
    p.attempts = 0;
    if (!p.timer) p.timer = clock_.make_timer();
    p.timer->arm(first_wait_, [this, exchange] { expired(exchange); });
}

void Retransmitter::disarm(const ExchangeKey& exchange) {
    auto it = pending_.find(exchange);
    if (it == pending_.end()) return;
    it->second.timer->cancel();
    pending_.erase(it);
}

void Retransmitter::disarm_all(const SaKey& sa) {
    auto it = pending_.lower_bound(ExchangeKey{sa, 0});
    while (it != pending_.end() && it->first.sa == sa) {
        it->second.timer->cancel();
        it = pending_.erase(it);
    }
}

void Retransmitter::expired(ExchangeKey exchange) {
    auto it = pending_.find(exchange);
    if (it == pending_.end()) return;
    auto& p = it->second;
    if (++p.attempts > attempts_) {
        // The callee may erase the SA, and with it call disarm_all: the entry goes first.
        pending_.erase(it);
        events_.give_up(exchange);
        return;
    }
    for (const auto& d : p.datagrams)
        if (!events_.resend(exchange, d, p.attempts)) {
            pending_.erase(it);
            return;
        }
    p.timer->arm(first_wait_ * (1 << p.attempts), [this, exchange] { expired(exchange); });
}

}  // namespace routerd::ike::core
