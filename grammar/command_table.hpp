#pragma once
// The compiled form of all command definitions, grouped by the mode they can be typed in.
#include <map>
#include <span>
#include <vector>

#include "grammar/command.hpp"
#include "grammar/command_list.hpp"

namespace routerd::grammar {

// The commands kept as typed without being carried out (grammar/definitions/stored.cpp),
// except a kept block's own lines.
bool is_stored(CommandId id);

class CommandTable {
public:
    explicit CommandTable(std::vector<CommandDef> defs);
    CommandTable(const CommandTable&) = delete;
    CommandTable& operator=(const CommandTable&) = delete;

    // The commands typed in `mode`: user EXEC's are also privileged EXEC's; config modes
    // carry their `no` and `default` forms.
    const CommandList& commands(Mode mode) const;
    // Only the kept-as-typed commands of `mode` (grammar/definitions/stored.cpp): what a line
    // that matches no modelled command falls back to (`aaa authentication ppp ...` where
    // `aaa authentication login` is modelled).
    const CommandList& stored(Mode mode) const;
    const std::vector<CommandDef>& definitions() const { return defs_; }

private:
    std::vector<CommandDef> defs_;
    std::map<Mode, CommandList> by_mode_;
    std::map<Mode, CommandList> stored_by_mode_;
    CommandList none_;  // a mode without commands
};

}  // namespace routerd::grammar
