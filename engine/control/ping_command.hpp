#pragma once
// The IOS `ping` command: real ICMP echoes from the router's namespace, reported as IOS does
// ("!" for a reply, "." for a timeout, then the success rate). It answers later, through the
// session (Session::deferred), so that IKE can negotiate the tunnel the first packet asks for.
#include <string>

#include "engine/control/exec_commands.hpp"

namespace routerd::control {

std::string start_ping(ExecContext& ctx);

// IOS's `traceroute A.B.C.D`: real UDP probes with rising TTLs, one line per hop as IOS prints
// it ("  1 12.1.1.2 4 msec 0 msec 4 msec", "  2  *  *  * "), streamed as the answers come.
std::string start_traceroute(ExecContext& ctx);

}  // namespace routerd::control
