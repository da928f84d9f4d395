#include "engine/ike/v2/proposals.hpp"

#include <algorithm>

#include "engine/ike/v2/octets.hpp"

namespace routerd::ike::v2 {
namespace {

std::uint16_t id_of(auto v) { return static_cast<std::uint16_t>(v); }

std::optional<std::uint16_t> key_length_of(EncrId e, std::uint16_t bits) {
    // RFC 7296 3.3.5: variable-length ciphers (AES) say their key length; 3DES does not.
    return e == EncrId::ENCR_3DES ? std::nullopt : std::optional<std::uint16_t>(bits);
}

bool offers(const Proposal& p, const Transform& t) {
    return std::any_of(p.transforms.begin(), p.transforms.end(), [&](const Transform& o) { return !o.unknown_attribute && o == t; });
}

std::vector<Transform> of_type(const Proposal& p, TransformType type) {
    std::vector<Transform> out;
    for (const auto& t : p.transforms)
        if (t.type == type && !t.unknown_attribute) out.push_back(t);
    return out;
}

std::optional<IkeSuite> covered_by(const Proposal& p, const IkeProposalSet& set) {
    IkeSuite s;
    bool encr = false, prf = false, integ = false, dh = false;
    for (const auto& t : of_type(p, TransformType::ENCR)) {
        auto it = std::find_if(set.encryption.begin(), set.encryption.end(), [&](const auto& e) {
            return id_of(e.first) == t.id && key_length_of(e.first, e.second) == t.key_length;
        });
        if (it == set.encryption.end()) continue;
        s.encr = it->first;
        s.encr_bits = it->first == EncrId::ENCR_3DES ? 192 : it->second;
        encr = true;
        break;
    }
    for (const auto& t : of_type(p, TransformType::PRF))
        if (std::find_if(set.prf.begin(), set.prf.end(), [&](PrfId x) { return id_of(x) == t.id; }) != set.prf.end()) {
            s.prf = static_cast<PrfId>(t.id);
            prf = true;
            break;
        }
    auto integs = of_type(p, TransformType::INTEG);
    if (encr && is_aead(s.encr)) {
        // RFC 5282 8: with a combined-mode cipher, no integrity transform (or NONE).
        s.integ = IntegId::NONE;
        integ = std::all_of(integs.begin(), integs.end(), [](const Transform& t) { return t.id == 0; });
    } else {
        for (const auto& t : integs)
            if (std::find_if(set.integrity.begin(), set.integrity.end(), [&](IntegId x) { return id_of(x) == t.id; }) != set.integrity.end()) {
                s.integ = static_cast<IntegId>(t.id);
                integ = true;
                break;
            }
    }
    for (const auto& t : of_type(p, TransformType::DH))
        if (std::find(set.groups.begin(), set.groups.end(), t.id) != set.groups.end()) {
            s.group = t.id;
            dh = true;
            break;
        }
    if (encr && prf && integ && dh) return s;
    return std::nullopt;
}

std::optional<std::uint16_t> integ_of(const policy::TransformDescriptor& d) {
    if (!d.esp_auth) return std::nullopt;
    switch (*d.esp_auth) {
        case policy::AuthenticationAlgorithm::HMAC_MD5: return id_of(IntegId::AUTH_HMAC_MD5_96);
        case policy::AuthenticationAlgorithm::HMAC_SHA: return id_of(IntegId::AUTH_HMAC_SHA1_96);
        case policy::AuthenticationAlgorithm::HMAC_SHA2_256: return id_of(IntegId::AUTH_HMAC_SHA2_256_128);
        case policy::AuthenticationAlgorithm::HMAC_SHA2_384: return id_of(IntegId::AUTH_HMAC_SHA2_384_192);
        case policy::AuthenticationAlgorithm::HMAC_SHA2_512: return id_of(IntegId::AUTH_HMAC_SHA2_512_256);
    }
    return std::nullopt;
}

bool variable_key(policy::EspTransformId e) {
    return e == policy::EspTransformId::ESP_AES_CBC || e == policy::EspTransformId::ESP_AES_GCM_16 ||
           e == policy::EspTransformId::ESP_NULL_AUTH_AES_GMAC;
}

// An ESP proposal's transforms for one transform set; nullopt for what IKEv2 ESP cannot carry
// here (AH transform sets).
std::optional<std::vector<Transform>> esp_transforms(const policy::TransformDescriptor& d) {
    if (!d.esp || d.ah) return std::nullopt;
    std::vector<Transform> out;
    out.push_back({TransformType::ENCR, id_of(*d.esp), variable_key(*d.esp) ? std::optional<std::uint16_t>(d.esp_key_bits) : std::nullopt});
    if (auto i = integ_of(d)) out.push_back({TransformType::INTEG, *i, std::nullopt});
    // RFC 7296 3.3.3: ESP proposals carry an ESN transform; the kernel SAs here use none.
    out.push_back({TransformType::ESN, id_of(EsnId::NO_ESN), std::nullopt});
    return out;
}

// The offered ESP proposal holds our transform set's transforms: its cipher with our key
// length, our integrity (or none when we have none), and no ESN (or none offered).
bool esp_covers(const Proposal& p, const policy::TransformDescriptor& d) {
    auto ours = esp_transforms(d);
    if (!ours) return false;
    for (const auto& t : *ours) {
        if (t.type == TransformType::ESN) {
            auto esn = of_type(p, TransformType::ESN);
            if (!esn.empty() && !offers(p, t)) return false;
        } else if (!offers(p, t)) {
            return false;
        }
    }
    if (!integ_of(d)) {
        auto integs = of_type(p, TransformType::INTEG);
        if (std::any_of(integs.begin(), integs.end(), [](const Transform& t) { return t.id != 0; }) &&
            !std::any_of(integs.begin(), integs.end(), [](const Transform& t) { return t.id == 0; }))
            return false;
    }
    return true;
}

}  // namespace

SaPayload ike_offer(const std::vector<IkeProposalSet>& sets) {
    SaPayload sa;
    for (const auto& set : sets) {
        Proposal p;
        p.number = static_cast<std::uint8_t>(sa.proposals.size() + 1);
        p.protocol = ProtocolId::IKE;
        for (const auto& [e, bits] : set.encryption) p.transforms.push_back({TransformType::ENCR, id_of(e), key_length_of(e, bits)});
        for (auto x : set.prf) p.transforms.push_back({TransformType::PRF, id_of(x), std::nullopt});
        for (auto x : set.integrity) p.transforms.push_back({TransformType::INTEG, id_of(x), std::nullopt});
        for (auto g : set.groups) p.transforms.push_back({TransformType::DH, g, std::nullopt});
        sa.proposals.push_back(std::move(p));
    }
    return sa;
}

std::optional<IkeChoice> ike_select(const SaPayload& offered, const std::vector<IkeProposalSet>& ours) {
    for (const auto& p : offered.proposals) {
        if (p.protocol != ProtocolId::IKE) continue;
        for (const auto& set : ours)
            if (auto s = covered_by(p, set)) return IkeChoice{*s, p.number};
    }
    return std::nullopt;
}

SaPayload ike_answer(const IkeChoice& c) {
    Proposal p;
    p.number = c.number;
    p.protocol = ProtocolId::IKE;
    p.transforms.push_back({TransformType::ENCR, id_of(c.suite.encr), key_length_of(c.suite.encr, c.suite.encr_bits)});
    p.transforms.push_back({TransformType::PRF, id_of(c.suite.prf), std::nullopt});
    if (c.suite.integ != IntegId::NONE) p.transforms.push_back({TransformType::INTEG, id_of(c.suite.integ), std::nullopt});
    p.transforms.push_back({TransformType::DH, c.suite.group, std::nullopt});
    return SaPayload{{p}};
}

std::optional<IkeSuite> ike_accept(const SaPayload& answer, const std::vector<IkeProposalSet>& ours) {
    if (answer.proposals.size() != 1 || answer.proposals[0].protocol != ProtocolId::IKE) return std::nullopt;
    const auto& p = answer.proposals[0];
    for (auto type : {TransformType::ENCR, TransformType::PRF, TransformType::DH})
        if (of_type(p, type).size() != 1) return std::nullopt;
    if (of_type(p, TransformType::INTEG).size() > 1) return std::nullopt;
    for (const auto& set : ours)
        if (auto s = covered_by(p, set)) return s;
    return std::nullopt;
}

SaPayload esp_offer(const std::vector<policy::TransformDescriptor>& sets, std::uint32_t spi, std::optional<int> pfs_group) {
    SaPayload sa;
    for (const auto& d : sets) {
        auto ts = esp_transforms(d);
        if (!ts) continue;
        Proposal p;
        p.number = static_cast<std::uint8_t>(sa.proposals.size() + 1);
        p.protocol = ProtocolId::ESP;
        p.spi = be32(spi);
        p.transforms = std::move(*ts);
        if (pfs_group) p.transforms.push_back({TransformType::DH, static_cast<std::uint16_t>(*pfs_group), std::nullopt});
        sa.proposals.push_back(std::move(p));
    }
    return sa;
}

std::optional<EspChoice> esp_select(const SaPayload& offered, const std::vector<policy::TransformDescriptor>& ours) {
    for (const auto& p : offered.proposals) {
        if (p.protocol != ProtocolId::ESP || p.spi.size() != 4) continue;
        for (const auto& d : ours)
            if (esp_covers(p, d)) return EspChoice{d, read_be32(p.spi), p.number};
    }
    return std::nullopt;
}

SaPayload esp_answer(const EspChoice& c, std::uint32_t spi, std::optional<int> pfs_group) {
    Proposal p;
    p.number = c.number;
    p.protocol = ProtocolId::ESP;
    p.spi = be32(spi);
    p.transforms = esp_transforms(c.transform).value_or(std::vector<Transform>{});
    if (pfs_group) p.transforms.push_back({TransformType::DH, static_cast<std::uint16_t>(*pfs_group), std::nullopt});
    return SaPayload{{p}};
}

std::vector<std::uint16_t> offered_groups(const SaPayload& sa, std::uint8_t number) {
    std::vector<std::uint16_t> out;
    for (const auto& p : sa.proposals)
        if (p.number == number)
            for (const auto& t : of_type(p, TransformType::DH)) out.push_back(t.id);
    return out;
}

std::optional<EspChoice> esp_accept(const SaPayload& answer, const std::vector<policy::TransformDescriptor>& ours) {
    if (answer.proposals.size() != 1) return std::nullopt;
    const auto& p = answer.proposals[0];
    if (p.protocol != ProtocolId::ESP || p.spi.size() != 4 || of_type(p, TransformType::ENCR).size() != 1) return std::nullopt;
    for (const auto& d : ours)
        if (esp_covers(p, d) && esp_transforms(d)->size() + of_type(p, TransformType::DH).size() >= p.transforms.size())
            return EspChoice{d, read_be32(p.spi), p.number};
    return std::nullopt;
}

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

std::string encryption_text(EncrId e, std::uint16_t bits) {
    return e == EncrId::ENCR_3DES ? "3DES" : encryption_show_name(e, bits) + "-" + std::to_string(bits);
}

}  // namespace

std::string describe(const SaPayload& offered) {
    std::vector<std::string> out;
    for (const auto& p : offered.proposals) {
        if (p.protocol != ProtocolId::IKE) continue;
        std::vector<std::string> e, i, f, g;
        for (const auto& t : p.transforms) {
            if (t.type == TransformType::ENCR) e.push_back(encryption_text(static_cast<EncrId>(t.id), t.key_length.value_or(0)));
            if (t.type == TransformType::INTEG) i.push_back(integrity_show_name(static_cast<IntegId>(t.id)));
            if (t.type == TransformType::PRF) f.push_back(prf_show_name(static_cast<PrfId>(t.id)));
            if (t.type == TransformType::DH) g.push_back(std::to_string(t.id));
        }
        out.push_back(join(e, ",") + (i.empty() ? "" : " " + join(i, ",")) + " PRF " + join(f, ",") + " group " + join(g, ","));
    }
    return join(out, " or ");
}

std::string describe(const std::vector<IkeProposalSet>& ours) {
    std::vector<std::string> out;
    for (const auto& s : ours) {
        std::vector<std::string> e, i, f, g;
        for (const auto& [id, bits] : s.encryption) e.push_back(encryption_text(id, bits));
        for (auto x : s.integrity) i.push_back(integrity_show_name(x));
        for (auto x : s.prf) f.push_back(prf_show_name(x));
        for (auto x : s.groups) g.push_back(std::to_string(x));
        out.push_back(join(e, ",") + (i.empty() ? "" : " " + join(i, ",")) + " PRF " + join(f, ",") + " group " + join(g, ","));
    }
    return join(out, " or ");
}

std::string encryption_show_name(EncrId e, std::uint16_t bits) {
    switch (e) {
        case EncrId::ENCR_3DES: return "3DES";
        case EncrId::ENCR_AES_CBC: return "AES-CBC";
        case EncrId::ENCR_AES_GCM_16: return "AES-GCM";
    }
    (void)bits;
    return "UNKNOWN";
}

std::string integrity_show_name(IntegId i) {
    switch (i) {
        case IntegId::NONE: return "None";
        case IntegId::AUTH_HMAC_MD5_96: return "MD596";
        case IntegId::AUTH_HMAC_SHA1_96: return "SHA96";
        case IntegId::AUTH_HMAC_SHA2_256_128: return "SHA256";
        case IntegId::AUTH_HMAC_SHA2_384_192: return "SHA384";
        case IntegId::AUTH_HMAC_SHA2_512_256: return "SHA512";
    }
    return "UNKNOWN";
}

std::string prf_show_name(PrfId p) {
    switch (p) {
        case PrfId::PRF_HMAC_MD5: return "MD5";
        case PrfId::PRF_HMAC_SHA1: return "SHA1";
        case PrfId::PRF_HMAC_SHA2_256: return "SHA256";
        case PrfId::PRF_HMAC_SHA2_384: return "SHA384";
        case PrfId::PRF_HMAC_SHA2_512: return "SHA512";
    }
    return "UNKNOWN";
}

}  // namespace routerd::ike::v2
