#pragma once
// The running-config's interfaces and static routes made real: `interface TunnelN` with
// `tunnel mode ipsec ipv4` becomes an xfrm interface (if_id N + 1), `interface LoopbackN` a
// dummy link, `ip address` and `shutdown` change the link, and `ip route` goes into the main
// table while its link is up (a shut interface takes its routes down, as on IOS). Only what
// routerd created or added is ever removed, including what a killed routerd of the same config
// directory left (adopted or removed at the first reconcile).
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/config/tunnel_endpoints.hpp"
#include "platform/links.hpp"

namespace routerd::interfaces {

// IOS name -> Linux link name, for the links that exist now.
using LinkNames = std::map<grammar::InterfaceName, std::string>;
// Linux link name -> administratively up.
using LinkStates = std::map<std::string, bool>;

// A link routerd makes for the config, as it must be; a change to any of it means a new link.
struct WantedLink {
    enum class Kind { Vti, Gre, Dummy, Vlan } kind = Kind::Dummy;
    std::string ios_name;
    std::uint32_t if_id = 0;          // Vti
    config::TunnelEndpoints gre;      // Gre
    std::string parent;               // Vlan: the parent's Linux link
    std::uint32_t vlan_id = 0;        // Vlan
    bool operator==(const WantedLink&) const = default;
};

struct InterfaceSyncHooks {
    // Which IOS interface each of these links is (the interface map).
    std::function<LinkNames(const std::vector<platform::LinkInfo>&)> link_names;
    std::function<void(int severity, const std::string&)> log;
};

class InterfaceSync {
public:
    InterfaceSync(platform::Links& links, InterfaceSyncHooks hooks);
    ~InterfaceSync();  // the links routerd created go with it
    InterfaceSync(const InterfaceSync&) = delete;
    InterfaceSync& operator=(const InterfaceSync&) = delete;

    void reconcile(const config::RunningConfig& config);
    // Links came or went outside the config (a dynamic VTI's Virtual-Access): the next
    // reconcile looks again even if the config did not change (routes out of them).
    void links_changed() { applied_interfaces_.reset(); }
    // The links as the kernel has them now (`links`, sampled): a link that went down or came
    // back outside the config (its carrier, `ip link set`) is said as IOS says it
    // (%LINK-3-UPDOWN, %LINEPROTO-5-UPDOWN), and the static routes are put back, since the
    // kernel dropped those through it when it went down (IOS reinstalls them when it returns).
    void watch(const config::RunningConfig& config, const std::vector<platform::LinkInfo>& links);

private:
    std::map<std::string, WantedLink> wanted_links(const config::RunningConfig& config, const LinkNames& names) const;
    void create_links(const config::RunningConfig& config, const LinkNames& names);
    // Once, before the first change: the links a killed routerd of this config directory left
    // (LinkInfo::owned). An xfrm interface or dummy link the config still wants as it is is
    // adopted, with its addresses as ours (so unwanted ones go); anything else (a Virtual-Access
    // of a session that died with it, a GRE tunnel or VLAN whose parameters cannot be read
    // back, an interface the config no longer has) is removed, and made again if wanted.
    // Answers the names removed.
    std::vector<std::string> adopt_or_remove_leftovers(const std::map<std::string, WantedLink>& wanted);
    // Returns the links' states once changed.
    LinkStates sync_addresses_and_state(const config::RunningConfig& config, const LinkNames& names,
                                        const std::vector<platform::LinkInfo>& links);
    // Once, at the first sync of the routes: those a killed routerd of this config directory
    // left (Links::owned_routes). One the config still wants (`want`) is adopted as it is (no
    // gap, no duplicate); any other (a line typed and never saved, a `reverse-route static`)
    // is removed, so nothing routes by a config that no longer has it.
    void adopt_or_remove_leftover_routes(const std::vector<platform::RouteSpec>& want);
    // `recheck`: every wanted route is given to the kernel again, even one routerd added before.
    void sync_routes(const config::RunningConfig& config, const LinkNames& names, LinkStates up, bool recheck = false);
    // A failure is logged once until it changes, so a reconcile per keystroke does not flood.
    void report(const std::string& what, const std::optional<std::string>& error);

    platform::Links& links_;
    InterfaceSyncHooks hooks_;
    std::map<std::string, WantedLink> made_;  // the links routerd made, by Linux name
    std::map<std::string, std::uint32_t> original_mtu_;  // links whose MTU routerd changed
    std::map<std::string, std::vector<platform::Ipv4Prefix>> added_addresses_;  // by Linux name
    std::vector<platform::RouteSpec> routes_;  // in the kernel because of `ip route`
    std::map<std::string, std::string> reported_;  // what -> last error logged
    // What the last reconcile applied: an unchanged config costs no netlink request.
    std::optional<std::map<grammar::InterfaceName, config::InterfaceConfig>> applied_interfaces_;
    std::vector<config::StaticRoute> applied_routes_;
    std::map<std::string, bool> seen_up_;  // Linux name -> up (admin and carrier) at the last watch
    bool leftovers_done_ = false;
    bool route_leftovers_done_ = false;
};

}  // namespace routerd::interfaces
