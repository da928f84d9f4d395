// ipsec_pairs: what routerd's IPsec side holds per installed IPsec SA pair, and what
// `show crypto ipsec sa` costs to build with N pairs (issue 14), measured in-process because
// this machine's kernel refuses every ESP SA (no ESP), so bench/memory.py's responders never
// hold a pair.
//
// The pairs are those a hub answering N spokes holds: routerd's own IPsec engine (IpsecEngine,
// as routerd_main.cpp drives it) takes N pairs as IKEv1 hands them over for the bench's dynamic
// map (bench/ike_rate.py's configuration, the map applied to an interface): one peer and one
// /32 flow each, esp-aes 256 esp-sha256-hmac, 32-octet keys each way. The kernel below it is a
// dataplane that takes every SA and policy and keeps nothing: what the kernel holds is the
// kernel's memory, not routerd's, and its counters read as zero. So the show's figure is
// routerd's own work (finding each flow's pairs, rendering); the kernel reads a real show adds
// (netlink, per SA) are not in it. Timings are printed as the ratio between two sizes of the
// same run; nothing here is a pass/fail test.
//
// Heap in use is glibc's mallinfo2().uordblks before and after the pairs go in.
//
// Output: `key=value` lines.
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "engine/config/apply_text.hpp"
#include "engine/ipsec/ipsec_engine.hpp"
#include "engine/policy/policy_set.hpp"
#include "engine/show/crypto_views.hpp"
#include "engine/show/show_crypto_ipsec_sa.hpp"
#include "platform/dataplane.hpp"

namespace {

using namespace routerd;
using Clock = std::chrono::steady_clock;

// The kernel's part, kept nowhere: every SA and policy taken, ids handed out, counters zero.
class NullKernel final : public platform::Dataplane {
public:
    std::optional<std::uint64_t> add_policy(const platform::PolicySpec&, std::string*) override { return ++next_id_; }
    void remove_policy(std::uint64_t) override {}
    std::optional<std::string> add_sa(const platform::SaSpec&) override { return std::nullopt; }
    void remove_sa(std::uint32_t, std::uint32_t) override {}
    std::optional<platform::SaCounters> counters(std::uint32_t, std::uint32_t) override { return platform::SaCounters{}; }
    std::optional<platform::CounterTable> all_counters() override { return std::nullopt; }

private:
    std::uint64_t next_id_ = 0;
};

const char* kConfig = "interface GigabitEthernet0/0\n"
                      " ip address 127.0.0.1 255.0.0.0\n"
                      " crypto map BENCH\n"
                      "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 19\n"
                      "crypto isakmp key bench-ike-rate address 127.0.0.0 255.0.0.0\n"
                      "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\n mode tunnel\n"
                      "crypto dynamic-map DYN 10\n set transform-set TSET\n"
                      "crypto map BENCH 10 ipsec-isakmp dynamic DYN\n";

std::size_t heap_in_use() { return mallinfo2().uordblks; }

// Spoke i's pair, as IKEv1's responder hands it over (engine/ike/v1/child_sa.cpp).
handoff::ChildSa pair_of(std::uint32_t i, const policy::TransformDescriptor& t) {
    handoff::ChildSa c;
    c.entry_key = policy::entry_key(policy::EntryKind::DYNAMIC_MAP, "DYN", 10);
    c.local = 0x7f000001u;
    c.peer = 0x7f010001u + i;
    c.selector.source = 0x0a000000u;
    c.selector.source_mask = 0xffffff00u;
    c.selector.destination = 0xac100000u + i;
    c.selector.destination_mask = 0xffffffffu;
    c.transform = t;
    c.spi_in = 0xc0000000u + i;
    c.spi_out = 0xd0000000u + i;
    c.encryption_key_in.assign(32, 0x11);
    c.authentication_key_in.assign(32, 0x22);
    c.encryption_key_out.assign(32, 0x33);
    c.authentication_key_out.assign(32, 0x44);
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
    if (count == 0 || count > 1000000) {
        std::cerr << "usage: ipsec_pairs [N]   (1..1000000 pairs; default 1000)\n";
        return 2;
    }
    config::RunningConfig rc;
    if (auto err = config::apply_text(rc, kConfig)) {
        std::cerr << "ipsec_pairs: the bench's own configuration: " << *err << "\n";
        return 2;
    }
    auto pol = policy::compile(rc);
    const auto* entry = pol->find(policy::entry_key(policy::EntryKind::DYNAMIC_MAP, "DYN", 10));
    if (!entry || entry->transforms.empty()) {
        std::cerr << "ipsec_pairs: the dynamic map did not compile\n";
        return 2;
    }
    NullKernel kernel;
    ipsec::IpsecEngine engine(kernel, {});
    engine.reconcile(*pol);
    std::vector<handoff::ChildSa> pairs;  // made before the reading: the hand-over's copy is IKE's
    pairs.reserve(count);
    for (std::size_t i = 0; i < count; ++i) pairs.push_back(pair_of(static_cast<std::uint32_t>(i), entry->transforms.front()));

    std::size_t before = heap_in_use();
    for (const auto& p : pairs) engine.install(p);
    std::size_t after = heap_in_use();

    auto t0 = Clock::now();
    show::CryptoState state{rc, *pol, &engine, {}, {}, Clock::now()};
    std::string out = show::show_ipsec_sa(show::ipsec_sa_views(state, {}));
    double show_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::size_t lines = 0;
    for (char ch : out) lines += ch == '\n';

    std::printf("pairs=%zu\ninstalled=%zu\nheap_bytes=%zu\nbytes_per_pair=%.1f\nshow_s=%.6f\nshow_lines=%zu\n", count,
                engine.pairs().size(), after - before, static_cast<double>(after - before) / static_cast<double>(count), show_s, lines);
    return engine.pairs().size() == count ? 0 : 1;
}
