#include "engine/ipsec/ipsec_engine.hpp"

#include <algorithm>
#include <array>

#include "grammar/token.hpp"
#include "net/spi_text.hpp"

namespace routerd::ipsec {
namespace {

platform::TrafficSelector outbound(const policy::Selector& s) {
    return {s.source, s.source_mask, s.destination, s.destination_mask, s.protocol,
            s.source_port_low, s.source_port_high, s.destination_port_low, s.destination_port_high};
}
platform::TrafficSelector inbound(const policy::Selector& s) {
    return {s.destination, s.destination_mask, s.source, s.source_mask, s.protocol,
            s.destination_port_low, s.destination_port_high, s.source_port_low, s.source_port_high};
}

// Where a protected flow goes: the tunnel (or transport) between our address and the peer's.
struct Protection {
    bool tunnel = true;
    std::uint32_t reqid = 0, local = 0, peer = 0;
};

// The (out, in, fwd) policies of one flow: out carries the selector as written (local ->
// remote), in and fwd its mirror. A deny line bypasses IPsec, and `protect` is not used.
std::array<platform::PolicySpec, 3> flow_policies(const policy::Selector& s, std::uint32_t priority,
                                                  const Protection& protect) {
    std::array<platform::PolicySpec, 3> specs;
    const platform::PolicyDirection dirs[] = {platform::PolicyDirection::Out, platform::PolicyDirection::In,
                                              platform::PolicyDirection::Fwd};
    for (std::size_t i = 0; i < specs.size(); ++i) {
        auto& spec = specs[i];
        bool out = dirs[i] == platform::PolicyDirection::Out;
        spec.direction = dirs[i];
        spec.priority = priority;
        spec.selector = out ? outbound(s) : inbound(s);
        spec.bypass = s.bypass;
        if (!s.bypass) {
            spec.tunnel = protect.tunnel;
            spec.reqid = protect.reqid;
            spec.tunnel_source = out ? protect.local : protect.peer;
            spec.tunnel_destination = out ? protect.peer : protect.local;
        }
    }
    return specs;
}

std::string selector_key(const std::string& entry, const policy::Selector& s) {
    return entry + "/" + std::to_string(s.source) + "/" + std::to_string(s.source_mask) + "/" + std::to_string(s.destination) +
           "/" + std::to_string(s.destination_mask) + "/" + std::to_string(s.protocol) + "/" + std::to_string(s.source_port_low) +
           "-" + std::to_string(s.source_port_high) + "/" + std::to_string(s.destination_port_low) + "-" +
           std::to_string(s.destination_port_high);
}

bool is_dynamic(const std::string& entry_key) { return policy::entry_kind(entry_key) == policy::EntryKind::DYNAMIC_MAP; }
bool is_vtemplate(const std::string& entry_key) { return policy::entry_kind(entry_key) == policy::EntryKind::VIRTUAL_TEMPLATE; }
// Virtual-Access N's if_id: above any TunnelN's (N + 1 for N up to 2^31 - 1, IOS's range).
constexpr std::uint32_t kVirtualAccessIfIdBase = 0x80000000u;

// IOS consults a dynamic map last: the map entry that points to it has the highest sequence
// number by convention, and static entries use 1000 + seq * 100 + line (seq <= 65535).
constexpr std::uint32_t kDynamicPriority = 1000 + 65536 * 100;
// Reverse route injection: the remote side of a flow, through `gateway`.
platform::RouteSpec remote_route(const policy::Selector& s, std::uint32_t gateway) {
    return {{s.destination & s.destination_mask, config::mask_length(s.destination_mask)}, gateway, "", 1};
}

// A tunnel's policies only see packets routed into its interface (their if_id): their order
// against crypto maps does not matter.
constexpr std::uint32_t kTunnelPriority = 1000;

}  // namespace

IpsecEngine::IpsecEngine(platform::Dataplane& dataplane, IpsecHooks hooks) : dataplane_(dataplane), hooks_(std::move(hooks)) {
    dataplane_.on_acquire = [this](const platform::Acquire& a) { on_acquire(a); };
    dataplane_.on_expire = [this](const platform::Expire& e) { on_expire(e); };
}

std::string IpsecEngine::flow_key(const handoff::ChildSa& sa) { return selector_key(sa.entry_key, sa.selector) + "/" + std::to_string(sa.peer); }

IpsecEngine::~IpsecEngine() {
    // What we put in the kernel goes with us; nothing else is touched.
    for (const auto& p : pairs_) remove_pair(p);
    for (const auto& [sa, entry] : early_inbound_) dataplane_.remove_sa(sa.first, sa.second);
    for (const auto& [id, p] : installed_policies_) dataplane_.remove_policy(id);
    while (!virtual_access_.empty()) release_virtual_access(virtual_access_.begin()->first);
    if (hooks_.route)
        for (const auto& [key, r] : reverse_routes_) hooks_.route(r.first, false);
    dataplane_.on_acquire = nullptr;
    dataplane_.on_expire = nullptr;
}

std::uint32_t IpsecEngine::reqid_for(const std::string& flow_key) {
    auto it = reqids_.find(flow_key);
    if (it != reqids_.end()) return it->second;
    std::uint32_t id = static_cast<std::uint32_t>(reqids_.size() + 1);
    reqids_[flow_key] = id;
    return id;
}

void IpsecEngine::reconcile(const policy::PolicySet& pol) {
    struct Want {
        std::string entry_key;
        policy::Selector selector;
        platform::PolicySpec spec;
    };
    std::vector<Want> want;
    std::set<std::string> active;  // entries whose pairs may live
    std::vector<const policy::ProtectionPolicy*> tunnels;
    std::vector<platform::RouteSpec> static_routes;  // `reverse-route static`
    if_ids_.clear();
    entry_acls_.clear();
    std::map<std::string, ReverseRoute> next_rri;  // takes over once the old pairs are settled
    // The local end toward an entry's peer. Without a route to the peer the kernel cannot pick
    // the tunnel's source for the policy's template, so traffic for it is dropped without an
    // ACQUIRE: IKE never starts and nothing else would say why (seeds-catalog F21).
    std::set<std::string> unroutable;
    auto local_toward = [&](const policy::ProtectionPolicy& e, std::uint32_t peer) {
        auto local = hooks_.local_address_for ? hooks_.local_address_for(peer) : std::optional<std::uint32_t>(0);
        if (local) return *local;
        std::string what = policy::entry_title(e.key) + ": no route to peer " + config::format_ipv4(peer);
        unroutable.insert(what);
        if (!unroutable_.count(what) && hooks_.log)
            hooks_.log(4, "%CRYPTO-4-NO_ROUTE_TO_PEER: " + what + "; its traffic cannot start IKE (the kernel finds no source " +
                              "address for the tunnel) until there is one");
        return std::uint32_t(0);
    };
    for (const auto& e : pol.entries) {
        if (e.reverse_route) next_rri[e.key] = {e.reverse_route_static, e.reverse_route_gateway};
        if (e.kind == policy::EntryKind::DYNAMIC_MAP) active.insert(e.key);
        if (e.kind == policy::EntryKind::VIRTUAL_TEMPLATE && e.complete) active.insert(e.key);
        // A protected tunnel: routing sends traffic into its xfrm interface; everything that
        // enters is protected (IOS VTI proxies: any to any).
        if (e.kind == policy::EntryKind::TUNNEL) {
            std::uint32_t peer = 0;  // (a plain value: GCC 12 misjudges an optional here)
            if (!e.peers.empty()) peer = e.peers.front();
            if (!e.complete || e.shutdown || peer == 0) continue;
            std::uint32_t local = local_toward(e, peer);
            const policy::Selector any{};
            Protection protect{true, reqid_for(selector_key(e.key, any)), local, peer};
            for (auto spec : flow_policies(any, kTunnelPriority, protect)) {
                spec.if_id = e.if_id;
                want.push_back({e.key, any, spec});
            }
            if_ids_[e.key] = e.if_id;
            active.insert(e.key);
            tunnels.push_back(&e);
            continue;
        }
        // Static crypto map entries applied to an interface; dynamic templates install their
        // policies when a peer is accepted, tunnels through their own interface (later).
        bool static_entry = e.kind == policy::EntryKind::CRYPTO_MAP && e.dynamic_template.empty() && !e.manual;
        if (!static_entry || !e.complete || e.interfaces.empty() || e.peers.empty()) continue;
        std::uint32_t peer = e.peers.front();
        active.insert(e.key);
        if (!e.acl.empty()) entry_acls_[e.key] = e.acl;
        if (e.reverse_route && e.reverse_route_static)
            for (const auto& s : e.selectors)
                if (!s.bypass)
                    static_routes.push_back(remote_route(s, e.reverse_route_gateway.value_or(peer)));
        std::uint32_t local = local_toward(e, peer);
        std::uint32_t line = 0;
        for (const auto& s : e.selectors) {
            const auto* t = e.transforms.empty() ? nullptr : &e.transforms.front();
            bool tunnel = !t || !t->transport || (!t->transport_required && !policy::between_endpoints(s, local, peer));
            // IOS consults map entries by sequence number, then each ACL line in order.
            std::uint32_t priority = 1000 + e.seq * 100 + line++;
            Protection protect;
            if (!s.bypass) protect = {tunnel, reqid_for(selector_key(e.key, s)), local, peer};
            for (const auto& spec : flow_policies(s, priority, protect)) want.push_back({e.key, s, spec});
        }
    }
    unroutable_ = std::move(unroutable);
    // Remove what is no longer wanted, then add what is missing.
    for (auto it = installed_policies_.begin(); it != installed_policies_.end();) {
        bool keep = std::any_of(want.begin(), want.end(), [&](const Want& w) {
            return w.entry_key == it->second.entry_key && w.spec == it->second.spec;
        });
        if (keep) {
            ++it;
            continue;
        }
        dataplane_.remove_policy(it->first);
        it = installed_policies_.erase(it);
    }
    for (const auto& w : want) {
        bool have = std::any_of(installed_policies_.begin(), installed_policies_.end(), [&](const auto& kv) {
            return kv.second.entry_key == w.entry_key && kv.second.spec == w.spec;
        });
        if (have) continue;
        std::string error;
        auto id = dataplane_.add_policy(w.spec, &error);
        if (!id) {
            policy_failed(policy::entry_title(w.entry_key), error);
            continue;
        }
        installed_policies_[*id] = {w.entry_key, w.selector, w.spec};
    }
    // Pairs of entries that went away (or were shut) leave the kernel; the peer is told, once
    // pairs_ is whole again (IKE may call back in: a pair it held for one of these now sends).
    std::vector<handoff::ChildSa> gone;
    std::erase_if(pairs_, [&](const InstalledPair& p) {
        if (active.count(p.sa.entry_key)) return false;
        remove_pair(p);
        gone.push_back(p.sa);
        return true;
    });
    if (hooks_.removed)
        for (const auto& sa : gone) hooks_.removed(sa);
    std::erase_if(early_inbound_, [&](const auto& kv) {
        if (active.count(kv.second)) return false;
        dataplane_.remove_sa(kv.first.first, kv.first.second);
        return true;
    });
    rri_entries_ = std::move(next_rri);
    // `reverse-route static` routes follow the config, not the SAs.
    for (auto it = static_reverse_routes_.begin(); it != static_reverse_routes_.end();) {
        if (std::find(static_routes.begin(), static_routes.end(), *it) != static_routes.end()) {
            ++it;
            continue;
        }
        release_route(*it);
        it = static_reverse_routes_.erase(it);
    }
    for (const auto& r : static_routes) {
        if (std::find(static_reverse_routes_.begin(), static_reverse_routes_.end(), r) != static_reverse_routes_.end()) continue;
        hold_route(r);
        static_reverse_routes_.push_back(r);
    }
    tunnel_keys_.clear();
    for (const auto* e : tunnels) tunnel_keys_.push_back(e->key);
    retry_tunnels();
}

void IpsecEngine::retry_tunnels() {
    // A VTI comes up without waiting for traffic, and keeps trying while it is down (IOS's
    // tunnel protection): a negotiation that failed (negotiation_failed) may start again at
    // once, one that gets no answer after start_negotiation's hold.
    for (const auto& key : tunnel_keys_) {
        bool up = std::any_of(pairs_.begin(), pairs_.end(), [&](const InstalledPair& p) { return p.sa.entry_key == key; });
        if (up || !start_negotiation(selector_key(key, policy::Selector{}))) continue;
        if (debugging()) hooks_.debug("IPSEC(sa_request): , (key eng. msg.) OUTBOUND for " + key);
        if (hooks_.initiate) hooks_.initiate(key, policy::Selector{});
    }
}

bool IpsecEngine::start_negotiation(const std::string& key) {
    auto now = std::chrono::steady_clock::now();
    auto [it, fresh] = negotiating_.try_emplace(key, now);
    if (!fresh && now - it->second < std::chrono::seconds(30)) return false;
    it->second = now;
    return true;
}

void IpsecEngine::negotiation_failed(const std::string& entry_key, const policy::Selector& selector) {
    negotiating_.erase(selector_key(entry_key, selector));
}

void IpsecEngine::on_acquire(const platform::Acquire& acquire) {
    auto it = installed_policies_.find(acquire.policy_id);
    if (it == installed_policies_.end() || it->second.spec.bypass) return;
    // IOS negotiates the ACL line as the proxy, not the packet's own addresses.
    auto key = selector_key(it->second.entry_key, it->second.selector);
    // The kernel asks only while the flow has no outbound SA, but its ACQUIREs queue: one sent
    // just before our pair went in is read just after, and a negotiation started from it gives
    // the flow a second pair, which the peer takes for a rekey (lab recovery scenario at 1,000
    // peers: ten flows ended with neither pair working). With the pair in, it is stale.
    bool installed = std::any_of(pairs_.begin(), pairs_.end(), [&](const InstalledPair& p) {
        return p.sa.entry_key == it->second.entry_key && p.sa.selector == it->second.selector;
    });
    if (installed) {
        if (debugging()) hooks_.debug("IPSEC(sa_request): ACQUIRE for " + it->second.entry_key + " ignored: its SA pair is installed");
        return;
    }
    if (!start_negotiation(key)) return;  // already being negotiated
    if (debugging()) hooks_.debug("IPSEC(sa_request): , (key eng. msg.) OUTBOUND for " + it->second.entry_key);
    if (hooks_.initiate) hooks_.initiate(it->second.entry_key, it->second.selector);
}

namespace {

platform::SaSpec sa_spec(const handoff::ChildSa& sa, std::uint32_t reqid, std::uint32_t if_id, bool out) {
    const auto& t = sa.transform;
    platform::SaSpec s;
    s.if_id = if_id;
    s.source = out ? sa.local : sa.peer;
    s.destination = out ? sa.peer : sa.local;
    s.spi = out ? sa.spi_out : sa.spi_in;
    s.tunnel = !t.transport;
    s.reqid = reqid;
    s.selector = out ? outbound(sa.selector) : inbound(sa.selector);
    s.cipher = t.kernel_cipher;
    s.cipher_key = out ? sa.encryption_key_out : sa.encryption_key_in;
    s.icv_bits = t.kernel_icv_bits;
    s.authenticator = t.kernel_auth;
    s.authenticator_key = out ? sa.authentication_key_out : sa.authentication_key_in;
    s.truncation_bits = t.auth_trunc_bits;
    // The kernel expires the SA at the negotiated lifetime; the soft limit, a little before,
    // lets the side that did not negotiate it rekey too if it must (IKE's own timer renews
    // the initiator's pairs at 90%).
    s.hard_seconds = sa.lifetime_seconds;
    s.soft_seconds = sa.lifetime_seconds - sa.lifetime_seconds / 20;
    s.hard_bytes = sa.lifetime_kilobytes * 1024;
    s.soft_bytes = s.hard_bytes - s.hard_bytes / 20;
    s.udp_encapsulation = sa.udp_encapsulation;
    s.encapsulation_source_port = out ? sa.local_port : sa.peer_port;
    s.encapsulation_destination_port = out ? sa.peer_port : sa.local_port;
    return s;
}

}  // namespace

std::uint32_t IpsecEngine::pair_reqid(const handoff::ChildSa& sa) {
    return reqid_for(is_vtemplate(sa.entry_key) ? flow_key(sa) : selector_key(sa.entry_key, sa.selector));
}

IpsecEngine::VirtualAccess* IpsecEngine::virtual_access_for(const handoff::ChildSa& sa) {
    if (auto it = virtual_access_.find(sa.peer); it != virtual_access_.end()) return &it->second;
    // IOS numbers Virtual-Access interfaces from 1, reusing the lowest free number.
    std::uint32_t n = 1;
    while (std::any_of(virtual_access_.begin(), virtual_access_.end(), [&](const auto& kv) { return kv.second.number == n; }))
        ++n;
    VirtualAccess va;
    va.number = n;
    va.if_id = kVirtualAccessIfIdBase + n;
    std::string name = "Virtual-Access" + std::to_string(n);
    if (hooks_.virtual_access) {
        if (auto err = hooks_.virtual_access(name, va.if_id, true)) {
            if (debugging()) hooks_.debug("IPSEC(create_sa): cannot make " + name + ": " + *err);
            return nullptr;
        }
    }
    const policy::Selector any{};
    for (auto spec : flow_policies(any, kTunnelPriority, Protection{true, reqid_for(flow_key(sa)), sa.local, sa.peer})) {
        spec.if_id = va.if_id;
        std::string error;
        if (auto id = dataplane_.add_policy(spec, &error)) va.policy_ids.push_back(*id);
        else policy_failed(name, error);
    }
    if (debugging()) hooks_.debug("IPSEC(vtemplate): " + name + " cloned from " + policy::entry_subject(sa.entry_key) + " for peer " + config::format_ipv4(sa.peer));
    return &virtual_access_.emplace(sa.peer, std::move(va)).first->second;
}

void IpsecEngine::release_virtual_access(std::uint32_t peer) {
    auto it = virtual_access_.find(peer);
    if (it == virtual_access_.end()) return;
    for (auto id : it->second.policy_ids) dataplane_.remove_policy(id);
    if (hooks_.virtual_access) hooks_.virtual_access("Virtual-Access" + std::to_string(it->second.number), it->second.if_id, false);
    virtual_access_.erase(it);
}

std::optional<std::string> IpsecEngine::virtual_access_of(std::uint32_t peer) const {
    auto it = virtual_access_.find(peer);
    if (it == virtual_access_.end()) return std::nullopt;
    return "Virtual-Access" + std::to_string(it->second.number);
}

std::optional<std::string> IpsecEngine::add_sa(const handoff::ChildSa& sa, std::uint32_t reqid, bool out) {
    auto if_id = if_ids_.find(sa.entry_key);  // a VTI's SAs carry its interface's if_id
    std::uint32_t mark = if_id == if_ids_.end() ? 0 : if_id->second;
    if (auto va = virtual_access_.find(sa.peer); is_vtemplate(sa.entry_key) && va != virtual_access_.end()) mark = va->second.if_id;
    auto err = dataplane_.add_sa(sa_spec(sa, reqid, mark, out));
    if (err && debugging()) hooks_.debug("IPSEC(create_sa): failed: " + *err);
    return err;
}

void IpsecEngine::install_failed(const handoff::ChildSa& sa, const std::string& why) {
    if (hooks_.log)
        hooks_.log(3, "%CRYPTO-3-IPSEC_INSTALL_FAILED: the SAs negotiated with " + config::format_ipv4(sa.peer) + " for " +
                          policy::entry_title(sa.entry_key) + " could not be installed (" + why +
                          "); the peer is told to delete them");
    if (auto va = virtual_access_.find(sa.peer); is_vtemplate(sa.entry_key) && va != virtual_access_.end() && va->second.pairs <= 0)
        release_virtual_access(sa.peer);
    if (hooks_.removed) hooks_.removed(sa);
}

void IpsecEngine::policy_failed(const std::string& subject, const std::string& error) {
    if (debugging()) hooks_.debug("IPSEC(policy_db_add_ident): cannot install a policy of " + subject + ": " + error);
    if (hooks_.log)
        hooks_.log(3, "%CRYPTO-3-IPSEC_POLICY_FAILED: a policy of " + subject + " could not be installed (" + error +
                          "); the traffic it covers is not protected");
}

void IpsecEngine::install_inbound(const handoff::ChildSa& sa) {
    if (is_vtemplate(sa.entry_key) && !virtual_access_for(sa)) return;
    // A refusal here is said when the pair completes (install), which tries again.
    if (add_sa(sa, pair_reqid(sa), false)) return;
    early_inbound_[{sa.local, sa.spi_in}] = sa.entry_key;
    // The flow is being negotiated, by the peer: the initiator may send on the new pair before
    // our QM3 arrives, and our reply must wait for the outbound SA (the kernel queues it), not
    // start a negotiation of our own.
    negotiating_[selector_key(sa.entry_key, sa.selector)] = std::chrono::steady_clock::now();
}

void IpsecEngine::abandon_inbound(std::uint32_t local, std::uint32_t spi_in) {
    // Only an SA still waiting for its pair: one that became part of a pair is the pair's.
    if (!early_inbound_.erase({local, spi_in})) return;
    dataplane_.remove_sa(local, spi_in);
    if (debugging())
        hooks_.debug("IPSEC(delete_sa): inbound SA with spi " + net::format_spi(spi_in) + " removed: its Quick Mode ended without QM3");
}

void IpsecEngine::install(const handoff::ChildSa& sa) {
    VirtualAccess* va = nullptr;
    if (is_vtemplate(sa.entry_key) && !(va = virtual_access_for(sa))) return install_failed(sa, "no Virtual-Access interface");
    std::uint32_t reqid = pair_reqid(sa);
    negotiating_.erase(selector_key(sa.entry_key, sa.selector));
    bool have_inbound = early_inbound_.erase({sa.local, sa.spi_in}) > 0;
    if (!have_inbound)
        if (auto err = add_sa(sa, reqid, false)) return install_failed(sa, "inbound SA: " + *err);
    if (!sa.outbound_held)
        if (auto err = add_sa(sa, reqid, true)) {
            dataplane_.remove_sa(sa.local, sa.spi_in);  // half a pair would be an SA nobody removes
            return install_failed(sa, "outbound SA: " + *err);
        }
    if (debugging())
        hooks_.debug("IPSEC(create_sa): sa created for " + sa.entry_key + (sa.outbound_held ? ", outbound SA held" : ""));
    if (is_dynamic(sa.entry_key)) add_peer_policies(sa, reqid);
    if (va) ++va->pairs;
    if (auto r = rri_entries_.find(sa.entry_key); r != rri_entries_.end() && !r->second.always) hold_route(reverse_route_for(sa));
    pairs_.push_back({sa, reqid, std::chrono::steady_clock::now()});
}

void IpsecEngine::release_outbound(std::uint32_t peer, std::uint32_t spi_out) {
    auto it = std::find_if(pairs_.begin(), pairs_.end(), [&](const InstalledPair& p) { return p.sa.peer == peer && p.sa.spi_out == spi_out; });
    if (it == pairs_.end() || !it->sa.outbound_held) return;
    // The outbound SA ends with its inbound one: its lifetime counts from the pair's install.
    handoff::ChildSa out = it->sa;
    auto age = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - it->installed).count();
    out.lifetime_seconds -= static_cast<std::uint32_t>(std::clamp<long long>(age, 0, out.lifetime_seconds / 2));
    if (auto err = add_sa(out, it->reqid, true)) {
        // The pair goes as when the peer deletes it (its inbound SA's counts kept in the flow's
        // while the flow goes on), and the peer is told.
        handoff::ChildSa gone = it->sa;
        peer_deleted(peer, spi_out);
        return install_failed(gone, "outbound SA: " + *err);
    }
    it->sa.outbound_held = false;
    if (debugging()) hooks_.debug("IPSEC(create_sa): outbound SA with spi " + net::format_spi(spi_out) + " installed for " + it->sa.entry_key);
}

void IpsecEngine::credit(FlowCounters& to, const platform::SaCounters& c, bool outbound) {
    if (outbound) {
        to.encaps += c.packets;
        return;
    }
    to.decaps += c.packets;
    to.replay_failures += c.replay_failures;
    to.integrity_failures += c.integrity_failures;
}

void IpsecEngine::retire_sa(const std::string& key, std::uint32_t dst, std::uint32_t spi, bool outbound) {
    if (auto c = dataplane_.counters(dst, spi)) credit(retired_[key], *c, outbound);
    else expired_siblings_[{dst, spi}] = {key, outbound};
}

void IpsecEngine::on_expire(const platform::Expire& e) {
    auto it = std::find_if(pairs_.begin(), pairs_.end(), [&](const InstalledPair& p) {
        return (p.sa.local == e.destination && p.sa.spi_in == e.spi) || (p.sa.peer == e.destination && p.sa.spi_out == e.spi);
    });
    if (it == pairs_.end()) {
        if (!e.hard) return;
        // The sibling of a pair an earlier EXPIRE removed, or an inbound SA whose QM3 never came.
        if (auto s = expired_siblings_.find({e.destination, e.spi}); s != expired_siblings_.end()) {
            credit(retired_[s->second.flow_key], e.last, s->second.outbound);
            expired_siblings_.erase(s);
        }
        early_inbound_.erase({e.destination, e.spi});
        return;
    }
    if (e.hard) {
        if (debugging()) hooks_.debug("IPSEC(delete_sa): lifetime expired, deleting the SAs of " + it->sa.entry_key);
        auto key = flow_key(it->sa);
        // The expired SA's last counts come with the EXPIRE; its sibling's are read now, or,
        // if the kernel expired it in the same tick, arrive with its own EXPIRE.
        bool out_expired = it->sa.peer == e.destination && it->sa.spi_out == e.spi;
        credit(retired_[key], e.last, out_expired);
        if (out_expired) retire_sa(key, it->sa.local, it->sa.spi_in, false);
        else if (!it->sa.outbound_held) retire_sa(key, it->sa.peer, it->sa.spi_out, true);
        InstalledPair gone = *it;
        pairs_.erase(it);
        remove_pair(gone);
        // RFC 2408 3.15: the peer is told. A peer that keeps the SA longer than we do (strongSwan
        // as responder keeps its own configured lifetime) would hold its half for that long.
        if (hooks_.removed) hooks_.removed(gone.sa);
        return;
    }
    // Soft: renew, unless this is not the newest pair of its flow, or the flow is being
    // renewed, or we cannot initiate (a dynamic entry knows no peer of its own).
    auto key = flow_key(it->sa);
    bool newer = std::any_of(it + 1, pairs_.end(), [&](const InstalledPair& p) { return flow_key(p.sa) == key; });
    auto negotiation = selector_key(it->sa.entry_key, it->sa.selector);
    if (newer || is_dynamic(it->sa.entry_key) || is_vtemplate(it->sa.entry_key) || !start_negotiation(negotiation)) return;
    if (debugging()) hooks_.debug("IPSEC(sa_request): , (key eng. msg.) soft lifetime expired, rekeying " + it->sa.entry_key);
    if (hooks_.initiate) hooks_.initiate(it->sa.entry_key, it->sa.selector);
}

std::map<std::pair<std::string, std::uint32_t>, std::uint64_t> IpsecEngine::acl_matches() {
    // The kernel does not count packets on policies (their lifetime shows 0 packets), but each
    // permit line's outbound SAs count what the line sent. Deny lines have no counter.
    std::map<std::pair<std::string, std::uint32_t>, std::uint64_t> out;
    std::set<std::string> counted;
    for (const auto& p : pairs_) {
        auto acl = entry_acls_.find(p.sa.entry_key);
        if (acl == entry_acls_.end() || !counted.insert(flow_key(p.sa)).second) continue;
        out[{acl->second, p.sa.selector.acl_seq}] += flow_counters(p.sa).encaps;
    }
    return out;
}

IpsecEngine::FlowCounters IpsecEngine::flow_counters(const handoff::ChildSa& sa, const std::vector<const InstalledPair*>& candidates) {
    FlowCounters total;
    if (auto r = retired_.find(flow_key(sa)); r != retired_.end()) total = r->second;
    for (const auto* p : candidates) {
        // flow_key's parts, compared as they are: no key string made per pair.
        if (p->sa.entry_key != sa.entry_key || !(p->sa.selector == sa.selector) || p->sa.peer != sa.peer) continue;
        if (auto out = counters(p->sa.peer, p->sa.spi_out)) credit(total, *out, true);
        if (auto in = counters(p->sa.local, p->sa.spi_in)) credit(total, *in, false);
    }
    return total;
}

IpsecEngine::FlowCounters IpsecEngine::flow_counters(const handoff::ChildSa& sa) {
    auto key = flow_key(sa);
    FlowCounters total;
    if (auto r = retired_.find(key); r != retired_.end()) total = r->second;
    for (const auto& p : pairs_) {
        if (flow_key(p.sa) != key) continue;
        if (auto out = counters(p.sa.peer, p.sa.spi_out)) credit(total, *out, true);
        if (auto in = counters(p.sa.local, p.sa.spi_in)) credit(total, *in, false);
    }
    return total;
}

void IpsecEngine::remove_pair(const InstalledPair& p) {
    dataplane_.remove_sa(p.sa.local, p.sa.spi_in);
    if (!p.sa.outbound_held) dataplane_.remove_sa(p.sa.peer, p.sa.spi_out);
    if (is_dynamic(p.sa.entry_key)) release_peer_policies(p.sa);
    if (is_vtemplate(p.sa.entry_key)) {
        auto va = virtual_access_.find(p.sa.peer);
        if (va != virtual_access_.end() && --va->second.pairs <= 0) release_virtual_access(p.sa.peer);
    }
    // The route goes with the flow's last pair (reverse_routes_ counts them).
    if (auto r = rri_entries_.find(p.sa.entry_key); r != rri_entries_.end() && !r->second.always) release_route(reverse_route_for(p.sa));
}

platform::RouteSpec IpsecEngine::reverse_route_for(const handoff::ChildSa& sa) const {
    auto r = rri_entries_.find(sa.entry_key);
    std::optional<std::uint32_t> gateway = r != rri_entries_.end() ? r->second.gateway : std::nullopt;
    // The remote side of the flow, through the peer unless `remote-peer A.B.C.D` says otherwise.
    return remote_route(sa.selector, gateway.value_or(sa.peer));
}

namespace {

std::string route_key(const platform::RouteSpec& r) {
    return std::to_string(r.destination.address) + "/" + std::to_string(r.destination.length) + "/" +
           std::to_string(r.gateway.value_or(0));
}

}  // namespace

void IpsecEngine::hold_route(const platform::RouteSpec& r) {
    auto& [route, holders] = reverse_routes_[route_key(r)];
    route = r;
    if (holders++ > 0 || !hooks_.route) return;
    if (auto err = hooks_.route(r, true))
        if (debugging()) hooks_.debug("IPSEC(rte_mgr): cannot add the reverse route to " + config::format_ipv4(r.destination.address) + ": " + *err);
}

void IpsecEngine::release_route(const platform::RouteSpec& r) {
    auto it = reverse_routes_.find(route_key(r));
    if (it == reverse_routes_.end() || --it->second.second > 0) return;
    if (hooks_.route) hooks_.route(it->second.first, false);
    reverse_routes_.erase(it);
}

void IpsecEngine::add_peer_policies(const handoff::ChildSa& sa, std::uint32_t reqid) {
    auto& pp = peer_policies_[selector_key(sa.entry_key, sa.selector) + "/" + std::to_string(sa.peer)];
    if (pp.pairs++ > 0) return;  // a rekeyed pair reuses the policies of the one it replaces
    for (const auto& spec : flow_policies(sa.selector, kDynamicPriority,
                                          Protection{!sa.transform.transport, reqid, sa.local, sa.peer})) {
        std::string error;
        if (auto id = dataplane_.add_policy(spec, &error)) pp.ids.push_back(*id);
        else policy_failed(policy::entry_title(sa.entry_key) + " for peer " + config::format_ipv4(sa.peer), error);
    }
}

void IpsecEngine::release_peer_policies(const handoff::ChildSa& sa) {
    auto it = peer_policies_.find(selector_key(sa.entry_key, sa.selector) + "/" + std::to_string(sa.peer));
    if (it == peer_policies_.end() || --it->second.pairs > 0) return;
    for (auto id : it->second.ids) dataplane_.remove_policy(id);
    peer_policies_.erase(it);
}

void IpsecEngine::peer_down(std::uint32_t peer) { clear(peer, std::nullopt); }

std::vector<handoff::ChildSa> IpsecEngine::clear(std::optional<std::uint32_t> peer, std::optional<std::string> map) {
    std::vector<handoff::ChildSa> removed;
    std::erase_if(pairs_, [&](const InstalledPair& p) {
        bool match = (!peer || p.sa.peer == *peer) && (!map || (policy::entry_kind(p.sa.entry_key) == policy::EntryKind::CRYPTO_MAP &&
                                                                    policy::entry_subject(p.sa.entry_key) == *map));
        if (match) {
            remove_pair(p);
            removed.push_back(p.sa);
            retired_.erase(flow_key(p.sa));
        }
        return match;
    });
    // The peer is told, as for any pair we remove; after the erase, as IKE may call back in.
    if (hooks_.removed)
        for (const auto& sa : removed) hooks_.removed(sa);
    return removed;
}

void IpsecEngine::peer_deleted(std::uint32_t peer, std::uint32_t spi_out) {
    auto it = std::find_if(pairs_.begin(), pairs_.end(), [&](const InstalledPair& p) { return p.sa.peer == peer && p.sa.spi_out == spi_out; });
    if (it == pairs_.end()) return;
    InstalledPair gone = *it;
    pairs_.erase(it);
    // A peer deleting the old pair of a renewal (Libreswan does when its lifetime, a moment
    // shorter than ours, ends): the flow goes on, and IOS counts per flow, so what the old pair
    // carried stays in its counts, as when the pair expires here. A flow with no pair left
    // starts afresh when it comes back.
    auto key = flow_key(gone.sa);
    bool flow_goes_on = std::any_of(pairs_.begin(), pairs_.end(), [&](const InstalledPair& p) { return flow_key(p.sa) == key; });
    if (flow_goes_on) {
        // An SA the kernel expired a moment before the Delete came cannot be read any more.
        if (!gone.sa.outbound_held) retire_sa(key, gone.sa.peer, gone.sa.spi_out, true);
        retire_sa(key, gone.sa.local, gone.sa.spi_in, false);
    } else {
        retired_.erase(key);
    }
    remove_pair(gone);
}

}  // namespace routerd::ipsec
