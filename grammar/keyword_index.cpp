#include "grammar/keyword_index.hpp"

#include <algorithm>

namespace routerd::grammar {

std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

void KeywordIndex::add(const Token& token, std::uint32_t position) {
    if (token.kind == TokenKind::Keyword) keywords_.emplace_back(ascii_lowered(token.text), position);
    else others_.push_back(position);
}

void KeywordIndex::finish() {
    std::sort(keywords_.begin(), keywords_.end());
    std::sort(others_.begin(), others_.end());
    others_.erase(std::unique(others_.begin(), others_.end()), others_.end());
}

void KeywordIndex::candidates(std::string_view lowered, std::vector<std::uint32_t>& out) const {
    out.assign(others_.begin(), others_.end());
    // The keywords the word begins are one run of the sorted list, from the first not below it.
    auto it = std::lower_bound(keywords_.begin(), keywords_.end(), lowered,
                               [](const auto& entry, std::string_view w) { return entry.first < w; });
    for (; it != keywords_.end() && it->first.starts_with(lowered); ++it) out.push_back(it->second);
    // In list order, once each: the order decides which of equal matches is tried first.
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

}  // namespace routerd::grammar
