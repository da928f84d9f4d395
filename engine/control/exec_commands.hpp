#pragma once
// EXEC-mode commands: enable, configure, show, write, copy, terminal.
#include <string>

#include "engine/control/router.hpp"
#include "engine/control/session.hpp"
#include "grammar/matcher.hpp"

namespace routerd::control {

struct ExecContext {
    Router& router;
    Session& session;
    const grammar::Matched& match;
    bool filtered;  // output goes through `| ...`: no "Building configuration..." banner
};

std::string run_exec_command(ExecContext& ctx);
// `write memory` / `copy running-config startup-config`: "Building configuration...\n[OK]".
std::string save_startup(Router& router);

}  // namespace routerd::control
