#pragma once
// Everything one routerd owns, in one place: the grammar, the running-config, the
// startup-config store, the log bus, the view of the OS, and the sessions.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "engine/config/logging_config.hpp"
#include "engine/config/running_config.hpp"
#include "engine/control/startup_store.hpp"
#include "engine/control/interface_map.hpp"
#include "engine/control/session.hpp"
#include "engine/ike/ike_engine.hpp"
#include "engine/interfaces/load_meter.hpp"
#include "engine/ipsec/ipsec_engine.hpp"
#include "engine/policy/policy_set.hpp"
#include "engine/show/log_bus.hpp"
#include "engine/show/syslog_sender.hpp"
#include "grammar/command_table.hpp"
#include "platform/links.hpp"
#include "platform/packet_filter.hpp"
#include "platform/routing_suite.hpp"
#include "platform/ssh_server.hpp"

namespace routerd::control {

class Router {
public:
    Router(std::string config_dir, platform::Links& links);
    // With a command table already compiled: it never changes once built, and compiling it is
    // most of what making a Router costs (a fuzzer or a test that makes one per input shares one).
    Router(std::string config_dir, platform::Links& links, std::shared_ptr<const grammar::CommandTable> table);
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    std::shared_ptr<const grammar::CommandTable> compiled_table;
    const grammar::CommandTable& table;  // *compiled_table
    config::RunningConfig config;
    StartupStore store;
    show::LogBus log;
    // The `logging host`s: the log bus's trap sink.
    show::SyslogSender syslog;
    // What the kept `logging` lines say, as of the last configuration change.
    config::LoggingSettings logging;
    platform::Links& links;
    InterfaceMap interface_map;
    std::chrono::system_clock::time_point booted_wall = std::chrono::system_clock::now();
    std::chrono::steady_clock::time_point booted = std::chrono::steady_clock::now();

    // `debug crypto isakmp` / `debug crypto ipsec`
    bool debug_isakmp = false;
    // `debug crypto ikev2 [packet|internal|error]`: which kinds of IKEv2 line are wanted (the
    // default debugging is `event`, whose errors come with it).
    struct Ikev2Debugging {
        bool event = false, packet = false, internal = false, error = false;
        bool any() const { return event || packet || internal || error; }
    } debug_ikev2;
    bool debug_ipsec = false;
    // The IKE engine, when routerd runs one (tests of the CLI may not).
    std::unique_ptr<ike::IkeEngine> ike;
    // The IPsec engine that puts the SAs IKE negotiates in the kernel (when routerd has a
    // dataplane).
    std::unique_ptr<ipsec::IpsecEngine> ipsec;
    // routerd's event loop, for commands that wait on the network (ping); null in CLI tests.
    boost::asio::io_context* io = nullptr;
    // Called after a configuration change; routerd coalesces these into one reconcile.
    std::function<void()> on_policy_change;
    // Called before an EXEC command runs (show, ping, clear), when configuration mode is left
    // and when a session ends: a reconcile still waiting is done now, so that what follows
    // sees the kernel as the configuration says.
    std::function<void()> settle;

    // The router's SSH server (routerd's own sshd), when routerd runs one; its logins map
    // back to router users through it.
    platform::SshServer* ssh = nullptr;
    // The interface access lists' packet filter, when routerd runs one (counters for
    // `show access-lists`).
    platform::PacketFilter* filter = nullptr;
    // FRR, for the routing protocols and their `show` commands, when routerd runs it.
    platform::RoutingSuite* routing = nullptr;

    // `clear counters`: what each Linux link had counted then (the kernel's own counters
    // cannot be reset), subtracted by `show interfaces`, and when it was done.
    std::map<std::string, platform::LinkInfo> counter_base;
    // The 5-minute rates of `show interfaces`, sampled by routerd_main every 5 seconds.
    interfaces::LoadMeter load_meter;
    std::optional<std::chrono::steady_clock::time_point> counters_cleared;
    // `reload` confirmed: routerd_main should stop the loop and exit with kReloadExitStatus,
    // which its supervisor answers by starting routerd again (systemd:
    // RestartForceExitStatus=75). Unset, `reload` says it cannot.
    static constexpr int kReloadExitStatus = 75;  // EX_TEMPFAIL
    std::function<void()> on_reload;
    // `copy startup-config running-config`: startup-config merged line by line through the
    // grammar (set by the dispatcher, which owns it); returns what IOS prints.
    std::function<std::string(Session&)> merge_startup;

    // Sessions by id (owned by their connections); `show users` and logging walk them.
    std::map<int, Session*> sessions;
    int add_session(Session& s);
    // The session becomes line con 0; false when another session holds it (a router has one
    // console line).
    bool make_console(Session& s);
    void remove_session(int id);

    // After any configuration change: remember when, and follow `logging buffered`, the kept
    // `logging` lines and `service timestamps`.
    void config_changed(bool from_startup);
    // IOS interface names with their configuration and real links, in IOS order.
    std::vector<std::pair<grammar::InterfaceName, std::optional<platform::LinkInfo>>> interfaces();
    std::string timestamp_prefix() const;
    // The IPv4 address of `logging source-interface` (its primary), nullopt when none is set,
    // the interface has no link or the link no address: IOS then sends from the address the
    // route to the host gives.
    std::optional<std::uint32_t> logging_source_address();
    // The interface other than `self` whose link holds, as it did when routerd started, an
    // address routerd did not put there (the box's own: a management port's) overlapping `a`.
    std::optional<grammar::InterfaceName> box_address_overlap(const config::Ipv4WithMask& a,
                                                              const grammar::InterfaceName& self);

    // The compiled policy: recompiled on first use after a change (a paste of many lines
    // compiles once), with the diff against the previous snapshot for the engines.
    std::shared_ptr<const policy::PolicySet> policy();
    const policy::PolicyDiff& last_policy_diff() const { return last_diff_; }

private:
    std::shared_ptr<const policy::PolicySet> policy_ = std::make_shared<policy::PolicySet>();
    bool policy_dirty_ = true;
    policy::PolicyDiff last_diff_;
    int next_session_ = 1;
    // The box's own links' addresses when routerd started, by Linux name. Later ones on those
    // links are routerd's (it adds only what the configuration says) or came and went with it.
    std::map<std::string, std::vector<platform::Ipv4Prefix>> box_addresses_;
    std::string saved_master_key_;  // what private-config holds
};

}  // namespace routerd::control
