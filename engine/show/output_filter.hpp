#pragma once
// The output modifiers after `|`: include, exclude, begin, section, count.
//
// The expression comes from whoever typed the command (privilege 1 is enough), so it is
// compiled by RE2: time linear in the input, no recursion, bounded memory. std::regex, used
// before, recursed once per character and overflowed the stack on a long pattern or line.
#include <optional>
#include <string>
#include <string_view>

#include "grammar/command_id.hpp"

namespace routerd::show {

// IOS's regular expressions (POSIX extended, plus `_` for a delimiter) in RE2's syntax.
std::string ios_regex_to_re2(std::string_view ios);

// Filters `text` with the modifier `which` and its regular expression. nullopt when the
// expression does not compile.
std::optional<std::string> filter_output(grammar::CommandId which, const std::string& regex, const std::string& text);

}  // namespace routerd::show
