// Every definition, in one list for the command table.
#include "grammar/command.hpp"

namespace routerd::grammar {

std::vector<CommandDef> all_commands() {
    std::vector<CommandDef> out;
    for (auto part : {exec_commands(), output_modifier_commands(), config_commands(), interface_commands(), line_commands(),
                      crypto_isakmp_commands(), crypto_ikev2_commands(), crypto_ipsec_commands(), crypto_map_commands(),
                      access_list_commands(), crypto_show_commands(), stored_commands()})
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

}  // namespace routerd::grammar
