// ike_rate: the IKE tunnel-setup load generator of bench/ike_rate.py (issue 14).
//
// N initiators, each speaking from its own loopback address (127.x.y.z), bring up one tunnel each
// with one responder, at most --in-flight of them negotiating at a time: IKEv2 (IKE_SA_INIT +
// IKE_AUTH with one Child SA) or IKEv1 (Main Mode + Quick Mode), PSK. It never sends anywhere but
// the loopback addresses it is given: the driver runs it inside a network namespace of its own.
//
// The initiators are routerd's own IKE engine (ike::IkeEngine, the facade routerd_main.cpp
// drives, with v1::Context and v2::Context under it), one per initiator, all on one steady clock
// (core::AsioClock) and one io_context thread, as in routerd. They share two UDP sockets
// (shared_udp.hpp: each sends from its own address with IP_PKTINFO), so that 10,000 initiators
// need no more descriptors than one. Each is configured from IOS text (spoke_config below), compiled
// by the same grammar, config and policy code as routerd's, so the load is what a routerd spoke
// sends. Reusing the engine rather than writing a minimal initiator keeps the bench on the code the
// tests hold to; the cost is that the generator does about as much crypto per tunnel as the
// responder, so the rate may be bounded by the generator (the driver reports responder CPU per
// tunnel, which is not, and the generator's own CPU).
//
// A tunnel counts as up when the initiator's engine hands over the Child SA / IPsec SA pair
// (EngineHooks::on_child_sa): IKEv2's IKE_AUTH answered with the Child SA, IKEv1's QM2 taken and
// QM3 sent. Nothing here touches the kernel's XFRM: the pair is only counted.
//
// Output: `key=value` lines the driver reads (print_result).
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "bench/shared_udp.hpp"
#include "engine/config/apply_text.hpp"
#include "engine/ike/core/asio_clock.hpp"
#include "engine/ike/core/crypto.hpp"
#include "engine/ike/ike_engine.hpp"
#include "engine/policy/policy_set.hpp"

namespace {

using namespace routerd;
using Clock = std::chrono::steady_clock;

struct Options {
    std::uint32_t responder = 0;     // host order
    std::uint32_t first_source = 0;  // host order; initiator i speaks from first_source + i
    std::size_t count = 10;
    std::size_t in_flight = 50;
    int version = 2;
    int group = 19;
    // --pfs G: the crypto map entries ask for PFS with DH group G (`set pfs groupG`), so that each
    // Quick Mode makes a DH of its own (IKEv1; IKEv2's first Child SA, in IKE_AUTH, has none: RFC
    // 7296 1.2). 0: no PFS.
    int pfs = 0;
    std::string psk = "benchkey";
    // The initiators' own UDP ports: not 500/4500, so that they never compete with a responder
    // that binds the wildcard address on 500 in the same namespace (IKE initiators may use any
    // source port; the responder answers to it, RFC 7296 2.11).
    std::uint16_t port = 10500, natt_port = 14500;
    double timeout_seconds = 120;
    // --dh-floor N: instead of a load, N key pairs made and N shared secrets derived (one side's
    // DH per tunnel, with routerd's own crypto code), timed: the floor the CPU per tunnel is read
    // against.
    std::size_t dh_floor = 0;
    bool verbose = false;
};

std::optional<std::uint32_t> parse_ip(const std::string& s) {
    boost::system::error_code ec;
    auto a = boost::asio::ip::make_address_v4(s, ec);
    if (ec) return std::nullopt;
    return a.to_uint();
}

bool loopback(std::uint32_t a) { return (a >> 24) == 127; }

void usage() {
    std::cerr << "usage: ike_rate --responder 127.A.B.C --first-source 127.D.E.F [--count N] [--in-flight K]\n"
                 "                [--version 2|1] [--group 19|14] [--pfs 19|14] [--psk KEY] [--timeout SECONDS] [--verbose]\n"
                 "       ike_rate --dh-floor N [--group 19|14]\n"
                 "Only loopback addresses (127.0.0.0/8) are accepted: run it in a network namespace of your own.\n";
}

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    bool have_responder = false, have_source = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        std::optional<std::string> v;
        if (a == "--verbose") {
            o.verbose = true;
            continue;
        }
        if (!(v = value())) return std::nullopt;
        char* end = nullptr;
        if (a == "--responder") {
            auto ip = parse_ip(*v);
            if (!ip) return std::nullopt;
            o.responder = *ip;
            have_responder = true;
        } else if (a == "--first-source") {
            auto ip = parse_ip(*v);
            if (!ip) return std::nullopt;
            o.first_source = *ip;
            have_source = true;
        } else if (a == "--count") {
            o.count = std::strtoul(v->c_str(), &end, 10);
        } else if (a == "--in-flight") {
            o.in_flight = std::strtoul(v->c_str(), &end, 10);
        } else if (a == "--version") {
            o.version = static_cast<int>(std::strtol(v->c_str(), &end, 10));
        } else if (a == "--dh-floor") {
            o.dh_floor = std::strtoul(v->c_str(), &end, 10);
        } else if (a == "--pfs") {
            o.pfs = static_cast<int>(std::strtol(v->c_str(), &end, 10));
        } else if (a == "--group") {
            o.group = static_cast<int>(std::strtol(v->c_str(), &end, 10));
        } else if (a == "--psk") {
            o.psk = *v;
        } else if (a == "--timeout") {
            o.timeout_seconds = std::strtod(v->c_str(), &end);
        } else {
            return std::nullopt;
        }
        if (end && *end) return std::nullopt;
    }
    if (o.dh_floor) return (o.group == 19 || o.group == 14) ? std::optional(o) : std::nullopt;
    if (!have_responder || !have_source || o.count == 0 || o.in_flight == 0 || (o.group != 19 && o.group != 14) ||
        (o.pfs != 0 && o.pfs != 19 && o.pfs != 14) ||
        (o.version != 1 && o.version != 2))
        return std::nullopt;
    // Loopback only, the whole range of sources included: the bench must never put IKE on a wire.
    std::uint64_t last = std::uint64_t{o.first_source} + o.count - 1;
    if (!loopback(o.responder) || !loopback(o.first_source) || last > 0xffffffffu || !loopback(static_cast<std::uint32_t>(last)))
        return std::nullopt;
    if (o.responder >= o.first_source && o.responder <= last) return std::nullopt;
    return o;
}

// Every initiator's configuration, as IOS text: one crypto map entry with the responder as its
// peer, the Child SA's transform set, and for IKEv2 the proposal, keyring and profile (for IKEv1
// the ISAKMP policy and key). The ACL is there for the entry to be complete; the flows each
// initiator asks for are its own (start_next).
std::string spoke_config(const Options& o) {
    std::string peer = boost::asio::ip::address_v4(o.responder).to_string(), group = std::to_string(o.group);
    std::string text = "crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac\n"
                       " mode tunnel\n"
                       "ip access-list extended BENCH\n"
                       " permit ip 172.16.0.0 0.15.255.255 10.0.0.0 0.0.0.255\n";
    if (o.version == 2) {
        text += "crypto ikev2 proposal PROP\n encryption aes-cbc-256\n integrity sha256\n prf sha256\n group " + group +
                "\n"
                "crypto ikev2 policy POL\n proposal PROP\n"
                "crypto ikev2 keyring KEYS\n peer HUB\n  address " + peer + "\n  pre-shared-key " + o.psk + "\n"
                "crypto ikev2 profile PROF\n match identity remote address " + peer + " 255.255.255.255\n"
                " authentication remote pre-share\n authentication local pre-share\n keyring local KEYS\n";
    } else {
        text += "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group " + group + "\n"
                "crypto isakmp key " + o.psk + " address " + peer + "\n";
    }
    text += "crypto map BENCH 10 ipsec-isakmp\n set peer " + peer + "\n set transform-set TSET\n match address BENCH\n";
    if (o.version == 2) text += " set ikev2-profile PROF\n";
    if (o.pfs) text += " set pfs group" + std::to_string(o.pfs) + "\n";
    return text;
}

std::shared_ptr<const policy::PolicySet> bench_policy(const Options& o, std::string& error) {
    config::RunningConfig c;
    if (auto err = config::apply_text(c, spoke_config(o))) {
        error = "the bench's own configuration: " + *err;
        return nullptr;
    }
    auto pol = policy::compile(c);
    const auto* e = pol->find(policy::entry_key(policy::EntryKind::CRYPTO_MAP, "BENCH", 10));
    if (!e || !e->complete) {
        error = "the bench's crypto map entry did not compile complete";
        for (const auto& p : pol->problems) error += "; " + p;
        return nullptr;
    }
    return pol;
}

double own_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// UP: the pair handed over (IKEv2: IKE_AUTH answered with the Child SA). IKE_ONLY (IKEv2): IKE_AUTH
// completed (both sides authenticated, the IKE SA is up) but the responder refused the Child SA
// in it, as charon does when its kernel will not take the SAs. FAILED: no tunnel.
enum class Outcome { PENDING, UP, IKE_ONLY, FAILED };

struct Initiator {
    std::uint32_t address = 0;
    std::unique_ptr<ike::core::Transport> transport;
    std::unique_ptr<ike::IkeEngine> engine;
    Outcome outcome = Outcome::PENDING;
    Clock::time_point started;
    double seconds = 0;  // start to Child SA
    std::string why;     // the engine's last log line, for a failure
};

class Generator {
public:
    Generator(boost::asio::io_context& io, const Options& o, std::shared_ptr<const policy::PolicySet> pol)
        : io_(io), o_(o), pol_(std::move(pol)), udp_(io, o.port, o.natt_port), clock_(io), deadline_(io) {}

    // Opens the shared sockets and starts every initiator's engine on them; an error text when
    // one cannot be had.
    std::optional<std::string> open() {
        if (auto err = udp_.open()) return err;
        initiators_.resize(o_.count);
        for (std::size_t i = 0; i < o_.count; ++i) {
            auto& in = initiators_[i];
            in.address = o_.first_source + static_cast<std::uint32_t>(i);
            in.transport = udp_.transport_for(in.address);
            ike::EngineOptions eo;
            eo.local_address = in.address;
            eo.port = o_.port;
            eo.natt_port = o_.natt_port;
            eo.peer_port = 500;
            eo.peer_natt_port = 4500;  // a responder behind (or faking) a NAT answers there
            // The pair is counted as QM2 is taken: no kernel here to hold packets for.
            eo.outbound_install_delay = std::chrono::milliseconds(0);
            ike::EngineHooks h;
            h.policy = [this] { return pol_; };
            h.on_child_sa = [this, i](const handoff::ChildSa&) { finish(i, Outcome::UP); };
            h.on_negotiation_failed = [this, i](const std::string&, const policy::Selector&) {
                // The flow failed; whether IKE itself came up (IKEv2) says the IKE SA's state.
                bool ike_up = false;
                for (const auto& sa : initiators_[i].engine->ikev2_sas()) ike_up |= sa.status == "READY";
                finish(i, ike_up ? Outcome::IKE_ONLY : Outcome::FAILED);
            };
            h.log = [this, i](int, const std::string& line) { initiators_[i].why = line; };
            // Debugging off, as on a busy router: no debug line is even built.
            h.ikev2_debugging = [](ike::Ikev2DebugKind) { return false; };
            in.engine = std::make_unique<ike::IkeEngine>(*in.transport, clock_, eo, h);
            if (auto err = in.engine->start()) return err;
        }
        return std::nullopt;
    }

    void run() {
        started_ = Clock::now();
        cpu_started_ = own_cpu_seconds();
        deadline_.expires_after(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o_.timeout_seconds)));
        deadline_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            io_.stop();
        });
        while (running_ < o_.in_flight && next_ < o_.count) start_next();
        io_.run();
        if (done_ != o_.count) ended_ = Clock::now();  // the deadline stopped it
        cpu_ = own_cpu_seconds() - cpu_started_;
    }

    void print_result() const {
        std::size_t up = 0, ike_only = 0, failed = 0, pending = 0;
        std::vector<double> latencies;  // start to the tunnel (IKEv2: to IKE_AUTH's answer, Child SA or not)
        std::map<std::string, std::size_t> reasons;
        for (const auto& in : initiators_) {
            switch (in.outcome) {
                case Outcome::UP: ++up; break;
                case Outcome::IKE_ONLY: ++ike_only; break;
                case Outcome::FAILED: ++failed; break;
                case Outcome::PENDING: ++pending; break;
            }
            if (in.outcome == Outcome::UP || in.outcome == Outcome::IKE_ONLY) latencies.push_back(in.seconds);
            if (in.outcome != Outcome::UP)
                ++reasons[in.outcome == Outcome::PENDING ? "no answer before the timeout" : in.why.empty() ? "(no reason logged)" : in.why];
        }
        std::sort(latencies.begin(), latencies.end());
        auto pct = [&](double p) {
            return latencies.empty() ? 0.0 : latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))];
        };
        double wall = std::chrono::duration<double>(ended_ - started_).count();
        std::printf("pfs=%d\n", o_.pfs);
        std::printf("count=%zu\nin_flight=%zu\ngroup=%d\nup=%zu\nike_only=%zu\nfailed=%zu\ntimed_out=%zu\nwall_s=%.6f\n", o_.count, o_.in_flight,
                    o_.group, up, ike_only, failed, pending, wall);
        std::printf("latency_median_s=%.6f\nlatency_p95_s=%.6f\ngenerator_cpu_s=%.6f\n", pct(0.5), pct(0.95), cpu_);
        for (const auto& [why, n] : reasons) std::printf("failure=%zu %s\n", n, why.c_str());
        std::fflush(stdout);
    }

private:
    void start_next() {
        auto i = next_++;
        auto& in = initiators_[i];
        ++running_;
        in.started = Clock::now();
        // One flow per initiator: its own host behind it (172.16/12) to the responder's
        // 10.0.0.0/24, so that every Child SA has selectors of its own.
        policy::Selector s;
        s.source = 0xac100000u + static_cast<std::uint32_t>(i);
        s.source_mask = 0xffffffffu;
        s.destination = 0x0a000000u;
        s.destination_mask = 0xffffff00u;
        in.engine->initiate(policy::entry_key(policy::EntryKind::CRYPTO_MAP, "BENCH", 10), s);
    }

    void finish(std::size_t i, Outcome outcome) {
        auto& in = initiators_[i];
        if (in.outcome != Outcome::PENDING) return;  // a second word on a finished one changes nothing
        in.outcome = outcome;
        in.seconds = std::chrono::duration<double>(Clock::now() - in.started).count();
        --running_;
        ++done_;
        if (o_.verbose && outcome == Outcome::FAILED)
            std::cerr << "ike_rate: " << boost::asio::ip::address_v4(in.address).to_string() << " failed: " << in.why << "\n";
        // The next initiation is posted rather than started here: this runs inside the engine's
        // own call stack for initiator i.
        if (next_ < o_.count) boost::asio::post(io_, [this] {
                if (running_ < o_.in_flight && next_ < o_.count) start_next();
            });
        if (done_ == o_.count) {
            ended_ = Clock::now();
            io_.stop();
        }
    }

    boost::asio::io_context& io_;
    Options o_;
    std::shared_ptr<const policy::PolicySet> pol_;
    bench::SharedUdp udp_;
    ike::core::AsioClock clock_;
    boost::asio::steady_timer deadline_;
    std::vector<Initiator> initiators_;
    std::size_t next_ = 0, running_ = 0, done_ = 0;
    Clock::time_point started_, ended_;
    double cpu_started_ = 0, cpu_ = 0;
};

// One side's Diffie-Hellman per tunnel (a key pair, then the shared secret with the peer's
// value, checked as the engine checks it), N times on this thread: CPU seconds per tunnel.
int dh_floor(const Options& o) {
    std::vector<ike::Bytes> peers;  // the other side's values, made beforehand (not timed)
    for (std::size_t i = 0; i < o.dh_floor; ++i) {
        auto p = ike::DiffieHellman::generate(o.group);
        if (!p) {
            std::cerr << "ike_rate: no key pair for group " << o.group << "\n";
            return 1;
        }
        peers.push_back(p->public_value());
    }
    double cpu0 = own_cpu_seconds();
    auto t0 = Clock::now();
    std::size_t ok = 0;
    for (const auto& peer : peers) {
        auto mine = ike::DiffieHellman::generate(o.group);
        ok += mine && mine->shared_secret(peer).has_value();
    }
    double cpu = own_cpu_seconds() - cpu0, wall = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("dh_floor_count=%zu\ngroup=%d\ndh_ok=%zu\ndh_cpu_s=%.6f\ndh_wall_s=%.6f\n", o.dh_floor, o.group, ok, cpu, wall);
    return ok == o.dh_floor ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    auto o = parse(argc, argv);
    if (!o) {
        usage();
        return 2;
    }
    if (o->dh_floor) return dh_floor(*o);
    std::string error;
    auto pol = bench_policy(*o, error);
    if (!pol) {
        std::cerr << "ike_rate: " << error << "\n";
        return 2;
    }
    boost::asio::io_context io;
    Generator g(io, *o, pol);
    if (auto err = g.open()) {
        std::cerr << "ike_rate: " << *err << "\n";
        return 2;
    }
    g.run();
    g.print_result();
    // Failures are results, printed above; the driver judges them.
    return 0;
}
