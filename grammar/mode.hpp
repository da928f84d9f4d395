#pragma once
// The CLI modes and their prompts, exactly as IOS prints them after the hostname.
#include <optional>
#include <string>
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
    Ikev2Proposal,    // crypto ikev2 proposal NAME
    Ikev2Policy,      // crypto ikev2 policy NAME
    Ikev2Keyring,     // crypto ikev2 keyring NAME
    Ikev2KeyringPeer, // `peer NAME` inside a keyring: its parent is the keyring, not (config)
    Ikev2Profile,     // crypto ikev2 profile NAME
    ConfigSubif,     // a sub-interface (gi0/0.10): the interface commands and `encapsulation dot1Q`
    ConfigBlock,     // a block kept as typed (`router bgp 1`, `route-map X`): every line is its child
    OutputModifier,  // what may follow `show ... |`
};

// Where a session stands: the mode, and which object it edits ("GigabitEthernet0/0",
// "vty 0 4"): what IOS keeps on its parser stack.
struct ModeFrame {
    Mode mode = Mode::UserExec;
    std::string context;
    // The prompt of a kept block ("(config-router)#"), which depends on the block, not the mode.
    std::string prompt = {};
    bool operator==(const ModeFrame&) const = default;
};

// "(config-if)#" and so on; UserExec is ">" and PrivExec "#".
std::string_view prompt_suffix(Mode mode);
// The header IOS prints above a bare `?` listing ("Exec commands:").
std::string_view help_title(Mode mode);
bool is_config(Mode mode);
// The mode a sub-mode falls back to when a line does not parse in it (IOS tries parents).
std::optional<Mode> parent(Mode mode);

}  // namespace routerd::grammar
