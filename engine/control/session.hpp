#pragma once
// One terminal session (a vty line): where it stands in the modes, its privilege and terminal
// settings, and any question it is waiting to have answered.
#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>
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
struct AwaitBannerText { config::BannerCollect banner; };
using Pending = std::variant<std::monostate, AwaitEnablePassword, AwaitConfigureFrom, AwaitCopyDestination,
                             AwaitClearLoggingConfirm, AwaitBannerText>;

struct Session {
    int id = 0;
    int vty = 0;
    std::string user = "console";
    bool trusted = false;  // the caller may `enable` without a password when none is set
    std::vector<grammar::ModeFrame> stack{{grammar::Mode::UserExec, ""}};
    unsigned privilege = 1;
    unsigned term_length = 24;
    unsigned term_width = 80;
    bool monitor = false;
    std::deque<std::string> history;  // the last 10 lines, as IOS keeps them per line
    Pending pending;
    std::chrono::steady_clock::time_point connected = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_input = connected;
    // A command that finishes later (ping) streams its output with `push` and ends with
    // `finish`; both are set by the connection. While `deferred`, the client waits for it.
    std::function<void(const std::string&)> push;
    std::function<void(std::string output)> finish;
    bool deferred = false;

    const grammar::ModeFrame& frame() const { return stack.back(); }
    grammar::Mode mode() const { return stack.back().mode; }
};

}  // namespace routerd::control
