#pragma once
// The output modifiers after `|`: include, exclude, begin, section, count.
#include <optional>
#include <string>

#include "grammar/command_id.hpp"

namespace routerd::show {

// Filters `text` with the modifier `which` and its regular expression. nullopt when the
// expression does not compile.
std::optional<std::string> filter_output(grammar::CommandId which, const std::string& regex, const std::string& text);

}  // namespace routerd::show
