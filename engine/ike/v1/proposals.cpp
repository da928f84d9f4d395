#include "engine/ike/v1/proposals.hpp"

#include <algorithm>
#include <cstdio>

namespace routerd::ike {
namespace {

using policy::IkeProposal;
using policy::TransformDescriptor;

constexpr auto A = [](auto e) { return static_cast<std::uint16_t>(e); };

Transform phase1_transform(const IkeProposal& p, std::uint8_t number) {
    Transform t;
    t.number = number;
    t.id = KEY_IKE;
    t.attributes.push_back(Attribute::of(A(Phase1Attribute::ENCRYPTION_ALGORITHM), A(p.encryption)));
    if (p.key_bits) t.attributes.push_back(Attribute::of(A(Phase1Attribute::KEY_LENGTH), p.key_bits));
    t.attributes.push_back(Attribute::of(A(Phase1Attribute::HASH_ALGORITHM), A(p.hash)));
    t.attributes.push_back(Attribute::of(A(Phase1Attribute::GROUP_DESCRIPTION), p.dh_group));
    t.attributes.push_back(Attribute::of(A(Phase1Attribute::AUTHENTICATION_METHOD), A(p.authentication)));
    t.attributes.push_back(Attribute::of(A(Phase1Attribute::LIFE_TYPE), A(LifeType::SECONDS)));
    t.attributes.push_back(Attribute::of(A(Phase1Attribute::LIFE_DURATION), p.lifetime_seconds));
    return t;
}

// The proposal a transform describes; nullopt when it holds something we do not know.
std::optional<IkeProposal> parse_phase1(const Transform& t) {
    if (t.id != KEY_IKE) return std::nullopt;
    IkeProposal p;
    p.lifetime_seconds = 86400;  // RFC 2407: no lifetime attribute means 8 hours... IOS uses its default
    std::optional<std::uint64_t> life_type;
    for (const auto& a : t.attributes) {
        auto v = a.number();
        if (!v) return std::nullopt;
        switch (static_cast<Phase1Attribute>(a.type)) {
            case Phase1Attribute::ENCRYPTION_ALGORITHM: p.encryption = static_cast<policy::IkeEncryptionAlgorithm>(*v); break;
            case Phase1Attribute::HASH_ALGORITHM: p.hash = static_cast<policy::IkeHashAlgorithm>(*v); break;
            case Phase1Attribute::AUTHENTICATION_METHOD: p.authentication = static_cast<policy::IkeAuthenticationMethod>(*v); break;
            case Phase1Attribute::GROUP_DESCRIPTION: p.dh_group = static_cast<std::uint16_t>(*v); break;
            case Phase1Attribute::KEY_LENGTH: p.key_bits = static_cast<std::uint16_t>(*v); break;
            case Phase1Attribute::LIFE_TYPE: life_type = *v; break;
            case Phase1Attribute::LIFE_DURATION:
                if (life_type == A(LifeType::SECONDS)) p.lifetime_seconds = static_cast<std::uint32_t>(*v);
                break;
            default: break;  // attributes IOS ignores too (PRF, group type for MODP)
        }
    }
    if (p.encryption == policy::IkeEncryptionAlgorithm::AES_CBC && p.key_bits == 0) p.key_bits = 128;
    return p;
}

bool same_suite(const IkeProposal& a, const IkeProposal& b) {
    return a.encryption == b.encryption && a.key_bits == b.key_bits && a.hash == b.hash &&
           a.authentication == b.authentication && a.dh_group == b.dh_group;
}

const char* encr_name(policy::IkeEncryptionAlgorithm e) {
    switch (e) {
        case policy::IkeEncryptionAlgorithm::DES_CBC: return "DES-CBC";
        case policy::IkeEncryptionAlgorithm::TRIPLE_DES_CBC: return "3DES-CBC";
        case policy::IkeEncryptionAlgorithm::AES_CBC: return "AES-CBC";
    }
    return "?";
}
const char* hash_name(policy::IkeHashAlgorithm h) {
    switch (h) {
        case policy::IkeHashAlgorithm::MD5: return "MD5";
        case policy::IkeHashAlgorithm::SHA: return "SHA";
        case policy::IkeHashAlgorithm::SHA2_256: return "SHA256";
        case policy::IkeHashAlgorithm::SHA2_384: return "SHA384";
        case policy::IkeHashAlgorithm::SHA2_512: return "SHA512";
    }
    return "?";
}

std::uint16_t esp_mode(const TransformDescriptor& t, bool udp = false) {
    if (udp) return A(t.transport ? EncapsulationMode::UDP_TRANSPORT : EncapsulationMode::UDP_TUNNEL);
    return A(t.transport ? EncapsulationMode::TRANSPORT : EncapsulationMode::TUNNEL);
}

}  // namespace


SaPayload phase1_offer(const std::vector<IkeProposal>& policies) {
    SaPayload sa;
    Proposal p;
    p.number = 1;
    p.protocol = ProtocolId::PROTO_ISAKMP;
    std::uint8_t n = 1;
    for (const auto& pol : policies)
        if (pol.authentication == policy::IkeAuthenticationMethod::PRE_SHARED_KEY) p.transforms.push_back(phase1_transform(pol, n++));
    sa.proposals.push_back(p);
    return sa;
}

std::optional<Phase1Choice> phase1_select(const SaPayload& offered, const std::vector<IkeProposal>& ours, const Debug& debug) {
    for (const auto& mine : ours) {
        for (const auto& prop : offered.proposals) {
            if (prop.protocol != ProtocolId::PROTO_ISAKMP) continue;
            for (const auto& t : prop.transforms) {
                if (debug)
                    debug("Checking ISAKMP transform " + std::to_string(t.number) + " against priority " + std::to_string(mine.priority) +
                          " policy");
                auto theirs = parse_phase1(t);
                if (!theirs) {
                    if (debug) debug("atts are not acceptable. Next payload is 3");
                    continue;
                }
                if (debug) {
                    debug("      encryption " + std::string(encr_name(theirs->encryption)));
                    debug("      hash " + std::string(hash_name(theirs->hash)));
                    debug("      default group " + std::to_string(theirs->dh_group));
                    debug(theirs->authentication == policy::IkeAuthenticationMethod::PRE_SHARED_KEY ? "      auth pre-share"
                                                                                                     : "      auth not pre-share");
                    debug("      life type in seconds");
                    debug("      life duration (basic) of " + std::to_string(theirs->lifetime_seconds));
                }
                if (!same_suite(mine, *theirs)) {
                    if (debug) {
                        if (theirs->encryption != mine.encryption || theirs->key_bits != mine.key_bits)
                            debug("Encryption algorithm offered does not match policy!");
                        if (theirs->hash != mine.hash) debug("Hash algorithm offered does not match policy!");
                        if (theirs->dh_group != mine.dh_group) debug("Diffie-Hellman group offered does not match policy!");
                        if (theirs->authentication != mine.authentication) debug("Authentication method offered does not match policy!");
                        debug("atts are not acceptable. Next payload is " + std::string(&t == &prop.transforms.back() ? "0" : "3"));
                    }
                    continue;
                }
                if (debug) debug("atts are acceptable. Next payload is " + std::string(&t == &prop.transforms.back() ? "0" : "3"));
                Phase1Choice c;
                c.proposal = mine;
                c.proposal.lifetime_seconds = std::min(mine.lifetime_seconds, theirs->lifetime_seconds);
                Proposal reply = prop;
                reply.transforms = {t};
                c.reply.proposals = {reply};
                return c;
            }
        }
    }
    return std::nullopt;
}

std::vector<IkeProposal> phase1_offered(const SaPayload& offered) {
    std::vector<IkeProposal> out;
    for (const auto& prop : offered.proposals)
        if (prop.protocol == ProtocolId::PROTO_ISAKMP)
            for (const auto& t : prop.transforms)
                if (auto p = parse_phase1(t)) out.push_back(*p);
    return out;
}

std::optional<IkeProposal> phase1_accept(const SaPayload& reply, const std::vector<IkeProposal>& ours) {
    if (reply.proposals.size() != 1 || reply.proposals[0].transforms.size() != 1) return std::nullopt;
    auto theirs = parse_phase1(reply.proposals[0].transforms[0]);
    if (!theirs) return std::nullopt;
    for (const auto& mine : ours) {
        if (!same_suite(mine, *theirs)) continue;
        IkeProposal p = mine;
        p.lifetime_seconds = std::min(mine.lifetime_seconds, theirs->lifetime_seconds);
        return p;
    }
    return std::nullopt;
}

SaPayload phase2_offer(const std::vector<TransformDescriptor>& sets, const Phase2Offer& offer) {
    SaPayload sa;
    std::uint8_t number = 1;
    for (const auto& t : sets) {
        if (!t.esp) continue;  // AH-only sets are not offered yet
        Proposal p;
        p.number = number++;
        p.protocol = ProtocolId::PROTO_IPSEC_ESP;
        p.spi = message_id_bytes(offer.spi);  // 4 octets, big-endian
        Transform tr;
        tr.number = 1;
        tr.id = static_cast<std::uint8_t>(*t.esp);
        tr.attributes.push_back(Attribute::of(A(Phase2Attribute::SA_LIFE_TYPE), A(LifeType::SECONDS)));
        tr.attributes.push_back(Attribute::of(A(Phase2Attribute::SA_LIFE_DURATION), offer.lifetime_seconds));
        if (offer.lifetime_kilobytes) {
            tr.attributes.push_back(Attribute::of(A(Phase2Attribute::SA_LIFE_TYPE), A(LifeType::KILOBYTES)));
            tr.attributes.push_back(Attribute::of(A(Phase2Attribute::SA_LIFE_DURATION), offer.lifetime_kilobytes));
        }
        tr.attributes.push_back(Attribute::of(A(Phase2Attribute::ENCAPSULATION_MODE), esp_mode(t, offer.udp_encapsulation)));
        if (t.esp_auth) tr.attributes.push_back(Attribute::of(A(Phase2Attribute::AUTHENTICATION_ALGORITHM), A(*t.esp_auth)));
        if (t.esp == policy::EspTransformId::ESP_AES_CBC || t.esp == policy::EspTransformId::ESP_AES_GCM_16 ||
            t.esp == policy::EspTransformId::ESP_NULL_AUTH_AES_GMAC)
            tr.attributes.push_back(Attribute::of(A(Phase2Attribute::KEY_LENGTH), t.esp_key_bits));
        if (offer.pfs_group) tr.attributes.push_back(Attribute::of(A(Phase2Attribute::GROUP_DESCRIPTION), *offer.pfs_group));
        p.transforms.push_back(tr);
        sa.proposals.push_back(p);
    }
    return sa;
}

std::vector<TransformDescriptor> phase2_offered(const SaPayload& offered) {
    std::vector<TransformDescriptor> out;
    for (const auto& prop : offered.proposals) {
        if (prop.protocol != ProtocolId::PROTO_IPSEC_ESP) continue;
        for (const auto& t : prop.transforms) {
            // Only values we have names for: the peer's numbers index name tables later.
            TransformDescriptor d;
            switch (static_cast<policy::EspTransformId>(t.id)) {
                case policy::EspTransformId::ESP_DES: case policy::EspTransformId::ESP_3DES: case policy::EspTransformId::ESP_NULL:
                case policy::EspTransformId::ESP_AES_CBC: case policy::EspTransformId::ESP_AES_GCM_16:
                case policy::EspTransformId::ESP_NULL_AUTH_AES_GMAC:
                    d.esp = static_cast<policy::EspTransformId>(t.id);
                    break;
                default: d.name = "ESP transform " + std::to_string(t.id); break;
            }
            for (const auto& a : t.attributes) {
                auto v = a.number().value_or(0);
                switch (static_cast<Phase2Attribute>(a.type)) {
                    case Phase2Attribute::AUTHENTICATION_ALGORITHM:
                        if (v == 1 || v == 2 || (v >= 5 && v <= 7)) d.esp_auth = static_cast<policy::AuthenticationAlgorithm>(v);
                        else d.name += (d.name.empty() ? "" : " ") + std::string("authenticator ") + std::to_string(v);
                        break;
                    case Phase2Attribute::KEY_LENGTH: d.esp_key_bits = static_cast<std::uint16_t>(v); break;
                    case Phase2Attribute::ENCAPSULATION_MODE:
                        d.transport = v == A(EncapsulationMode::TRANSPORT) || v == A(EncapsulationMode::UDP_TRANSPORT);
                        break;
                    default: break;
                }
            }
            if (d.esp == policy::EspTransformId::ESP_AES_CBC && d.esp_key_bits == 0) d.esp_key_bits = 128;
            out.push_back(d);
        }
    }
    return out;
}

std::optional<Phase2Choice> phase2_select(const SaPayload& offered, const std::vector<TransformDescriptor>& ours,
                                          const Debug& debug) {
    for (const auto& prop : offered.proposals) {
        if (debug) debug("Checking IPSec proposal " + std::to_string(prop.number));
        if (prop.protocol != ProtocolId::PROTO_IPSEC_ESP || prop.spi.size() != 4 || prop.transforms.empty()) continue;
        for (const auto& t : prop.transforms) {
            Phase2Choice c;
            c.peer_spi = static_cast<std::uint32_t>(prop.spi[0]) << 24 | prop.spi[1] << 16 | prop.spi[2] << 8 | prop.spi[3];
            std::optional<policy::AuthenticationAlgorithm> auth;
            std::uint16_t key_bits = 0;
            std::uint16_t mode = A(EncapsulationMode::TUNNEL);
            std::optional<std::uint64_t> life_type;
            for (const auto& a : t.attributes) {
                auto v = a.number().value_or(0);
                switch (static_cast<Phase2Attribute>(a.type)) {
                    case Phase2Attribute::AUTHENTICATION_ALGORITHM: auth = static_cast<policy::AuthenticationAlgorithm>(v); break;
                    case Phase2Attribute::KEY_LENGTH: key_bits = static_cast<std::uint16_t>(v); break;
                    case Phase2Attribute::ENCAPSULATION_MODE: mode = static_cast<std::uint16_t>(v); break;
                    case Phase2Attribute::GROUP_DESCRIPTION: c.pfs_group = static_cast<int>(v); break;
                    case Phase2Attribute::SA_LIFE_TYPE: life_type = v; break;
                    case Phase2Attribute::SA_LIFE_DURATION:
                        if (life_type == A(LifeType::SECONDS)) c.lifetime_seconds = static_cast<std::uint32_t>(v);
                        if (life_type == A(LifeType::KILOBYTES)) c.lifetime_kilobytes = v;
                        break;
                    default: break;
                }
            }
            // The UDP-encapsulated modes are the same modes carried in UDP (RFC 3947 5.1).
            if (mode == A(EncapsulationMode::UDP_TUNNEL) || mode == A(EncapsulationMode::UDP_TRANSPORT)) {
                c.udp_encapsulation = true;
                mode = static_cast<std::uint16_t>(mode - 2);
            }
            // IOS lists what the transform carries before judging it.
            static const char* esp_names[] = {"", "", "ESP_DES", "ESP_3DES", "", "", "", "", "", "", "", "ESP_NULL", "ESP_AES",
                                              "", "", "", "", "", "", "", "ESP_GCM", "", "", "ESP_GMAC"};
            if (debug) {
                debug("transform " + std::to_string(t.number) + ", " + (t.id < 24 && *esp_names[t.id] ? esp_names[t.id] : "ESP transform id " + std::to_string(t.id)));
                debug("  attributes in transform:");
                debug("     encaps is " + std::to_string(mode) + (mode == 1 ? " (Tunnel)" : mode == 2 ? " (Transport)" : ""));
                debug("     SA life type in seconds");
                debug("     SA life duration (basic) of " + std::to_string(c.lifetime_seconds));
                if (c.lifetime_kilobytes) {
                    debug("     SA life type in kilobytes");
                    char vpi[64];
                    std::snprintf(vpi, sizeof vpi, "0x%X 0x%X 0x%X 0x%X", static_cast<unsigned>(c.lifetime_kilobytes >> 24 & 0xff),
                                  static_cast<unsigned>(c.lifetime_kilobytes >> 16 & 0xff), static_cast<unsigned>(c.lifetime_kilobytes >> 8 & 0xff),
                                  static_cast<unsigned>(c.lifetime_kilobytes & 0xff));
                    debug(std::string("     SA life duration (VPI) of  ") + vpi);
                }
                if (auth) {
                    static const char* auth_names[] = {"", "HMAC-MD5", "HMAC-SHA", "", "", "HMAC-SHA256", "HMAC-SHA384", "HMAC-SHA512"};
                    auto a = static_cast<int>(*auth);
                    debug(std::string("     authenticator is ") + (a < 8 && *auth_names[a] ? auth_names[a] : std::to_string(a).c_str()));
                }
                if (key_bits) debug("     key length is " + std::to_string(key_bits));
                if (c.pfs_group) debug("     group is " + std::to_string(*c.pfs_group));
            }
            for (const auto& mine : ours) {
                bool ok = mine.esp && static_cast<std::uint8_t>(*mine.esp) == t.id && mine.esp_auth == auth &&
                          (key_bits == 0 ? mine.esp_key_bits == 128 || !(mine.esp == policy::EspTransformId::ESP_AES_CBC)
                                         : key_bits == mine.esp_key_bits) &&
                          (mode == esp_mode(mine) ||
                           (mine.transport && !mine.transport_required && mode == A(EncapsulationMode::TUNNEL)));
                if (!ok) continue;
                if (debug) debug("atts are acceptable.");
                c.transform = mine;
                // A `mode transport` set takes tunnel mode when that is what is proposed (IOS
                // falls back to tunnel for traffic that is not between the peers).
                c.transform.transport = mode == A(EncapsulationMode::TRANSPORT);
                Proposal reply = prop;
                reply.transforms = {t};
                c.reply.proposals = {reply};
                return c;
            }
            if (debug) debug("atts are not acceptable.");
        }
    }
    return std::nullopt;
}

}  // namespace routerd::ike
