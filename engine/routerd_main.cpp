// routerd: one per box (or per network namespace). Owns the configuration and the engines;
// routersh sessions reach it over a unix socket.
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <functional>

#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <filesystem>
#include <cstdlib>
#include <iostream>
#include <string>

#include "engine/control/control_server.hpp"
#include "engine/ike/core/asio_clock.hpp"
#include "engine/ike/core/udp_transport.hpp"
#include "engine/control/dispatcher.hpp"
#include "engine/control/router.hpp"
#include "engine/control/ssh_login.hpp"
#include "engine/config/rsa_key.hpp"
#include "platform/ssh_server.hpp"
#include "engine/config/ip_routing.hpp"
#include "engine/interfaces/interface_filters.hpp"
#include "engine/routing/routing_sync.hpp"
#include "engine/interfaces/interface_sync.hpp"
#include "platform/control_socket.hpp"
#include "platform/daemon.hpp"
#include "platform/esp_in_udp.hpp"
#include "platform/files.hpp"
#include "platform/ipsec_bypass.hpp"
#include "platform/linux_dataplane.hpp"
#include "platform/ip_forwarding.hpp"
#include "platform/frr_routing_suite.hpp"
#include "platform/socket_buffers.hpp"
#include "platform/nft_packet_filter.hpp"
#include "platform/linux_links.hpp"
#include "platform/route_source.hpp"

namespace {

struct Options {
    std::string config_dir = "/etc/routerd";
    std::string socket = "/run/routerd/routerd.sock";
    bool foreground = false;
    std::uint16_t ike_port = 500;
    std::uint16_t natt_port = 4500;
    routerd::control::SshListen ssh_listen;  // IOS's SSH server listens on port 22
    std::string routersh;                    // the SSH users' shell; default: beside routerd, else /usr/bin
    std::string socket_group;                // who besides root may connect; default: the package's group
    bool no_kernel_ipsec = false;            // --dataplane none: benchmarks only
};

void usage(std::ostream& out) {
    out << "usage: routerd [--config-dir DIR] [--socket PATH] [--foreground]\n"
           "  --config-dir DIR  startup-config and interface map (default /etc/routerd)\n"
           "  --socket PATH     control socket for routersh (default /run/routerd/routerd.sock)\n"
           "  --socket-group NAME  the group whose members may connect to it, besides root and\n"
           "                    routerd's user; SSH logins get it too (default routerd)\n"
           "  --foreground      stay attached and log to stderr (default: daemon, syslog)\n"
           "  --ike-port N      UDP port of IKE (default 500)\n"
           "  --natt-port N     UDP port of NAT traversal (default 4500)\n"
           "  --ssh-listen [ADDR:]PORT  where the router's SSH server listens (default port 22,\n"
           "                    every address); it runs once `crypto key generate rsa` made a key\n"
           "  --routersh PATH   the shell SSH logins get (default: routersh beside routerd, else\n"
           "                    /usr/bin/routersh)\n"
           "  --dataplane none  for benchmarks only (bench/ike_rate.py --sa-install none): IPsec\n"
           "                    SAs and policies are kept in routerd's memory and never reach the\n"
           "                    kernel, so no traffic is protected (default: the kernel's XFRM)\n";
}

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if ((a == "--config-dir" || a == "--socket") && i + 1 < argc) {
            (a == "--config-dir" ? o.config_dir : o.socket) = argv[++i];
        } else if ((a == "--ike-port" || a == "--natt-port") && i + 1 < argc) {
            unsigned long port = std::strtoul(argv[++i], nullptr, 10);
            if (port == 0 || port > 65535) {
                std::cerr << "routerd: " << a << " needs a port number\n";
                return std::nullopt;
            }
            (a == "--ike-port" ? o.ike_port : o.natt_port) = static_cast<std::uint16_t>(port);
        } else if (a == "--ssh-listen" && i + 1 < argc) {
            std::string v = argv[++i];
            auto colon = v.rfind(':');
            unsigned long port = std::strtoul(v.substr(colon == std::string::npos ? 0 : colon + 1).c_str(), nullptr, 10);
            if (port == 0 || port > 65535) {
                std::cerr << "routerd: --ssh-listen needs [ADDRESS:]PORT\n";
                return std::nullopt;
            }
            o.ssh_listen = {colon == std::string::npos ? "" : v.substr(0, colon), static_cast<std::uint16_t>(port)};
        } else if (a == "--socket-group" && i + 1 < argc) {
            o.socket_group = argv[++i];
            if (o.socket_group.empty()) {
                std::cerr << "routerd: --socket-group needs a group name\n";
                return std::nullopt;
            }
        } else if (a == "--routersh" && i + 1 < argc) {
            o.routersh = argv[++i];
        } else if (a == "--dataplane" && i + 1 < argc) {
            std::string v = argv[++i];
            if (v != "none" && v != "kernel") {
                std::cerr << "routerd: --dataplane is kernel or none\n";
                return std::nullopt;
            }
            o.no_kernel_ipsec = v == "none";
        } else if (a == "--foreground") {
            o.foreground = true;
        } else if (a == "--help" || a == "-h") {
            usage(std::cout);
            std::exit(0);
        } else {
            std::cerr << "routerd: unknown argument '" << a << "'\n";
            usage(std::cerr);
            return std::nullopt;
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    auto opts = parse(argc, argv);
    if (!opts) return 2;
    std::signal(SIGPIPE, SIG_IGN);

    // Who may connect to the control socket besides root and routerd's user: the control
    // group's members and the router's SSH logins (sshd gives them the group). A group named on
    // the command line must exist. The package's group may be missing (a build tree, a copy
    // installed without the package): then a gid no host group has, so that local users are
    // refused while the SSH logins still get in; routerd's log says how to let local users in.
    routerd::control::SocketGroup socket_group;
    std::string socket_group_note;
    {
        std::string name = opts->socket_group.empty() ? routerd::platform::kControlGroup : opts->socket_group;
        auto gid = routerd::platform::find_group(name);
        if (!gid && !opts->socket_group.empty()) {
            std::cerr << "routerd: --socket-group: no group '" << name << "'\n";
            return 2;
        }
        // The SSH logins get the control group: root's would give them more than a socket.
        if (gid && *gid == 0) {
            std::cerr << "routerd: --socket-group: '" << name << "' is root's group; the router's SSH logins get the control group\n";
            return 2;
        }
        socket_group = {gid ? *gid : routerd::platform::unused_group_id(), name};
        if (!gid)
            socket_group_note = "no group '" + name + "' on this host: only root, routerd's user "
                                "and the router's SSH logins may connect to the control socket (gid " +
                                std::to_string(socket_group.gid) + "); to let local users in, `groupadd --system " +
                                name + "`, add them, restart routerd";
    }

    // The startup-config, its keys and the SSH host key live here: root's (or routerd's user's)
    // only, also when routerd makes it, not only the package.
    if (auto err = routerd::platform::make_private_directory(opts->config_dir)) {
        std::cerr << "routerd: cannot make the config directory private: " << *err << "\n";
        return 1;
    }

    auto links = routerd::platform::make_linux_links(opts->config_dir);
    // IKE and IPsec ask it for the address toward a peer; it outlives both engines (router's).
    routerd::platform::RouteSource route_source;
    routerd::control::Router router(opts->config_dir, *links);
    bool foreground = opts->foreground;
    router.log.set_daemon_sink([&foreground](const std::string& line) {
        if (foreground) std::cerr << line << "\n";
        else routerd::platform::write_syslog(5, line);
    });
    // A syslog host the kernel will not send to is routerd's own trouble, told where routerd
    // tells its own (the log bus it serves would send the complaint to the same host).
    router.syslog.set_error_sink([&foreground](const std::string& text) {
        if (foreground) std::cerr << "routerd: " << text << "\n";
        else routerd::platform::write_syslog(4, "routerd: " + text);
    });
    routerd::control::Dispatcher dispatcher(router);

    if (auto map = routerd::platform::read_file(opts->config_dir + "/interfaces"))
        for (const auto& err : router.interface_map.load_file(*map)) std::cerr << "routerd: " << err << "\n";
    // A write memory killed before its rename left its temporary file: the file itself is whole.
    routerd::platform::remove_leftover_temporaries(router.store.path());
    routerd::platform::remove_leftover_temporaries(router.store.private_path());
    // The master key first: the startup-config's type 6 keys open with it.
    if (auto text = router.store.load_private())
        for (const auto& report : dispatcher.load_config(*text)) std::cerr << "routerd: private-config: " << report;
    if (auto text = router.store.load()) {
        router.config.last_saved = router.store.saved_at();
        // A bad line is reported and skipped; every other line still applies.
        for (const auto& report : dispatcher.load_config(*text)) {
            std::cerr << report;
            auto first_line = report.substr(0, report.find('\n'));
            router.log.emit(3, "%PARSER-3-CONFIGFAIL: " + first_line + " failed to apply");
        }
    }

    // The RSA key pair lives beside the startup-config, as IOS keeps it in private NVRAM.
    std::string ssh_dir = opts->config_dir + "/ssh";
    if (auto pem = routerd::platform::load_host_key(ssh_dir)) {
        routerd::config::RsaKeyPair key;
        key.private_pem = *pem;
        key.bits = routerd::config::rsa_pem_bits(*pem);
        key.name = routerd::platform::load_host_key_name(ssh_dir).value_or(router.config.hostname);
        if (key.bits) router.config.rsa_key = key;
    }
    if (opts->routersh.empty()) {
        std::error_code exe_ec;
        auto self = std::filesystem::canonical("/proc/self/exe", exe_ec);
        // In the build tree routersh is beside routerd; installed, routerd is in /usr/sbin and
        // routersh in /usr/bin.
        auto beside = self.parent_path() / "routersh";
        opts->routersh = !exe_ec && std::filesystem::exists(beside, exe_ec) ? beside.string() : "/usr/bin/routersh";
    }
    auto ssh_server = routerd::platform::make_openssh_server(ssh_dir);
    std::string socket_path = std::filesystem::absolute(opts->socket).string();
    std::string ssh_error;
    // sshd follows the configuration: started once a key exists, reloaded on changes.
    auto sync_ssh = [&] {
        auto settings = routerd::control::ssh_server_settings(router.config, opts->ssh_listen, opts->routersh, socket_path);
        settings.control_gid = socket_group.gid;
        settings.control_group = socket_group.name;
        auto err = ssh_server->apply(settings);
        if (err && *err != ssh_error) router.log.emit(3, "%SSH-3-NO_SERVER: " + *err);
        ssh_error = err.value_or("");
    };

    boost::asio::io_context io;
    router.io = &io;
    // A second routerd on the same socket stops here, before it touches the kernel state the
    // first one owns.
    routerd::control::ControlServer server(io, router, dispatcher, opts->socket, socket_group);
    if (auto err = server.check_free()) {
        std::cerr << "routerd: " << *err << "\n";
        return 1;
    }
    routerd::ike::EngineHooks hooks;
    hooks.policy = [&router] { return router.policy(); };
    hooks.isakmp_debug = [&router](const std::string& line) {
        if (router.debug_isakmp) router.log.emit(7, line);
    };
    hooks.isakmp_debugging = [&router] { return router.debug_isakmp; };
    hooks.ipsec_debug = [&router](const std::string& line) {
        if (router.debug_ipsec) router.log.emit(7, line);
    };
    hooks.ikev2_debug = [&router](const std::string& line) {
        if (router.debug_ikev2.any()) router.log.emit(7, line);
    };
    hooks.ikev2_debugging = [&router](routerd::ike::Ikev2DebugKind kind) {
        const auto& d = router.debug_ikev2;
        switch (kind) {
            case routerd::ike::Ikev2DebugKind::EVENT: return d.event;
            case routerd::ike::Ikev2DebugKind::PACKET: return d.packet;
            case routerd::ike::Ikev2DebugKind::INTERNAL: return d.internal;
            case routerd::ike::Ikev2DebugKind::ERROR: return d.error || d.event;
        }
        return false;
    };
    hooks.log = [&router](int severity, const std::string& message) { router.log.emit(severity, message); };
    hooks.on_child_sa = [&router](const routerd::handoff::ChildSa& sa) {
        if (router.ipsec) router.ipsec->install(sa);
    };
    hooks.on_negotiation_failed = [&router](const std::string& entry_key, const routerd::policy::Selector& selector) {
        if (router.ipsec) router.ipsec->negotiation_failed(entry_key, selector);
    };
    hooks.on_inbound_sa = [&router](const routerd::handoff::ChildSa& sa) {
        if (router.ipsec) router.ipsec->install_inbound(sa);
    };
    hooks.on_inbound_sa_abandoned = [&router](std::uint32_t local, std::uint32_t spi) {
        if (router.ipsec) router.ipsec->abandon_inbound(local, spi);
    };
    hooks.on_child_deleted = [&router](std::uint32_t peer, std::uint32_t spi_out) {
        if (router.ipsec) router.ipsec->peer_deleted(peer, spi_out);
    };
    hooks.on_child_outbound = [&router](std::uint32_t peer, std::uint32_t spi_out) {
        if (router.ipsec) router.ipsec->release_outbound(peer, spi_out);
    };
    hooks.local_address_for = [&route_source](std::uint32_t peer) { return route_source.toward(peer); };
    hooks.on_peer_dead = [&router](std::uint32_t peer) {
        if (router.ipsec) router.ipsec->peer_down(peer);
    };
    // IKE's sockets and timers: UDP 500/4500 and the steady clock on the event loop.
    routerd::ike::core::AsioClock ike_clock(io);
    routerd::ike::core::UdpTransport ike_transport(io, [&] {
        routerd::ike::core::UdpTransportOptions o;
        o.port = opts->ike_port;
        o.natt_port = opts->natt_port;
        o.on_socket_bound = [&router](int fd) {
            if (auto err = routerd::platform::enlarge_receive_buffer(fd, routerd::platform::kIkeReceiveBufferBytes))
                router.log.emit(4, "%CRYPTO-4-IKE_SOCKET_BUFFER: IKE datagrams may be lost under load: " + *err);
            return routerd::platform::exempt_socket_from_ipsec(fd);
        };
        o.on_natt_socket_bound = [](int fd) { return routerd::platform::receive_esp_in_udp(fd); };
        o.log = [&router](int severity, const std::string& message) { router.log.emit(severity, message); };
        return o;
    }());
    router.ike = std::make_unique<routerd::ike::IkeEngine>(
        ike_transport, ike_clock, [&] {
            routerd::ike::EngineOptions o;
            o.port = o.peer_port = opts->ike_port;
            o.natt_port = opts->natt_port;
            return o;
        }(), hooks);
    if (auto err = router.ike->start()) {
        // The CLI stays useful without IKE (a port in use, no privilege): say so and go on.
        std::cerr << "routerd: IKE not started: " << *err << "\n";
        router.log.emit(3, "%CRYPTO-3-IKE_SOCKET: " + *err);
        router.ike.reset();
    }
    // Interfaces and routes first: a VTI's link must exist before its policies matter.
    // Which IOS interface each Linux link is (the interface map).
    auto names_of = [&router](const std::vector<routerd::platform::LinkInfo>& present) {
        routerd::interfaces::LinkNames names;
        for (const auto& [ios, link] : router.interface_map.resolve(present)) names[ios] = link.name;
        return names;
    };
    routerd::interfaces::InterfaceSync interface_sync(
        *links, {names_of, [&router](int severity, const std::string& line) { router.log.emit(severity, line); }});
    interface_sync.reconcile(router.config);
    // Interface access lists: the kernel's packet filter, nftables in routerd's namespace.
    auto link_names = [&names_of, &links] { return names_of(links->list()); };
    // IOS forwards between its interfaces (`ip routing`, `no ip routing`); what the namespace
    // had before goes back when routerd stops.
    auto forwarding_before = routerd::platform::ip_forwarding();
    std::optional<bool> forwarding;
    auto sync_forwarding = [&] {
        bool want = routerd::config::ip_routing(router.config);
        if (forwarding == want) return;
        if (auto err = routerd::platform::set_ip_forwarding(want))
            router.log.emit(3, "%IP-3-ROUTING: IP forwarding could not be turned " + std::string(want ? "on" : "off") +
                                   ": " + *err);
        forwarding = want;
    };
    sync_forwarding();
    routerd::platform::NftPacketFilter packet_filter;
    routerd::interfaces::InterfaceFilters interface_filters(
        packet_filter, [&router](int severity, const std::string& line) { router.log.emit(severity, line); });
    interface_filters.reconcile(router.config, link_names());
    router.filter = &packet_filter;
    // The kernel's XFRM: policies for applied crypto maps, SAs from IKE, ACQUIREs back to IKE.
    std::string dp_error;
    // --dataplane none (benchmarks only): the SAs stay in memory, as strongSwan's kernel-libipsec
    // keeps them, so that bench/ike_rate can compare responders that install into no kernel.
    std::unique_ptr<routerd::platform::LinuxDataplane> kernel_dataplane;
    std::unique_ptr<routerd::platform::FakeDataplane> memory_dataplane;
    routerd::platform::Dataplane* dataplane = nullptr;
    if (opts->no_kernel_ipsec) {
        memory_dataplane = std::make_unique<routerd::platform::FakeDataplane>();
        dataplane = memory_dataplane.get();
        router.log.emit(4, "%CRYPTO-4-NO_KERNEL: --dataplane none: IPsec SAs are kept in memory only, no traffic is protected");
    } else {
        kernel_dataplane = routerd::platform::LinuxDataplane::open(&dp_error, opts->config_dir);
        dataplane = kernel_dataplane.get();
    }
    std::optional<boost::asio::posix::stream_descriptor> dp_events;
    std::function<void()> wait_dp_events;
    if (!dataplane) {
        std::cerr << "routerd: no IPsec dataplane: " << dp_error << "\n";
    } else {
        // A routerd of this config directory that was killed left its policies and SAs: they
        // go before anything is installed, or every install would fail with "File exists".
        auto left = kernel_dataplane ? kernel_dataplane->remove_leftovers() : routerd::platform::Leftovers{};
        if (left.policies || left.sas || left.failed)
            router.log.emit(4, "%CRYPTO-4-STALE_STATE: removed " + std::to_string(left.policies) + " IPsec policies and " +
                                   std::to_string(left.sas) + " SAs a previous routerd left in the kernel" +
                                   (left.failed ? " (" + std::to_string(left.failed) + " could not be removed)" : ""));
        routerd::ipsec::IpsecHooks ih;
        ih.initiate = [&router](const std::string& entry, const routerd::policy::Selector& sel) {
            if (router.ike) router.ike->initiate(entry, sel);
        };
        ih.local_address_for = [&route_source](std::uint32_t peer) { return route_source.toward(peer); };
        ih.debug = [&router](const std::string& line) {
            if (router.debug_ipsec) router.log.emit(7, line);
        };
        ih.debugging = [&router] { return router.debug_ipsec; };
        ih.log = [&router](int severity, const std::string& line) { router.log.emit(severity, line); };
        ih.removed = [&router](const routerd::handoff::ChildSa& sa) {
            if (router.ike) router.ike->delete_child(sa.peer, sa.spi_in);
        };
        ih.route = [&links](const routerd::platform::RouteSpec& r, bool add) {
            return add ? links->replace_route(r) : links->remove_route(r);
        };
        ih.virtual_access = [&](const std::string& name, std::uint32_t if_id, bool up) -> std::optional<std::string> {
            if (up) {
                if (auto err = links->create_xfrm_interface(name, if_id)) return err;
                if (auto err = links->set_admin_up(name, true)) {
                    links->remove_link(name);
                    return err;
                }
            } else {
                links->remove_link(name);
            }
            // IOS's messages as a dynamic VTI's interface comes and goes.
            std::string state = up ? "up" : "down";
            router.log.emit(3, "%LINK-3-UPDOWN: Interface " + name + ", changed state to " + state);
            router.log.emit(5, "%LINEPROTO-5-UPDOWN: Line protocol on Interface " + name + ", changed state to " + state);
            interface_sync.links_changed();
            interface_sync.reconcile(router.config);
            interface_filters.reconcile(router.config, link_names());
            return std::nullopt;
        };
        router.ipsec = std::make_unique<routerd::ipsec::IpsecEngine>(*dataplane, ih);
        if (kernel_dataplane) {
            dp_events.emplace(io, kernel_dataplane->event_fd());
            wait_dp_events = [&] {
                dp_events->async_wait(boost::asio::posix::stream_descriptor::wait_read, [&](boost::system::error_code ec) {
                    if (ec) return;
                    kernel_dataplane->read_events();
                    wait_dp_events();
                });
            };
            wait_dp_events();
        }
        router.ipsec->reconcile(*router.policy());
    }
    // The routing protocols: routerd's own FRR, started once the configuration has something
    // for it, after daemonize so that its daemons are routerd's children.
    auto routing_suite = routerd::platform::make_frr_routing_suite({routerd::platform::frr_run_dir_for(opts->config_dir)});
    routerd::routing::RoutingSync routing_sync(
        *routing_suite, [&router](int severity, const std::string& line) { router.log.emit(severity, line); });
    bool routing_ready = false;
    auto sync_routing = [&] {
        if (routing_ready) routing_sync.reconcile(router.config, link_names());
    };
    // One reconcile after a burst of changes (a paste): it waits until the configuration
    // has been quiet for a moment, or until an EXEC command needs the kernel to be current.
    bool reconcile_pending = false;
    boost::asio::steady_timer reconcile_timer(io);
    // Re-arming the timer on every change cost a timerfd_settime and a cancelled handler per
    // pasted line (8 % of a large paste's CPU): the wait is armed once, and when it ends early
    // (changes kept coming) it waits again until the configuration was quiet for long enough.
    constexpr auto kQuiet = std::chrono::milliseconds(100);
    auto last_policy_change = std::chrono::steady_clock::now();
    bool reconcile_armed = false;
    unsigned reconcile_wait = 0;  // the current wait: a cancelled one's handler must not act
    auto reconcile = [&] {
        if (!reconcile_pending) return;
        reconcile_pending = false;
        reconcile_armed = false;
        ++reconcile_wait;
        reconcile_timer.cancel();
        interface_sync.reconcile(router.config);
        interface_filters.reconcile(router.config, link_names());
        sync_forwarding();
        if (router.ipsec) router.ipsec->reconcile(*router.policy());
        sync_ssh();
        sync_routing();
    };
    std::function<void(std::chrono::steady_clock::time_point)> arm_reconcile = [&](std::chrono::steady_clock::time_point at) {
        reconcile_armed = true;
        unsigned mine = ++reconcile_wait;
        reconcile_timer.expires_at(at);
        reconcile_timer.async_wait([&, mine](boost::system::error_code ec) {
            if (mine != reconcile_wait) return;
            reconcile_armed = false;
            if (ec) return;
            if (auto due = last_policy_change + kQuiet; due > std::chrono::steady_clock::now()) return arm_reconcile(due);
            reconcile();
        });
    };
    router.on_policy_change = [&] {
        reconcile_pending = true;
        last_policy_change = std::chrono::steady_clock::now();
        if (!reconcile_armed) arm_reconcile(last_policy_change + kQuiet);
    };
    router.settle = reconcile;
    // `show interfaces`' rates: every link's counters every 5 seconds, as IOS samples them.
    boost::asio::steady_timer load_timer(io);
    std::function<void()> sample_load = [&] {
        auto present = router.links.list();
        router.load_meter.sample(present, std::chrono::steady_clock::now());
        interface_sync.watch(router.config, present);
        sync_routing();  // FRR restarted if one of its daemons died
        if (router.ipsec) router.ipsec->retry_tunnels();
        load_timer.expires_after(routerd::interfaces::LoadMeter::kSampleInterval);
        load_timer.async_wait([&](boost::system::error_code ec) {
            if (!ec) sample_load();
        });
    };
    sample_load();
    // What routerd put in the kernel goes with it, before the dataplane it used; then the
    // sockets, which belong to `io`.
    auto wind_down = [&] {
        load_timer.cancel();
        router.on_policy_change = nullptr;
        router.settle = nullptr;
        router.filter = nullptr;
        routing_ready = false;
        router.routing = nullptr;
        routing_suite.reset();
        if (forwarding_before && forwarding && *forwarding != *forwarding_before)
            routerd::platform::set_ip_forwarding(*forwarding_before);
        router.ipsec.reset();
        if (dp_events) dp_events->release();  // libnl closes its own socket
        router.ike.reset();
        router.ssh = nullptr;
        ssh_server.reset();
    };

    // The host's business, not the router's: told where routerd tells its own troubles (stderr
    // in the foreground, the journal once a daemon), not in the router's log buffer or to its
    // syslog hosts. In the foreground, before the socket appears: whoever waits for the socket
    // then finds the note already written (test_socket_access read it too early once).
    if (!socket_group_note.empty() && foreground) std::cerr << "routerd: " << socket_group_note << "\n";
    // The socket appears once the kernel follows the startup-config: whoever waits for it (the
    // lab, an init system) finds a router that is ready.
    if (auto err = server.start()) {
        std::cerr << "routerd: " << *err << "\n";
        wind_down();
        return 1;
    }
    if (!foreground) {
        routerd::platform::open_syslog("routerd");
        routerd::platform::daemonize();
    }
    if (!socket_group_note.empty() && !foreground) routerd::platform::write_syslog(4, "routerd: " + socket_group_note);
    // After daemonize: sshd is routerd's child, and routerd ends it when it stops.
    router.ssh = ssh_server.get();
    sync_ssh();
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&io](boost::system::error_code, int) { io.stop(); });
    // After the signal handlers: a SIGTERM while FRR starts stops routerd cleanly, FRR with it.
    routing_ready = true;
    router.routing = routing_suite.get();
    sync_routing();
    router.log.emit(5, "%SYS-5-RESTART: System restarted --");
    // `reload`: routerd ends with a status its service manager restarts it on
    // (RestartForceExitStatus in routerd.service); without one it would only stop.
    int exit_status = 0;
    if (routerd::platform::supervised())
        router.on_reload = [&] {
            exit_status = routerd::control::Router::kReloadExitStatus;
            io.stop();
        };
    // The control socket answers and the kernel follows the startup-config: ready.
    routerd::platform::notify_ready();
    io.run();
    routerd::platform::notify_stopping();
    wind_down();
    return exit_status;
}
