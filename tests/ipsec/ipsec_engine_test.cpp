#include <catch.hpp>

#include <algorithm>
#include <climits>

#include "engine/ipsec/ipsec_engine.hpp"
#include "engine/show/show_access_lists.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;

namespace {

const std::string kConfig =
    "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
    "crypto ipsec transform-set GCM esp-gcm 256\n"
    "ip access-list extended VPN\n"
    " deny ip host 10.1.1.9 10.2.2.0 0.0.0.255\n"
    " permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
    "crypto map CMAP 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n match address VPN\n"
    "crypto map CMAP 20 ipsec-isakmp\n set peer 203.0.113.3\n set transform-set GCM\n match address VPN\n";

// The id of the first policy of a direction: a bypass, or one protecting traffic to `destination`.
std::uint64_t policy_id(const platform::FakeDataplane& dp, platform::PolicyDirection dir, bool bypass, std::uint32_t destination) {
    for (const auto& [id, p] : dp.policies)
        if (p.direction == dir && p.bypass == bypass && (bypass || p.tunnel_destination == destination)) return id;
    return 0;
}

struct Fixture {
    platform::FakeDataplane dp;
    std::vector<std::pair<std::string, policy::Selector>> initiated;
    std::vector<handoff::ChildSa> removed;  // pairs the peer is told about
    ipsec::IpsecEngine engine;
    Fixture()
        : engine(dp, ipsec::IpsecHooks{[this](const std::string& e, const policy::Selector& s) { initiated.emplace_back(e, s); },
                                       [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); }, nullptr,
                                       [this](const handoff::ChildSa& sa) { removed.push_back(sa); }, nullptr, nullptr, nullptr,
                                       nullptr}) {}
    std::uint64_t policy_id(platform::PolicyDirection dir, bool bypass, std::uint32_t destination) {
        return ::policy_id(dp, dir, bypass, destination);
    }
};

}  // namespace

TEST_CASE("crypto maps applied to an interface become policies: permit protects, deny bypasses, in order") {
    Fixture f;
    f.engine.reconcile(*policy::compile(test::configure(kConfig)));
    CHECK(f.dp.policies.empty());  // not applied to any interface yet
    f.engine.reconcile(*policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n")));
    REQUIRE(f.dp.policies.size() == 12);  // 2 entries x 2 ACL lines x out/in/fwd
    std::uint32_t deny_priority = UINT32_MAX, permit_priority = 0, second_entry = 0;
    for (const auto& [id, p] : f.dp.policies) {
        if (p.direction != platform::PolicyDirection::Out) continue;
        if (p.bypass) deny_priority = std::min(deny_priority, p.priority);
        if (!p.bypass && p.tunnel_destination == 0xcb007102) permit_priority = p.priority;
        if (!p.bypass && p.tunnel_destination == 0xcb007103) second_entry = p.priority;
    }
    REQUIRE(permit_priority != 0);
    CHECK(deny_priority < permit_priority);   // the deny line is consulted first
    CHECK(permit_priority < second_entry);    // entry 10 before entry 20
    auto in = f.dp.policies.at(f.policy_id(platform::PolicyDirection::In, false, 0xcb007101));
    CHECK(in.selector.source == 0x0a020200);  // inbound: the remote network is the source
    CHECK(in.tunnel_source == 0xcb007102);
    // Taking the map off the interface removes exactly those policies.
    f.engine.reconcile(*policy::compile(test::configure(kConfig)));
    CHECK(f.dp.policies.empty());
}

TEST_CASE("an ACQUIRE starts one negotiation of the ACL line; negotiated pairs are installed and cleared") {
    Fixture f;
    f.engine.reconcile(*policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n")));
    auto out = f.policy_id(platform::PolicyDirection::Out, false, 0xcb007102);
    REQUIRE(out);
    f.dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    f.dp.on_acquire(platform::Acquire{out, {0x0a010106, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    REQUIRE(f.initiated.size() == 1);  // the second packet waits for the same negotiation
    CHECK(f.initiated[0].first == "map CMAP 10");
    CHECK(f.initiated[0].second.source_mask == 0xffffff00);  // the ACL line, not the packet
    f.dp.on_acquire(platform::Acquire{f.policy_id(platform::PolicyDirection::Out, true, 0), {}});
    CHECK(f.initiated.size() == 1);  // bypass policies never acquire
    // IKE says the negotiation failed: the next ACQUIRE starts another at once, as on IOS.
    f.engine.negotiation_failed(f.initiated[0].first, f.initiated[0].second);
    f.dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    REQUIRE(f.initiated.size() == 2);
    CHECK(f.initiated[1] == f.initiated[0]);
    f.dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    CHECK(f.initiated.size() == 2);  // and that one is held again

    auto pol = policy::compile(test::configure(kConfig));
    handoff::ChildSa sa;
    sa.entry_key = "map CMAP 20";
    sa.local = 0xcb007101;
    sa.peer = 0xcb007103;
    sa.selector = f.initiated[0].second;
    sa.transform = pol->find("map CMAP 20")->transforms.at(0);
    sa.spi_in = 0x1111;
    sa.spi_out = 0x2222;
    sa.encryption_key_in = std::vector<std::uint8_t>(36, 1);
    sa.encryption_key_out = std::vector<std::uint8_t>(36, 2);
    sa.lifetime_seconds = 3600;
    sa.lifetime_kilobytes = 4608000;
    f.engine.install(sa);
    REQUIRE(f.dp.sas.size() == 2);
    const auto& in = f.dp.sas.at({0xcb007101, 0x1111});
    const auto& outbound = f.dp.sas.at({0xcb007103, 0x2222});
    CHECK(in.cipher == "rfc4106(gcm(aes))");
    CHECK(in.icv_bits == 128);
    CHECK(in.cipher_key == std::vector<std::uint8_t>(36, 1));
    CHECK(outbound.cipher_key == std::vector<std::uint8_t>(36, 2));
    CHECK(outbound.source == 0xcb007101);
    CHECK(outbound.hard_seconds == 3600);
    CHECK(outbound.soft_seconds < 3600);
    CHECK(outbound.hard_bytes == 4608000ull * 1024);
    CHECK(in.reqid == outbound.reqid);
    CHECK(f.engine.clear(std::nullopt, std::string("OTHER")).empty());
    CHECK(f.engine.clear(0xcb007109, std::nullopt).empty());
    CHECK(f.dp.sas.size() == 2);
    f.engine.peer_down(0xcb007103);
    CHECK(f.dp.sas.empty());
    CHECK(f.engine.pairs().empty());

    // `clear crypto sa map CMAP` removes the pair and hands it back for IKE's Delete.
    f.engine.install(sa);
    REQUIRE(f.dp.sas.size() == 2);
    auto cleared = f.engine.clear(std::nullopt, std::string("CMAP"));
    REQUIRE(cleared.size() == 1);
    CHECK(cleared[0].spi_in == 0x1111);
    CHECK(f.dp.sas.empty());
    // A Delete from the peer names our outbound SPI; another SPI leaves the pair alone.
    f.engine.install(sa);
    f.engine.peer_deleted(0xcb007103, 0x1111);
    CHECK(f.dp.sas.size() == 2);
    f.engine.peer_deleted(0xcb007103, 0x2222);
    CHECK(f.dp.sas.empty());
    CHECK(f.engine.pairs().empty());
}

TEST_CASE("a dynamic map gets policies for each accepted peer, for as long as its pairs live") {
    Fixture f;
    const std::string config = kConfig +
                               "crypto dynamic-map DYN 10\n set transform-set TS\n"
                               "crypto map CMAP 65535 ipsec-isakmp dynamic DYN\n"
                               "interface GigabitEthernet0/0\n crypto map CMAP\n";
    auto pol = policy::compile(test::configure(config));
    f.engine.reconcile(*pol);
    auto static_policies = f.dp.policies.size();
    REQUIRE(static_policies == 12);  // two entries, two ACL lines, three directions

    handoff::ChildSa sa;
    sa.entry_key = "dynamic DYN 10";
    sa.local = 0xcb007101;
    sa.peer = 0xc6336407;  // a spoke no crypto map names
    sa.selector = policy::Selector{0x0a010100, 0xffffff00, 0x0a090900, 0xffffff00, 0, 0, 0xffff, 0, 0xffff, false, 0};
    sa.transform = pol->find("dynamic DYN 10")->transforms.at(0);
    sa.spi_in = 0x3333;
    sa.spi_out = 0x4444;
    sa.encryption_key_in = sa.encryption_key_out = std::vector<std::uint8_t>(32, 7);
    sa.authentication_key_in = sa.authentication_key_out = std::vector<std::uint8_t>(32, 8);
    f.engine.install(sa);
    REQUIRE(f.dp.policies.size() == static_policies + 3);
    auto out = f.policy_id(platform::PolicyDirection::Out, false, 0xc6336407);
    REQUIRE(out);
    const auto& p = f.dp.policies.at(out);
    CHECK(p.selector.source == 0x0a010100);
    CHECK(p.selector.destination == 0x0a090900);
    CHECK(p.tunnel_source == 0xcb007101);
    // Static entries come first, whatever their sequence numbers.
    std::uint64_t in = 0;
    for (const auto& [id, q] : f.dp.policies) {
        bool spoke = q.tunnel_destination == 0xc6336407 || q.tunnel_source == 0xc6336407;
        if (!spoke) CHECK(q.priority < p.priority);
        if (spoke && q.direction == platform::PolicyDirection::In) in = id;
    }
    REQUIRE(in);
    CHECK(f.dp.policies.at(in).selector.source == 0x0a090900);
    CHECK(f.dp.policies.at(in).tunnel_source == 0xc6336407);

    // Reconciling the configuration leaves the peer's policies alone.
    f.engine.reconcile(*pol);
    CHECK(f.dp.policies.size() == static_policies + 3);
    // A rekeyed pair shares them; they go with the last pair.
    auto rekeyed = sa;
    rekeyed.spi_in = 0x5555;
    rekeyed.spi_out = 0x6666;
    f.engine.install(rekeyed);
    CHECK(f.dp.policies.size() == static_policies + 3);
    f.engine.peer_deleted(0xc6336407, 0x4444);
    CHECK(f.dp.policies.size() == static_policies + 3);
    CHECK(f.engine.clear(0xc6336407, std::nullopt).size() == 1);
    CHECK(f.dp.policies.size() == static_policies);
    CHECK(f.dp.sas.empty());
}

TEST_CASE("each permit line of an entry has its own reqid, so the kernel keeps a pair per line as IOS does") {
    Fixture f;
    f.engine.reconcile(*policy::compile(test::configure(
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
        "access-list 101 permit ip host 1.1.1.1 host 2.2.2.2\n"
        "access-list 101 permit ip host 1.1.1.2 host 2.2.2.2\n"
        "crypto map CMAP 10 ipsec-isakmp\n set peer 10.0.0.2\n set transform-set TS\n match address 101\n"
        "interface GigabitEthernet0/0\n crypto map CMAP\n")));
    std::map<std::uint32_t, std::uint32_t> reqid_by_source;  // outbound policies
    for (const auto& [id, p] : f.dp.policies)
        if (p.direction == platform::PolicyDirection::Out) reqid_by_source[p.selector.source] = p.reqid;
    REQUIRE(reqid_by_source.size() == 2);
    CHECK(reqid_by_source.at(0x01010101) != reqid_by_source.at(0x01010102));
    // A pair negotiated for the second line is installed under that line's reqid.
    auto pol = policy::compile(test::configure("crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"));
    handoff::ChildSa sa;
    sa.entry_key = "map CMAP 10";
    sa.local = 0xcb007101;
    sa.peer = 0x0a000002;
    sa.selector = policy::Selector{0x01010102, 0xffffffff, 0x02020202, 0xffffffff, 0, 0, 0xffff, 0, 0xffff, false, 0};
    sa.spi_in = 0x7777;
    sa.spi_out = 0x8888;
    sa.encryption_key_in = sa.encryption_key_out = std::vector<std::uint8_t>(32, 7);
    sa.authentication_key_in = sa.authentication_key_out = std::vector<std::uint8_t>(32, 8);
    f.engine.install(sa);
    REQUIRE(f.dp.sas.count({0x0a000002, 0x8888}));
    CHECK(f.dp.sas.at({0x0a000002, 0x8888}).reqid == reqid_by_source.at(0x01010102));
}

TEST_CASE("a transport-mode set gets transport templates only for traffic between the peers") {
    Fixture f;  // our address toward any peer is 203.0.113.1
    f.engine.reconcile(*policy::compile(test::configure(
        "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n mode transport\n"
        "access-list 101 permit gre host 203.0.113.1 host 203.0.113.2\n"
        "access-list 101 permit ip host 1.1.1.1 host 2.2.2.2\n"
        "crypto map CMAP 10 ipsec-isakmp\n set peer 203.0.113.2\n set transform-set TS\n match address 101\n"
        "interface GigabitEthernet0/0\n crypto map CMAP\n")));
    std::map<std::uint32_t, bool> tunnel_by_source;  // outbound policies
    for (const auto& [id, p] : f.dp.policies)
        if (p.direction == platform::PolicyDirection::Out) tunnel_by_source[p.selector.source] = p.tunnel;
    REQUIRE(tunnel_by_source.size() == 2);
    CHECK_FALSE(tunnel_by_source.at(0xcb007101));  // GRE between the peers: transport
    CHECK(tunnel_by_source.at(0x01010101));        // loopbacks behind them: tunnel
}

namespace {

handoff::ChildSa pair_of(const policy::PolicySet& pol, const policy::Selector& sel, std::uint32_t spi_in, std::uint32_t spi_out) {
    handoff::ChildSa sa;
    sa.entry_key = "map CMAP 10";
    sa.local = 0xcb007101;
    sa.peer = 0xcb007102;
    sa.selector = sel;
    sa.transform = pol.find("map CMAP 10")->transforms.at(0);
    sa.spi_in = spi_in;
    sa.spi_out = spi_out;
    sa.lifetime_seconds = 120;
    return sa;
}

}  // namespace

TEST_CASE("a pair the peer deletes after a renewal keeps its counts in the flow's; a flow deleted outright starts afresh") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);
    f.engine.install(pair_of(*pol, sel, 0x1111, 0x2222));
    f.dp.counter_values[{0xcb007102, 0x2222}] = {106, 10600, 0, 0};
    f.dp.counter_values[{0xcb007101, 0x1111}] = {106, 10600, 0, 0};
    f.engine.install(pair_of(*pol, sel, 0x3333, 0x4444));  // the renewal
    f.dp.counter_values[{0xcb007102, 0x4444}] = {24, 2400, 0, 0};
    f.dp.counter_values[{0xcb007101, 0x3333}] = {24, 2400, 0, 0};
    // The peer's lifetime for the old pair ends first (Libreswan): its Delete comes.
    f.engine.peer_deleted(0xcb007102, 0x2222);
    REQUIRE(f.engine.pairs().size() == 1);
    auto c = f.engine.flow_counters(f.engine.pairs()[0].sa);
    CHECK(c.encaps == 130);
    CHECK(c.decaps == 130);
    // The same when the kernel expired our side of the old pair a moment before the peer's Delete
    // came, its EXPIRE still on the way: the counts come with the EXPIRE.
    f.engine.install(pair_of(*pol, sel, 0x7777, 0x8888));  // another renewal
    f.dp.counter_values[{0xcb007102, 0x8888}] = {0, 0, 0, 0};
    f.dp.counter_values.erase({0xcb007101, 0x3333});  // gone from the kernel already
    f.dp.sas.erase({0xcb007101, 0x3333});
    f.engine.peer_deleted(0xcb007102, 0x4444);
    f.dp.on_expire(platform::Expire{0xcb007101, 0x3333, true, {24, 2400, 0, 0}});
    REQUIRE(f.engine.pairs().size() == 1);
    c = f.engine.flow_counters(f.engine.pairs()[0].sa);
    CHECK(c.encaps == 130);
    CHECK(c.decaps == 130);
    // The peer deletes the last pair (its `clear crypto sa`): the flow is gone; a new pair
    // counts from zero.
    f.engine.peer_deleted(0xcb007102, 0x8888);
    CHECK(f.engine.pairs().empty());
    f.engine.install(pair_of(*pol, sel, 0x5555, 0x6666));
    CHECK(f.engine.flow_counters(f.engine.pairs()[0].sa).encaps == 0);
}

TEST_CASE("the kernel's soft expire renews a flow once; its hard expire removes the pair and keeps its counts") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);
    REQUIRE(!sel.bypass);
    f.engine.install(pair_of(*pol, sel, 0x1111, 0x2222));
    f.dp.counter_values[{0xcb007102, 0x2222}] = {7, 700, 0, 0};
    f.dp.counter_values[{0xcb007101, 0x1111}] = {6, 600, 0, 0};

    // Soft limit on the outbound SA: one negotiation of that ACL line, even if the inbound
    // SA's soft limit follows.
    f.dp.on_expire(platform::Expire{0xcb007102, 0x2222, false, {}});
    f.dp.on_expire(platform::Expire{0xcb007101, 0x1111, false, {}});
    REQUIRE(f.initiated.size() == 1);
    CHECK(f.initiated[0].first == "map CMAP 10");
    CHECK(f.initiated[0].second == sel);

    // The new pair arrives; a soft limit on the old one now asks for nothing.
    f.engine.install(pair_of(*pol, sel, 0x3333, 0x4444));
    f.dp.on_expire(platform::Expire{0xcb007102, 0x2222, false, {}});
    CHECK(f.initiated.size() == 1);
    f.dp.counter_values[{0xcb007102, 0x4444}] = {2, 200, 0, 0};
    auto both = f.engine.flow_counters(f.engine.pairs().back().sa);
    CHECK(both.encaps == 9);
    CHECK(both.decaps == 6);

    // Hard limit: the kernel removed the outbound SA; the pair goes, the other SA with it,
    // and what the old pair carried still counts for the flow.
    f.dp.sas.erase({0xcb007102, 0x2222});
    f.dp.counter_values.erase({0xcb007102, 0x2222});
    // The EXPIRE comes after the kernel dropped the SA and carries its last counts.
    CHECK(f.removed.empty());
    f.dp.on_expire(platform::Expire{0xcb007102, 0x2222, true, {8, 800, 0, 0}});
    REQUIRE(f.engine.pairs().size() == 1);
    // The peer is told (a peer keeping the SA longer would hold its half until then).
    REQUIRE(f.removed.size() == 1);
    CHECK(f.removed[0].spi_in == 0x1111);
    CHECK(f.engine.pairs()[0].sa.spi_in == 0x3333);
    CHECK(f.dp.sas.count({0xcb007101, 0x1111}) == 0);
    CHECK(f.dp.sas.count({0xcb007101, 0x3333}) == 1);
    auto after = f.engine.flow_counters(f.engine.pairs()[0].sa);
    CHECK(after.decaps == 6);   // the old inbound SA's 6, read as it was removed
    CHECK(after.encaps == 10);  // the old outbound SA's last 8 (from the EXPIRE) and the new one's 2
    // An EXPIRE for an SA that is not ours changes nothing.
    f.dp.on_expire(platform::Expire{0xcb007109, 0x9999, true, {}});
    CHECK(f.engine.pairs().size() == 1);
    // Both SAs of a pair expiring in the same tick: when the first EXPIRE comes the sibling is
    // gone already, and its counts arrive with its own EXPIRE.
    f.engine.install(pair_of(*pol, sel, 0x7777, 0x8888));
    f.dp.sas.erase({0xcb007101, 0x3333});
    f.dp.sas.erase({0xcb007102, 0x4444});
    f.dp.counter_values.erase({0xcb007102, 0x4444});
    f.dp.on_expire(platform::Expire{0xcb007101, 0x3333, true, {5, 500, 0, 0}});
    CHECK(f.engine.pairs().size() == 1);
    f.dp.on_expire(platform::Expire{0xcb007102, 0x4444, true, {3, 300, 0, 0}});
    auto both_gone = f.engine.flow_counters(f.engine.pairs()[0].sa);
    CHECK(both_gone.decaps == 6 + 5);
    CHECK(both_gone.encaps == 8 + 3);
    // `clear crypto sa` starts the flow's counts afresh.
    f.engine.clear(std::nullopt, std::nullopt);
    f.engine.install(pair_of(*pol, sel, 0x5555, 0x6666));
    CHECK(f.engine.flow_counters(f.engine.pairs()[0].sa).decaps == 0);
}

TEST_CASE("a responder's inbound SA goes in before QM3, once, and the pair completes it") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    auto sa = pair_of(*pol, pol->find("map CMAP 10")->selectors.at(1), 0x1111, 0x2222);
    f.engine.install_inbound(sa);
    REQUIRE(f.dp.sas.size() == 1);
    CHECK(f.dp.sas.count({0xcb007101, 0x1111}) == 1);
    CHECK(f.engine.pairs().empty());
    f.engine.install(sa);
    CHECK(f.dp.sas.size() == 2);
    REQUIRE(f.engine.pairs().size() == 1);
    CHECK(f.dp.sas.at({0xcb007101, 0x1111}).reqid == f.dp.sas.at({0xcb007102, 0x2222}).reqid);
}

TEST_CASE("a responder's inbound SA whose Quick Mode ended without QM3 leaves the kernel; a completed pair's stays") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);
    auto first = pair_of(*pol, sel, 0x1111, 0x2222);
    f.engine.install_inbound(first);
    f.engine.install(first);
    // The renewal: QM2 sent, the new inbound SA in, and then the Quick Mode dies (its IKE SA
    // dropped by INITIAL-CONTACT, or QM2's retransmissions ran out).
    auto renewal = pair_of(*pol, sel, 0x3333, 0x4444);
    f.engine.install_inbound(renewal);
    REQUIRE(f.dp.sas.size() == 3);
    f.engine.abandon_inbound(0xcb007101, 0x3333);
    CHECK(f.dp.sas.size() == 2);
    CHECK(f.dp.sas.count({0xcb007101, 0x3333}) == 0);
    // The pair's own inbound SA is not an early one any more: it stays with its pair.
    f.engine.abandon_inbound(0xcb007101, 0x1111);
    CHECK(f.dp.sas.size() == 2);
    REQUIRE(f.engine.pairs().size() == 1);
    CHECK(f.removed.empty());  // the peer is told nothing: it never had that SA as a pair
    // Told twice (the IKE SA going after the Quick Mode did), nothing more happens.
    f.engine.abandon_inbound(0xcb007101, 0x3333);
    CHECK(f.dp.sas.size() == 2);
}

TEST_CASE("a pair with its outbound SA held sends on the old pair until released; removed held, nothing is left") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);
    f.engine.install(pair_of(*pol, sel, 0x1111, 0x2222));
    // The peer's IKEv2 rekey of it, answered: only the new inbound SA goes in (RFC 7296 2.8).
    auto renewal = pair_of(*pol, sel, 0x3333, 0x4444);
    renewal.outbound_held = true;
    f.engine.install(renewal);
    REQUIRE(f.engine.pairs().size() == 2);
    CHECK(f.engine.pairs()[1].sa.outbound_held);
    CHECK(f.dp.sas.count({0xcb007101, 0x3333}) == 1);
    CHECK(f.dp.sas.count({0xcb007102, 0x4444}) == 0);
    CHECK(f.dp.sas.count({0xcb007102, 0x2222}) == 1);  // the old pair still sends
    // Released (the peer deleted the old pair): the outbound SA goes in, with the pair's reqid.
    f.engine.release_outbound(0xcb007102, 0x4444);
    REQUIRE(f.dp.sas.count({0xcb007102, 0x4444}) == 1);
    CHECK(f.dp.sas.at({0xcb007102, 0x4444}).reqid == f.dp.sas.at({0xcb007101, 0x3333}).reqid);
    CHECK_FALSE(f.engine.pairs()[1].sa.outbound_held);
    f.engine.release_outbound(0xcb007102, 0x4444);  // twice: nothing more
    CHECK(f.dp.sas.size() == 4);
    // A held pair that goes before its release (the IKE SA deleted): its inbound SA leaves, and
    // the outbound one that never went in is not counted as an SA whose EXPIRE is to come.
    auto held = pair_of(*pol, sel, 0x5555, 0x6666);
    held.outbound_held = true;
    f.engine.install(held);
    CHECK(f.dp.sas.size() == 5);
    f.engine.peer_deleted(0xcb007102, 0x6666);
    CHECK(f.dp.sas.size() == 4);
    CHECK(f.dp.sas.count({0xcb007101, 0x5555}) == 0);
    CHECK(f.engine.pairs().size() == 2);
    // An outbound SA the kernel refuses at its release: the whole pair is taken out, said, and
    // handed back for the peer's Delete.
    auto refused = pair_of(*pol, sel, 0x7777, 0x8888);
    refused.outbound_held = true;
    f.engine.install(refused);
    f.dp.refuse_sa = [](const platform::SaSpec& sa) { return sa.spi == 0x8888 ? std::optional<std::string>("No space left") : std::nullopt; };
    f.engine.release_outbound(0xcb007102, 0x8888);
    CHECK(f.dp.sas.count({0xcb007101, 0x7777}) == 0);
    CHECK(f.engine.pairs().size() == 2);
    REQUIRE(f.removed.size() == 1);
    CHECK(f.removed[0].spi_out == 0x8888);
}

TEST_CASE("a VTI gets any-to-any policies marked with its if_id, asks for its pair at once, and drops it when shut") {
    const std::string vti =
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
        "crypto ipsec profile VTI\n set transform-set TS\n"
        "interface Tunnel4\n ip address 172.16.0.1 255.255.255.252\n tunnel source GigabitEthernet0/0\n"
        " tunnel destination 203.0.113.2\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile VTI\n";
    platform::FakeDataplane dp;
    std::vector<std::pair<std::string, policy::Selector>> initiated;
    std::vector<handoff::ChildSa> told;
    ipsec::IpsecEngine engine(dp, {[&](const std::string& e, const policy::Selector& s) { initiated.emplace_back(e, s); },
                                   [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); }, nullptr,
                                   [&](const handoff::ChildSa& sa) { told.push_back(sa); }, nullptr, nullptr, nullptr, nullptr});
    auto pol = policy::compile(test::configure(vti));
    engine.reconcile(*pol);
    REQUIRE(dp.policies.size() == 3);
    for (const auto& [id, p] : dp.policies) {
        CHECK(p.if_id == 5);  // Tunnel4 -> if_id 5
        CHECK(p.selector.source_mask == 0);
        CHECK(p.selector.destination_mask == 0);
        CHECK(p.tunnel);
        CHECK((p.direction == platform::PolicyDirection::Out ? p.tunnel_destination : p.tunnel_source) == 0xcb007102);
    }
    // IOS brings a VTI up without traffic: one negotiation, any to any.
    REQUIRE(initiated.size() == 1);
    CHECK(initiated[0].first == "tunnel Tunnel4");
    CHECK(initiated[0].second == policy::Selector{});
    engine.reconcile(*pol);
    CHECK(initiated.size() == 1);  // still negotiating: not asked twice
    engine.retry_tunnels();
    CHECK(initiated.size() == 1);
    // The negotiation failed (the peer was not ready): the next retry asks again, as IOS keeps
    // trying to bring a protected tunnel up.
    engine.negotiation_failed("tunnel Tunnel4", policy::Selector{});
    engine.retry_tunnels();
    REQUIRE(initiated.size() == 2);
    CHECK(initiated[1].first == "tunnel Tunnel4");
    engine.retry_tunnels();
    CHECK(initiated.size() == 2);

    handoff::ChildSa sa;
    sa.entry_key = "tunnel Tunnel4";
    sa.local = 0xcb007101;
    sa.peer = 0xcb007102;
    sa.transform = pol->find("tunnel Tunnel4")->transforms.at(0);
    sa.spi_in = 0x1111;
    sa.spi_out = 0x2222;
    engine.install(sa);
    REQUIRE(dp.sas.size() == 2);
    CHECK(dp.sas.at({0xcb007101, 0x1111}).if_id == 5);
    CHECK(dp.sas.at({0xcb007102, 0x2222}).if_id == 5);

    // `shutdown`: the policies and the pair leave the kernel, and IKE is told to delete it.
    engine.reconcile(*policy::compile(test::configure(vti + "interface Tunnel4\n shutdown\n")));
    CHECK(dp.policies.empty());
    CHECK(dp.sas.empty());
    REQUIRE(told.size() == 1);
    CHECK(told[0].spi_in == 0x1111);
    CHECK(initiated.size() == 2);
    engine.negotiation_failed("tunnel Tunnel4", policy::Selector{});
    engine.retry_tunnels();
    CHECK(initiated.size() == 2);  // a shut tunnel is not retried
}

TEST_CASE("reverse-route: a dynamic peer's network is routed through it while its pair lives; `static` always") {
    const std::string config =
        "crypto ipsec transform-set TS esp-aes esp-sha-hmac\n"
        "crypto dynamic-map DYN 10\n set transform-set TS\n reverse-route\n"
        "access-list 120 permit ip 10.9.0.0 0.0.255.255 172.16.0.0 0.0.255.255\n"
        "crypto map CMAP 10 ipsec-isakmp\n set peer 203.0.113.7\n set transform-set TS\n match address 120\n"
        " reverse-route static\n"
        "crypto map CMAP 65535 ipsec-isakmp dynamic DYN\n"
        "interface GigabitEthernet0/0\n crypto map CMAP\n";
    platform::FakeDataplane dp;
    std::vector<std::pair<platform::RouteSpec, bool>> routes;
    ipsec::IpsecHooks hooks;
    hooks.local_address_for = [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); };
    hooks.route = [&](const platform::RouteSpec& r, bool add) -> std::optional<std::string> {
        routes.emplace_back(r, add);
        return std::nullopt;
    };
    ipsec::IpsecEngine engine(dp, hooks);
    auto pol = policy::compile(test::configure(config));
    engine.reconcile(*pol);
    // `reverse-route static`: the ACL's remote network through the peer, with no SA at all.
    REQUIRE(routes.size() == 1);
    CHECK(routes[0].second);
    CHECK(routes[0].first.destination == platform::Ipv4Prefix{0xac100000, 16});
    CHECK(routes[0].first.gateway == std::optional<std::uint32_t>(0xcb007107));
    engine.reconcile(*pol);
    CHECK(routes.size() == 1);  // not added twice

    // A spoke accepted by the dynamic map: its network (the proxy it proposed) via the spoke.
    handoff::ChildSa sa;
    sa.entry_key = "dynamic DYN 10";
    sa.local = 0xcb007101;
    sa.peer = 0xcb007102;
    sa.selector = policy::Selector{0x0a010100, 0xffffff00, 0x0a020200, 0xffffff00, 0, 0, 0xffff, 0, 0xffff, false, 0};
    sa.transform = pol->find("dynamic DYN 10")->transforms.at(0);
    sa.spi_in = 0x1111;
    sa.spi_out = 0x2222;
    engine.install(sa);
    REQUIRE(routes.size() == 2);
    CHECK(routes[1].second);
    CHECK(routes[1].first.destination == platform::Ipv4Prefix{0x0a020200, 24});
    CHECK(routes[1].first.gateway == std::optional<std::uint32_t>(0xcb007102));
    // A rekeyed pair shares the route; the route goes with the last pair.
    auto rekeyed = sa;
    rekeyed.spi_in = 0x3333;
    rekeyed.spi_out = 0x4444;
    engine.install(rekeyed);
    CHECK(routes.size() == 2);
    engine.peer_deleted(0xcb007102, 0x2222);
    CHECK(routes.size() == 2);
    engine.peer_deleted(0xcb007102, 0x4444);
    REQUIRE(routes.size() == 3);
    CHECK_FALSE(routes[2].second);
    CHECK(routes[2].first.destination == platform::Ipv4Prefix{0x0a020200, 24});
    // The static entry leaves the config: its route goes.
    engine.reconcile(*policy::compile(test::configure(
        "crypto ipsec transform-set TS esp-aes esp-sha-hmac\ninterface GigabitEthernet0/0\n")));
    REQUIRE(routes.size() == 4);
    CHECK_FALSE(routes[3].second);
    CHECK(routes[3].first.destination == platform::Ipv4Prefix{0xac100000, 16});
}

TEST_CASE("while the peer negotiates a flow with us, our own traffic for it waits instead of negotiating again") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);
    auto sa = pair_of(*pol, sel, 0x1111, 0x2222);
    f.engine.install_inbound(sa);  // QM2 sent; QM3 not yet here
    auto out = f.policy_id(platform::PolicyDirection::Out, false, 0xcb007102);
    REQUIRE(out);
    f.dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    CHECK(f.initiated.empty());
    f.engine.install(sa);  // QM3: the pair is complete
    // An ACQUIRE the kernel sent before the pair went in, read after: stale, no second pair.
    f.dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    CHECK(f.initiated.empty());
    // The pair gone (the peer deleted it): the next ACQUIRE negotiates again.
    f.engine.peer_deleted(sa.peer, sa.spi_out);
    f.dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
    CHECK(f.initiated.size() == 1);
}

TEST_CASE("a crypto ACL's permit line counts what its SAs sent; deny lines have no kernel counter") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);  // VPN line 20, permit
    f.engine.install(pair_of(*pol, sel, 0x1111, 0x2222));
    f.dp.counter_values[{0xcb007102, 0x2222}] = {7, 700, 0, 0, 0};
    f.engine.install(pair_of(*pol, sel, 0x3333, 0x4444));  // a rekeyed pair of the same line
    f.dp.counter_values[{0xcb007102, 0x4444}] = {2, 200, 0, 0, 0};
    auto matches = f.engine.acl_matches();
    REQUIRE(matches.size() == 1);
    CHECK(matches.at({"VPN", 20}) == 9);
    CHECK(show::show_access_lists(test::configure(kConfig).access_lists, "VPN", matches) ==
          "Extended IP access list VPN\n"
          "    10 deny   ip host 10.1.1.9 10.2.2.0 0.0.0.255\n"
          "    20 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255 (9 matches)\n");
}

TEST_CASE("a dynamic VTI template gives each accepted peer its own Virtual-Access, if_id and policies") {
    platform::FakeDataplane dp;
    std::vector<std::tuple<std::string, std::uint32_t, bool>> made;
    ipsec::IpsecHooks hooks;
    hooks.local_address_for = [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); };
    hooks.virtual_access = [&](const std::string& name, std::uint32_t if_id, bool up) -> std::optional<std::string> {
        made.emplace_back(name, if_id, up);
        return std::nullopt;
    };
    ipsec::IpsecEngine engine(dp, hooks);
    const std::string hub =
        "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
        "crypto ipsec profile P1\n set transform-set TS\n"
        "crypto isakmp profile SPOKES\n match identity address 0.0.0.0\n virtual-template 1\n"
        "interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n"
        "interface Virtual-Template1 type tunnel\n ip unnumbered Loopback0\n tunnel mode ipsec ipv4\n"
        " tunnel protection ipsec profile P1\n";
    auto pol = policy::compile(test::configure(hub));
    const auto* tmpl = pol->find("vtemplate Virtual-Template1");
    REQUIRE(tmpl);
    CHECK(tmpl->complete);
    CHECK(tmpl->isakmp_profile == "SPOKES");
    engine.reconcile(*pol);
    CHECK(dp.policies.empty());  // a template has no policies of its own: it only answers
    auto spoke = [&](std::uint32_t peer, std::uint32_t spi) {
        handoff::ChildSa sa;
        sa.entry_key = "vtemplate Virtual-Template1";
        sa.local = 0xcb007101;
        sa.peer = peer;
        sa.transform = tmpl->transforms.at(0);
        sa.spi_in = spi;
        sa.spi_out = spi + 1;
        sa.encryption_key_in = sa.encryption_key_out = std::vector<std::uint8_t>(32, 7);
        sa.authentication_key_in = sa.authentication_key_out = std::vector<std::uint8_t>(32, 8);
        return sa;
    };
    auto a = spoke(0xc6336407, 0x1000), b = spoke(0xc6336408, 0x2000);
    engine.install_inbound(a);  // the responder's inbound SA comes before QM3
    engine.install(a);
    engine.install(b);
    REQUIRE(made.size() == 2);
    CHECK(made[0] == std::tuple<std::string, std::uint32_t, bool>{"Virtual-Access1", 0x80000001, true});
    CHECK(made[1] == std::tuple<std::string, std::uint32_t, bool>{"Virtual-Access2", 0x80000002, true});
    CHECK(engine.virtual_access_of(0xc6336408) == std::optional<std::string>("Virtual-Access2"));
    REQUIRE(dp.policies.size() == 6);  // out, in, fwd for each spoke
    for (const auto& [id, p] : dp.policies) {
        bool first = p.tunnel_destination == 0xc6336407 || p.tunnel_source == 0xc6336407;
        CHECK(p.if_id == (first ? 0x80000001u : 0x80000002u));
        CHECK(p.selector.source_mask == 0);  // any to any, the routing picks the interface
    }
    REQUIRE(dp.sas.size() == 4);
    for (const auto& [key, s] : dp.sas)
        CHECK(s.if_id == ((s.source == 0xc6336407 || s.destination == 0xc6336407) ? 0x80000001u : 0x80000002u));
    // The first spoke goes: its interface and policies with it; the next one reuses number 1.
    engine.peer_down(0xc6336407);
    CHECK(made.back() == std::tuple<std::string, std::uint32_t, bool>{"Virtual-Access1", 0x80000001, false});
    CHECK(dp.policies.size() == 3);
    engine.install(spoke(0xc6336409, 0x3000));
    CHECK(engine.virtual_access_of(0xc6336409) == std::optional<std::string>("Virtual-Access1"));
    // Without the template in the config, every Virtual-Access goes.
    engine.reconcile(*policy::compile(test::configure("interface Loopback0\n")));
    CHECK(dp.policies.empty());
    CHECK(std::get<2>(made.back()) == false);
}

// seeds-catalog F21: without a route to the peer the kernel cannot choose the tunnel's source,
// drops the traffic and raises no ACQUIRE, so IKE never starts. routerd says so, once.
TEST_CASE("an entry whose peer has no route is logged once, and again only after it had one") {
    platform::FakeDataplane dp;
    std::vector<std::string> log;
    bool routable = false;
    ipsec::IpsecHooks hooks;
    hooks.local_address_for = [&](std::uint32_t) { return routable ? std::optional<std::uint32_t>(0xcb007101) : std::nullopt; };
    hooks.log = [&](int, const std::string& l) { log.push_back(l); };
    ipsec::IpsecEngine engine(dp, hooks);
    auto applied = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    engine.reconcile(*applied);
    engine.reconcile(*applied);
    REQUIRE(log.size() == 2);  // one per entry, not per reconcile
    CHECK(log[0] == "%CRYPTO-4-NO_ROUTE_TO_PEER: crypto map CMAP 10: no route to peer 203.0.113.2; its traffic cannot start IKE "
                    "(the kernel finds no source address for the tunnel) until there is one");
    routable = true;
    engine.reconcile(*applied);
    CHECK(log.size() == 2);
    routable = false;
    engine.reconcile(*applied);
    CHECK(log.size() == 4);
}

namespace {

// The pair the first ACQUIRE test installs, for the install-failure cases.
handoff::ChildSa gcm_pair() {
    auto pol = policy::compile(test::configure(kConfig));
    handoff::ChildSa sa;
    sa.entry_key = "map CMAP 20";
    sa.local = 0xcb007101;
    sa.peer = 0xcb007103;
    sa.selector = pol->find("map CMAP 20")->selectors.at(0);
    sa.transform = pol->find("map CMAP 20")->transforms.at(0);
    sa.spi_in = 0x1111;
    sa.spi_out = 0x2222;
    sa.encryption_key_in = std::vector<std::uint8_t>(36, 1);
    sa.encryption_key_out = std::vector<std::uint8_t>(36, 2);
    return sa;
}

}  // namespace

// The kernel can refuse an SA (a duplicate SPI, a missing algorithm module, memory): half a pair
// must not stay behind, and the peer must not keep sending into SAs we do not have.
TEST_CASE("a pair the kernel refuses is taken out whole, said in the log, and handed back for the peer's Delete") {
    platform::FakeDataplane dp;
    std::vector<std::string> log;
    std::vector<handoff::ChildSa> removed;
    ipsec::IpsecHooks hooks;
    hooks.local_address_for = [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); };
    hooks.log = [&](int, const std::string& l) { log.push_back(l); };
    hooks.removed = [&](const handoff::ChildSa& sa) { removed.push_back(sa); };
    ipsec::IpsecEngine engine(dp, hooks);
    engine.reconcile(*policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n")));
    auto sa = gcm_pair();
    for (bool outbound : {true, false}) {
        INFO((outbound ? "outbound" : "inbound") << " SA refused");
        log.clear();
        removed.clear();
        dp.refuse_sa = [&](const platform::SaSpec& s) -> std::optional<std::string> {
            if ((s.destination == sa.peer) == outbound) return "File exists";
            return std::nullopt;
        };
        engine.install(sa);
        CHECK(dp.sas.empty());
        CHECK(engine.pairs().empty());
        REQUIRE(removed.size() == 1);
        CHECK(removed[0].spi_in == 0x1111);
        REQUIRE(log.size() == 1);
        CHECK(log[0] == std::string("%CRYPTO-3-IPSEC_INSTALL_FAILED: the SAs negotiated with 203.0.113.3 for crypto map CMAP 20 "
                                    "could not be installed (") +
                            (outbound ? "outbound" : "inbound") + " SA: File exists); the peer is told to delete them");
    }
    // As responder the inbound SA goes in before QM3; a refused outbound SA takes it out again.
    dp.refuse_sa = nullptr;
    engine.install_inbound(sa);
    REQUIRE(dp.sas.size() == 1);
    dp.refuse_sa = [&](const platform::SaSpec& s) -> std::optional<std::string> {
        if (s.destination == sa.peer) return "No buffer space available";
        return std::nullopt;
    };
    engine.install(sa);
    CHECK(dp.sas.empty());
    CHECK(removed.size() == 2);
    // Once the kernel takes it, the same pair goes in as usual.
    dp.refuse_sa = nullptr;
    engine.install(sa);
    CHECK(dp.sas.size() == 2);
    CHECK(engine.pairs().size() == 1);
}

// A protecting policy the kernel refuses leaves its traffic in clear: that must be said, not
// only in debug, and the next reconcile tries again.
TEST_CASE("a policy the kernel refuses is said in the log, and the next reconcile installs it") {
    platform::FakeDataplane dp;
    std::vector<std::string> log;
    ipsec::IpsecHooks hooks;
    hooks.local_address_for = [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); };
    hooks.log = [&](int, const std::string& l) { log.push_back(l); };
    ipsec::IpsecEngine engine(dp, hooks);
    dp.refuse_policy = [](const platform::PolicySpec& p) -> std::optional<std::string> {
        if (p.direction == platform::PolicyDirection::Out && !p.bypass && p.tunnel_destination == 0xcb007102) return "File exists";
        return std::nullopt;
    };
    auto applied = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    engine.reconcile(*applied);
    CHECK(dp.policies.size() == 11);  // all but entry 10's outbound permit policy
    REQUIRE(log.size() == 1);
    CHECK(log[0] == "%CRYPTO-3-IPSEC_POLICY_FAILED: a policy of crypto map CMAP 10 could not be installed (File exists); "
                    "the traffic it covers is not protected");
    dp.refuse_policy = nullptr;
    engine.reconcile(*applied);
    CHECK(dp.policies.size() == 12);
    CHECK(log.size() == 1);
}

TEST_CASE("a counter snapshot answers from one read of the kernel, of one moment, until it goes; one inside it changes nothing") {
    Fixture f;
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    f.engine.reconcile(*pol);
    const auto& sel = pol->find("map CMAP 10")->selectors.at(1);
    f.engine.install(pair_of(*pol, sel, 0x1111, 0x2222));
    f.dp.counter_values[{0xcb007102, 0x2222}] = {10, 1000, 0, 0};
    {
        ipsec::IpsecEngine::CounterSnapshot now(&f.engine);
        CHECK(f.dp.dumps == 1);
        f.dp.counter_values[{0xcb007102, 0x2222}] = {11, 1100, 0, 0};  // traffic during the show
        CHECK(f.engine.counters(0xcb007102, 0x2222)->packets == 10);
        CHECK(f.engine.flow_counters(f.engine.pairs()[0].sa).encaps == 10);
        {
            ipsec::IpsecEngine::CounterSnapshot inner(&f.engine);
            CHECK(f.dp.dumps == 1);
        }
        CHECK(f.engine.counters(0xcb007102, 0x2222)->packets == 10);  // the inner one's end left the read
        CHECK(!f.engine.counters(0xcb007102, 0x9999));                // an SA the kernel does not have
    }
    CHECK(f.engine.counters(0xcb007102, 0x2222)->packets == 11);  // asked per SA again
}

TEST_CASE("debug crypto ipsec lines are built only while it is on") {
    // `debugging` says whether `debug crypto ipsec` is on: off, the lines on every pair's path
    // (the ACQUIRE's sa_request, create_sa) never reach `debug`; on, they do.
    bool on = false;
    std::vector<std::string> lines;
    platform::FakeDataplane dp;
    ipsec::IpsecHooks hooks;
    hooks.initiate = [](const std::string&, const policy::Selector&) {};
    hooks.local_address_for = [](std::uint32_t) { return std::optional<std::uint32_t>(0xcb007101); };
    hooks.debug = [&](const std::string& line) { lines.push_back(line); };
    hooks.debugging = [&] { return on; };
    ipsec::IpsecEngine engine(dp, hooks);
    auto pol = policy::compile(test::configure(kConfig + "interface GigabitEthernet0/0\n crypto map CMAP\n"));
    engine.reconcile(*pol);
    // A packet for the entry's peer is ACQUIREd, then IKE hands its pair over.
    auto pair = [&](const std::string& entry, std::uint32_t peer, std::uint32_t spi_in) {
        std::uint64_t out = policy_id(dp, platform::PolicyDirection::Out, false, peer);
        REQUIRE(out);
        dp.on_acquire(platform::Acquire{out, {0x0a010105, 0xffffffff, 0x0a020207, 0xffffffff, 1}});
        handoff::ChildSa sa;
        sa.entry_key = entry;
        sa.local = 0xcb007101;
        sa.peer = peer;
        sa.selector = {0x0a010100, 0xffffff00, 0x0a020200, 0xffffff00, 0};
        sa.transform = pol->find(entry)->transforms.at(0);
        sa.spi_in = spi_in;
        sa.spi_out = spi_in + 1;
        sa.encryption_key_in = std::vector<std::uint8_t>(36, 1);
        sa.encryption_key_out = std::vector<std::uint8_t>(36, 2);
        engine.install(sa);
    };
    pair("map CMAP 20", 0xcb007103, 0x1111);
    CHECK(lines.empty());
    CHECK(dp.sas.size() == 2);
    on = true;
    pair("map CMAP 10", 0xcb007102, 0x3333);
    CHECK(dp.sas.size() == 4);
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("IPSEC(sa_request)"); }) == 1);
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("IPSEC(create_sa): sa created"); }) == 1);
}
