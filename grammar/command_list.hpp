#pragma once
// The compiled commands of one mode, in definition order, with an index of the keywords they
// begin with: a line's first word leaves a handful of a mode's hundreds of commands, and the
// index finds them without reading every command's syntax on every line.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "grammar/command.hpp"
#include "grammar/keyword_index.hpp"
#include "grammar/syntax.hpp"

namespace routerd::grammar {

struct CompiledCommand {
    const CommandDef* def;
    Form form;  // `no ...` and `default ...` entries are compiled from the same definition
    CompiledSyntax syntax;
};

class CommandList {
public:
    CommandList() = default;
    explicit CommandList(std::vector<CompiledCommand> commands);
    // Not copyable: a mode's list is the table's, and a copy made by mistake (`auto x =
    // table.commands(m)`) would cost as much as the commands themselves.
    CommandList(const CommandList&) = delete;
    CommandList& operator=(const CommandList&) = delete;
    CommandList(CommandList&&) = default;
    CommandList& operator=(CommandList&&) = default;

    std::span<const CompiledCommand> all() const { return commands_; }
    operator std::span<const CompiledCommand>() const { return commands_; }  // NOLINT: a list is its commands
    auto begin() const { return commands_.begin(); }
    auto end() const { return commands_.end(); }
    std::size_t size() const { return commands_.size(); }
    bool empty() const { return commands_.empty(); }

    // Sets `out` to the positions, ascending, of the commands one of whose first tokens may
    // take `word`: those with a first keyword that `word` begins (any case), and all those whose
    // first token is not a keyword. More than the exact answer, never less: the matcher still
    // tries each one's tokens.
    void first_word_candidates(std::string_view word, std::vector<std::uint32_t>& out) const;

private:
    std::vector<CompiledCommand> commands_;
    KeywordIndex first_tokens_;  // each command's first tokens, by the command's position
};

}  // namespace routerd::grammar
