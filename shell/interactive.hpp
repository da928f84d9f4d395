#pragma once
#include <termios.h>

#include <string>

#include "shell/client.hpp"

namespace routerd::shell {

// The readline terminal: `?` and TAB go to routerd with the text before the cursor, Ctrl-Z
// and Ctrl-C are sent as interrupts, log lines from routerd are printed above the prompt.
// Returns the exit status. `console`: the terminal is line con 0 (routersh --console), where
// Ctrl-D does not end the session. `terminal_closed` is set when the terminal went away (end of
// input, hangup) rather than the session ending.
int run_interactive(Client& client, protocol::Reply first, bool console = false, bool* terminal_closed = nullptr);

// Reads a line from the terminal without echo (`Password:`).
std::string read_secret();

// Holds the terminal in the session's raw mode for its lifetime. The console keeps it raw between
// sessions too: in the kernel's cooked mode a RETURN typed while one session ends would become
// LF (ICRNL), which the input reader takes for the tail of the CR before it and drops.
class RawTerminal {
public:
    RawTerminal();
    ~RawTerminal();
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;

private:
    termios saved_{};
    bool held_ = false;
};

// The console's idle state ("Press RETURN to get started."): waits for RETURN, other keys
// are ignored. False when the terminal closed.
bool wait_for_return();

}  // namespace routerd::shell
