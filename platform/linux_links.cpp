#include "platform/linux_links.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include <cstring>
#include <map>

namespace routerd::platform {
namespace {

struct SockDeleter { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct CacheDeleter { void operator()(nl_cache* c) const { nl_cache_free(c); } };
using Sock = std::unique_ptr<nl_sock, SockDeleter>;
using Cache = std::unique_ptr<nl_cache, CacheDeleter>;

class LinuxLinks final : public Links {
public:
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
};

}  // namespace

std::unique_ptr<Links> make_linux_links() { return std::make_unique<LinuxLinks>(); }

}  // namespace routerd::platform
