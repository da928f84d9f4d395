#pragma once
// Carries out what a session types: a line, `?`, TAB, Ctrl-Z/Ctrl-C. Finds the command in the
// session's mode (then its parent modes, as IOS does), reports IOS errors, and runs the
// command: configuration through engine/config, EXEC commands here.
#include <string>
#include <string_view>

#include "engine/control/router.hpp"
#include "engine/control/session.hpp"
#include "protocol/wire.hpp"

namespace routerd::control {

// The longest command line routerd parses. No IOS command comes near it (the longest line of
// the 60 public configs in tests/corpus has 179 characters; a 240-character `description`
// takes 252), and it keeps a pasted megabyte line from being matched, stored or echoed.
inline constexpr std::size_t kMaxCommandLine = 4096;

class Dispatcher {
public:
    explicit Dispatcher(Router& router);

    protocol::Reply greet(Session& s);  // the banner and first prompt
    protocol::Reply line(Session& s, std::string_view text);
    protocol::Reply help(Session& s, std::string_view before_cursor);
    protocol::Reply complete(Session& s, std::string_view before_cursor);
    protocol::Reply interrupt(Session& s, char key);
    // The end of a deferred command (see Session::deferred): its last output and the prompt.
    protocol::Reply finish(Session& s, std::string output);
    // The session ends without a command (the console's exec-timeout): as after `exit`.
    protocol::Reply end_session(Session& s);

    std::string prompt(const Session& s) const;
    // Startup-config, line by line through the same grammar. Returns one report per bad line.
    std::vector<std::string> load_config(const std::string& text);
    std::string merge_startup();

private:
    protocol::Reply reply(Session& s, std::string output);
    std::string run_line(Session& s, std::string_view text);
    std::string run_exec(Session& s, std::string_view text, std::size_t column_offset);
    std::string run_config(Session& s, std::string_view text);
    std::string configure(Session& s, std::string_view text);  // run_config without its notes
    // A line against the commands of `mode` kept as typed (the fallback of a partly modelled
    // command), spelled in full.
    grammar::MatchResult match_kept(grammar::Mode mode, std::string_view text) const;
    // A line against global configuration: a modelled command, else one kept as typed.
    grammar::MatchResult match_global(std::string_view text) const;
    std::string answer_pending(Session& s, std::string_view text);
    std::string error_text(const Session& s, const grammar::MatchResult& r, std::string_view text,
                           std::size_t column_offset) const;
    void leave_config(Session& s);
    // Puts a configuration command's question (config::ApplyResult::ask) to the session.
    void ask(Session& s, config::Question q);
    const grammar::CommandList& exec_table(const Session& s) const;

    Router& router_;
    bool loading_startup_ = false;
};

}  // namespace routerd::control
