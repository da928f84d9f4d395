#pragma once
// The IOS `ping` command: real ICMP echoes from the router's namespace, reported as IOS does
// ("!" for a reply, "." for a timeout, then the success rate). It answers later, through the
// session (Session::deferred), so that IKE can negotiate the tunnel the first packet asks for.
#include <string>

#include "engine/control/exec_commands.hpp"

namespace routerd::control {

std::string start_ping(ExecContext& ctx);

}  // namespace routerd::control
