#pragma once
// One terminal session (a vty line): where it stands in the modes, its privilege and terminal
// settings, and any question it is waiting to have answered.
#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/config/apply.hpp"
#include "grammar/mode.hpp"

namespace routerd::control {

// The session asked something and the next line is the answer.
struct AwaitEnablePassword { int attempts = 0; };
struct AwaitConfigureFrom {};
struct AwaitCopyDestination {};
struct AwaitClearLoggingConfirm {};
// The console's login (`line con 0` with `login local` or `login` + `password`): the name,
// then the password; `failures` counts refused tries (IOS gives three).
struct AwaitLogin {
    bool local = true;           // `login local`: Username: then Password:; else the line password
    bool asking_password = false;
    std::string user;
    int failures = 0;
};
struct AwaitBannerText { config::BannerCollect banner; };
// A question with its own prompt (`[confirm]`, `[yes/no]`); the answer goes to `answer`,
// which may ask the next question by setting the session's pending again.
struct AwaitAnswer {
    std::string prompt;
    std::function<std::string(std::string_view answer)> answer;
};
using Pending = std::variant<std::monostate, AwaitEnablePassword, AwaitConfigureFrom, AwaitCopyDestination,
                             AwaitClearLoggingConfirm, AwaitBannerText, AwaitAnswer, AwaitLogin>;

// What the lines typed deeper than a given line belong to: the kept line they extend, or a
// rejected line, whose block must not spill into the mode the session is still in.
struct IndentFollow {
    std::size_t indent = 0;
    std::optional<config::ChildTarget> attach;  // nullopt: the line was rejected
};

struct Session {
    int id = 0;
    int vty = 0;
    std::string user = "console";
    std::string origin;    // the SSH client's address; "" for a local terminal
    bool ssh = false;      // logged in through the router's SSH server
    bool console = false;  // line con 0 (routersh --console on a serial or virtual console)
    bool trusted = false;  // the caller may `enable` without a password when none is set
    std::vector<grammar::ModeFrame> stack{{grammar::Mode::UserExec, ""}};
    unsigned privilege = 1;
    unsigned term_length = 24;
    unsigned term_width = 80;
    bool monitor = false;
    std::deque<std::string> history;         // the last 10 EXEC lines, as IOS keeps them per line
    std::deque<std::string> config_history;  // and, apart, the last 10 configuration lines
    Pending pending;
    std::optional<IndentFollow> follow;
    // How deep the current kept block's own lines were typed: an `exit` deeper than that
    // closes a nested sub-mode (`peer` inside `crypto ikev2 keyring`), not the block.
    std::optional<std::size_t> block_child_indent;
    // The current sub-mode's lines came indented, as IOS writes every block: an unindented line
    // after them is the block's sibling, a global line whenever global configuration takes it.
    bool block_indented = false;
    std::chrono::steady_clock::time_point connected = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_input = connected;
    // A command that finishes later (ping) streams its output with `push` and ends with
    // `finish`; both are set by the connection. While `deferred`, the client waits for it.
    std::function<void(const std::string&)> push;
    std::function<void(std::string output)> finish;
    bool deferred = false;
    // Stops the deferred command early (IOS's escape sequence), which then finishes as usual.
    std::function<void()> abort;

    const grammar::ModeFrame& frame() const { return stack.back(); }
    grammar::Mode mode() const { return stack.back().mode; }
};

}  // namespace routerd::control
