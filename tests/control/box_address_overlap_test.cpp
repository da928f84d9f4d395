// `ip address` overlapping an address the box's own link held when routerd started (set
// outside routerd: a management port's): refused as IOS refuses an overlap with another
// interface ("% 12.1.1.0 overlaps with GigabitEthernet0/1", as for configured addresses), since
// `show ip interface brief` shows that address on that interface. Addresses routerd itself puts
// on links (and may not have taken off yet during a paste) never count.
#include <catch.hpp>

#include "engine/control/dispatcher.hpp"

using namespace routerd;

namespace {

platform::LinkInfo veth(std::string name, int index, std::vector<platform::Ipv4Prefix> addresses = {}) {
    platform::LinkInfo l;
    l.name = std::move(name);
    l.index = index;
    l.kind = "veth";
    l.addresses = std::move(addresses);
    return l;
}

constexpr std::uint32_t ip(int a, int b, int c, int d) {
    return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 | static_cast<std::uint32_t>(c) << 8 |
           static_cast<std::uint32_t>(d);
}

// eth0 (GigabitEthernet0/0, the lower index) holds 12.1.1.1/24 before routerd starts.
struct BoxWithAddress {
    platform::FakeLinks links{{veth("eth0", 2, {{ip(12, 1, 1, 1), 24}}), veth("eth1", 3)}};
    control::Router router{"/nonexistent-config-dir", links};
    control::Dispatcher dispatcher{router};
    control::Session s;
    BoxWithAddress() {
        s.trusted = true;
        router.add_session(s);
        dispatcher.line(s, "enable");
        dispatcher.line(s, "configure terminal");
    }
    ~BoxWithAddress() { router.remove_session(s.id); }
    std::string run(const std::string& line) { return dispatcher.line(s, line).output; }
};

}  // namespace

TEST_CASE("an address overlapping the box's own address on another interface is refused with IOS's words") {
    BoxWithAddress box;
    box.run("interface GigabitEthernet0/1");
    CHECK(box.run("ip address 12.1.1.1 255.255.255.0") == "% 12.1.1.0 overlaps with GigabitEthernet0/0\n");
    CHECK(box.run("ip address 12.1.0.1 255.255.0.0") == "% 12.1.0.0 overlaps with GigabitEthernet0/0\n");
    CHECK_FALSE(box.router.config.interfaces.begin()->second.address);
    CHECK(box.run("ip address 12.1.2.1 255.255.255.0") == "");
    // The interface that holds it may take it (or another in its subnet).
    box.run("interface GigabitEthernet0/0");
    CHECK(box.run("ip address 12.1.1.2 255.255.255.0") == "");
}

TEST_CASE("only what the box held counts, and only while it still holds it") {
    BoxWithAddress box;
    // As routerd's interface sync would have put Gi0/1's configured address on eth1: moving it
    // to Gi0/0 in one paste, before the sync takes it off, is no overlap.
    box.run("interface GigabitEthernet0/1");
    box.run("ip address 10.0.0.1 255.255.255.0");
    REQUIRE_FALSE(box.links.add_address("eth1", {ip(10, 0, 0, 1), 24}));
    box.run("no ip address");
    box.run("interface GigabitEthernet0/0");
    CHECK(box.run("ip address 10.0.0.1 255.255.255.0") == "");
    // Taken off the link, the box's address no longer stands in the way.
    REQUIRE_FALSE(box.links.remove_address("eth0", {ip(12, 1, 1, 1), 24}));
    box.run("interface GigabitEthernet0/1");
    CHECK(box.run("ip address 12.1.1.5 255.255.255.0") == "");
}
