#pragma once
#include <string>

#include "shell/client.hpp"

namespace routerd::shell {

// The readline terminal: `?` and TAB go to routerd with the text before the cursor, Ctrl-Z
// and Ctrl-C are sent as interrupts, log lines from routerd are printed above the prompt.
// Returns the exit status.
int run_interactive(Client& client, protocol::Reply first);

// Reads a line from the terminal without echo (`Password:`).
std::string read_secret();

}  // namespace routerd::shell
