#pragma once
// The IPsec side: the SPD built from crypto maps applied to interfaces, ACQUIREs turned into
// negotiations, and negotiated SA pairs installed. It owns what it put in the kernel and
// removes exactly that.
#include <chrono>
#include <functional>
#include <map>
#include <unordered_map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/handoff/child_sa.hpp"
#include "engine/policy/policy_set.hpp"
#include "platform/dataplane.hpp"
#include "platform/links.hpp"

namespace routerd::ipsec {

struct IpsecHooks {
    // Traffic for this entry and selector needs SAs: ask IKE.
    std::function<void(const std::string& entry_key, const policy::Selector& selector)> initiate;
    // The local crypto endpoint toward a peer (the address the kernel routes from).
    std::function<std::optional<std::uint32_t>(std::uint32_t peer)> local_address_for;
    std::function<void(const std::string&)> debug;  // `debug crypto ipsec`
    // A pair went because its entry did (map removed, tunnel shut) or `clear crypto sa`: tell
    // the peer.
    std::function<void(const handoff::ChildSa&)> removed;
    // Reverse route injection: add (true) or withdraw (false) a route. Returns an error text.
    std::function<std::optional<std::string>(const platform::RouteSpec&, bool add)> route;
    // A dynamic VTI hub's Virtual-Access interface: made (up) for an accepted peer, with the
    // if_id its policies and SAs carry, or removed (down). Returns an error text.
    std::function<std::optional<std::string>(const std::string& name, std::uint32_t if_id, bool up)> virtual_access;
    std::function<void(int severity, const std::string&)> log;  // the router's log
    // Whether `debug crypto ipsec` is on, so that lines on every pair's path are not built to
    // be dropped (issue 14). Unset: every line goes to `debug`, which decides.
    std::function<bool()> debugging;
};

struct InstalledPair {
    handoff::ChildSa sa;
    std::uint32_t reqid = 0;
    std::chrono::steady_clock::time_point installed = std::chrono::steady_clock::now();
};

class IpsecEngine {
public:
    IpsecEngine(platform::Dataplane& dataplane, IpsecHooks hooks);
    ~IpsecEngine();
    IpsecEngine(const IpsecEngine&) = delete;
    IpsecEngine& operator=(const IpsecEngine&) = delete;

    // Brings the kernel's policies in line with the crypto maps applied to interfaces: each
    // permit line protects (out, in, fwd), each deny line bypasses, in sequence order. A
    // protected tunnel (VTI) gets any-to-any policies marked with its interface's if_id, and
    // IKE is asked for its pair at once, as IOS brings a VTI up without waiting for traffic.
    // Pairs whose entry is gone or inactive are removed.
    void reconcile(const policy::PolicySet& policy);
    // Protected tunnels without a pair negotiate again (called every few seconds, as IOS keeps
    // trying to bring a VTI up): after a failure at once, otherwise after the negotiation hold.
    void retry_tunnels();
    void on_acquire(const platform::Acquire& acquire);
    // The kernel's lifetime events: a soft limit renews the flow's pair (unless a newer one
    // is there or coming), a hard limit means the kernel removed the SA: its pair goes.
    void on_expire(const platform::Expire& expire);
    // IKE's negotiation for a flow failed: the next ACQUIRE for it may start another at once
    // (otherwise a flow is held 30 s after it was asked for, failed or not).
    void negotiation_failed(const std::string& entry_key, const policy::Selector& selector);
    // The responder's inbound SA, ahead of the pair (see ike::EngineHooks::on_inbound_sa).
    void install_inbound(const handoff::ChildSa& sa);
    // That Quick Mode ended without its pair (see ike::EngineHooks::on_inbound_sa_abandoned):
    // the inbound SA goes now, not when its lifetime runs out (an hour by default).
    void abandon_inbound(std::uint32_t local, std::uint32_t spi_in);
    // A negotiated pair into the kernel: both SAs, or only the inbound one while IKE holds the
    // outbound (sa.outbound_held) until release_outbound.
    void install(const handoff::ChildSa& sa);
    // IKE says the peer can receive on the held pair whose outbound SPI is `spi_out`: its
    // outbound SA goes in, and the flow's traffic moves to it (the kernel uses the newest SA).
    void release_outbound(std::uint32_t peer, std::uint32_t spi_out);
    // A peer is gone (DPD, Delete, INITIAL-CONTACT): its SAs go too.
    void peer_down(std::uint32_t peer);
    // `clear crypto sa [peer A.B.C.D | map NAME]`: removes the matching pairs, tells each
    // peer through IpsecHooks::removed (as a reconcile does), and returns them.
    std::vector<handoff::ChildSa> clear(std::optional<std::uint32_t> peer, std::optional<std::string> map);
    // The peer deleted the pair we send to it with `spi_out` (an IKEv1 Delete payload).
    void peer_deleted(std::uint32_t peer, std::uint32_t spi_out);

    const std::vector<InstalledPair>& pairs() const { return pairs_; }
    // Packets each permit line of a crypto ACL sent through its SAs (all pairs, expired ones
    // included), by (ACL name, line sequence number).
    std::map<std::pair<std::string, std::uint32_t>, std::uint64_t> acl_matches();
    // A flow's packets since its first pair: the pairs alive now and those that expired (IOS
    // keeps counting across rekeys; `clear crypto sa` starts the flow afresh).
    struct FlowCounters {
        std::uint64_t encaps = 0, decaps = 0;
        std::uint32_t replay_failures = 0, integrity_failures = 0;
    };
    FlowCounters flow_counters(const handoff::ChildSa& any_pair_of_flow);
    // The same when the caller already has the pairs that may be the flow's (`candidates`, a
    // show's list for the flow): only those are read, not every pair (a show of N flows would
    // otherwise look at N x N pairs: issue 14, a hub with 10,000 spokes).
    FlowCounters flow_counters(const handoff::ChildSa& any_pair_of_flow, const std::vector<const InstalledPair*>& candidates);
    std::optional<platform::SaCounters> counters(std::uint32_t destination, std::uint32_t spi) {
        if (!snapshot_) return dataplane_.counters(destination, spi);
        auto it = snapshot_->find(platform::sa_key(destination, spi));
        return it == snapshot_->end() ? std::nullopt : std::optional<platform::SaCounters>(it->second);
    }
    // For the length of one show: every SA's counters read at once (Dataplane::all_counters, one
    // netlink dump), and counters() and flow_counters() answered from that read. A show of
    // 10,000 pairs otherwise asks the kernel four times per pair (issue 14: shows at scale), and
    // its figures are of one moment. Where the dataplane cannot, each SA is asked as before.
    class CounterSnapshot {
    public:
        // Null (no dataplane): nothing to read.
        explicit CounterSnapshot(IpsecEngine* engine) {
            if (!engine || engine->snapshot_) return;  // inside another one: that one's read stands
            engine->snapshot_ = engine->dataplane_.all_counters();
            if (engine->snapshot_) engine_ = engine;
        }
        ~CounterSnapshot() {
            if (engine_) engine_->snapshot_.reset();
        }
        CounterSnapshot(const CounterSnapshot&) = delete;
        CounterSnapshot& operator=(const CounterSnapshot&) = delete;

    private:
        IpsecEngine* engine_ = nullptr;
    };
    std::size_t policy_count() const {
        std::size_t n = installed_policies_.size();
        for (const auto& [key, p] : peer_policies_) n += p.ids.size();
        for (const auto& [peer, va] : virtual_access_) n += va.policy_ids.size();
        return n;
    }
    // The Virtual-Access interface a dynamic VTI peer has, if any ("Virtual-Access1").
    std::optional<std::string> virtual_access_of(std::uint32_t peer) const;

private:
    bool debugging() const { return hooks_.debug && (!hooks_.debugging || hooks_.debugging()); }
    struct Installed {
        std::string entry_key;
        policy::Selector selector;
        platform::PolicySpec spec;
    };
    // A dynamic map has no policies of its own: an accepted peer gets (out, in, fwd) for the
    // proxies it negotiated, kept while one of its pairs lives.
    struct PeerPolicies {
        std::vector<std::uint64_t> ids;
        int pairs = 0;
    };
    // One reqid per ACL line of an entry: the kernel then keeps one SA pair per line, as IOS
    // builds one per permit line, instead of sending every line's traffic down the first pair.
    std::uint32_t reqid_for(const std::string& flow_key);
    // One SA of a pair into the kernel (false, logged, when the kernel refuses it).
    // The kernel's refusal, if it refused.
    std::optional<std::string> add_sa(const handoff::ChildSa& sa, std::uint32_t reqid, bool out);
    // A negotiated pair the kernel would not take: said in the log, what went in comes out, and
    // the peer is told (hooks_.removed) rather than left sending into SAs we do not have.
    void install_failed(const handoff::ChildSa& sa, const std::string& why);
    // A policy the kernel would not take: said in the log, since its traffic is unprotected.
    void policy_failed(const std::string& subject, const std::string& error);
    void remove_pair(const InstalledPair& p);
    // The flow a pair belongs to: entry, ACL line and peer.
    static std::string flow_key(const handoff::ChildSa& sa);
    void add_peer_policies(const handoff::ChildSa& sa, std::uint32_t reqid);
    void release_peer_policies(const handoff::ChildSa& sa);
    // The reqid of a pair's flow (per peer for a dynamic VTI template: each peer is its own
    // interface).
    std::uint32_t pair_reqid(const handoff::ChildSa& sa);
    // A dynamic VTI peer's Virtual-Access: made on its first SA, with any-to-any policies
    // marked with its own if_id; gone with its last pair.
    struct VirtualAccess {
        std::uint32_t number = 0, if_id = 0;
        std::vector<std::uint64_t> policy_ids;
        int pairs = 0;
    };
    VirtualAccess* virtual_access_for(const handoff::ChildSa& sa);
    void release_virtual_access(std::uint32_t peer);
    std::map<std::uint32_t, VirtualAccess> virtual_access_;  // by peer

    platform::Dataplane& dataplane_;
    IpsecHooks hooks_;
    std::map<std::uint64_t, Installed> installed_policies_;  // by dataplane id
    // By entry key + selector; hashed: a responder asks it for every new pair (issue 14's profile).
    std::unordered_map<std::string, std::uint32_t> reqids_;
    std::map<std::string, std::uint32_t> if_ids_;  // by tunnel entry key, from the last reconcile
    // Entries whose peer the kernel has no route to (said once each: seeds-catalog F21).
    std::set<std::string> unroutable_;
    std::map<std::string, std::string> entry_acls_;  // static entry key -> its crypto ACL
    // Reverse routes: the entries that ask for them (from the last reconcile), and the routes
    // in the kernel with how many pairs (or a static entry, counted once) hold each.
    struct ReverseRoute {
        bool always = false;  // `reverse-route static`
        std::optional<std::uint32_t> gateway;
    };
    std::map<std::string, ReverseRoute> rri_entries_;
    platform::RouteSpec reverse_route_for(const handoff::ChildSa& sa) const;
    std::map<std::string, std::pair<platform::RouteSpec, int>> reverse_routes_;  // by route key
    std::vector<platform::RouteSpec> static_reverse_routes_;
    void hold_route(const platform::RouteSpec& r);
    void release_route(const platform::RouteSpec& r);
    std::vector<InstalledPair> pairs_;
    // Entry key + selector -> when IKE was asked. The kernel repeats an ACQUIRE when its larval
    // SA (30 s) expires; a request older than that has failed and may be made again.
    std::map<std::string, std::chrono::steady_clock::time_point> negotiating_;
    std::vector<std::string> tunnel_keys_;  // the active protected tunnels (reconcile)
    bool start_negotiation(const std::string& key);
    std::map<std::string, PeerPolicies> peer_policies_;  // by entry key + selector + peer
    std::map<std::string, FlowCounters> retired_;  // by flow key: counters of expired pairs
    std::optional<platform::CounterTable> snapshot_;  // while a CounterSnapshot lives
    // The kernel expires both SAs of a pair in the same tick: when the first EXPIRE removes the
    // pair, its sibling may be gone already; its own EXPIRE then brings its last counts here.
    struct ExpiredSibling {
        std::string flow_key;
        bool outbound = false;
    };
    std::map<std::pair<std::uint32_t, std::uint32_t>, ExpiredSibling> expired_siblings_;  // (dst, spi)
    void credit(FlowCounters& to, const platform::SaCounters& c, bool outbound);
    // Adds the kernel's counts of SA (dst, spi) of a pair going away to flow `key`'s; an SA the
    // kernel already removed (its EXPIRE still queued) is credited when that EXPIRE comes.
    void retire_sa(const std::string& key, std::uint32_t dst, std::uint32_t spi, bool outbound);
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::string> early_inbound_;  // (local, spi) -> entry, before QM3
};

}  // namespace routerd::ipsec
