#pragma once
// IOS's `telnet A.B.C.D [PORT]` and its EXEC shortcut (an address typed alone): a real TCP
// connection attempt from the router's namespace, reported in IOS's words ("Trying 1.2.3.4 ... "
// then "% Connection refused by remote host", "% Connection timed out; remote host not
// responding" or "% Destination unreachable; gateway or host down"). routerd has no telnet
// client to hand the session to, so a connection that opens is closed again and says so.
#include <cstdint>
#include <string>

#include "engine/control/exec_commands.hpp"

namespace routerd::control {

std::string start_telnet(Router& router, Session& session, std::uint32_t address, std::uint16_t port);

}  // namespace routerd::control
