#pragma once
// The IPsec side: the SPD built from crypto maps applied to interfaces, ACQUIREs turned into
// negotiations, and negotiated SA pairs installed. It owns what it put in the kernel and
// removes exactly that.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/ike/ike_sa.hpp"
#include "engine/policy/policy_set.hpp"
#include "platform/dataplane.hpp"

namespace routerd::ipsec {

struct IpsecHooks {
    // Traffic for this entry and selector needs SAs: ask IKE.
    std::function<void(const std::string& entry_key, const policy::Selector& selector)> initiate;
    // The local crypto endpoint toward a peer (the address the kernel routes from).
    std::function<std::optional<std::uint32_t>(std::uint32_t peer)> local_address_for;
    std::function<void(const std::string&)> debug;  // `debug crypto ipsec`
};

struct InstalledPair {
    ike::ChildSa sa;
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
    // permit line protects (out, in, fwd), each deny line bypasses, in sequence order.
    void reconcile(const policy::PolicySet& policy);
    void on_acquire(const platform::Acquire& acquire);
    void install(const ike::ChildSa& sa);
    // A peer is gone (DPD, Delete, INITIAL-CONTACT): its SAs go too.
    void peer_down(std::uint32_t peer);
    // `clear crypto sa [peer A.B.C.D | map NAME]`: removes the matching pairs and returns
    // them, so that IKE can tell their peers.
    std::vector<ike::ChildSa> clear(std::optional<std::uint32_t> peer, std::optional<std::string> map);
    // The peer deleted the pair we send to it with `spi_out` (an IKEv1 Delete payload).
    void peer_deleted(std::uint32_t peer, std::uint32_t spi_out);

    const std::vector<InstalledPair>& pairs() const { return pairs_; }
    std::optional<platform::SaCounters> counters(std::uint32_t destination, std::uint32_t spi) {
        return dataplane_.counters(destination, spi);
    }
    std::size_t policy_count() const {
        std::size_t n = installed_policies_.size();
        for (const auto& [key, p] : peer_policies_) n += p.ids.size();
        return n;
    }

private:
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
    void remove_pair(const InstalledPair& p);
    void add_peer_policies(const ike::ChildSa& sa, std::uint32_t reqid);
    void release_peer_policies(const ike::ChildSa& sa);

    platform::Dataplane& dataplane_;
    IpsecHooks hooks_;
    std::map<std::uint64_t, Installed> installed_policies_;  // by dataplane id
    std::map<std::string, std::uint32_t> reqids_;  // by entry key + selector
    std::vector<InstalledPair> pairs_;
    std::set<std::string> negotiating_;  // entry key + selector, while IKE works on it
    std::map<std::string, PeerPolicies> peer_policies_;  // by entry key + selector + peer
};

}  // namespace routerd::ipsec
