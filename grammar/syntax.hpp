#pragma once
// A command's syntax string in IOS documentation style, compiled into a small graph:
//   "ip address A.B.C.D A.B.C.D [secondary]", "{permit|deny}", "crypto isakmp policy <1-10000>".
// Each token node lists the nodes that may follow it; `accepts_end` marks where <cr> is valid.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/keyword_index.hpp"
#include "grammar/token.hpp"

namespace routerd::grammar {

// A list of next nodes this long or longer is indexed by keyword (`next_index`): trying each
// of an ACL entry's hundred protocol names against every pasted word was most of its match.
// Shorter lists are tried one by one, which costs less than the look-up.
inline constexpr std::size_t kIndexedAlternatives = 8;

struct SyntaxNode {
    Token token;
    std::vector<std::uint16_t> next;
    bool accepts_end = false;
    KeywordIndex next_index;  // positions in `next`; empty when `next` is short
};

struct CompiledSyntax {
    std::vector<SyntaxNode> nodes;
    std::vector<std::uint16_t> start;
    bool start_accepts_end = false;  // an empty syntax (never in practice)
    KeywordIndex start_index;  // positions in `start`; empty when `start` is short
};

// `help_for(token_text, index)` supplies the help of the index-th token as spelled.
// Throws std::invalid_argument for a malformed syntax string: definitions are compiled once at
// start-up and by a unit test, so a bad one never reaches a user.
CompiledSyntax compile_syntax(std::string_view syntax,
                              const std::function<std::string(std::string_view, std::size_t)>& help_for);

}  // namespace routerd::grammar
