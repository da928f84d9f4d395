#include "engine/show/output_filter.hpp"

#include <regex>
#include <sstream>
#include <vector>

namespace routerd::show {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

}  // namespace

std::optional<std::string> filter_output(grammar::CommandId which, const std::string& regex, const std::string& text) {
    std::regex re;
    try {
        re = std::regex(regex, std::regex::extended);
    } catch (const std::regex_error&) {
        return std::nullopt;
    }
    auto matches = [&](const std::string& l) { return std::regex_search(l, re); };
    auto lines = lines_of(text);
    std::string out;
    switch (which) {
        case grammar::CommandId::PipeInclude:
            for (const auto& l : lines)
                if (matches(l)) out += l + "\n";
            break;
        case grammar::CommandId::PipeExclude:
            for (const auto& l : lines)
                if (!matches(l)) out += l + "\n";
            break;
        case grammar::CommandId::PipeBegin: {
            bool on = false;
            for (const auto& l : lines) {
                on = on || matches(l);
                if (on) out += l + "\n";
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
                    for (std::size_t k = i; k < end; ++k) out += lines[k] + "\n";
                i = end;
            }
            break;
        }
        case grammar::CommandId::PipeCount: {
            std::size_t n = 0;
            for (const auto& l : lines) n += matches(l) ? 1 : 0;
            out = "Number of lines which match regexp = " + std::to_string(n) + "\n";
            break;
        }
        default: return text;
    }
    return out;
}

}  // namespace routerd::show
