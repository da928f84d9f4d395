#pragma once
// The compiled form of all command definitions, grouped by the mode they can be typed in.
#include <map>
#include <span>
#include <vector>

#include "grammar/command.hpp"
#include "grammar/syntax.hpp"

namespace routerd::grammar {

// The commands kept as typed without being carried out (grammar/definitions/stored.cpp),
// except a kept block's own lines.
bool is_stored(CommandId id);

struct CompiledCommand {
    const CommandDef* def;
    Form form;  // `no ...` and `default ...` entries are compiled from the same definition
    CompiledSyntax syntax;
};

class CommandTable {
public:
    explicit CommandTable(std::vector<CommandDef> defs);
    CommandTable(const CommandTable&) = delete;
    CommandTable& operator=(const CommandTable&) = delete;

    // The commands typed in `mode`: user EXEC's are also privileged EXEC's; config modes
    // carry their `no` and `default` forms.
    std::span<const CompiledCommand> commands(Mode mode) const;
    // Only the kept-as-typed commands of `mode` (grammar/definitions/stored.cpp): what a line
    // that matches no modelled command falls back to (`aaa authentication ppp ...` where
    // `aaa authentication login` is modelled).
    std::span<const CompiledCommand> stored(Mode mode) const;
    const std::vector<CommandDef>& definitions() const { return defs_; }

private:
    std::vector<CommandDef> defs_;
    std::map<Mode, std::vector<CompiledCommand>> by_mode_;
    std::map<Mode, std::vector<CompiledCommand>> stored_by_mode_;
};

}  // namespace routerd::grammar
