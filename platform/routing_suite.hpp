#pragma once
// The routing suite routerd runs beside itself for `router bgp`, `router ospf`, route maps and
// prefix lists: FRR's zebra, staticd, bgpd and ospfd, routerd's own instances with their own
// sockets in routerd's namespace (frr_routing_suite.hpp). The engine sees only this interface;
// a fake stands in for it in unit tests.
#include <optional>
#include <string>
#include <vector>

namespace routerd::platform {

struct VtyResult {
    bool ok = true;
    std::string output;  // what the suite printed: its errors, or a show command's output
};

class RoutingSuite {
public:
    virtual ~RoutingSuite() = default;
    // Starts the daemons unless they run; an error says why they cannot (not installed, no
    // privilege). Idempotent and cheap once running.
    virtual std::optional<std::string> ensure_running() = 0;
    virtual bool running() const = 0;
    // Configuration commands in vtysh's language, each a full line, in order, starting from
    // `configure terminal` (the suite enters it); a block's header precedes its lines.
    virtual VtyResult configure(const std::vector<std::string>& commands) = 0;
    // An EXEC command (`show ip bgp summary json`); nothing when the suite is not running.
    virtual std::optional<VtyResult> show(const std::string& command) = 0;
};

}  // namespace routerd::platform
