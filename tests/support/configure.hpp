#pragma once
// Builds a RunningConfig from IOS configuration text, as a paste would (sub-modes entered and
// left by the commands themselves). Any line that is refused or complains fails the test.
#include <catch.hpp>

#include <sstream>

#include "engine/config/apply.hpp"
#include "grammar/command_table.hpp"

namespace routerd::test {

inline config::RunningConfig configure(const std::string& text) {
    static grammar::CommandTable table(grammar::all_commands());
    config::RunningConfig c;
    std::vector<grammar::ModeFrame> stack{{grammar::Mode::Config, ""}};
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
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
                m = std::get_if<grammar::Matched>(&r);
            }
        }
        if ((!m || weak) && stack.size() > 1) {
            auto g = grammar::match_line(table.commands(grammar::Mode::Config), line);
            if (!weak || std::holds_alternative<grammar::Matched>(g)) {
                stack.resize(1);
                r = g;
            }
        }
        INFO(line);
        REQUIRE(std::holds_alternative<grammar::Matched>(r));
        std::string out;
        config::ApplyContext ctx{c, std::get<grammar::Matched>(r), stack.back(), out, true};
        auto res = config::apply(ctx);
        REQUIRE(res.has_value());
        CHECK(out.empty());
        if (res->enter && res->nested) stack.push_back(*res->enter);
        else if (res->enter) stack = {stack.front(), *res->enter};
    }
    return c;
}

}  // namespace routerd::test
