// `show crypto ipsec sa` through the dispatcher, over an IPsec engine on the fake dataplane:
// what a flow shows comes from the pair negotiated for it, not from the configuration.
#include <catch.hpp>

#include "tests/support/dispatcher_cli.hpp"

using namespace routerd;

namespace {

// With an IPsec engine on the fake dataplane.
struct Cli : test::DispatcherCli {
    platform::FakeDataplane dp;
    Cli() {
        router.ipsec = std::make_unique<ipsec::IpsecEngine>(
            dp, ipsec::IpsecHooks{[](const std::string&, const policy::Selector&) {},
                                  [](std::uint32_t) { return std::optional<std::uint32_t>(0xc0a80101); }, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr});
    }
    ~Cli() { router.ipsec.reset(); }  // before the dataplane it uses
    void configure(const std::string& lines) {
        run("configure terminal");
        std::size_t at = 0;
        while (at < lines.size()) {
            auto nl = lines.find('\n', at);
            auto out = run(lines.substr(at, nl - at));
            INFO(lines.substr(at, nl - at));
            CHECK(out.find("% Invalid") == std::string::npos);
            CHECK(out.find("% Incomplete") == std::string::npos);
            at = nl + 1;
        }
        run("end");
    }
    // A pair as IKE hands it over, for entry `entry` and its first ACL line.
    handoff::ChildSa pair(const std::string& entry, std::uint32_t peer, std::optional<int> pfs, policy::Selector selector) {
        handoff::ChildSa c;
        c.entry_key = entry;
        c.local = 0xc0a80101;
        c.peer = peer;
        c.selector = selector;
        c.transform = *policy::describe(router.config.crypto.transform_sets.at("TS"));
        c.spi_in = 0x1000 + peer % 256;
        c.spi_out = 0x2000 + peer % 256;
        c.encryption_key_in = c.encryption_key_out = std::vector<std::uint8_t>(16, 1);
        c.authentication_key_in = c.authentication_key_out = std::vector<std::uint8_t>(20, 2);
        c.pfs_group = pfs;
        return c;
    }
};

const char* kConfig =
    "crypto isakmp policy 10\n encr aes\n authentication pre-share\n group 14\n"
    "crypto isakmp key k address 0.0.0.0 0.0.0.0\n"
    "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
    "access-list 101 permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255\n"
    "crypto dynamic-map DYN 10\n set transform-set TS\n"
    "crypto map CMAP 10 ipsec-isakmp\n set peer 192.168.1.2\n set transform-set TS\n match address 101\n"
    "crypto map CMAP 65535 ipsec-isakmp dynamic DYN\n"
    "interface GigabitEthernet0/0\n ip address 192.168.1.1 255.255.255.0\n crypto map CMAP\n";

}  // namespace

TEST_CASE("show crypto ipsec sa: PFS and its group are what the pair negotiated") {
    Cli cli;
    cli.configure(kConfig);
    // No pair yet: the static entry's own setting (none).
    auto before = cli.run("show crypto ipsec sa");
    CHECK(before.find("PFS (Y/N): N, DH group: none") != std::string::npos);
    CHECK(before.find("PFS (Y/N): Y") == std::string::npos);

    // A static-map responder that accepted the peer's group 5, though its entry sets no PFS.
    auto pol = cli.router.policy();
    const auto* entry = pol->find("map CMAP 10");
    REQUIRE(entry);
    cli.router.ipsec->install(cli.pair("map CMAP 10", 0xc0a80102, 5, entry->selectors.at(0)));
    // A spoke through the dynamic map, with group 14: the `crypto map CMAP 65535 ... dynamic`
    // pointer entry has no PFS setting at all.
    policy::Selector spoke{0x0a010000, 0xffff0000, 0x0a090000, 0xffff0000, 0, 0, 0xffff, 0, 0xffff, false, 0};
    cli.router.ipsec->install(cli.pair("dynamic DYN 10", 0xc0a80109, 14, spoke));
    auto shown = cli.run("show crypto ipsec sa");
    INFO(shown);
    auto static_flow = shown.find("current_peer 192.168.1.2");
    auto dynamic_flow = shown.find("current_peer 192.168.1.9");
    REQUIRE(static_flow != std::string::npos);
    REQUIRE(dynamic_flow != std::string::npos);
    auto pfs_after = [&](std::size_t from) {
        auto at = shown.find("PFS (Y/N):", from);
        return shown.substr(at, shown.find('\n', at) - at);
    };
    CHECK(pfs_after(static_flow) == "PFS (Y/N): Y, DH group: group5");
    CHECK(pfs_after(dynamic_flow) == "PFS (Y/N): Y, DH group: group14");
}

namespace {

// Two spokes of the dynamic map, A (192.168.1.9, behind it 10.9.0.0/16) and B (192.168.1.10,
// 10.10.0.0/16), a pair each (SPIs 0x1009/0x2009, 0x100a/0x200a), then A's rekey: a second pair of
// A's flow (0x3009/0x4009), its outbound SA held when `held` (an IKEv2 rekey we answered).
const std::uint32_t kSpokeA = 0xc0a80109, kSpokeB = 0xc0a8010a;
void two_spokes_and_a_renewal(Cli& cli, bool held) {
    cli.configure(kConfig);
    policy::Selector to_a{0x0a010000, 0xffff0000, 0x0a090000, 0xffff0000, 0, 0, 0xffff, 0, 0xffff, false, 0};
    policy::Selector to_b{0x0a010000, 0xffff0000, 0x0a0a0000, 0xffff0000, 0, 0, 0xffff, 0, 0xffff, false, 0};
    cli.router.ipsec->install(cli.pair("dynamic DYN 10", kSpokeA, std::nullopt, to_a));
    cli.router.ipsec->install(cli.pair("dynamic DYN 10", kSpokeB, std::nullopt, to_b));
    auto renewed = cli.pair("dynamic DYN 10", kSpokeA, std::nullopt, to_a);
    renewed.spi_in = 0x3009;
    renewed.spi_out = 0x4009;
    renewed.outbound_held = held;
    cli.router.ipsec->install(renewed);
}

}  // namespace

TEST_CASE("show crypto ipsec sa: a dynamic map's spokes are a flow each, a renewed spoke's pairs in one flow, oldest first, counted together") {
    Cli cli;
    const std::uint32_t a = kSpokeA, b = kSpokeB;
    two_spokes_and_a_renewal(cli, false);
    cli.dp.counter_values[{a, 0x2009}] = platform::SaCounters{5, 500, 0, 0, 0, 64};
    cli.dp.counter_values[{a, 0x4009}] = platform::SaCounters{7, 700, 0, 0, 0, 64};
    cli.dp.counter_values[{b, 0x200a}] = platform::SaCounters{3, 300, 0, 0, 0, 64};
    auto dumps = cli.dp.dumps;
    auto shown = cli.run("show crypto ipsec sa");
    INFO(shown);
    CHECK(cli.dp.dumps == dumps + 1);  // the kernel's counters read once for the whole show
    auto count = [&](const std::string& s) {
        std::size_t n = 0;
        for (auto at = shown.find(s); at != std::string::npos; at = shown.find(s, at + 1)) ++n;
        return n;
    };
    CHECK(count("current_peer 192.168.1.9 ") == 1);
    CHECK(count("current_peer 192.168.1.10 ") == 1);
    auto flow_a = shown.find("current_peer 192.168.1.9 "), flow_b = shown.find("current_peer 192.168.1.10 ");
    REQUIRE(flow_a != std::string::npos);
    REQUIRE(flow_b != std::string::npos);
    REQUIRE(flow_a < flow_b);  // the order the spokes' first pairs came in
    auto a_text = shown.substr(flow_a, flow_b - flow_a), b_text = shown.substr(flow_b);
    CHECK(a_text.find("#pkts encaps: 12,") != std::string::npos);  // both of A's pairs
    CHECK(b_text.find("#pkts encaps: 3,") != std::string::npos);
    auto old_spi = a_text.find("0x1009"), new_spi = a_text.find("0x3009");
    REQUIRE(old_spi != std::string::npos);
    REQUIRE(new_spi != std::string::npos);
    CHECK(old_spi < new_spi);
    CHECK(b_text.find("0x3009") == std::string::npos);
}

TEST_CASE("show crypto ipsec sa and session: a renewal whose outbound SA is held sends on the old pair, and says so") {
    Cli cli;
    const std::uint32_t a = kSpokeA, b = kSpokeB;
    // A's IKEv2 rekey, answered by us: the new inbound SA is in, its outbound one held.
    two_spokes_and_a_renewal(cli, true);
    cli.dp.counter_values[{a, 0x2009}] = platform::SaCounters{5, 500, 0, 0, 0, 64};
    cli.dp.counter_values[{b, 0x200a}] = platform::SaCounters{3, 300, 0, 0, 0, 64};
    auto shown = cli.run("show crypto ipsec sa");
    INFO(shown);
    auto flow_a = shown.find("current_peer 192.168.1.9 "), flow_b = shown.find("current_peer 192.168.1.10 ");
    REQUIRE(flow_a != std::string::npos);
    REQUIRE(flow_b != std::string::npos);
    auto a_text = shown.substr(flow_a, flow_b - flow_a);
    CHECK(a_text.find("current outbound spi: 0x2009(8201)") != std::string::npos);
    CHECK(a_text.find("spi: 0x3009(12297)") != std::string::npos);  // the new inbound SA is listed
    CHECK(a_text.find("0x4009") == std::string::npos);              // its outbound SA is not in the kernel
    // show crypto session: each peer's own counts and SAs (3 for A: two inbound, one outbound).
    auto session = cli.run("show crypto session detail");
    INFO(session);
    auto sa = session.find("Peer: 192.168.1.9 "), sb = session.find("Peer: 192.168.1.10 ");
    REQUIRE(sa != std::string::npos);
    REQUIRE(sb != std::string::npos);
    auto a_session = sa < sb ? session.substr(sa, sb - sa) : session.substr(sa);
    auto b_session = sa < sb ? session.substr(sb) : session.substr(sb, sa - sb);
    CHECK(a_session.find("Active SAs: 3,") != std::string::npos);
    CHECK(a_session.find("Outbound: #pkts enc'ed 5 ") != std::string::npos);
    CHECK(b_session.find("Active SAs: 2,") != std::string::npos);
    CHECK(b_session.find("Outbound: #pkts enc'ed 3 ") != std::string::npos);
    // Released: the flow sends on the new pair.
    cli.router.ipsec->release_outbound(a, 0x4009);
    shown = cli.run("show crypto ipsec sa");
    CHECK(shown.find("current outbound spi: 0x4009(16393)") != std::string::npos);
    CHECK(cli.run("show crypto session detail").find("Active SAs: 4,") != std::string::npos);
}
