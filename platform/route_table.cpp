#include "platform/route_table.hpp"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include <cstring>
#include <memory>

namespace routerd::platform {
namespace {

struct SockDeleter { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct CacheDeleter { void operator()(nl_cache* c) const { nl_cache_free(c); } };

std::uint32_t v4(nl_addr* a) {
    if (!a || nl_addr_get_family(a) != AF_INET || nl_addr_get_len(a) != 4) return 0;
    std::uint32_t n = 0;
    std::memcpy(&n, nl_addr_get_binary_addr(a), 4);
    return ntohl(n);
}

}  // namespace

std::optional<std::vector<KernelRoute>> read_kernel_routes(std::string* error) {
    std::unique_ptr<nl_sock, SockDeleter> sock(nl_socket_alloc());
    if (!sock || nl_connect(sock.get(), NETLINK_ROUTE) < 0) {
        if (error) *error = "cannot open a route netlink socket";
        return std::nullopt;
    }
    nl_cache* raw = nullptr;
    if (rtnl_link_alloc_cache(sock.get(), AF_UNSPEC, &raw) < 0) {
        if (error) *error = "cannot read the links";
        return std::nullopt;
    }
    std::unique_ptr<nl_cache, CacheDeleter> links(raw);
    raw = nullptr;
    if (rtnl_route_alloc_cache(sock.get(), AF_INET, 0, &raw) < 0) {
        if (error) *error = "cannot read the routes";
        return std::nullopt;
    }
    std::unique_ptr<nl_cache, CacheDeleter> routes(raw);
    std::vector<KernelRoute> out;
    for (nl_object* o = nl_cache_get_first(routes.get()); o; o = nl_cache_get_next(o)) {
        auto* r = reinterpret_cast<rtnl_route*>(o);
        auto table = rtnl_route_get_table(r);
        auto type = rtnl_route_get_type(r);
        KernelRoute k;
        if (table == RT_TABLE_LOCAL) {
            // Only the box's own addresses: broadcast entries are not routes to IOS.
            if (type != RTN_LOCAL) continue;
            k.local = true;
        } else if (table != RT_TABLE_MAIN || type != RTN_UNICAST) {
            continue;
        }
        nl_addr* dst = rtnl_route_get_dst(r);
        k.destination = v4(dst);
        k.prefix_length = dst ? static_cast<int>(nl_addr_get_prefixlen(dst)) : 0;
        k.connected = rtnl_route_get_protocol(r) == RTPROT_KERNEL && rtnl_route_get_scope(r) == RT_SCOPE_LINK;
        k.metric = rtnl_route_get_priority(r);
        switch (rtnl_route_get_protocol(r)) {
            case RTPROT_KERNEL: k.origin = RouteOrigin::Kernel; break;
            case RTPROT_BOOT:
            case RTPROT_STATIC: k.origin = RouteOrigin::Static; break;
            case RTPROT_BGP: k.origin = RouteOrigin::Bgp; break;
            case RTPROT_OSPF: k.origin = RouteOrigin::Ospf; break;
            default: k.origin = RouteOrigin::Other; break;
        }
        if (rtnl_route_get_nnexthops(r) > 0) {
            rtnl_nexthop* nh = rtnl_route_nexthop_n(r, 0);
            k.gateway = v4(rtnl_route_nh_get_gateway(nh));
            char name[64] = "";
            if (int ifindex = rtnl_route_nh_get_ifindex(nh); ifindex > 0)
                k.device = rtnl_link_i2name(links.get(), ifindex, name, sizeof name) ? name : "";
        }
        out.push_back(std::move(k));
    }
    return out;
}

}  // namespace routerd::platform
