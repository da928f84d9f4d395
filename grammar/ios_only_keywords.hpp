#pragma once
// Keywords real IOS has at a point of a command where routerd implements only some of them.
// They are never matched, listed by `?` or completed: routerd cannot carry them out, and its
// help lists what it has. They only place the caret of `% Invalid input`, which IOS puts under
// the first character at which no keyword of IOS's own can match any more (ios-reference.md:
// 204-207: `show ip config` gets it under the `n`, since "co" still begins community-list).
#include <span>
#include <string_view>

namespace routerd::grammar {

// IOS's keywords after `path` (the full keywords typed before, one space apart: "show ip");
// empty where no list is kept.
std::span<const std::string_view> ios_only_keywords(std::string_view path);

}  // namespace routerd::grammar
