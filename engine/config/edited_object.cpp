#include "engine/config/edited_object.hpp"

#include "grammar/interface_name.hpp"

namespace routerd::config {

std::optional<std::string> removed_object(const RunningConfig& config, const grammar::ModeFrame& frame) {
    using grammar::Mode;
    const auto& c = config.crypto;
    const auto& name = frame.context;
    auto gone = [](bool exists, std::string what) { return exists ? std::nullopt : std::optional(std::move(what)); };
    switch (frame.mode) {
        case Mode::ConfigIf:
        case Mode::ConfigSubif: {
            auto n = grammar::parse_interface_name(name);
            return gone(n && config.interfaces.count(*n), "interface " + name);
        }
        case Mode::ConfigIsakmp: {
            bool exists = false;
            for (const auto& [prio, p] : c.policies) exists = exists || std::to_string(prio) == name;
            return gone(exists, "crypto isakmp policy " + name);
        }
        case Mode::CfgCryptoTrans: return gone(c.transform_sets.count(name), "crypto ipsec transform-set " + name);
        case Mode::IpsecProfile: return gone(c.ipsec_profiles.count(name), "crypto ipsec profile " + name);
        case Mode::ConfIsaProf: return gone(c.isakmp_profiles.count(name), "crypto isakmp profile " + name);
        case Mode::ConfKeyring: return gone(c.keyrings.count(name), "crypto keyring " + name);
        case Mode::ConfigExtNacl:
        case Mode::ConfigStdNacl: return gone(config.access_lists.count(name), "ip access-list " + name);
        case Mode::ConfigCryptoMap: {
            // "map NAME SEQ" or "dynamic NAME SEQ"
            auto first = name.find(' '), last = name.rfind(' ');
            if (first == std::string::npos || first == last) return std::nullopt;
            bool dynamic = name.substr(0, first) == "dynamic";
            auto map = name.substr(first + 1, last - first - 1), seq = name.substr(last + 1);
            const auto& maps = dynamic ? c.dynamic_maps : c.maps;
            auto m = maps.find(map);
            bool exists = false;
            if (m != maps.end())
                for (const auto& [n, e] : m->second.entries) exists = exists || std::to_string(n) == seq;
            return gone(exists, (dynamic ? "crypto dynamic-map " : "crypto map ") + map + " " + seq);
        }
        // A kept block (`router bgp 1`) is looked up by each of its lines as it applies
        // (apply_stored.cpp), which says so there: no second search per pasted line here.
        default: return std::nullopt;
    }
}

}  // namespace routerd::config
