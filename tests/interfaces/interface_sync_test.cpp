#include <catch.hpp>

#include <algorithm>
#include <optional>

#include "engine/interfaces/interface_sync.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

const std::string kVti =
    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
    "crypto ipsec profile VTI\n set transform-set TS\n"
    "interface Tunnel0\n ip address 172.16.0.1 255.255.255.252\n tunnel source Serial1/2\n"
    " tunnel destination 12.1.1.2\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile VTI\n"
    "interface Loopback1\n ip address 10.1.1.1 255.255.255.0\n"
    "ip route 10.2.2.0 255.255.255.0 Tunnel0\n"
    "ip route 192.0.2.0 255.255.255.0 12.1.1.2\n";

// The interface map of these tests: Serial1-2 is Serial1/2, every other link its IOS name.
interfaces::LinkNames names_of(const std::vector<platform::LinkInfo>& now) {
    interfaces::LinkNames names;
    for (const auto& l : now) {
        auto n = l.name == "Serial1-2" ? grammar::parse_interface_name("Serial1/2") : grammar::parse_interface_name(l.name);
        if (n) names[*n] = l.name;
    }
    return names;
}

struct Fixture {
    // The box has its serial link, and a Loopback0 somebody else made.
    platform::FakeLinks links{{{"Serial1-2", 2, true, true, false, 1500, {{0x0c010101, 24}}, "veth"},
                               {"Loopback0", 3, true, true, false, 1500, {{0x01010101, 32}}, "dummy"}}};
    std::vector<std::string> log;
    interfaces::InterfaceSync sync{links, {names_of, [this](int, const std::string& l) { log.push_back(l); }}};
    const platform::LinkInfo* link(const std::string& name) {
        static std::vector<platform::LinkInfo> snapshot;
        snapshot = links.list();
        for (const auto& l : snapshot)
            if (l.name == name) return &l;
        return nullptr;
    }
    bool has_route(std::uint32_t prefix) {
        return std::any_of(links.routes.begin(), links.routes.end(), [&](const auto& r) { return r.destination.address == prefix; });
    }
};

}  // namespace

TEST_CASE("a VTI becomes an xfrm interface with its address, and its static route follows its state") {
    Fixture f;
    f.sync.reconcile(test::configure(kVti));
    const auto* tunnel = f.link("Tunnel0");
    REQUIRE(tunnel);
    CHECK(tunnel->kind == "xfrm");
    CHECK(tunnel->admin_up);
    CHECK(tunnel->addresses == std::vector<platform::Ipv4Prefix>{{0xac100001, 30}});
    REQUIRE(f.links.if_ids.size() == 1);
    CHECK(f.links.if_ids[0] == std::pair<std::string, std::uint32_t>{"Tunnel0", 1});  // Tunnel0 -> if_id 1
    const auto* lo = f.link("Loopback1");
    REQUIRE(lo);
    CHECK(lo->kind == "dummy");
    CHECK(lo->addresses == std::vector<platform::Ipv4Prefix>{{0x0a010101, 24}});
    REQUIRE(f.has_route(0x0a020200));
    REQUIRE(f.has_route(0xc0000200));
    auto via_tunnel = *std::find_if(f.links.routes.begin(), f.links.routes.end(), [](const auto& r) { return r.destination.address == 0x0a020200; });
    CHECK(via_tunnel.device == "Tunnel0");
    CHECK_FALSE(via_tunnel.gateway);
    CHECK(f.log.empty());

    // `shutdown` takes the link down, and the kernel drops the route with it; the route via
    // the serial link stays. `no shutdown` brings both back.
    f.sync.reconcile(test::configure(kVti + "interface Tunnel0\n shutdown\n"));
    CHECK_FALSE(f.link("Tunnel0")->admin_up);
    CHECK_FALSE(f.has_route(0x0a020200));
    CHECK(f.has_route(0xc0000200));
    f.sync.reconcile(test::configure(kVti));
    CHECK(f.link("Tunnel0")->admin_up);
    CHECK(f.has_route(0x0a020200));

    // `no ip route` removes exactly that route.
    auto without_route = kVti.substr(0, kVti.find("ip route 192.0.2.0"));
    f.sync.reconcile(test::configure(without_route));
    CHECK_FALSE(f.has_route(0xc0000200));
    CHECK(f.has_route(0x0a020200));
}

TEST_CASE("only what routerd made is removed: its links and addresses, not the box's") {
    Fixture f;
    auto cfg = kVti + "interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n ip address 1.1.1.2 255.255.255.255 secondary\n";
    f.sync.reconcile(test::configure(cfg));
    auto lo0 = f.link("Loopback0")->addresses;
    CHECK(lo0.size() == 2);  // 1.1.1.1 was there already, 1.1.1.2 is ours
    // The tunnel and Loopback1 leave the config; Loopback0 drops its secondary.
    f.sync.reconcile(test::configure("interface Loopback0\n ip address 1.1.1.1 255.255.255.255\n"));
    CHECK_FALSE(f.link("Tunnel0"));
    CHECK_FALSE(f.link("Loopback1"));
    CHECK_FALSE(f.has_route(0x0a020200));
    REQUIRE(f.link("Loopback0"));
    CHECK(f.link("Loopback0")->addresses == std::vector<platform::Ipv4Prefix>{{0x01010101, 32}});
    // Even without it in the config, the box's Loopback0 and its own address stay.
    f.sync.reconcile(test::configure(""));
    REQUIRE(f.link("Loopback0"));
    CHECK(f.link("Loopback0")->addresses == std::vector<platform::Ipv4Prefix>{{0x01010101, 32}});
}

TEST_CASE("a link the kernel cannot make is reported once, in IOS's log form") {
    // The name is taken by a link the interface map does not see as Tunnel0.
    platform::FakeLinks taken{{{"Tunnel0", 7, true, true, false, 1500, {}, "gre"}}};
    std::vector<std::string> log;
    interfaces::InterfaceSync sync{taken, {[](const std::vector<platform::LinkInfo>&) { return interfaces::LinkNames{}; }, [&](int, const std::string& l) { log.push_back(l); }}};
    for (int i = 0; i < 3; ++i) sync.reconcile(test::configure(kVti));
    auto refusals = std::count_if(log.begin(), log.end(), [](const std::string& l) {
        return l.find("Tunnel0: cannot create the xfrm interface: File exists") != std::string::npos;
    });
    CHECK(refusals == 1);
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().rfind("%LINK-3-UPDOWN_FAIL: ", 0) == 0);
    CHECK(taken.list().size() == 2);  // Loopback1 was made; the taken Tunnel0 is untouched
}

TEST_CASE("a GRE tunnel becomes a gre link between its source interface's address and its destination") {
    Fixture f;
    const std::string gre = "interface Tunnel1\n ip address 172.16.1.1 255.255.255.252\n tunnel source Serial1/2\n"
                            " tunnel destination 12.1.1.2\n"
                            "interface Serial1/2\n ip address 12.1.1.1 255.255.255.0\n"
                            "ip route 2.2.2.2 255.255.255.255 Tunnel1\n";
    f.sync.reconcile(test::configure(gre));
    const auto* t = f.link("Tunnel1");
    REQUIRE(t);
    CHECK(t->kind == "gre");
    CHECK(f.links.gre_endpoints["Tunnel1"] == std::pair<std::uint32_t, std::uint32_t>{0x0c010101, 0x0c010102});
    CHECK(t->addresses == std::vector<platform::Ipv4Prefix>{{0xac100101, 30}});
    CHECK(f.has_route(0x02020202));
    // A new destination is a new link (the kernel keeps endpoints in the link).
    std::string moved = gre;
    moved.replace(moved.find("12.1.1.2"), 8, "12.1.1.9");
    f.sync.reconcile(test::configure(moved));
    REQUIRE(f.link("Tunnel1"));
    CHECK(f.links.gre_endpoints["Tunnel1"] == std::pair<std::uint32_t, std::uint32_t>{0x0c010101, 0x0c010109});
    // Without a destination IOS keeps the tunnel up/down: no link.
    f.sync.reconcile(test::configure("interface Tunnel1\n tunnel source Serial1/2\n"));
    CHECK_FALSE(f.link("Tunnel1"));
}

TEST_CASE("a sub-interface with encapsulation dot1Q becomes a VLAN link on its parent's link") {
    platform::FakeLinks links{{{"eth0", 2, true, true, false, 1500, {}, "veth"}}};
    interfaces::InterfaceSync sync{links, {[](const std::vector<platform::LinkInfo>& now) {
                                               interfaces::LinkNames names;
                                               for (const auto& l : now) {
                                                   if (l.name == "eth0") names[*grammar::parse_interface_name("Gi0/0")] = l.name;
                                                   if (l.name.rfind("eth0.", 0) == 0)
                                                       names[*grammar::parse_interface_name("Gi0/0" + l.name.substr(4))] = l.name;
                                               }
                                               return names;
                                           },
                                           nullptr}};
    const std::string cfg = "interface GigabitEthernet0/0.10\n encapsulation dot1Q 100\n ip address 10.10.0.1 255.255.255.0\n";
    sync.reconcile(test::configure(cfg));
    auto all = links.list();
    auto vlan = std::find_if(all.begin(), all.end(), [](const auto& l) { return l.name == "eth0.10"; });
    REQUIRE(vlan != all.end());
    CHECK(vlan->kind == "vlan");
    CHECK(links.vlans["eth0.10"] == std::pair<std::string, std::uint32_t>{"eth0", 100});
    CHECK(vlan->addresses == std::vector<platform::Ipv4Prefix>{{0x0a0a0001, 24}});
    CHECK(vlan->admin_up);
    // Another VLAN ID is another link; without encapsulation there is none.
    std::string moved = cfg;
    moved.replace(moved.find("dot1Q 100"), 9, "dot1Q 200");
    sync.reconcile(test::configure(moved));
    CHECK(links.vlans["eth0.10"].second == 200);
    sync.reconcile(test::configure("interface GigabitEthernet0/0.10\n"));
    all = links.list();
    CHECK(std::none_of(all.begin(), all.end(), [](const auto& l) { return l.name == "eth0.10"; }));
}

TEST_CASE("mtu sets the link's MTU, and the link gets its own back without it; ip mtu sizes a tunnel routerd made") {
    Fixture f;
    f.sync.reconcile(test::configure("interface Serial1/2\n mtu 9000\n"));
    CHECK(f.link("Serial1-2")->mtu == 9000);
    f.sync.reconcile(test::configure("interface Serial1/2\n"));
    CHECK(f.link("Serial1-2")->mtu == 1500);
    // `ip mtu` on a physical port changes nothing there (Linux has no separate IP MTU)...
    f.sync.reconcile(test::configure("interface Serial1/2\n ip mtu 1400\n"));
    CHECK(f.link("Serial1-2")->mtu == 1500);
    // ...but is the MTU of a VTI routerd made.
    f.sync.reconcile(test::configure(kVti + "interface Tunnel0\n ip mtu 1400\n"));
    CHECK(f.link("Tunnel0")->mtu == 1400);
}

// A link that goes down outside the config (its carrier, `ip link set`): the kernel drops the
// routes through it. When it returns, IOS has its static routes back; routerd says each change
// as IOS does and puts the routes back (lab dead-peer-link-down found them lost for good).
TEST_CASE("a link that goes down and comes back outside the config is said, and its static routes return") {
    Fixture f;
    f.sync.reconcile(test::configure(kVti));
    f.sync.watch(test::configure(kVti), f.links.list());
    auto gateway_route = [&] {
        return std::count_if(f.links.routes.begin(), f.links.routes.end(),
                             [](const platform::RouteSpec& r) { return r.destination.address == 0xc0000200; });
    };
    REQUIRE(gateway_route() == 1);
    f.log.clear();
    // The kernel takes the link down (set_admin_up stands for the carrier here) and drops the
    // routes through it, the gateway route with them.
    f.links.set_admin_up("Serial1-2", false);
    std::erase_if(f.links.routes, [](const platform::RouteSpec& r) { return r.destination.address == 0xc0000200; });
    f.sync.watch(test::configure(kVti), f.links.list());
    CHECK(f.log.at(0) == "%LINK-3-UPDOWN: Interface Serial1/2, changed state to down");
    CHECK(f.log.at(1) == "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial1/2, changed state to down");
    f.log.clear();
    f.links.set_admin_up("Serial1-2", true);
    f.sync.watch(test::configure(kVti), f.links.list());
    CHECK(f.log.at(0) == "%LINK-3-UPDOWN: Interface Serial1/2, changed state to up");
    CHECK(gateway_route() == 1);
    // Nothing changed: nothing said, nothing done.
    f.log.clear();
    f.links.routes.clear();
    f.sync.watch(test::configure(kVti), f.links.list());
    CHECK(f.log.empty());
    CHECK(f.links.routes.empty());
}

TEST_CASE("the links a killed routerd left are adopted when the config still wants them as they are, removed otherwise") {
    auto leftover = [](std::string name, int index, std::string kind, std::vector<platform::Ipv4Prefix> addresses) {
        platform::LinkInfo l{std::move(name), index, true, true, false, 1500, std::move(addresses), std::move(kind)};
        l.owned = true;  // its alias names this config directory
        return l;
    };
    platform::FakeLinks links{{{"Serial1-2", 2, true, true, false, 1500, {{0x0c010101, 24}}, "veth"},
                               {"Loopback0", 3, true, true, false, 1500, {{0x01010101, 32}}, "dummy"},  // the box's
                               // Tunnel0 with an address the startup-config no longer has beside its own
                               leftover("Tunnel0", 40, "xfrm", {{0xac100001, 30}, {0xac100901, 30}}),
                               leftover("Loopback1", 41, "dummy", {{0x0a010101, 24}}),
                               leftover("Virtual-Access1", 42, "xfrm", {}),  // a DVTI session that died with it
                               leftover("Tunnel5", 43, "xfrm", {})}};      // an interface no longer configured
    std::vector<std::string> log;
    {
        interfaces::InterfaceSync sync{links, {names_of, [&log](int, const std::string& l) { log.push_back(l); }}};
        sync.reconcile(test::configure(kVti));
        auto find = [&](const std::string& name) -> std::optional<platform::LinkInfo> {
            for (const auto& l : links.list())
                if (l.name == name) return l;
            return std::nullopt;
        };
        // Adopted, not made again: the same links (their indexes), no "File exists".
        REQUIRE(find("Tunnel0"));
        CHECK(find("Tunnel0")->index == 40);
        CHECK(find("Tunnel0")->addresses == std::vector<platform::Ipv4Prefix>{{0xac100001, 30}});
        REQUIRE(find("Loopback1"));
        CHECK(find("Loopback1")->index == 41);
        CHECK(links.if_ids.empty());  // no xfrm interface created
        CHECK_FALSE(find("Virtual-Access1"));
        CHECK_FALSE(find("Tunnel5"));
        CHECK(find("Loopback0"));
        REQUIRE(log.size() == 1);
        CHECK(log[0] == "%IFMGR-4-STALE_STATE: links a previous routerd left: adopted Loopback1, Tunnel0; removed Tunnel5, Virtual-Access1");
        CHECK(std::any_of(links.routes.begin(), links.routes.end(), [](const auto& r) { return r.device == "Tunnel0"; }));
        // Only at the start: a Virtual-Access made in this run (by the DVTI hook, not by this
        // sync) is not taken for a leftover by later reconciles.
        REQUIRE_FALSE(links.create_xfrm_interface("Virtual-Access2", 7));
        sync.links_changed();
        sync.reconcile(test::configure(kVti));
        CHECK(find("Virtual-Access2"));
    }
    // Adopted links are routerd's now: they go when it stops, as the ones it makes do.
    for (const auto& l : links.list()) CHECK((l.name == "Serial1-2" || l.name == "Loopback0" || l.name == "Virtual-Access2"));
}

TEST_CASE("the static routes a killed routerd left are adopted when the config still wants them, removed otherwise") {
    Fixture f;
    // As the kernel gives them back: a route through a next hop names the link it leaves by.
    platform::RouteSpec saved{{0xc0000200, 24}, 0x0c010102, "Serial1-2", 1};      // ip route 192.0.2.0 ... 12.1.1.2
    platform::RouteSpec unsaved{{0x0a090900, 24}, 0x0c010103, "Serial1-2", 1};    // typed, never saved
    platform::RouteSpec other_distance{{0xc0000200, 24}, 0x0c010102, "Serial1-2", 5};  // the line had another distance
    f.links.routes = {saved, unsaved, other_distance};
    f.sync.reconcile(test::configure(kVti));
    REQUIRE(f.log.size() == 1);  // no link was left: no word of links
    CHECK(f.log[0] == "%IFMGR-4-STALE_STATE: static routes a previous routerd left: adopted 192.0.2.0/24; removed "
                      "10.9.9.0/24, 192.0.2.0/24");
    // Adopted as it was (not replaced: it still names its link), the others gone, Tunnel0's made.
    CHECK(std::count(f.links.routes.begin(), f.links.routes.end(), saved) == 1);
    CHECK_FALSE(f.has_route(0x0a090900));
    CHECK(f.links.routes.size() == 2);
    CHECK(f.has_route(0x0a020200));
    // Only at the start: a later reconcile leaves routes routerd adds for IPsec alone.
    platform::RouteSpec reverse{{0x0a030300, 24}, 0x0c010102, "", 1};
    REQUIRE_FALSE(f.links.replace_route(reverse));
    f.sync.reconcile(test::configure(kVti + "ip route 10.4.4.0 255.255.255.0 12.1.1.2\n"));
    CHECK(f.has_route(0x0a030300));
    CHECK(f.has_route(0x0a040400));
    // The adopted route is routerd's now: `no ip route` removes it.
    f.sync.reconcile(test::configure(kVti.substr(0, kVti.find("ip route 192.0.2.0"))));
    CHECK_FALSE(f.has_route(0xc0000200));
}
