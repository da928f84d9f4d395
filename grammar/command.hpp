#pragma once
// A command definition: one syntax string in IOS documentation style with help per token,
// bound by id to a handler in engine/ (the FRRouting DEFUN idea, split grammar/engine).
#include <string>
#include <string_view>
#include <vector>

#include "grammar/command_id.hpp"
#include "grammar/mode.hpp"

namespace routerd::grammar {

enum class Form { Set, No, Default };

enum CommandFlags : unsigned {
    kNoNegation = 1u << 0,  // no `no`/`default` form (exit, end, do)
    kPipeable = 1u << 1,    // output may be filtered with `| include` and friends
};

struct CommandDef {
    Mode mode;
    CommandId id;
    std::string syntax;
    // Help of each token as spelled in `syntax`, in order. "" means "the same as wherever
    // else this keyword is listed at this position" (so `show` is described once).
    std::vector<std::string_view> help;
    // The syntax after `no`/`default` when it differs (IOS lets `no ip address` drop the
    // arguments); its tokens take their help from `syntax`. Empty: the same as `syntax`.
    std::string no_syntax = {};
    unsigned flags = 0;
};

// All the definitions, by mode: grammar/definitions/*.cpp.
std::vector<CommandDef> exec_commands();
std::vector<CommandDef> config_commands();
std::vector<CommandDef> interface_commands();
std::vector<CommandDef> line_commands();
std::vector<CommandDef> crypto_isakmp_commands();
std::vector<CommandDef> crypto_ikev2_commands();
std::vector<CommandDef> crypto_ipsec_commands();
std::vector<CommandDef> crypto_map_commands();
std::vector<CommandDef> access_list_commands();
std::vector<CommandDef> crypto_show_commands();
std::vector<CommandDef> output_modifier_commands();
std::vector<CommandDef> stored_commands();
std::vector<CommandDef> all_commands();

}  // namespace routerd::grammar
