#include "engine/config/crypto_config.hpp"

#include <sstream>

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

const CryptoMapEntry* map_entry_of(const CryptoConfig& c, const std::string& context) {
    std::istringstream in(context);
    std::string kind, name;
    std::uint32_t seq = 0;
    in >> kind >> name >> seq;
    const auto& maps = kind == "dynamic" ? c.dynamic_maps : c.maps;
    auto it = maps.find(name);
    if (it == maps.end()) return nullptr;
    auto e = it->second.entries.find(seq);
    return e == it->second.entries.end() ? nullptr : &e->second;
}

}  // namespace routerd::config
