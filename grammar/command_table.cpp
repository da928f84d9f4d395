#include "grammar/command_table.hpp"

#include <stdexcept>
#include <string>

namespace routerd::grammar {
namespace {

constexpr std::string_view kNoHelp = "Negate a command or set its defaults";
constexpr std::string_view kDefaultHelp = "Set a command to its defaults";

// Splits a syntax string into its tokens as spelled, in order (brackets and bars dropped).
std::vector<std::string_view> spelled_tokens(std::string_view syntax) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    auto is_sep = [](char c) { return c == ' ' || c == '[' || c == ']' || c == '{' || c == '}' || c == '|'; };
    while (i < syntax.size()) {
        if (is_sep(syntax[i])) { ++i; continue; }
        std::size_t start = i;
        while (i < syntax.size() && !is_sep(syntax[i])) ++i;
        out.push_back(syntax.substr(start, i - start));
    }
    return out;
}

CompiledSyntax compile(const CommandDef& def, Form form) {
    if (form == Form::Set) {
        if (def.help.size() != spelled_tokens(def.syntax).size())
            throw std::invalid_argument("help count differs from token count in \"" + std::string(def.syntax) + "\"");
        return compile_syntax(def.syntax, [&](std::string_view, std::size_t i) { return std::string(def.help[i]); });
    }
    auto tokens = spelled_tokens(def.syntax);
    std::string_view body = def.no_syntax.empty() ? def.syntax : def.no_syntax;
    std::string text = std::string(form == Form::No ? "no " : "default ") + std::string(body);
    return compile_syntax(text, [&](std::string_view spelled, std::size_t i) -> std::string {
        if (i == 0) return std::string(form == Form::No ? kNoHelp : kDefaultHelp);
        for (std::size_t k = 0; k < tokens.size(); ++k)
            if (tokens[k] == spelled && !def.help[k].empty()) return std::string(def.help[k]);
        return "";
    });
}

void check(const CompiledSyntax& s, const CommandDef& def) {
    for (const auto& n : s.nodes)
        if (n.token.kind == TokenKind::Line && (!n.next.empty() || !n.accepts_end))
            throw std::invalid_argument("LINE must end the syntax \"" + std::string(def.syntax) + "\"");
}

}  // namespace

bool is_stored(CommandId id) {
    using enum CommandId;
    return id == StoredLine || id == StoredBlock || id == StoredInterfaceLine || id == StoredSubmodeLine;
}

CommandTable::CommandTable(std::vector<CommandDef> defs) : defs_(std::move(defs)) {
    std::map<Mode, std::vector<CompiledCommand>> by_mode, stored_by_mode;
    for (const auto& def : defs_) {
        std::vector<Mode> modes{def.mode};
        if (def.mode == Mode::UserExec) modes.push_back(Mode::PrivExec);
        // A sub-interface takes every interface command (and a few of its own).
        if (def.mode == Mode::ConfigIf) modes.push_back(Mode::ConfigSubif);
        for (Mode m : modes) {
            for (auto* list : {&by_mode[m], is_stored(def.id) ? &stored_by_mode[m] : nullptr}) {
                if (!list) continue;
                list->push_back({&def, Form::Set, compile(def, Form::Set)});
                check(list->back().syntax, def);
                if (is_config(def.mode) && !(def.flags & kNoNegation)) {
                    list->push_back({&def, Form::No, compile(def, Form::No)});
                    list->push_back({&def, Form::Default, compile(def, Form::Default)});
                }
            }
        }
    }
    for (auto& [mode, list] : by_mode) by_mode_.emplace(mode, CommandList(std::move(list)));
    for (auto& [mode, list] : stored_by_mode) stored_by_mode_.emplace(mode, CommandList(std::move(list)));
}

const CommandList& CommandTable::stored(Mode mode) const {
    auto it = stored_by_mode_.find(mode);
    return it == stored_by_mode_.end() ? none_ : it->second;
}

const CommandList& CommandTable::commands(Mode mode) const {
    auto it = by_mode_.find(mode);
    return it == by_mode_.end() ? none_ : it->second;
}

}  // namespace routerd::grammar
