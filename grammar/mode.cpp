#include "grammar/mode.hpp"

namespace routerd::grammar {

std::string_view prompt_suffix(Mode mode) {
    switch (mode) {
        case Mode::UserExec: return ">";
        case Mode::PrivExec: return "#";
        case Mode::Config: return "(config)#";
        case Mode::ConfigIf: return "(config-if)#";
        case Mode::ConfigLine: return "(config-line)#";
        case Mode::ConfigIsakmp: return "(config-isakmp)#";
        case Mode::CfgCryptoTrans: return "(cfg-crypto-trans)#";
        case Mode::ConfigCryptoMap: return "(config-crypto-map)#";
        case Mode::IpsecProfile: return "(ipsec-profile)#";
        case Mode::ConfigExtNacl: return "(config-ext-nacl)#";
        case Mode::ConfigStdNacl: return "(config-std-nacl)#";
        case Mode::ConfIsaProf: return "(conf-isa-prof)#";
        case Mode::ConfKeyring: return "(conf-keyring)#";
        case Mode::Ikev2Proposal: return "(config-ikev2-proposal)#";
        case Mode::Ikev2Policy: return "(config-ikev2-policy)#";
        case Mode::Ikev2Keyring: return "(config-ikev2-keyring)#";
        case Mode::Ikev2KeyringPeer: return "(config-ikev2-keyring-peer)#";
        case Mode::Ikev2Profile: return "(config-ikev2-profile)#";
        case Mode::ConfigSubif: return "(config-subif)#";
        case Mode::ConfigBlock: return "(config)#";
        case Mode::OutputModifier: return "#";
    }
    return "#";
}

std::string_view help_title(Mode mode) {
    switch (mode) {
        case Mode::UserExec:
        case Mode::PrivExec: return "Exec commands:";
        case Mode::Config: return "Configure commands:";
        case Mode::ConfigIf: return "Interface configuration commands:";
        case Mode::ConfigLine: return "Line configuration commands:";
        case Mode::ConfigIsakmp: return "ISAKMP commands:";
        case Mode::CfgCryptoTrans: return "Crypto transform configuration commands:";
        case Mode::ConfigCryptoMap: return "Crypto Map configuration commands:";
        case Mode::IpsecProfile: return "Crypto Ipsec Profile configuration commands:";
        case Mode::ConfigExtNacl:
        case Mode::ConfigStdNacl: return "Standard Access List configuration commands:";
        case Mode::ConfIsaProf: return "Crypto ISAKMP Profile Commands:";
        case Mode::ConfKeyring: return "Crypto Keyring Commands:";
        case Mode::Ikev2Proposal: return "IKEv2 proposal commands:";
        case Mode::Ikev2Policy: return "IKEv2 Policy commands:";
        case Mode::Ikev2Keyring: return "IKEv2 Keyring commands:";
        case Mode::Ikev2KeyringPeer: return "IKEv2 Keyring Peer commands:";
        case Mode::Ikev2Profile: return "IKEv2 profile commands:";
        case Mode::ConfigSubif: return "Interface configuration commands:";
        case Mode::ConfigBlock: return "Configuration commands:";
        case Mode::OutputModifier: return "Output modifiers:";
    }
    return "";
}

bool is_config(Mode mode) {
    return mode != Mode::UserExec && mode != Mode::PrivExec && mode != Mode::OutputModifier;
}

std::optional<Mode> parent(Mode mode) {
    if (!is_config(mode) || mode == Mode::Config) return std::nullopt;
    if (mode == Mode::Ikev2KeyringPeer) return Mode::Ikev2Keyring;
    return Mode::Config;
}

}  // namespace routerd::grammar
