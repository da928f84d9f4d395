#include "engine/show/crypto_views.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "engine/config/tunnel_endpoints.hpp"
#include "engine/policy/esp_overhead.hpp"
#include "grammar/token.hpp"
#include "net/ipv4.hpp"

namespace routerd::show {
namespace {

// What is left of a pair's negotiated lifetime: seconds since it went in, kilobytes as the
// kernel counted them on one of its SAs (`show crypto ipsec sa`, `show crypto session detail`).
struct Remaining {
    std::uint64_t kilobytes = 0;
    std::uint32_t seconds = 0;
};
Remaining remaining(const ipsec::InstalledPair& pair, const std::optional<platform::SaCounters>& counted,
                    std::chrono::steady_clock::time_point now) {
    const auto& sa = pair.sa;
    auto age = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now - pair.installed).count());
    std::uint64_t used = counted ? counted->bytes / 1024 : 0;
    return {sa.lifetime_kilobytes > used ? sa.lifetime_kilobytes - used : 0, sa.lifetime_seconds > age ? sa.lifetime_seconds - age : 0};
}

// The conn ids of the pair at `index` in the IPsec engine's list: inbound, then outbound (the
// same numbers in `show crypto ipsec sa` and `show crypto engine connections active`).
std::uint32_t conn_id(std::size_t index, bool outbound) { return static_cast<std::uint32_t>(2001 + 2 * index + (outbound ? 1 : 0)); }

}  // namespace

std::vector<IpsecInterfaceView> ipsec_sa_views(const CryptoState& state, const IpsecSaFilter& filter) {
    const auto& running = state.config;
    const auto& want_map = filter.map;
    const auto& want_if = filter.interface;
    const auto& want_peer = filter.peer;
    const auto* pol = &state.policy;
    const auto& links = state.links;
    auto now = state.now;
    auto* ipsec = state.ipsec;
    ipsec::IpsecEngine::CounterSnapshot counters_now(ipsec);  // the kernel's counters, read once
    std::vector<IpsecInterfaceView> views;
    // The configured interfaces, then each dynamic VTI peer's Virtual-Access (with its
    // template's configuration and only that peer's SAs), as IOS lists them.
    struct Target {
        grammar::InterfaceName name;
        const config::InterfaceConfig* config;
        std::optional<std::uint32_t> peer;  // a Virtual-Access: its one peer
    };
    std::vector<Target> targets;
    for (const auto& [name, icfg] : running.interfaces) targets.push_back({name, &icfg, std::nullopt});
    if (ipsec) {
        std::set<std::uint32_t> seen;
        for (const auto& p : ipsec->pairs()) {
            if (policy::entry_kind(p.sa.entry_key) != policy::EntryKind::VIRTUAL_TEMPLATE || !seen.insert(p.sa.peer).second) continue;
            auto va = ipsec->virtual_access_of(p.sa.peer);
            auto va_name = va ? grammar::parse_interface_name(*va) : std::nullopt;
            auto tmpl = grammar::parse_interface_name(policy::entry_subject(p.sa.entry_key));
            auto it = tmpl ? running.interfaces.find(*tmpl) : running.interfaces.end();
            if (va_name && it != running.interfaces.end()) targets.push_back({*va_name, &it->second, p.sa.peer});
        }
    }
    for (const auto& [name, icfgp, va_peer] : targets) {
        const auto& icfg = *icfgp;
        // A crypto map's interface, or a protected tunnel with its implicit map (IOS:
        // "Crypto map tag: Tunnel0-head-0").
        std::string tag = !icfg.crypto_map.empty() ? icfg.crypto_map
                          : !icfg.tunnel_protection.empty() ? name.canonical() + "-head-0" : "";
        if (tag.empty() || (!want_map.empty() && tag != want_map) || (!want_if.empty() && name.canonical() != want_if))
            continue;
        // A Virtual-Template has no SAs of its own: its Virtual-Access interfaces have them.
        if (name.type == grammar::InterfaceType::VirtualTemplate) continue;
        // The entries behind it: a Virtual-Access's are its template's.
        std::string entry_map = va_peer ? std::string(icfg.name.canonical()) + "-head-0" : tag;
        // A tunnel's crypto endpoint is its source, not its own address (IOS's "local addr").
        std::uint32_t local = icfg.address ? icfg.address->address : 0;
        if (!icfg.tunnel_protection.empty())
            if (auto ends = config::tunnel_endpoints(running, icfg)) local = ends->local;
        IpsecInterfaceView v{name.canonical(), tag, local, {}};
        std::uint32_t mtu = 0;
        for (const auto& [ios, link] : links)
            if (ios == name && link) mtu = link->mtu;
        // A flow and its live pairs (oldest first; empty when no SA has been negotiated).
        using Pairs = std::vector<const ipsec::InstalledPair*>;
        auto add_flow = [&, &name = name](const policy::ProtectionPolicy& e, const policy::Selector& sel, const Pairs& pairs) {
            IpsecFlowView f;
            f.selector = sel;
            const ipsec::InstalledPair* newest = pairs.empty() ? nullptr : pairs.back();
            f.peer = newest ? config::format_ipv4(newest->sa.peer) : config::format_ipv4(e.peers.empty() ? 0 : e.peers.front());
            if (!want_peer.empty() && f.peer != want_peer) return;
            f.path_mtu = mtu;
            f.mtu_interface = name.canonical();
            // What was negotiated, once there is a pair: a responder follows the initiator's
            // PFS, and a dynamic map's pointer entry has no PFS setting of its own.
            f.pfs_group = newest ? newest->sa.pfs_group : e.pfs_group;
            if (newest && ipsec) {
                const auto& sa = newest->sa;
                f.peer_port = sa.udp_encapsulation ? sa.peer_port : 500;
                f.local_endpoint = sa.local;
                f.remote_endpoint = sa.peer;
                v.local_address = sa.local;
                auto totals = ipsec->flow_counters(sa, pairs);
                f.encaps = totals.encaps;
                f.decaps = totals.decaps;
                f.replay_failures = totals.replay_failures;
                f.verify_failures = totals.integrity_failures;
                f.plaintext_mtu = policy::esp_plaintext_mtu(sa.transform, mtu, sa.udp_encapsulation);
            }
            for (const auto* pair : pairs) {
                const auto& sa = pair->sa;
                std::size_t index = static_cast<std::size_t>(pair - ipsec->pairs().data());
                auto view = [&](std::uint32_t spi, const std::optional<platform::SaCounters>& c, bool outbound) {
                    EspSaView e2;
                    e2.spi = spi;
                    e2.transform = policy::transform_show_name(sa.transform);
                    e2.tunnel = !sa.transform.transport;
                    e2.udp_encapsulation = sa.udp_encapsulation;
                    e2.conn_id = conn_id(index, outbound);
                    auto left = remaining(*pair, c, now);
                    e2.kilobytes_left = left.kilobytes;
                    e2.seconds_left = left.seconds;
                    e2.iv_size = policy::esp_iv_size(sa.transform);
                    e2.replay_window = c ? c->replay_window : 0;
                    return e2;
                };
                f.inbound.push_back(view(sa.spi_in, ipsec->counters(sa.local, sa.spi_in), false));
                // A held outbound SA is not in the kernel yet: the flow sends on the older pair.
                if (!sa.outbound_held) f.outbound.push_back(view(sa.spi_out, ipsec->counters(sa.peer, sa.spi_out), true));
            }
            v.flows.push_back(std::move(f));
        };
        // The live pairs of one flow: an entry (or a dynamic template's entry), ACL line, peer.
        auto pairs_of = [&](const std::string& key, const policy::Selector& sel, std::optional<std::uint32_t> peer) {
            Pairs found;
            if (!ipsec) return found;
            for (const auto& p : ipsec->pairs())
                if (p.sa.entry_key == key && p.sa.selector == sel && (!peer || p.sa.peer == *peer)) found.push_back(&p);
            return found;
        };
        for (const auto& e : pol->entries) {
            if (e.map != entry_map || e.kind == policy::EntryKind::DYNAMIC_MAP) continue;
            if (!e.dynamic_template.empty()) {
                // SAs a dynamic template accepted show under the map that points to it, a flow
                // per peer and proxy pair. The template's pairs are grouped by entry and peer
                // first, in their order (oldest first): a hub's spokes are a flow each, and
                // looking each one's pairs up among all of them made the show quadratic (3,000
                // spokes took 2.9 s; issue 14 asks 10,000 in under 200 ms).
                if (!ipsec) continue;
                std::map<std::pair<std::string_view, std::uint32_t>, Pairs> by_peer;
                Pairs accepted;
                for (const auto& p : ipsec->pairs()) {
                    if (policy::entry_kind(p.sa.entry_key) != policy::EntryKind::DYNAMIC_MAP ||
                        policy::entry_subject(p.sa.entry_key) != e.dynamic_template)
                        continue;
                    by_peer[{p.sa.entry_key, p.sa.peer}].push_back(&p);
                    accepted.push_back(&p);
                }
                // Room made once: a hub's 10,000 flows moved on every regrowth had been a sixth
                // of the show (issue 14).
                v.flows.reserve(v.flows.size() + by_peer.size());
                for (const auto* p : accepted) {
                    Pairs flow;
                    for (const auto* q : by_peer[{p->sa.entry_key, p->sa.peer}])
                        if (q->sa.selector == p->sa.selector) flow.push_back(q);
                    if (flow.front() == p) add_flow(e, p->sa.selector, flow);
                }
                continue;
            }
            for (const auto& sel : e.selectors)
                if (!sel.bypass) add_flow(e, sel, pairs_of(e.key, sel, va_peer));
        }
        views.push_back(std::move(v));
    }
    return views;
}

std::vector<CryptoSessionView> crypto_session_views(const CryptoState& state) {
    const auto& running = state.config;
    const auto* pol = &state.policy;
    const auto& ike_sas = state.ike_sas;
    auto now = state.now;
    auto* ipsec = state.ipsec;
    ipsec::IpsecEngine::CounterSnapshot counters_now(ipsec);  // the kernel's counters, read once
    // What each peer has, looked up once: a hub's N sessions must not each scan N IKE SAs and
    // N pairs (issue 14: a head end with 10,000 spokes). Equal keys keep their order.
    std::multimap<std::uint32_t, const handoff::IkeSaView*> ikev1_of;
    for (const auto& v : ike_sas) ikev1_of.emplace(v.remote, &v);
    std::multimap<std::uint32_t, const handoff::Ikev2SaView*> ikev2_of;
    for (const auto& v : state.ikev2_sas) ikev2_of.emplace(v.remote, &v);
    std::map<std::uint32_t, std::string> last_failure;
    for (const auto& f : state.failures) last_failure[f.peer] = f.text;  // the last one said wins
    std::vector<CryptoSessionView> sessions;
    for (const auto& [name, icfg] : running.interfaces) {
        // The entries that live on this interface, by key, with the ISAKMP profile they use.
        std::map<std::string, std::string> entries;
        std::set<std::uint32_t> peers;
        std::multimap<std::uint32_t, policy::Selector> configured;  // the flows of static entries, by peer
        for (const auto& e : pol->entries) {
            bool here = (!icfg.crypto_map.empty() && e.map == icfg.crypto_map && e.kind == policy::EntryKind::CRYPTO_MAP) ||
                        e.key == policy::entry_key(policy::EntryKind::TUNNEL, name.canonical());
            if (!here) continue;
            if (!e.dynamic_template.empty()) {
                for (const auto& d : pol->entries)
                    if (d.kind == policy::EntryKind::DYNAMIC_MAP && d.map == e.dynamic_template) entries[d.key] = d.isakmp_profile;
                continue;
            }
            entries[e.key] = e.ikev2_profile.empty() ? e.isakmp_profile : e.ikev2_profile;
            if (!e.complete || e.shutdown || e.peers.empty()) continue;
            std::uint32_t peer = e.peers.front();
            peers.insert(peer);
            for (const auto& sel : e.selectors)
                if (!sel.bypass) configured.emplace(peer, sel);
        }
        if (entries.empty()) continue;
        std::map<std::uint32_t, std::vector<const ipsec::InstalledPair*>> pairs_of;  // by peer, oldest first
        if (ipsec)
            for (const auto& p : ipsec->pairs())
                if (entries.count(p.sa.entry_key)) {
                    pairs_of[p.sa.peer].push_back(&p);
                    peers.insert(p.sa.peer);
                }
        for (auto peer : peers) {
            CryptoSessionView s;
            s.interface = name.canonical();
            s.peer = peer;
            for (auto [it, end] = ikev1_of.equal_range(peer); it != end; ++it) {
                const auto& v = *it->second;
                s.peer_port = v.remote_port;
                if (!v.remote_identity.empty()) s.phase1_id = v.remote_identity;
                SessionIkeView i;
                i.local = v.local;
                i.remote = v.remote;
                i.remote_port = v.remote_port;
                i.local_port = v.remote_port == 500 ? 500 : 4500;
                i.active = v.state == "QM_IDLE";
                i.capabilities = v.remote_port == 500 ? "" : "N";  // NAT-traversal
                i.conn_id = v.conn_id;
                i.seconds_left = v.remaining_seconds;
                s.ike.push_back(i);
            }
            for (auto [it, end] = ikev2_of.equal_range(peer); it != end; ++it) {
                const auto& v = *it->second;
                s.peer_port = v.remote_port;
                s.session_id = v.tunnel_id;
                if (!v.remote_id.empty()) s.phase1_id = v.remote_id;
                SessionIkeView i;
                i.version = 2;
                i.local = v.local;
                i.remote = v.remote;
                i.local_port = v.local_port;
                i.remote_port = v.remote_port;
                i.active = v.status == "READY";
                i.capabilities = std::string(v.dpd_interval ? "D" : "") + (v.nat_detected ? "N" : "");
                i.conn_id = v.tunnel_id;
                i.seconds_left = v.active_seconds < v.lifetime_seconds ? v.lifetime_seconds - v.active_seconds : 0;
                s.ike.push_back(i);
            }
            for (auto [it, end] = configured.equal_range(peer); it != end; ++it) {
                SessionFlowView f;
                f.selector = it->second;
                s.flows.push_back(f);
            }
            std::optional<std::chrono::steady_clock::time_point> first;
            const auto& peer_pairs = pairs_of[peer];
            for (const auto* p : peer_pairs) {
                if (!first || p->installed < *first) first = p->installed;
                s.profile = entries[p->sa.entry_key];
                auto flow = std::find_if(s.flows.begin(), s.flows.end(), [&](const SessionFlowView& f) { return f.selector == p->sa.selector; });
                if (flow == s.flows.end()) {
                    SessionFlowView f;
                    f.selector = p->sa.selector;
                    s.flows.push_back(f);
                    flow = s.flows.end() - 1;
                }
                if (flow->active_sas == 0) {
                    auto totals = ipsec->flow_counters(p->sa, peer_pairs);
                    flow->decrypted = totals.decaps;
                    flow->encrypted = totals.encaps;
                }
                flow->active_sas += p->sa.outbound_held ? 1 : 2;  // its inbound and outbound SA (not in yet when held)
                if (p->sa.outbound_held) continue;  // not sending yet: the pair it replaces is the current one
                auto left = remaining(*p, ipsec->counters(p->sa.peer, p->sa.spi_out), now);  // the newest pair's
                flow->seconds_left = left.seconds;
                flow->kilobytes_left = left.kilobytes;
            }
            if (auto f = last_failure.find(peer); f != last_failure.end()) s.last_failure = f->second;
            if (first) s.uptime_seconds = static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now - *first).count());
            sessions.push_back(std::move(s));
        }
    }
    return sessions;
}

std::vector<EngineConnectionView> engine_connection_views(const CryptoState& state) {
    auto* ipsec = state.ipsec;
    ipsec::IpsecEngine::CounterSnapshot counters_now(ipsec);  // the kernel's counters, read once
    std::vector<EngineConnectionView> rows;
    if (ipsec) {
        const auto& pairs = ipsec->pairs();
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const auto& sa = pairs[i].sa;
            auto algorithm = ipsec_algorithm(sa.transform);
            auto in = ipsec->counters(sa.local, sa.spi_in);
            auto out = ipsec->counters(sa.peer, sa.spi_out);
            rows.push_back({conn_id(i, false), false, algorithm, 0, in ? in->packets : 0, in ? in->last_sequence : 0, sa.local});
            if (!sa.outbound_held) rows.push_back({conn_id(i, true), false, algorithm, out ? out->packets : 0, 0, 0, sa.local});
        }
    }
    for (const auto& v : state.ike_sas)
        if (v.state == "QM_IDLE")
            rows.push_back({v.conn_id, true, ike_algorithm(v.encryption, v.encryption_bits, v.hash), 0, 0, 0, v.local});
    return rows;
}


}  // namespace routerd::show
