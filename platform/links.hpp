#pragma once
// What the engine needs of the box's network links (Linux links behind IOS names): reading
// them, and changing what routerd owns (the links it creates for Tunnel and Loopback
// interfaces, their addresses and state, and static routes).
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace routerd::platform {

struct Ipv4Prefix {
    std::uint32_t address = 0;  // host byte order
    int length = 0;
    bool operator==(const Ipv4Prefix&) const = default;
};

struct LinkInfo {
    std::string name;  // Linux name: "eth0", "lo"
    int index = 0;
    bool admin_up = false;  // IFF_UP
    bool oper_up = false;   // carrier / operstate
    bool loopback = false;
    std::uint32_t mtu = 0;
    std::vector<Ipv4Prefix> addresses;  // primary first, as the kernel lists them
    std::string kind;  // "xfrm", "dummy", "veth", ... ("" when the kernel does not say)
    std::uint64_t rx_packets = 0, rx_bytes = 0, tx_packets = 0, tx_bytes = 0;
    std::optional<std::array<std::uint8_t, 6>> mac = std::nullopt;  // Ethernet-like links only
    // The kernel's error counters (struct rtnl_link_stats64), for `show interfaces`.
    struct Errors {
        std::uint64_t rx_errors = 0, rx_dropped = 0, rx_crc = 0, rx_frame = 0, rx_over = 0, rx_missed = 0;
        std::uint64_t tx_errors = 0, tx_fifo = 0, collisions = 0;
        std::uint64_t carrier_changes = 0;  // IFLA_CARRIER_CHANGES: each carrier loss and return
    } errors = {};
    // Made by a routerd of this config directory: this one, or one that was killed and left it
    // (Linux: the link's alias names the owner). Such a link is routerd's to adopt or remove;
    // any other is the box's and left alone.
    bool owned = false;
};

// A static route: to a prefix through a gateway, a link, or both.
struct RouteSpec {
    Ipv4Prefix destination;
    std::optional<std::uint32_t> gateway;
    std::string device;  // Linux link name, "" when only the gateway says where
    std::uint32_t metric = 1;  // the IOS administrative distance
    bool operator==(const RouteSpec&) const = default;
};

class Links {
public:
    virtual ~Links() = default;
    virtual std::vector<LinkInfo> list() = 0;
    // Changes. Each answers nullopt when done, or the kernel's reason.
    // An xfrm interface (IPsec VTI) whose traffic uses the policies and SAs marked `if_id`.
    virtual std::optional<std::string> create_xfrm_interface(const std::string& name, std::uint32_t if_id) = 0;
    virtual std::optional<std::string> create_dummy(const std::string& name) = 0;
    // A point-to-point GRE tunnel (`tunnel mode gre ip`) between two IPv4 addresses.
    virtual std::optional<std::string> create_gre(const std::string& name, std::uint32_t local, std::uint32_t remote) = 0;
    // An 802.1Q VLAN link on `parent` (a sub-interface's `encapsulation dot1Q N`).
    virtual std::optional<std::string> create_vlan(const std::string& name, const std::string& parent, std::uint32_t vlan_id) = 0;
    virtual std::optional<std::string> remove_link(const std::string& name) = 0;
    virtual std::optional<std::string> set_admin_up(const std::string& name, bool up) = 0;
    virtual std::optional<std::string> set_mtu(const std::string& name, std::uint32_t mtu) = 0;
    virtual std::optional<std::string> add_address(const std::string& name, Ipv4Prefix address) = 0;
    virtual std::optional<std::string> remove_address(const std::string& name, Ipv4Prefix address) = 0;
    virtual std::optional<std::string> replace_route(const RouteSpec& route) = 0;
    virtual std::optional<std::string> remove_route(const RouteSpec& route) = 0;
    // The routes in the main table that a routerd of this config directory put there: this
    // one, or one that was killed and left them (Linux: proto static with the owner's realm).
    virtual std::vector<RouteSpec> owned_routes() = 0;
};

// Links in memory, for unit tests: changes act on the list as the kernel would (a link set
// down loses its routes).
class FakeLinks final : public Links {
public:
    explicit FakeLinks(std::vector<LinkInfo> links) : links_(std::move(links)) {}
    std::vector<LinkInfo> list() override { return links_; }
    std::optional<std::string> create_xfrm_interface(const std::string& name, std::uint32_t if_id) override {
        if (find(name)) return "File exists";
        links_.push_back(made({name, next_index_++, false, false, false, 1500, {}, "xfrm"}));
        if_ids.push_back({name, if_id});
        return std::nullopt;
    }
    std::optional<std::string> create_dummy(const std::string& name) override {
        if (find(name)) return "File exists";
        links_.push_back(made({name, next_index_++, false, false, false, 1500, {}, "dummy"}));
        return std::nullopt;
    }
    std::optional<std::string> create_gre(const std::string& name, std::uint32_t local, std::uint32_t remote) override {
        if (find(name)) return "File exists";
        links_.push_back(made({name, next_index_++, false, false, false, 1476, {}, "gre"}));
        gre_endpoints[name] = {local, remote};
        return std::nullopt;
    }
    std::optional<std::string> create_vlan(const std::string& name, const std::string& parent, std::uint32_t vlan_id) override {
        if (find(name)) return "File exists";
        if (!find(parent)) return "No such device";
        links_.push_back(made({name, next_index_++, false, false, false, 1500, {}, "vlan"}));
        vlans[name] = {parent, vlan_id};
        return std::nullopt;
    }
    std::optional<std::string> remove_link(const std::string& name) override {
        if (!find(name)) return "No such device";
        std::erase_if(links_, [&](const LinkInfo& l) { return l.name == name; });
        std::erase_if(routes, [&](const RouteSpec& r) { return r.device == name; });
        return std::nullopt;
    }
    std::optional<std::string> set_admin_up(const std::string& name, bool up) override {
        auto* l = find(name);
        if (!l) return "No such device";
        l->admin_up = l->oper_up = up;
        if (!up) std::erase_if(routes, [&](const RouteSpec& r) { return r.device == name; });
        return std::nullopt;
    }
    std::optional<std::string> set_mtu(const std::string& name, std::uint32_t mtu) override {
        auto* l = find(name);
        if (!l) return "No such device";
        if (mtu < 68) return "Invalid argument";
        l->mtu = mtu;
        return std::nullopt;
    }
    std::optional<std::string> add_address(const std::string& name, Ipv4Prefix a) override {
        auto* l = find(name);
        if (!l) return "No such device";
        if (std::find(l->addresses.begin(), l->addresses.end(), a) != l->addresses.end()) return "File exists";
        l->addresses.push_back(a);
        return std::nullopt;
    }
    std::optional<std::string> remove_address(const std::string& name, Ipv4Prefix a) override {
        auto* l = find(name);
        if (!l) return "No such device";
        std::erase(l->addresses, a);
        return std::nullopt;
    }
    std::optional<std::string> replace_route(const RouteSpec& r) override {
        if (!r.device.empty()) {
            auto* l = find(r.device);
            if (!l || !l->admin_up) return "Network is down";
        }
        remove_route(r);
        routes.push_back(r);
        return std::nullopt;
    }
    std::optional<std::string> remove_route(const RouteSpec& r) override {
        std::erase_if(routes, [&](const RouteSpec& x) { return x.destination == r.destination && x.metric == r.metric; });
        return std::nullopt;
    }

    std::vector<RouteSpec> owned_routes() override { return routes; }

    std::vector<RouteSpec> routes;
    std::vector<std::pair<std::string, std::uint32_t>> if_ids;
    std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> gre_endpoints;
    std::map<std::string, std::pair<std::string, std::uint32_t>> vlans;  // name -> parent, id

private:
    static LinkInfo made(LinkInfo l) {
        l.owned = true;
        return l;
    }
    LinkInfo* find(const std::string& name) {
        for (auto& l : links_)
            if (l.name == name) return &l;
        return nullptr;
    }
    std::vector<LinkInfo> links_;
    int next_index_ = 100;
};

}  // namespace routerd::platform
