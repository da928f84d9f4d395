#include "platform/linux_links.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipgre.h>
#include <netlink/route/link/vlan.h>
#include <netlink/route/link/xfrmi.h>
#include <netlink/route/route.h>

#include <cstring>
#include <map>

namespace routerd::platform {
namespace {

struct SockDeleter { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct CacheDeleter { void operator()(nl_cache* c) const { nl_cache_free(c); } };
struct LinkDeleter { void operator()(rtnl_link* l) const { rtnl_link_put(l); } };
struct AddrDeleter { void operator()(rtnl_addr* a) const { rtnl_addr_put(a); } };
struct RouteDeleter { void operator()(rtnl_route* r) const { rtnl_route_put(r); } };
struct NlAddrDeleter { void operator()(nl_addr* a) const { nl_addr_put(a); } };
using Sock = std::unique_ptr<nl_sock, SockDeleter>;
using Cache = std::unique_ptr<nl_cache, CacheDeleter>;
using Link = std::unique_ptr<rtnl_link, LinkDeleter>;
using NlAddr = std::unique_ptr<nl_addr, NlAddrDeleter>;

Sock route_socket() {
    Sock sock(nl_socket_alloc());
    if (sock && nl_connect(sock.get(), NETLINK_ROUTE) < 0) sock.reset();
    return sock;
}

NlAddr ipv4(std::uint32_t host_order, int prefix) {
    std::uint32_t be = htonl(host_order);
    NlAddr a(nl_addr_build(AF_INET, &be, 4));
    if (a) nl_addr_set_prefixlen(a.get(), prefix);
    return a;
}

std::optional<std::string> result(int err) {
    if (err >= 0) return std::nullopt;
    return std::string(nl_geterror(err));
}

const std::string kNoSocket = "cannot open a route netlink socket";

class LinuxLinks final : public Links {
public:
    // IFALIASZ is 256 with the NUL; a long config directory keeps its distinctive end.
    explicit LinuxLinks(const std::string& owner)
        : alias_("routerd " + (owner.size() > 240 ? owner.substr(owner.size() - 240) : owner)), realm_(realm_of(owner)) {}

    std::vector<LinkInfo> list() override {
        std::vector<LinkInfo> out;
        Sock sock(nl_socket_alloc());
        if (!sock || nl_connect(sock.get(), NETLINK_ROUTE) < 0) return out;
        nl_cache* raw_links = nullptr;
        nl_cache* raw_addrs = nullptr;
        if (rtnl_link_alloc_cache(sock.get(), AF_UNSPEC, &raw_links) < 0) return out;
        Cache links(raw_links);
        if (rtnl_addr_alloc_cache(sock.get(), &raw_addrs) < 0) return out;
        Cache addrs(raw_addrs);

        std::map<int, std::size_t> by_index;
        for (nl_object* o = nl_cache_get_first(links.get()); o; o = nl_cache_get_next(o)) {
            auto* link = reinterpret_cast<rtnl_link*>(o);
            LinkInfo info;
            info.name = rtnl_link_get_name(link) ? rtnl_link_get_name(link) : "";
            info.index = rtnl_link_get_ifindex(link);
            unsigned flags = rtnl_link_get_flags(link);
            info.admin_up = flags & IFF_UP;
            info.loopback = flags & IFF_LOOPBACK;
            info.mtu = rtnl_link_get_mtu(link);
            if (const char* kind = rtnl_link_get_type(link)) info.kind = kind;
            if (const char* alias = rtnl_link_get_ifalias(link)) info.owned = alias_ == alias;
            info.rx_packets = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
            info.rx_bytes = rtnl_link_get_stat(link, RTNL_LINK_RX_BYTES);
            info.tx_packets = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
            info.tx_bytes = rtnl_link_get_stat(link, RTNL_LINK_TX_BYTES);
            auto& e = info.errors;
            e.rx_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_ERRORS);
            e.rx_dropped = rtnl_link_get_stat(link, RTNL_LINK_RX_DROPPED);
            e.rx_crc = rtnl_link_get_stat(link, RTNL_LINK_RX_CRC_ERR);
            e.rx_frame = rtnl_link_get_stat(link, RTNL_LINK_RX_FRAME_ERR);
            e.rx_over = rtnl_link_get_stat(link, RTNL_LINK_RX_OVER_ERR);
            e.rx_missed = rtnl_link_get_stat(link, RTNL_LINK_RX_MISSED_ERR);
            e.tx_errors = rtnl_link_get_stat(link, RTNL_LINK_TX_ERRORS);
            e.tx_fifo = rtnl_link_get_stat(link, RTNL_LINK_TX_FIFO_ERR);
            e.collisions = rtnl_link_get_stat(link, RTNL_LINK_COLLISIONS);
            if (std::uint32_t changes = 0; rtnl_link_get_carrier_changes(link, &changes) == 0) e.carrier_changes = changes;
            if (nl_addr* a = rtnl_link_get_addr(link); a && nl_addr_get_len(a) == 6) {
                std::array<std::uint8_t, 6> mac{};
                std::memcpy(mac.data(), nl_addr_get_binary_addr(a), 6);
                info.mac = mac;
            }
            // Operational state: RFC 2863 "up", or "unknown" for links without carrier
            // reporting (loopback, dummy) that are running.
            auto oper = rtnl_link_get_operstate(link);
            info.oper_up = info.admin_up && (oper == 6 /*IF_OPER_UP*/ || (oper == 0 && (flags & IFF_RUNNING)));
            by_index[info.index] = out.size();
            out.push_back(std::move(info));
        }
        for (nl_object* o = nl_cache_get_first(addrs.get()); o; o = nl_cache_get_next(o)) {
            auto* addr = reinterpret_cast<rtnl_addr*>(o);
            if (rtnl_addr_get_family(addr) != AF_INET) continue;
            nl_addr* local = rtnl_addr_get_local(addr);
            if (!local || nl_addr_get_len(local) != 4) continue;
            auto it = by_index.find(rtnl_addr_get_ifindex(addr));
            if (it == by_index.end()) continue;
            std::uint32_t be = 0;
            std::memcpy(&be, nl_addr_get_binary_addr(local), 4);
            Ipv4Prefix p{ntohl(be), rtnl_addr_get_prefixlen(addr)};
            // The kernel marks secondaries; keep the primary first as IOS shows it.
            auto& list = out[it->second].addresses;
            if (rtnl_addr_get_flags(addr) & IFA_F_SECONDARY) list.push_back(p);
            else list.insert(list.begin(), p);
        }
        return out;
    }

    std::optional<std::string> create_xfrm_interface(const std::string& name, std::uint32_t if_id) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            Link link(rtnl_link_xfrmi_alloc());
            rtnl_link_set_name(link.get(), name.c_str());
            rtnl_link_xfrmi_set_if_id(link.get(), if_id);
            return created(sock, name, rtnl_link_add(sock, link.get(), NLM_F_CREATE | NLM_F_EXCL));
        });
    }

    std::optional<std::string> create_dummy(const std::string& name) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            Link link(rtnl_link_alloc());
            rtnl_link_set_name(link.get(), name.c_str());
            if (int err = rtnl_link_set_type(link.get(), "dummy"); err < 0) return result(err);
            return created(sock, name, rtnl_link_add(sock, link.get(), NLM_F_CREATE | NLM_F_EXCL));
        });
    }

    std::optional<std::string> create_gre(const std::string& name, std::uint32_t local, std::uint32_t remote) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            Link link(rtnl_link_ipgre_alloc());
            if (!link) return std::string("Cannot allocate memory");
            rtnl_link_set_name(link.get(), name.c_str());
            rtnl_link_ipgre_set_local(link.get(), htonl(local));
            rtnl_link_ipgre_set_remote(link.get(), htonl(remote));
            // IOS sends GRE with TTL 255 and lets the path MTU be discovered.
            rtnl_link_ipgre_set_ttl(link.get(), 255);
            rtnl_link_ipgre_set_pmtudisc(link.get(), 1);
            return created(sock, name, rtnl_link_add(sock, link.get(), NLM_F_CREATE | NLM_F_EXCL));
        });
    }

    std::optional<std::string> create_vlan(const std::string& name, const std::string& parent, std::uint32_t vlan_id) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            int parent_index = static_cast<int>(::if_nametoindex(parent.c_str()));
            if (parent_index == 0) return std::string("No such device: ") + parent;
            Link link(rtnl_link_vlan_alloc());
            if (!link) return std::string("Cannot allocate memory");
            rtnl_link_set_name(link.get(), name.c_str());
            rtnl_link_set_link(link.get(), parent_index);
            rtnl_link_vlan_set_id(link.get(), static_cast<std::uint16_t>(vlan_id));
            return created(sock, name, rtnl_link_add(sock, link.get(), NLM_F_CREATE | NLM_F_EXCL));
        });
    }

    std::optional<std::string> remove_link(const std::string& name) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            Link link(rtnl_link_alloc());
            rtnl_link_set_name(link.get(), name.c_str());
            return result(rtnl_link_delete(sock, link.get()));
        });
    }

    std::optional<std::string> set_admin_up(const std::string& name, bool up) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            return change_link(sock, name, [up](rtnl_link* change) {
                if (up) rtnl_link_set_flags(change, IFF_UP);
                else rtnl_link_unset_flags(change, IFF_UP);
            });
        });
    }

    std::optional<std::string> set_mtu(const std::string& name, std::uint32_t mtu) override {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            return change_link(sock, name, [mtu](rtnl_link* change) { rtnl_link_set_mtu(change, mtu); });
        });
    }

    std::optional<std::string> add_address(const std::string& name, Ipv4Prefix a) override { return address(name, a, true); }
    std::optional<std::string> remove_address(const std::string& name, Ipv4Prefix a) override { return address(name, a, false); }

    std::optional<std::string> replace_route(const RouteSpec& r) override { return route(r, true); }
    std::optional<std::string> remove_route(const RouteSpec& r) override { return route(r, false); }

    std::vector<RouteSpec> owned_routes() override {
        std::vector<RouteSpec> out;
        Sock sock = route_socket();
        if (!sock) return out;
        nl_cache* raw = nullptr;
        if (rtnl_route_alloc_cache(sock.get(), AF_INET, 0, &raw) < 0) return out;
        Cache routes(raw);
        for (nl_object* o = nl_cache_get_first(routes.get()); o; o = nl_cache_get_next(o)) {
            auto* r = reinterpret_cast<rtnl_route*>(o);
            if (rtnl_route_get_table(r) != RT_TABLE_MAIN || rtnl_route_get_protocol(r) != RTPROT_STATIC ||
                rtnl_route_get_nnexthops(r) != 1)
                continue;
            rtnl_nexthop* nh = rtnl_route_nexthop_n(r, 0);
            if (!nh || rtnl_route_nh_get_realms(nh) != realm_) continue;
            RouteSpec spec;
            nl_addr* dst = rtnl_route_get_dst(r);
            std::uint32_t be = 0;
            if (dst && nl_addr_get_len(dst) == 4) std::memcpy(&be, nl_addr_get_binary_addr(dst), 4);
            spec.destination = {ntohl(be), dst ? static_cast<int>(nl_addr_get_prefixlen(dst)) : 0};
            if (nl_addr* gw = rtnl_route_nh_get_gateway(nh); gw && nl_addr_get_len(gw) == 4) {
                std::memcpy(&be, nl_addr_get_binary_addr(gw), 4);
                spec.gateway = ntohl(be);
            }
            char name[IF_NAMESIZE] = {};
            if (int index = rtnl_route_nh_get_ifindex(nh); index > 0 && if_indextoname(index, name)) spec.device = name;
            spec.metric = rtnl_route_get_priority(r);
            out.push_back(std::move(spec));
        }
        return out;
    }

private:
    // Every request goes through one route socket, opened at the first: a socket opened and
    // closed per request was a third of the CPU of creating a thousand loopbacks. A request
    // that failed keeps it only when nothing is left to read on it and nothing is wrong with it
    // (the kernel's refusal, read in full): otherwise it is closed, so that whatever the failed
    // exchange left never meets the next one.
    template <typename Request>
    std::optional<std::string> request(Request run) {
        if (!requests_) requests_ = route_socket();
        if (!requests_) return kNoSocket;
        auto error = run(requests_.get());
        if (error && !quiet(requests_.get())) requests_.reset();
        return error;
    }

    static bool quiet(nl_sock* sock) {
        pollfd p{nl_socket_get_fd(sock), POLLIN, 0};
        return ::poll(&p, 1, 0) == 0;
    }

    // The realm (RTA_FLOW) routerd gives its routes: the kernel records no owner, so a route
    // a killed routerd left would be told from the box's by nothing else. 16 bits of the
    // owner's hash, never 0 (no realm). `ip route` shows it ("realm N"), after the metric.
    static std::uint32_t realm_of(const std::string& owner) {
        std::uint32_t h = 2166136261u;
        for (char c : owner) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
        std::uint32_t realm = (h ^ (h >> 16)) & 0xffff;
        return realm ? realm : 1;
    }

    // The kernel ignores IFLA_IFALIAS in the request that creates a link, so the owner's alias
    // is set by a second one. A link that could not be tagged still works; only a restart
    // after a crash would take it for the box's.
    std::optional<std::string> created(nl_sock* sock, const std::string& name, int err) {
        if (err < 0) return result(err);
        change_link(sock, name, [this](rtnl_link* change) { rtnl_link_set_ifalias(change, alias_.c_str()); });
        return std::nullopt;
    }

    // One change to link `name` as the kernel has it now: `fill` sets what changes.
    template <typename Fill>
    static std::optional<std::string> change_link(nl_sock* sock, const std::string& name, Fill fill) {
        rtnl_link* raw = nullptr;
        if (int err = rtnl_link_get_kernel(sock, 0, name.c_str(), &raw); err < 0) return result(err);
        Link current(raw), change(rtnl_link_alloc());
        fill(change.get());
        return result(rtnl_link_change(sock, current.get(), change.get(), 0));
    }

    std::optional<std::string> address(const std::string& name, Ipv4Prefix a, bool add) {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            int index = static_cast<int>(if_nametoindex(name.c_str()));
            if (index == 0) return "No such device";
            std::unique_ptr<rtnl_addr, AddrDeleter> addr(rtnl_addr_alloc());
            auto local = ipv4(a.address, a.length);
            rtnl_addr_set_ifindex(addr.get(), index);
            rtnl_addr_set_family(addr.get(), AF_INET);
            rtnl_addr_set_local(addr.get(), local.get());
            rtnl_addr_set_prefixlen(addr.get(), a.length);
            return result(add ? rtnl_addr_add(sock, addr.get(), 0) : rtnl_addr_delete(sock, addr.get(), 0));
        });
    }

    std::optional<std::string> route(const RouteSpec& r, bool add) {
        return request([&](nl_sock* sock) -> std::optional<std::string> {
            std::unique_ptr<rtnl_route, RouteDeleter> route(rtnl_route_alloc());
            auto dst = ipv4(r.destination.address, r.destination.length);
            rtnl_route_set_family(route.get(), AF_INET);
            rtnl_route_set_dst(route.get(), dst.get());
            rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
            rtnl_route_set_protocol(route.get(), RTPROT_STATIC);
            rtnl_route_set_priority(route.get(), r.metric);
            // A route out of a link alone is on-link (IOS `ip route P M Tunnel0`).
            rtnl_route_set_scope(route.get(), r.gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
            rtnl_nexthop* nh = rtnl_route_nh_alloc();
            if (!r.device.empty()) {
                int index = static_cast<int>(if_nametoindex(r.device.c_str()));
                if (index == 0) {
                    rtnl_route_nh_free(nh);
                    return "No such device";
                }
                rtnl_route_nh_set_ifindex(nh, index);
            }
            NlAddr gw;
            if (r.gateway) {
                gw = ipv4(*r.gateway, 32);
                rtnl_route_nh_set_gateway(nh, gw.get());
            }
            rtnl_route_nh_set_realms(nh, realm_);
            rtnl_route_add_nexthop(route.get(), nh);  // the route owns it now
            if (add) return result(rtnl_route_add(sock, route.get(), NLM_F_CREATE | NLM_F_REPLACE));
            return result(rtnl_route_delete(sock, route.get(), 0));
        });
    }

    Sock requests_;  // request(): opened at the first request, closed after a failed one that left it unclean
    std::string alias_;  // "routerd <config directory>"
    std::uint32_t realm_;  // realm_of(config directory)
};

}  // namespace

std::unique_ptr<Links> make_linux_links(const std::string& owner) { return std::make_unique<LinuxLinks>(owner); }

}  // namespace routerd::platform
