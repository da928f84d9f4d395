#include "engine/config/edited_object.hpp"

#include <algorithm>

#include "grammar/interface_name.hpp"

namespace routerd::config {

std::optional<std::string> removed_object(const RunningConfig& config, const grammar::ModeFrame& frame) {
    using grammar::Mode;
    const auto& c = config.crypto;
    const auto& name = frame.context;
    // Asked before every line typed in a sub-mode: the message is only written when it is said.
    auto gone = [](bool exists, auto what) { return exists ? std::nullopt : std::optional<std::string>(what()); };
    switch (frame.mode) {
        case Mode::ConfigIf:
        case Mode::ConfigSubif: {
            auto n = grammar::parse_interface_name(name);
            return gone(n && config.interfaces.count(*n), [&] { return "interface " + name; });
        }
        case Mode::ConfigIsakmp: return gone(c.policies.count(static_cast<std::uint32_t>(std::stoul(name))), [&] { return "crypto isakmp policy " + name; });
        case Mode::CfgCryptoTrans: return gone(c.transform_sets.count(name), [&] { return "crypto ipsec transform-set " + name; });
        case Mode::IpsecProfile: return gone(c.ipsec_profiles.count(name), [&] { return "crypto ipsec profile " + name; });
        case Mode::ConfIsaProf: return gone(c.isakmp_profiles.count(name), [&] { return "crypto isakmp profile " + name; });
        case Mode::ConfKeyring: return gone(c.keyrings.count(name), [&] { return "crypto keyring " + name; });
        case Mode::Ikev2Proposal: return gone(c.ikev2.proposals.count(name), [&] { return "crypto ikev2 proposal " + name; });
        case Mode::Ikev2Policy: return gone(c.ikev2.policies.count(name), [&] { return "crypto ikev2 policy " + name; });
        case Mode::Ikev2Keyring: return gone(c.ikev2.keyrings.count(name), [&] { return "crypto ikev2 keyring " + name; });
        case Mode::Ikev2Profile: return gone(c.ikev2.profiles.count(name), [&] { return "crypto ikev2 profile " + name; });
        case Mode::Ikev2KeyringPeer: {  // "RING PEER"
            auto space = name.find(' ');
            auto ring = c.ikev2.keyrings.find(name.substr(0, space));
            bool exists = ring != c.ikev2.keyrings.end() &&
                          std::any_of(ring->second.peers.begin(), ring->second.peers.end(),
                                      [&](const Ikev2KeyringPeer& p) { return p.name == name.substr(space + 1); });
            return gone(exists, [&] { return "peer " + name.substr(space + 1) + " of crypto ikev2 keyring " + name.substr(0, space); });
        }
        case Mode::ConfigExtNacl:
        case Mode::ConfigStdNacl: return gone(config.access_lists.count(name), [&] { return "ip access-list " + name; });
        case Mode::ConfigCryptoMap:  // "map NAME SEQ" or "dynamic NAME SEQ"
            return gone(map_entry_of(c, name) != nullptr, [&] {
                return name.starts_with("dynamic ") ? "crypto dynamic-map " + name.substr(8) : "crypto " + name;
            });
        // A kept block (`router bgp 1`) is looked up by each of its lines as it applies
        // (apply_stored.cpp), which says so there: no second search per pasted line here.
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
