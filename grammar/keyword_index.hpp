#pragma once
// Which tokens of a list a typed word may match, found from the word instead of by trying every
// token: the keywords the word begins (IOS abbreviation, any case), and every token that is not
// a keyword (a number, an address, a WORD), whose match the caller still tries. Used where a
// list is long: a mode's commands by their first keyword, and the alternatives after a token
// (an ACL entry's hundred and more protocol and port names).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grammar/token.hpp"

namespace routerd::grammar {

// IOS keywords are ASCII: lower-casing A-Z is IOS's case-insensitivity.
std::string ascii_lowered(std::string_view text);

class KeywordIndex {
public:
    // The token at `position` of the list; then finish() once, after the last.
    void add(const Token& token, std::uint32_t position);
    void finish();
    bool empty() const { return keywords_.empty() && others_.empty(); }

    // Sets `out` to the positions, ascending and once each, of the tokens that may take the word
    // whose ascii_lowered() form is `lowered`. More than the exact answer, never less.
    void candidates(std::string_view lowered, std::vector<std::uint32_t>& out) const;

private:
    std::vector<std::pair<std::string, std::uint32_t>> keywords_;  // lower-cased keyword, position; sorted
    std::vector<std::uint32_t> others_;  // positions of the tokens that are not keywords, ascending
};

}  // namespace routerd::grammar
