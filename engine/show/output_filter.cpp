#include "engine/show/output_filter.hpp"

#include <re2/re2.h>

#include <vector>

namespace routerd::show {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string_view::npos) nl = text.size();
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

// What IOS's `_` stands for: a comma, a brace, a parenthesis, a space, or the start or end of
// the line (Cisco's "Regular Expressions" appendix), so `_65000_` finds the AS in
// "remote-as 65000" and "(65000)" but not in "650001".
constexpr std::string_view kDelimiter = "(?:^|$|[,{}() ])";

}  // namespace

std::string ios_regex_to_re2(std::string_view ios) {
    std::string out;
    out.reserve(ios.size() + 16);
    bool in_brackets = false;
    for (std::size_t i = 0; i < ios.size(); ++i) {
        char c = ios[i];
        if (in_brackets) {
            // POSIX brackets: a backslash is itself, `]` first is a member, `[:class:]` passes.
            if (c == '\\') {
                out += "\\\\";
            } else if (c == '[' && i + 1 < ios.size() && (ios[i + 1] == ':' || ios[i + 1] == '.' || ios[i + 1] == '=')) {
                auto close = ios.find(std::string{ios[i + 1], ']'}, i + 2);
                if (close == std::string_view::npos) close = ios.size() - 2;
                out.append(ios.substr(i, close + 2 - i));
                i = close + 1;
            } else {
                out += c;
                if (c == ']') in_brackets = false;
            }
            continue;
        }
        if (c == '\\' && i + 1 < ios.size()) {
            // `\_` is a plain underscore (RE2 refuses escaped word characters it does not know).
            if (ios[i + 1] != '_') out += c;
            out += ios[++i];
        } else if (c == '_') {
            out += kDelimiter;
        } else if (c == '[') {
            out += c;
            in_brackets = true;
            // `[]abc]` and `[^]abc]`: the first `]` is a member, not the end.
            if (i + 1 < ios.size() && ios[i + 1] == '^') out += ios[++i];
            if (i + 1 < ios.size() && ios[i + 1] == ']') {
                out += "\\]";
                ++i;
            }
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> filter_output(grammar::CommandId which, const std::string& regex, const std::string& text) {
    RE2::Options options;
    options.set_log_errors(false);                     // a typo is the user's, not routerd's log's
    options.set_encoding(RE2::Options::EncodingLatin1);  // bytes, as IOS and std::regex saw them
    options.set_max_mem(8 << 20);                      // a huge pattern fails to compile instead
    RE2 re(ios_regex_to_re2(regex), options);
    if (!re.ok()) return std::nullopt;
    auto matches = [&](std::string_view l) { return RE2::PartialMatch(re2::StringPiece(l.data(), l.size()), re); };
    auto lines = lines_of(text);
    std::string out;
    auto add = [&out](std::string_view l) {
        out.append(l);
        out += '\n';
    };
    switch (which) {
        case grammar::CommandId::PipeInclude:
            for (auto l : lines)
                if (matches(l)) add(l);
            break;
        case grammar::CommandId::PipeExclude:
            for (auto l : lines)
                if (!matches(l)) add(l);
            break;
        case grammar::CommandId::PipeBegin: {
            bool on = false;
            for (auto l : lines) {
                on = on || matches(l);
                if (on) add(l);
            }
            break;
        }
        case grammar::CommandId::PipeSection: {
            // A section is a line at the left margin with the indented lines under it; it is
            // shown whole when any of its lines matches.
            for (std::size_t i = 0; i < lines.size();) {
                std::size_t end = i + 1;
                while (end < lines.size() && !lines[end].empty() && lines[end][0] == ' ') ++end;
                bool hit = false;
                for (std::size_t k = i; k < end && !hit; ++k) hit = matches(lines[k]);
                if (hit)
                    for (std::size_t k = i; k < end; ++k) add(lines[k]);
                i = end;
            }
            break;
        }
        case grammar::CommandId::PipeCount: {
            std::size_t n = 0;
            for (auto l : lines) n += matches(l) ? 1 : 0;
            out = "Number of lines which match regexp = " + std::to_string(n) + "\n";
            break;
        }
        default: return text;
    }
    return out;
}

}  // namespace routerd::show
