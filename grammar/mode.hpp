#pragma once
// The CLI modes and their prompts, exactly as IOS prints them after the hostname.
#include <optional>
#include <string_view>

namespace routerd::grammar {

enum class Mode {
    UserExec,
    PrivExec,
    Config,
    ConfigIf,
    ConfigLine,
    ConfigIsakmp,
    CfgCryptoTrans,
    ConfigCryptoMap,
    IpsecProfile,
    ConfigExtNacl,
    ConfigStdNacl,
    ConfIsaProf,
    ConfKeyring,
    OutputModifier,  // what may follow `show ... |`
};

// "(config-if)#" and so on; UserExec is ">" and PrivExec "#".
std::string_view prompt_suffix(Mode mode);
// The header IOS prints above a bare `?` listing ("Exec commands:").
std::string_view help_title(Mode mode);
bool is_config(Mode mode);
// The mode a sub-mode falls back to when a line does not parse in it (IOS tries parents).
std::optional<Mode> parent(Mode mode);

}  // namespace routerd::grammar
