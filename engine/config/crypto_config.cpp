#include "engine/config/crypto_config.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace routerd::config {

std::vector<IsakmpPolicy> builtin_isakmp_policies() {
    struct D { IkeEncryption e; IkeHash h; IkeAuthentication a; int g; };
    static const D ds[] = {
        {IkeEncryption::Aes128, IkeHash::Sha, IkeAuthentication::RsaSig, 5},
        {IkeEncryption::Aes128, IkeHash::Sha, IkeAuthentication::PreShare, 5},
        {IkeEncryption::Aes128, IkeHash::Md5, IkeAuthentication::RsaSig, 5},
        {IkeEncryption::Aes128, IkeHash::Md5, IkeAuthentication::PreShare, 5},
        {IkeEncryption::TripleDes, IkeHash::Sha, IkeAuthentication::RsaSig, 2},
        {IkeEncryption::TripleDes, IkeHash::Sha, IkeAuthentication::PreShare, 2},
        {IkeEncryption::TripleDes, IkeHash::Md5, IkeAuthentication::RsaSig, 2},
        {IkeEncryption::TripleDes, IkeHash::Md5, IkeAuthentication::PreShare, 2},
    };
    std::vector<IsakmpPolicy> out;
    std::uint32_t prio = 65507;
    for (const auto& d : ds) out.push_back(IsakmpPolicy{prio++, d.e, d.h, d.a, d.g, 86400});
    return out;
}

Ikev2KeyringPeer* Ikev2Keyring::peer(const std::string& peer_name) {
    for (auto& p : peers)
        if (p.name == peer_name) return &p;
    return nullptr;
}

const Ikev2Proposal& ikev2_default_proposal() {
    static const Ikev2Proposal p = [] {
        Ikev2Proposal d;
        d.name = "default";
        d.encryption = {"aes-cbc-256", "aes-cbc-192", "aes-cbc-128"};
        d.integrity = {"sha512", "sha384", "sha256", "sha1", "md5"};
        d.prf = d.integrity;
        d.groups = {5, 2};
        return d;
    }();
    return p;
}

Ikev2Proposal ikev2_effective_default(const Ikev2Config& c) {
    const auto& builtin = ikev2_default_proposal();
    auto it = c.proposals.find("default");
    if (it == c.proposals.end()) return builtin;
    Ikev2Proposal p = it->second;
    if (p.encryption.empty()) p.encryption = builtin.encryption;
    if (p.integrity.empty()) p.integrity = builtin.integrity;
    if (p.prf.empty()) p.prf = builtin.prf;
    if (p.groups.empty()) p.groups = builtin.groups;
    return p;
}

const CryptoMapEntry* map_entry_of(const CryptoConfig& c, const std::string& context) {
    // "map NAME SEQ" or "dynamic NAME SEQ", as apply_crypto_map.cpp writes it, read for every
    // line typed in the entry's mode: split in place rather than through a stream.
    std::string_view rest(context);
    auto word = [&rest] {
        constexpr std::string_view kBlank = " \t\n\v\f\r";
        auto start = std::min(rest.find_first_not_of(kBlank), rest.size());
        rest.remove_prefix(start);
        auto w = rest.substr(0, rest.find_first_of(kBlank));
        rest.remove_prefix(w.size());
        return w;
    };
    std::string_view kind = word();
    std::string name(word());
    std::string_view seq_text = word();
    std::uint32_t seq = 0;
    std::from_chars(seq_text.data(), seq_text.data() + seq_text.size(), seq);
    const auto& maps = kind == "dynamic" ? c.dynamic_maps : c.maps;
    auto it = maps.find(name);
    if (it == maps.end()) return nullptr;
    auto e = it->second.entries.find(seq);
    return e == it->second.entries.end() ? nullptr : &e->second;
}

}  // namespace routerd::config
