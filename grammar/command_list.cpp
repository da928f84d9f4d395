#include "grammar/command_list.hpp"

#include <algorithm>

namespace routerd::grammar {
namespace {

// Keywords are ASCII (token.cpp): lower-casing A-Z is IOS's case-insensitivity.
std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

CommandList::CommandList(std::vector<CompiledCommand> commands) : commands_(std::move(commands)) {
    for (std::uint32_t i = 0; i < commands_.size(); ++i) {
        const auto& syntax = commands_[i].syntax;
        bool other = false;
        for (auto n : syntax.start) {
            const Token& t = syntax.nodes[n].token;
            if (t.kind == TokenKind::Keyword) keywords_.emplace_back(ascii_lowered(t.text), i);
            else other = true;
        }
        if (other) not_keywords_.push_back(i);
    }
    std::sort(keywords_.begin(), keywords_.end());
}

void CommandList::first_word_candidates(std::string_view word, std::vector<std::uint32_t>& out) const {
    out.assign(not_keywords_.begin(), not_keywords_.end());
    std::string lowered = ascii_lowered(word);
    // The keywords that begin with the word are one run of the sorted list, from the first
    // not below it.
    auto it = std::lower_bound(keywords_.begin(), keywords_.end(), lowered,
                               [](const auto& entry, const std::string& w) { return entry.first < w; });
    for (; it != keywords_.end() && it->first.starts_with(lowered); ++it) out.push_back(it->second);
    // Definition order, once each: the first command that takes the whole line wins, as before.
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace routerd::grammar
