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
    // The terminal column where the command's text begins (the prompt's length, plus `do `
    // typed in config mode): a caret the command places itself is counted from there.
    std::size_t caret_origin = 0;
    // Set by a command that answered with a parse error of its own (a name this box does not
    // have): like the parser's errors, it is shown whatever `| ...` filter follows.
    bool invalid = false;
};

// IOS's `% Invalid input detected at '^' marker.`, the caret under terminal column `column`,
// and the empty line IOS prints after it.
std::string invalid_input_at(std::size_t column);

std::string run_exec_command(ExecContext& ctx);
// `write memory` / `copy running-config startup-config`: "Building configuration...\n[OK]".
std::string save_startup(Router& router);

}  // namespace routerd::control
