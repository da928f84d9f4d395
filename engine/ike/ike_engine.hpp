#pragma once
// The IKE engine as the rest of routerd sees it: negotiate SAs for what the PolicySet says,
// show them, clear them. IKEv1 (engine/ike/v1/) and IKEv2 (engine/ike/v2/) run side by side on
// the version-neutral core (engine/ike/core/): one transport, the version octet of each
// datagram says which one it is for, and a policy entry with `set ikev2-profile` negotiates
// with IKEv2, as on IOS. A transport and a clock are handed in, so that tests run it message by
// message. It never touches the kernel: negotiated SAs go out through the hooks.
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/handoff/ike_sa_view.hpp"
#include "engine/ike/core/clock.hpp"
#include "engine/ike/core/transport.hpp"
#include "engine/ike/engine_options.hpp"

namespace routerd::ike {

using handoff::IkeSaView;
namespace v1 {
class Context;
}
namespace v2 {
class Context;
}

class IkeEngine {
public:
    IkeEngine(core::Transport& transport, core::Clock& clock, EngineOptions options, EngineHooks hooks);
    ~IkeEngine();
    IkeEngine(const IkeEngine&) = delete;
    IkeEngine& operator=(const IkeEngine&) = delete;

    // Opens the transport and starts the housekeeping timers; an error text on failure.
    std::optional<std::string> start();
    // Traffic for `selector` needs SAs for policy entry `entry_key`: negotiate them, with `peer`
    // when given (a renewal goes to the peer of the pair it renews), else the entry's first peer.
    void initiate(const std::string& entry_key, const policy::Selector& selector, std::optional<std::uint32_t> peer = {});
    std::vector<IkeSaView> sas() const;
    // The IKEv2 SAs (`show crypto ikev2 sa`).
    std::vector<handoff::Ikev2SaView> ikev2_sas() const;
    handoff::Ikev2StatsView ikev2_stats() const;
    // `clear crypto ikev2 sa`, `clear crypto session [remote A.B.C.D]`: the IKEv2 SAs (with
    // `peer`, that peer's) deleted with their Child SAs, the peers told.
    void clear_ikev2(std::optional<std::uint32_t> peer = {});
    // The last failure with each peer in plain words (until a pair with it is negotiated).
    std::vector<handoff::PeerFailure> failures() const;
    // `clear crypto isakmp [conn-id]`: forget the SA(s), telling the peers.
    void clear(std::optional<std::uint32_t> conn_id);
    // `clear crypto sa`: the pair with inbound SPI `spi_in` is gone here; tell the peer.
    void delete_child(std::uint32_t peer, std::uint32_t spi_in);

private:
    // One round of the once-a-time-unit work (DPD, lifetimes).
    void housekeeping();
    void schedule_housekeeping();
    void schedule_nat_keepalives();
    // Flows whose new IKE SA waits for one of ours to complete (EngineOptions::max_initiating).
    struct Waiting {
        std::string entry_key;
        policy::Selector selector;
        std::optional<std::uint32_t> to;  // as asked (a renewal names its peer)
        std::uint32_t peer = 0;           // as resolved when it began to wait
        bool ikev2 = false;
        std::uint64_t since = 0;          // the IKEv1 context's event order then
    };
    // `initiate` for a flow asked for now, or for one that waited since `waited`.
    void request(const std::string& entry_key, const policy::Selector& selector, std::optional<std::uint32_t> to,
                 const Waiting* waited);
    bool waits(const std::string& entry_key, const policy::Selector& selector, std::uint32_t peer) const;
    // The peer has an IKE SA a new flow can go over, or one of ours negotiating that will be.
    bool has_sa_for_flows(std::uint32_t peer, bool ikev2) const;
    // A pair for the flow was made while it waited (the peer started it, or an earlier flow's
    // exchange brought it): starting it again would give the flow two pairs.
    bool got_its_pair(const Waiting& w) const;
    std::size_t initiating() const;
    bool turns_taken() const;
    // One of ours completed or went: what waits starts from the clock, outside that change.
    void initiator_done();
    void start_waiting();
    // `clear crypto isakmp` / `clear crypto ikev2 sa`: the flows of that version that wait are
    // handed back as failed (they ask again with their traffic); with `peer`, that peer's only.
    void drop_waiting(bool ikev2, std::optional<std::uint32_t> peer);
    std::deque<Waiting> waiting_;
    bool start_waiting_armed_ = false;

    std::unique_ptr<v1::Context> ctx_;
    std::unique_ptr<v2::Context> v2_;
    std::unique_ptr<core::Timer> housekeeping_timer_, keepalive_timer_, waiting_timer_;
};

}  // namespace routerd::ike
