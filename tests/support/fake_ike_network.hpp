#pragma once
// A clock that moves only when told and a network that delivers only when told: IKE engines
// joined through them run message by message, and a test can drop, duplicate, hold back,
// reorder or replay any datagram, with no socket and no sleep.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "engine/ike/core/clock.hpp"
#include "engine/ike/core/transport.hpp"

namespace routerd::test {

class FakeClock final : public ike::core::Clock {
public:
    ike::core::TimePoint now() const override { return now_; }
    std::unique_ptr<ike::core::Timer> make_timer() override { return std::make_unique<Timer>(*this); }

    // Fires the earliest armed timer, moving the clock to it; false when none is armed.
    bool fire_next() {
        Timer* next = nullptr;
        for (auto* t : timers_)
            if (t->at && (!next || std::pair(*t->at, t->seq) < std::pair(*next->at, next->seq))) next = t;
        if (!next) return false;
        now_ = std::max(now_, *next->at);
        auto fire = std::move(next->fire);
        next->at.reset();
        fire();  // may destroy or re-arm `next`
        return true;
    }
    std::optional<ike::core::TimePoint> next_due() const {
        std::optional<ike::core::TimePoint> due;
        for (auto* t : timers_)
            if (t->at && (!due || *t->at < *due)) due = t->at;
        return due;
    }

private:
    class Timer final : public ike::core::Timer {
    public:
        explicit Timer(FakeClock& clock) : clock_(clock) { clock_.timers_.insert(this); }
        ~Timer() override { clock_.timers_.erase(this); }
        void arm(ike::core::Duration after, std::function<void()> fire) override {
            at = clock_.now_ + after;
            seq = ++clock_.seq_;
            this->fire = std::move(fire);
        }
        void cancel() override {
            at.reset();
            fire = nullptr;
        }
        std::optional<ike::core::TimePoint> at;
        std::uint64_t seq = 0;
        std::function<void()> fire;

    private:
        FakeClock& clock_;
    };
    ike::core::TimePoint now_ = ike::core::TimePoint{} + std::chrono::hours(24);
    std::uint64_t seq_ = 0;
    std::set<Timer*> timers_;
};

struct Datagram {
    ike::core::Endpoint from, to;
    bool natt = false;
    ike::Bytes bytes;
    std::size_t number = 0;  // in the order sent, from 0
};

class FakeTransport;

// How an engine under test is bound: to its host's address (the configured local address), or
// to every address of its host, as routerd is without one: it then learns its address toward a
// peer from the route (the fixture's hook names the host's first address) or, as a responder,
// from the address the peer's datagram was sent to.
enum class Binding { ADDRESS, WILDCARD };

class FakeNetwork {
public:
    // What happens to a datagram as it is about to be delivered.
    enum class Fate { DELIVER, DROP, DUPLICATE, HOLD };
    std::function<Fate(const Datagram&)> fate;
    // Changes a datagram on the wire before it is delivered (a hostile or broken network).
    std::function<void(Datagram&)> tamper;
    std::vector<Datagram> sent;  // everything sent, in order
    std::deque<Datagram> in_flight;
    std::vector<Datagram> held;
    std::size_t keepalives = 0;
    std::set<std::uint32_t> unreachable;  // addresses the sender has no route to

    void attach(std::uint32_t address, FakeTransport* t) { hosts_[address] = t; }
    void detach(std::uint32_t address, FakeTransport* t) {
        if (hosts_[address] == t) hosts_.erase(address);
    }
    void post(Datagram d) {
        d.number = sent.size();
        sent.push_back(d);
        in_flight.push_back(std::move(d));
    }
    // Delivers the next datagram in flight; false when none is.
    bool deliver_one();
    // Delivers until nothing is in flight (each delivery may send more).
    void deliver_all() {
        for (int i = 0; i < 100000 && deliver_one(); ++i) {
        }
    }
    // Puts the held datagrams back in flight, after what is already there.
    void release_held() {
        for (auto& d : held) in_flight.push_back(std::move(d));
        held.clear();
    }
    // Sends a recorded datagram again, as an attacker or a confused network would.
    void replay(const Datagram& d) { in_flight.push_back(d); }

private:
    std::map<std::uint32_t, FakeTransport*> hosts_;
};

class FakeTransport final : public ike::core::Transport {
public:
    FakeTransport(FakeNetwork& network, std::uint32_t address, std::uint16_t port = 500, std::uint16_t natt_port = 4500)
        : network_(network), address_(address), port_(port), natt_port_(natt_port) {}
    ~FakeTransport() override {
        network_.detach(address_, this);
        for (auto a : addresses_) network_.detach(a, this);
    }
    std::optional<std::string> open(Receiver receiver) override {
        receiver_ = std::move(receiver);
        network_.attach(address_, this);
        return std::nullopt;
    }
    // A host with a second address: what is sent to it arrives here too.
    void add_address(std::uint32_t address) {
        network_.attach(address, this);
        addresses_.insert(address);
    }
    std::optional<std::string> send(std::uint32_t local, const ike::core::Endpoint& to, bool natt,
                                    std::span<const std::uint8_t> message) override {
        if (network_.unreachable.count(to.address)) return "Network is unreachable";  // no route: the kernel refuses at once
        // Not one of this host's addresses: the kernel refuses such a source (EINVAL).
        if (local && local != address_ && !addresses_.count(local)) return "Invalid argument";
        network_.post({{local ? local : address_, natt ? natt_port_ : port_}, to, natt, ike::Bytes(message.begin(), message.end())});
        return std::nullopt;
    }
    void send_nat_keepalive(std::uint32_t, const ike::core::Endpoint&) override { ++network_.keepalives; }
    void deliver(const Datagram& d) {
        if (receiver_) receiver_({d.bytes, d.from, d.natt, d.to.address});
    }

private:
    FakeNetwork& network_;
    std::uint32_t address_;
    std::set<std::uint32_t> addresses_;  // besides address_
    std::uint16_t port_, natt_port_;
    Receiver receiver_;
};

inline bool FakeNetwork::deliver_one() {
    if (in_flight.empty()) return false;
    Datagram d = std::move(in_flight.front());
    in_flight.pop_front();
    Fate f = fate ? fate(d) : Fate::DELIVER;
    if (tamper) tamper(d);
    if (f == Fate::DROP) return true;
    if (f == Fate::HOLD) {
        held.push_back(std::move(d));
        return true;
    }
    auto it = hosts_.find(d.to.address);
    if (it == hosts_.end()) return true;  // nobody there
    it->second->deliver(d);
    if (f == Fate::DUPLICATE) {
        it = hosts_.find(d.to.address);
        if (it != hosts_.end()) it->second->deliver(d);
    }
    return true;
}

}  // namespace routerd::test
