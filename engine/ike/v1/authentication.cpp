#include "engine/ike/v1/authentication.hpp"

#include "engine/ike/v1/message.hpp"

namespace routerd::ike::v1 {

Bytes own_identity(const IkeSa& sa) {
    if (!sa.own_fqdn.empty()) return encode_id(IdPayload{IdType::ID_FQDN, 17, 500, Bytes(sa.own_fqdn.begin(), sa.own_fqdn.end())});
    return encode_id(IdPayload{IdType::ID_IPV4_ADDR, 17, 500, be32(sa.local)});
}

std::string own_identity_text(const IkeSa& sa) {
    return sa.own_fqdn.empty() ? ip(sa.local) + " (an address ID, `crypto isakmp identity address`)"
                               : sa.own_fqdn + " (an FQDN ID, `crypto isakmp identity hostname`)";
}

std::string identity_text(const Bytes& id_body) {
    auto id = decode_id(id_body);
    if (!id) return "";
    if (id.value->type == IdType::ID_IPV4_ADDR && id.value->data.size() == 4) return ip(read32(id.value->data));
    if (id.value->type == IdType::ID_FQDN || id.value->type == IdType::ID_USER_FQDN)
        return std::string(id.value->data.begin(), id.value->data.end());
    return "";
}

Bytes proof_of(const IkeSa& sa, bool initiator_side, const Bytes& id_body) {
    return initiator_side ? hash_i(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, id_body)
                          : hash_r(sa.hash, sa.keys.skeyid, sa.gxi, sa.gxr, sa.cky_i, sa.cky_r, sa.sai_b, id_body);
}

Bytes own_proof(const IkeSa& sa) { return proof_of(sa, sa.initiator, own_identity(sa)); }

bool peer_proof_valid(const IkeSa& sa, const Bytes& peer_id_body, const Bytes& hash) {
    return proof_of(sa, !sa.initiator, peer_id_body) == hash;
}

}  // namespace routerd::ike::v1
