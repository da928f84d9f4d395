#include "grammar/token.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "net/ipv4.hpp"

namespace routerd::grammar {
namespace {

// IOS keywords are ASCII, and routerd never sets a locale: std::tolower's "C" locale maps just
// A-Z. Inline, without the library call per character, which was 5 % of a large paste's CPU.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool istarts_with(std::string_view text, std::string_view prefix) {
    if (prefix.size() > text.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
    return true;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && istarts_with(a, b); }

std::optional<std::uint32_t> parse_ipv4(std::string_view text) { return net::parse_ipv4(text); }

Token Token::parse(std::string_view s) {
    Token t;
    t.text = std::string(s);
    if (s == "WORD") {
        t.kind = TokenKind::Word;
    } else if (s == "LINE") {
        t.kind = TokenKind::Line;
    } else if (s == "A.B.C.D") {
        t.kind = TokenKind::Ipv4;
    } else if (s == "IFNAME") {
        t.kind = TokenKind::Interface;
    } else if (s.size() > 4 && s.front() == '<' && s.back() == '>') {
        auto dash = s.find('-', 2);
        if (dash == std::string_view::npos) throw std::invalid_argument("bad range token: " + t.text);
        auto lo = s.substr(1, dash - 1), hi = s.substr(dash + 1, s.size() - dash - 2);
        if (std::from_chars(lo.data(), lo.data() + lo.size(), t.lo).ec != std::errc{} ||
            std::from_chars(hi.data(), hi.data() + hi.size(), t.hi).ec != std::errc{} || t.lo > t.hi)
            throw std::invalid_argument("bad range token: " + t.text);
        t.kind = TokenKind::Range;
    } else {
        // An all-capitals word is a placeholder we do not know: a typo in a definition.
        bool all_upper = s.size() > 1;
        for (char c : s)
            if (!std::isupper(static_cast<unsigned char>(c))) all_upper = false;
        if (all_upper) throw std::invalid_argument("unknown placeholder: " + t.text);
        t.kind = TokenKind::Keyword;
    }
    return t;
}

namespace {

std::optional<std::uint32_t> parse_number(std::string_view word) {
    if (word.empty() || word.size() > 10) return std::nullopt;
    for (char c : word)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    std::uint64_t v = 0;
    std::from_chars(word.data(), word.data() + word.size(), v);
    if (v > 0xffffffffULL) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

// How much of `word` can still begin a dotted quad.
std::size_t viable_ipv4(std::string_view word) {
    int octets = 0;
    std::size_t i = 0;
    while (i < word.size()) {
        std::size_t start = i;
        unsigned value = 0;
        while (i < word.size() && std::isdigit(static_cast<unsigned char>(word[i]))) {
            value = value * 10 + static_cast<unsigned>(word[i] - '0');
            if (value > 255 || i - start >= 3) return i;
            ++i;
        }
        if (i == start) return i;
        ++octets;
        if (i == word.size()) return i;
        if (word[i] != '.' || octets == 4) return i;
        ++i;
    }
    return i;
}

}  // namespace

TokenMatch match_interface_number(InterfaceType type, std::string_view word) {
    if (!valid_interface_number(type, word)) return {};
    return {MatchQuality::Variable, std::string(info(type).name) + std::string(word), std::nullopt};
}

TokenMatch match_token(const Token& token, std::string_view word) {
    switch (token.kind) {
        case TokenKind::Keyword:
            if (iequals(word, token.text)) return {MatchQuality::Exact, token.text, std::nullopt};
            if (istarts_with(token.text, word)) return {MatchQuality::Partial, token.text, std::nullopt};
            return {};
        case TokenKind::Word:
        case TokenKind::Line:
            return {MatchQuality::FreeForm, std::string(word), std::nullopt};
        case TokenKind::Range: {
            auto v = parse_number(word);
            if (!v || *v < token.lo || *v > token.hi) return {};
            return {MatchQuality::Variable, std::to_string(*v), std::nullopt};
        }
        case TokenKind::Ipv4:
            if (!parse_ipv4(word)) return {};
            return {MatchQuality::Variable, std::string(word), std::nullopt};
        case TokenKind::Interface: {
            std::size_t letters = type_prefix_length(word);
            const auto* type = resolve_type(word.substr(0, letters));
            if (!type) return {};
            if (letters == word.size())  // "Tunnel" then "0" as the next word
                return {MatchQuality::Variable, std::string(type->name), type->type};
            return match_interface_number(type->type, word.substr(letters));
        }
    }
    return {};
}

std::size_t viable_prefix(const Token& token, std::string_view word) {
    switch (token.kind) {
        case TokenKind::Keyword: {
            std::size_t n = 0;
            while (n < word.size() && n < token.text.size() &&
                   ascii_lower(word[n]) == ascii_lower(token.text[n]))
                ++n;
            return n;
        }
        case TokenKind::Word:
        case TokenKind::Line: return word.size();
        case TokenKind::Range: {
            std::size_t n = 0;
            while (n < word.size() && std::isdigit(static_cast<unsigned char>(word[n]))) ++n;
            // IOS points at the number itself when its value is out of range.
            if (n == word.size() && !match_token(token, word).value.empty()) return n;
            return n == word.size() ? 0 : n;
        }
        case TokenKind::Ipv4: return viable_ipv4(word);
        case TokenKind::Interface: {
            std::size_t letters = type_prefix_length(word);
            std::size_t best = 0;
            for (const auto& t : interface_types()) {
                std::size_t n = 0;
                while (n < letters && n < t.name.size() &&
                       ascii_lower(word[n]) == ascii_lower(t.name[n]))
                    ++n;
                if (n == letters && letters > 0)
                    n += viable_number_prefix(t.type, word.substr(letters));
                best = std::max(best, n);
            }
            return best;
        }
    }
    return 0;
}

}  // namespace routerd::grammar
