#include "engine/config/apply_text.hpp"

#include <variant>

#include "engine/config/apply.hpp"
#include "grammar/command_table.hpp"
#include "grammar/matcher.hpp"

namespace routerd::config {

std::optional<std::string> apply_text(RunningConfig& c, std::string_view text, std::vector<TextComplaint>* complaints) {
    static const grammar::CommandTable table(grammar::all_commands());  // immutable once built
    std::vector<grammar::ModeFrame> stack{{grammar::Mode::Config, ""}};
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string line(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        if (line.find_first_not_of(' ') == std::string::npos || line.find_first_not_of(' ') == line.find('!')) continue;
        // As the dispatcher: in a kept block, an unindented global command leaves the block.
        if (stack.back().mode == grammar::Mode::ConfigBlock && line[0] != ' ') {
            auto g = grammar::match_line(table.commands(grammar::Mode::Config), line);
            if (std::holds_alternative<grammar::Matched>(g)) stack.resize(1);
        }
        auto r = grammar::match_line(table.commands(stack.back().mode), line);
        // As the dispatcher: a kept line reached by abbreviation yields to a global command.
        auto* m = std::get_if<grammar::Matched>(&r);
        bool weak = m && m->abbreviated() && grammar::is_stored(m->id());
        // As the dispatcher: in a nested sub-mode (a keyring's `peer`), the enclosing one next.
        if (!m && stack.size() > 2 && grammar::parent(stack.back().mode) == stack[stack.size() - 2].mode) {
            auto enclosing = grammar::match_line(table.commands(stack[stack.size() - 2].mode), line);
            if (std::holds_alternative<grammar::Matched>(enclosing)) {
                stack.pop_back();
                r = enclosing;
            }
        }
        m = std::get_if<grammar::Matched>(&r);
        if ((!m || weak) && stack.size() > 1) {
            auto g = grammar::match_line(table.commands(grammar::Mode::Config), line);
            if (!weak || std::holds_alternative<grammar::Matched>(g)) {
                stack.resize(1);
                r = g;
            }
        }
        m = std::get_if<grammar::Matched>(&r);
        if (!m) return "refused by the grammar: " + line;
        std::string out;
        ApplyContext ctx{c, *m, stack.back(), out, true};
        auto res = apply(ctx);
        if (!res) return "refused: " + line + (out.empty() ? "" : ": " + out);
        if (!out.empty() && complaints) complaints->push_back({line, out});
        if (res->enter && res->nested) stack.push_back(*res->enter);
        else if (res->enter) stack = {stack.front(), *res->enter};
    }
    return std::nullopt;
}

}  // namespace routerd::config
