// LinuxDataplane against the real kernel's XFRM, in a network namespace of the test's own
// (unshare(CLONE_NEWNET): nothing of the host's is seen or changed). Needs root; without it the
// cases are skipped with a warning. This kernel may lack ESP (no esp4): policies need no
// module, SAs do, so the SA half runs where ESP exists (the kernel lab) and is skipped here.
#include <catch.hpp>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "platform/linux_dataplane.hpp"

using namespace routerd::platform;

namespace {

std::string run(const std::string& command);

// A network namespace of this process's own, emptied of XFRM state by the case before.
bool in_private_netns() {
    static const bool ok = ::geteuid() == 0 && ::unshare(CLONE_NEWNET) == 0;
    if (ok) run("ip xfrm policy flush; ip xfrm state flush");
    return ok;
}

std::string run(const std::string& command) {
    std::string out;
    std::unique_ptr<FILE, decltype(&::pclose)> p(::popen(command.c_str(), "r"), &::pclose);
    if (!p) return out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p.get())) out.append(buf, n);
    return out;
}

// An ESP SA (AES-CBC, HMAC-SHA1, fixed keys) between two addresses.
SaSpec esp_sa(std::uint32_t source, std::uint32_t destination, std::uint32_t spi, std::uint32_t reqid) {
    SaSpec sa;
    sa.source = source, sa.destination = destination, sa.spi = spi;
    sa.reqid = reqid;
    sa.cipher = "cbc(aes)";
    sa.cipher_key.assign(16, 0x11);
    sa.authenticator = "hmac(sha1)";
    sa.authenticator_key.assign(20, 0x22);
    sa.truncation_bits = 96;
    return sa;
}

// The kernel's policies, as `ip xfrm policy` lists them: one "src ... dst ..." line each.
std::size_t kernel_policies() {
    auto text = run("ip xfrm policy list 2>/dev/null");
    std::size_t n = 0;
    for (std::size_t at = 0; (at = text.find("src ", at)) != std::string::npos; at += 4)
        if (at == 0 || text[at - 1] == '\n') ++n;
    return n;
}

TrafficSelector net(std::uint32_t src, std::uint32_t dst) {
    TrafficSelector t;
    t.source = src, t.source_mask = 0xffffff00;
    t.destination = dst, t.destination_mask = 0xffffff00;
    return t;
}

PolicySpec protect(std::uint32_t src, std::uint32_t dst, PolicyDirection dir, std::uint32_t if_id = 0) {
    PolicySpec p;
    p.selector = net(src, dst);
    p.direction = dir;
    p.priority = 1000;
    p.tunnel_source = 0x0c010101;       // 12.1.1.1
    p.tunnel_destination = 0x0c010102;  // 12.1.1.2
    p.reqid = 1;
    p.if_id = if_id;
    return p;
}

constexpr std::uint32_t kLan1 = 0x0a010100, kLan2 = 0x0a020200, kLan3 = 0x0a030300;  // 10.1.1/10.2.2/10.3.3.0

}  // namespace

TEST_CASE("a killed routerd's XFRM policies are removed by the next one and nobody else's") {
    if (!in_private_netns()) {
        WARN("skipped: needs root for a network namespace of its own");
        return;
    }
    std::string error;
    auto first = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(first);
    const PolicySpec out = protect(kLan1, kLan2, PolicyDirection::Out);
    for (auto spec : {out, protect(kLan2, kLan1, PolicyDirection::In), protect(kLan2, kLan1, PolicyDirection::Fwd),
                      protect(kLan1, kLan3, PolicyDirection::Out, 5)}) {
        INFO(error);
        REQUIRE(first->add_policy(spec, &error));
    }
    PolicySpec bypass = protect(kLan1, kLan1, PolicyDirection::Out);
    bypass.bypass = true;
    REQUIRE(first->add_policy(bypass, &error));
    // Someone else's: another routerd's (another config directory) and one `ip xfrm` indexed.
    auto other = LinuxDataplane::open(&error, "/srv/other-router");
    REQUIRE(other);
    REQUIRE(other->add_policy(protect(kLan3, kLan2, PolicyDirection::Out), &error));
    REQUIRE(run("ip xfrm policy add src 10.9.9.0/24 dst 10.8.8.0/24 dir out priority 5 2>&1").empty());
    REQUIRE(kernel_policies() == 7);

    // SIGKILL: the process is gone, its kernel state is not.
    first.reset();
    auto second = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(second);
    // What the issue saw: the same policy cannot go in again while the old one is there.
    CHECK_FALSE(second->add_policy(out, &error));
    CHECK(error.find("exists") != std::string::npos);

    auto left = second->remove_leftovers();
    CHECK(left.policies == 5);  // the VTI's too: deleting it needs its if_id
    CHECK(left.sas == 0);
    CHECK(left.failed == 0);
    CHECK(kernel_policies() == 2);
    auto rest = run("ip xfrm policy list");
    CHECK(rest.find("src 10.3.3.0/24 dst 10.2.2.0/24") != std::string::npos);
    CHECK(rest.find("src 10.9.9.0/24 dst 10.8.8.0/24") != std::string::npos);
    // Nothing is left of ours to find a second time, and installing works again.
    CHECK(second->remove_leftovers().policies == 0);
    CHECK(second->add_policy(out, &error));
}

TEST_CASE("policies carry the owner's tag in their index and template reqid") {
    if (!in_private_netns()) {
        WARN("skipped: needs root for a network namespace of its own");
        return;
    }
    std::string error;
    auto dp = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(dp);
    auto id = dp->add_policy(protect(kLan1, kLan2, PolicyDirection::Out), &error);
    REQUIRE(id);
    std::uint32_t tag = dp->owner_tag();
    CHECK((tag & 0x80000000u) != 0);
    CHECK((static_cast<std::uint32_t>(*id) & 0xfff80000u) == tag);
    CHECK((*id & 7) == 1);  // XFRM_POLICY_OUT, where the kernel wants the direction
    CHECK(run("ip xfrm policy list").find(std::string("reqid ") + std::to_string(tag | 1)) != std::string::npos);
    // Another owner, another tag: it never removes these.
    auto other = LinuxDataplane::open(&error, "/srv/other-router");
    REQUIRE(other);
    CHECK(other->owner_tag() != tag);
    CHECK(other->remove_leftovers().policies == 0);
    CHECK(kernel_policies() == 1);
}

TEST_CASE("a VTI's policy (with an if_id) is removed by remove_policy") {
    if (!in_private_netns()) {
        WARN("skipped: needs root for a network namespace of its own");
        return;
    }
    std::string error;
    auto dp = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(dp);
    auto id = dp->add_policy(protect(kLan1, kLan2, PolicyDirection::Out, 42), &error);
    REQUIRE(id);
    REQUIRE(kernel_policies() == 1);
    dp->remove_policy(*id);
    // The kernel finds a policy by index only with its if_id: without it, this one stayed.
    CHECK(kernel_policies() == 0);
}

TEST_CASE("a killed routerd's SAs are removed by the next one (where the kernel has ESP)") {
    if (!in_private_netns()) {
        WARN("skipped: needs root for a network namespace of its own");
        return;
    }
    std::string error;
    auto first = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(first);
    SaSpec sa = esp_sa(0x0c010101, 0x0c010102, 0x1000, 1);
    if (auto err = first->add_sa(sa)) {
        WARN("skipped: this kernel installs no ESP SA (" << *err << "); the kernel lab covers it");
        return;
    }
    first.reset();
    auto second = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(second);
    auto left = second->remove_leftovers();
    CHECK(left.sas == 1);
    CHECK(run("ip xfrm state list").find("spi 0x00001000") == std::string::npos);
}

namespace {

// XFRM_MSG_NEWAE, as a high-availability daemon brings an SA's state to its standby: the
// lifetime counters and the replay state set to chosen values, so the test knows what a read of
// the kernel's record must find without ESP traffic. Answers the kernel's error (0: done).
int set_sa_state(std::uint32_t source, std::uint32_t destination, std::uint32_t spi, std::uint64_t packets,
                 std::uint64_t bytes, std::uint32_t last_sequence) {
    xfrm_aevent_id ae{};
    ae.sa_id.daddr.a4 = htonl(destination);
    ae.sa_id.spi = htonl(spi);
    ae.sa_id.family = AF_INET;
    ae.sa_id.proto = IPPROTO_ESP;
    ae.saddr.a4 = htonl(source);
    ae.flags = XFRM_AE_RVAL | XFRM_AE_LVAL;
    xfrm_replay_state replay{};
    replay.oseq = 0;
    replay.seq = last_sequence;
    xfrm_lifetime_cur lifetime{};
    lifetime.packets = packets;
    lifetime.bytes = bytes;
    std::vector<unsigned char> m(NLMSG_SPACE(sizeof ae));
    auto attribute = [&](std::uint16_t type, const void* data, std::size_t size) {
        std::size_t at = m.size();
        m.resize(at + NLA_ALIGN(NLA_HDRLEN + size));
        nlattr a{static_cast<std::uint16_t>(NLA_HDRLEN + size), type};
        std::memcpy(m.data() + at, &a, sizeof a);
        std::memcpy(m.data() + at + NLA_HDRLEN, data, size);
    };
    std::memcpy(m.data() + NLMSG_HDRLEN, &ae, sizeof ae);
    attribute(XFRMA_REPLAY_VAL, &replay, sizeof replay);
    attribute(XFRMA_LTIME_VAL, &lifetime, sizeof lifetime);
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(m.size());
    h.nlmsg_type = XFRM_MSG_NEWAE;
    h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE;  // the kernel takes NEWAE only as a replace
    std::memcpy(m.data(), &h, sizeof h);
    int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
    if (fd < 0) return -1;
    std::unique_ptr<int, void (*)(int*)> close_fd(&fd, [](int* f) { ::close(*f); });
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, m.data(), m.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0) return -1;
    unsigned char answer[4096];
    auto n = ::recv(fd, answer, sizeof answer, 0);
    if (n < static_cast<ssize_t>(NLMSG_HDRLEN + sizeof(nlmsgerr))) return -1;
    nlmsgerr e{};
    std::memcpy(&e, answer + NLMSG_HDRLEN, sizeof e);
    return e.error;
}

}  // namespace

TEST_CASE("an SA's counters are read from the kernel's record of it, one or all (where the kernel has ESP)") {
    if (!in_private_netns()) {
        WARN("skipped: needs root for a network namespace of its own");
        return;
    }
    std::string error;
    auto dataplane = LinuxDataplane::open(&error, "/etc/routerd");
    REQUIRE(dataplane);
    SaSpec sa = esp_sa(0x0c010101, 0x0c010102, 0x2000, 2);
    sa.replay_window = 32;
    if (auto err = dataplane->add_sa(sa)) {
        WARN("skipped: this kernel installs no ESP SA (" << *err << "); the kernel lab covers it");
        return;
    }
    SaSpec other = esp_sa(0x0c010102, 0x0c010101, 0x2001, 2);
    other.replay_window = 0;
    REQUIRE_FALSE(dataplane->add_sa(other));
    REQUIRE(set_sa_state(sa.source, sa.destination, sa.spi, 7, 1234, 41) == 0);

    auto one = dataplane->counters(sa.destination, sa.spi);
    REQUIRE(one);
    CHECK(one->packets == 7);
    CHECK(one->bytes == 1234);
    CHECK(one->last_sequence == 41);
    CHECK(one->replay_window == 32);
    CHECK(one->replay_failures == 0);
    CHECK(one->integrity_failures == 0);
    CHECK_FALSE(dataplane->counters(sa.destination, 0x2002));  // no such SPI
    CHECK_FALSE(dataplane->counters(sa.source, sa.spi));       // nor this SPI at the other address

    auto all = dataplane->all_counters();
    REQUIRE(all);
    CHECK(all->size() == 2);
    auto it = all->find(sa_key(sa.destination, sa.spi));
    REQUIRE(it != all->end());
    CHECK(it->second.packets == 7);
    CHECK(it->second.bytes == 1234);
    CHECK(it->second.last_sequence == 41);
    CHECK(it->second.replay_window == 32);
    auto back = all->find(sa_key(other.destination, other.spi));
    REQUIRE(back != all->end());
    CHECK(back->second.packets == 0);
    CHECK(back->second.replay_window == 0);
    dataplane->remove_sa(sa.destination, sa.spi);
    dataplane->remove_sa(other.destination, other.spi);
    CHECK(dataplane->all_counters()->empty());
}
