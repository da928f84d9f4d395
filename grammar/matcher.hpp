#pragma once
// Matching a typed line against the commands of a mode, as the IOS parser does: unique-prefix
// abbreviation, exact keywords preferred, ambiguity, incomplete commands, and the column of the
// first character at which no command can match (for the caret of `% Invalid input`).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "grammar/command_table.hpp"

namespace routerd::grammar {

struct Word {
    std::string_view text;
    std::size_t column;
};
std::vector<Word> split_words(std::string_view line);

struct Arg {
    const Token* token;
    std::string value;  // the full keyword, the typed value, or the canonical interface name
    std::size_t column = 0;  // where it was typed, for a caret placed by the command itself
    bool abbreviated = false;  // a keyword typed as a prefix of itself
};

struct Matched {
    const CompiledCommand* command;
    std::vector<Arg> args;  // every token matched, keywords included (`no` and `default` excluded)

    CommandId id() const { return command->def->id; }
    Form form() const { return command->form; }
    bool has(std::string_view keyword) const;
    // The value of the token right after `keyword` ("" when absent).
    std::string after(std::string_view keyword) const;
    // The variable (non-keyword) values, in order.
    std::vector<std::string> values() const;
    std::string value(std::size_t index) const;  // "" when absent
    bool abbreviated() const;  // some keyword was typed short
};
struct Invalid { std::size_t column; };
struct Incomplete {};
struct Ambiguous {};
using MatchResult = std::variant<Matched, Invalid, Incomplete, Ambiguous>;

// `absent`: the first keywords of commands the object being configured does not have (`tunnel`
// on an Ethernet interface), whose commands, their `no` forms too, are matched as if they were
// not defined, so that the caret goes where IOS's does.
MatchResult match_line(std::span<const CompiledCommand> commands, std::string_view line,
                       std::span<const std::string> absent = {});
// The same, with the list's index of first keywords: what routerd matches every line with.
MatchResult match_line(const CommandList& commands, std::string_view line, std::span<const std::string> absent = {});

struct HelpEntry {
    std::string token;
    std::string help;
};
struct HelpListing {
    enum class Kind { Tokens, Completions, Unrecognized, Ambiguous } kind = Kind::Tokens;
    std::vector<HelpEntry> entries;  // sorted as IOS sorts them
    bool can_end = false;            // list <cr> last
};
// `?` typed at the end of `line`: after a space it lists the next tokens, glued to a word it
// lists the keywords that word completes to.
HelpListing help(std::span<const CompiledCommand> commands, std::string_view line);
// TAB: the line with its last word completed, or nullopt when it is not a unique prefix.
std::optional<std::string> complete(std::span<const CompiledCommand> commands, std::string_view line);

// Formats a `Tokens` listing in IOS columns (two-space indent, names padded to the longest + 2).
std::string format_help(const HelpListing& listing, std::size_t width = 80);

}  // namespace routerd::grammar
