#include "engine/ike/v1/profiles.hpp"

#include <algorithm>

#include "engine/ike/v1/diagnosis.hpp"
#include "engine/ike/v1/message.hpp"

namespace routerd::ike::v1::profiles {

namespace {

policy::PeerIdentity identity_of(const IdPayload& d) {
    policy::PeerIdentity id;
    if (d.type == IdType::ID_IPV4_ADDR && d.data.size() == 4) {
        id.kind = policy::PeerIdentity::Kind::ADDRESS;
        id.address = read32(d.data);
    } else if (d.type == IdType::ID_FQDN) {
        id.kind = policy::PeerIdentity::Kind::FQDN;
        id.name.assign(d.data.begin(), d.data.end());
    } else if (d.type == IdType::ID_USER_FQDN) {
        id.kind = policy::PeerIdentity::Kind::USER_FQDN;
        id.name.assign(d.data.begin(), d.data.end());
    }
    return id;
}

// IOS's line for the profile a peer's identity matched (seeds/004 L381 for none).
void say_match(Context& ctx, const policy::IsakmpProfilePolicy* profile) {
    ctx.isakmp_debug("ISAKMP:(0):: peer matches " + (profile ? profile->name + " profile" : std::string("*none* of the profiles")));
}

}  // namespace

policy::PeerIdentity peer_identity(const Bytes& id_body) {
    auto d = decode_id(id_body);
    return d ? identity_of(*d.value) : policy::PeerIdentity{};
}

void debug_id_payload(Context& ctx, const IkeSa& sa, const Bytes& id_body, PayloadType next) {
    auto d = decode_id(id_body);
    if (!d) return;
    std::string head = "ISAKMP (" + std::to_string(sa.conn_id) + "): ";
    ctx.isakmp_debug(head + "ID payload");
    ctx.isakmp_debug("\tnext-payload : " + std::to_string(static_cast<int>(next)));
    ctx.isakmp_debug("\ttype         : " + std::to_string(static_cast<int>(d.value->type)));
    auto id = identity_of(*d.value);
    if (id.kind == policy::PeerIdentity::Kind::ADDRESS) ctx.isakmp_debug("\taddress      : " + ip(id.address));
    else if (id.kind == policy::PeerIdentity::Kind::FQDN) ctx.isakmp_debug("\tFQDN name    : " + id.name);
    else if (id.kind == policy::PeerIdentity::Kind::USER_FQDN) ctx.isakmp_debug("\tuser FQDN    : " + id.name);
    ctx.isakmp_debug("\tprotocol     : " + std::to_string(d.value->protocol));
    ctx.isakmp_debug("\tport         : " + std::to_string(d.value->port));
    ctx.isakmp_debug("\tlength       : " + std::to_string(id_body.size() + 4));
}

void select(Context& ctx, IkeSa& sa, const policy::PeerIdentity& id) {
    auto pol = ctx.policy();
    if (!pol) return;
    auto m = policy::match_profile(pol->profiles, id, sa.local);
    say_match(ctx, m ? m->profile : nullptr);
    if (!m) {
        sa.profile.clear();
        return;
    }
    sa.profile = m->profile->name;
    if (!m->profile->self_fqdn.empty()) sa.own_fqdn = m->profile->self_fqdn;
}

bool admits(Context& ctx, IkeSa& sa, const policy::PeerIdentity& id) {
    auto pol = ctx.policy();
    if (!pol) return true;
    const auto* profile = sa.profile.empty() ? nullptr : pol->profile(sa.profile);
    if (!profile) {
        // An initiator without a profile still says which one the peer would match (IOS, seeds/004 L381).
        if (sa.initiator) {
            auto m = policy::match_profile(pol->profiles, id, sa.local);
            say_match(ctx, m ? m->profile : nullptr);
        }
        return true;
    }
    if (sa.initiator) {
        // An entry's profile without `match identity` only chooses keys and modes for us; one
        // with statements says whom we expect at the other end.
        if (profile->matches.empty()) return true;
        bool admitted = policy::admitting_statement(*profile, id) != nullptr;
        say_match(ctx, admitted ? profile : nullptr);
        if (admitted) return true;
        std::string statements;
        for (const auto& s : profile->matches) statements += (statements.empty() ? "" : ", ") + std::string("`match identity ") + s.text + "`";
        diagnosis::report(ctx, diagnosis::Layer::ISAKMP, sa.peer,
                          "identity mismatch with peer " + ip(sa.peer) + ": it identifies as " + id.text() + ", and ISAKMP profile " +
                              profile->name + " (named by the map entry we initiate for) admits only " + statements);
        return false;
    }
    if (profile->keyrings.empty() || std::find(profile->keyrings.begin(), profile->keyrings.end(), sa.psk_keyring) != profile->keyrings.end())
        return true;
    std::string rings;
    for (const auto& k : profile->keyrings) rings += (rings.empty() ? "" : ", ") + k;
    ctx.debug(&sa, "Key from keyring " + sa.psk_keyring + " is not in the keyrings of profile " + profile->name + "; peer refused");
    diagnosis::report(ctx, diagnosis::Layer::ISAKMP, sa.peer,
                      "keyring mismatch with peer " + ip(sa.peer) + ": its identity " + id.text() + " selects ISAKMP profile " + profile->name +
                          ", which takes keys only from keyring " + rings + ", but Main Mode had to choose the key by address before the " +
                          "identity came, and took " + sa.psk_source + "; give the peer's address a key in keyring " + rings +
                          " at least as specific, or bind the keyrings with `local-address`");
    return false;
}

}  // namespace routerd::ike::v1::profiles
