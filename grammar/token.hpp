#pragma once
// One token of a command's syntax string, and how a typed word matches it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "grammar/interface_name.hpp"

namespace routerd::grammar {

enum class TokenKind {
    Keyword,    // literal, abbreviable to any unique prefix
    Word,       // WORD: any single word
    Line,       // LINE: the rest of the line, as typed
    Range,      // <lo-hi>
    Ipv4,       // A.B.C.D (also masks and wildcards; their meaning is checked by the handler)
    Interface,  // IFNAME: an interface type and number, in one word or two
};

struct Token {
    TokenKind kind = TokenKind::Keyword;
    std::string text;  // keyword, or the placeholder as IOS help prints it ("WORD", "<1-10000>")
    std::string help;
    std::uint32_t lo = 0, hi = 0;

    static Token parse(std::string_view spelled);  // "crypto", "WORD", "<1-10000>", ...
};

// How well a word matches; candidates of lower quality are dropped when a better one exists,
// which is how IOS prefers `ip` (exact) over `ipv6`, and a keyword over a free-form WORD.
enum class MatchQuality { None = 0, FreeForm = 1, Variable = 2, Partial = 3, Exact = 4 };

struct TokenMatch {
    MatchQuality quality = MatchQuality::None;
    std::string value;  // full keyword, the word itself, or the canonical interface name
    std::optional<InterfaceType> pending_interface;  // a bare type: the number comes next
};

TokenMatch match_token(const Token& token, std::string_view word);
TokenMatch match_interface_number(InterfaceType type, std::string_view word);
// The number of leading characters of `word` that could still begin a match: the caret of
// `% Invalid input` goes under the first character past it.
std::size_t viable_prefix(const Token& token, std::string_view word);

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);
std::optional<std::uint32_t> parse_ipv4(std::string_view text);

}  // namespace routerd::grammar
