#include "engine/ike/v1/nat_d.hpp"

#include <algorithm>

#include "engine/ike/v1/message.hpp"

namespace routerd::ike::v1::nat_d {
namespace {

// RFC 3947 3.2: HASH(CKY-I | CKY-R | IP | Port).
Bytes nat_d_hash(const IkeSa& sa, std::uint32_t addr, std::uint16_t port) {
    Bytes in(sa.cky_i.begin(), sa.cky_i.end());
    in.insert(in.end(), sa.cky_r.begin(), sa.cky_r.end());
    Bytes a = be32(addr);
    in.insert(in.end(), a.begin(), a.end());
    in.push_back(static_cast<std::uint8_t>(port >> 8));
    in.push_back(static_cast<std::uint8_t>(port));
    return hash(sa.hash, in);
}

}  // namespace

std::vector<Payload> payloads(const Context& ctx, const IkeSa& sa) {
    if (!sa.peer_does_nat_t) return {};
    Bytes mine = ctx.options().force_encapsulation ? random_bytes(hash_size(sa.hash)) : nat_d_hash(sa, sa.local, ctx.options().port);
    return {{PayloadType::NAT_D, nat_d_hash(sa, sa.peer, sa.peer_port)}, {PayloadType::NAT_D, mine}};
}

void detect(Context& ctx, IkeSa& sa, const std::vector<Payload>& received) {
    std::vector<const Payload*> nat_d;
    for (const auto& p : received)
        if (p.type == PayloadType::NAT_D) nat_d.push_back(&p);
    if (nat_d.size() < 2 || !sa.peer_does_nat_t) return;
    // The first NAT-D is how the peer sees us; the others are how it sees itself.
    sa.local_behind_nat = nat_d[0]->body != nat_d_hash(sa, sa.local, ctx.options().port) || ctx.options().force_encapsulation;
    Bytes them = nat_d_hash(sa, sa.peer, sa.peer_port);
    sa.peer_behind_nat = std::none_of(nat_d.begin() + 1, nat_d.end(), [&](const Payload* p) { return p->body == them; });
    ctx.isakmp_debug("ISAKMP:received payload type 20");
    if (!sa.local_behind_nat && !sa.peer_behind_nat) ctx.debug(&sa, " No NAT Found for self or peer");
    else if (sa.local_behind_nat && sa.peer_behind_nat) ctx.debug(&sa, " NAT found, both nodes inside NAT");
    else if (sa.local_behind_nat) ctx.debug(&sa, " NAT found, the node inside NAT");
    else ctx.debug(&sa, " NAT found, the node outside NAT");
}

void send_keepalives(Context& ctx) {
    auto pol = ctx.policy();
    if (!pol || !pol->nat_keepalive) return;
    // RFC 3948 4: sent by the side behind the NAT, whose mapping would otherwise expire.
    for (auto& [c, sa] : ctx.sas())
        if (sa->floated && sa->local_behind_nat) ctx.transport().send_nat_keepalive(sa->local, {sa->peer, sa->peer_port});
}

}  // namespace routerd::ike::v1::nat_d
