#pragma once
// routerd's own FRR: zebra, staticd, bgpd and ospfd started by routerd in its namespace, with
// their vty and zserv sockets in a directory of routerd's (never the host FRR's /run/frr or
// /etc/frr), driven through vtysh. They stop with routerd; a set left by a routerd that was
// killed is found by its pid files and ended before a new one starts.
#include <memory>
#include <string>

#include "platform/routing_suite.hpp"

namespace routerd::platform {

struct FrrPaths {
    std::string run_dir;                   // sockets, pid files, logs; made if missing
    std::string daemons = "/usr/lib/frr";  // zebra, staticd, bgpd, ospfd
    std::string vtysh = "/usr/bin/vtysh";
};

// The run directory for the routerd whose configuration lives in `config_dir`: one per router,
// the same across its restarts (whatever its control socket's path; the config directory also
// names its links and routes), in a place FRR's own user can reach.
std::string frr_run_dir_for(const std::string& config_dir);

std::unique_ptr<RoutingSuite> make_frr_routing_suite(FrrPaths paths);

}  // namespace routerd::platform
