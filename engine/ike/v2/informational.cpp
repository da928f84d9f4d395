#include "engine/ike/v2/informational.hpp"

#include <algorithm>

#include "engine/ike/v2/child_sa.hpp"
#include "engine/ike/v2/exchange.hpp"

namespace routerd::ike::v2::informational {

void forget(Context& ctx, IkeSa& sa, const std::string& why) {
    for (const auto& c : sa.children)
        if (ctx.hooks().on_child_deleted) ctx.hooks().on_child_deleted(sa.peer, c.spi_out);
    ctx.debug(&sa, "Deleting SA: " + why);
    ctx.log(5, "%IKEV2-5-SA_DOWN: SA DOWN with " + ip(sa.peer) + ": " + why);
    ctx.fail_waiting(sa);
    ctx.erase(sa.spi_i);
}

void receive_request(Context& ctx, IkeSa& sa, std::uint32_t message_id, const std::vector<Payload>& ps) {
    std::vector<Bytes> ours;
    bool ike_deleted = false;
    for (const auto& p : ps) {
        if (p.type != PayloadType::DELETE) continue;
        auto d = decode_delete(p.body);
        if (!d) continue;
        if (d.value->protocol == ProtocolId::IKE) {
            ike_deleted = true;
        } else if (d.value->protocol == ProtocolId::ESP && d.value->spi_size == 4) {
            for (const auto& spi : d.value->spis) {
                // A pair of the peer's rekey of this one sends now (RFC 7296 2.8), before the old
                // goes: the kernel's outbound traffic moves over without a gap. Also when the
                // old one is gone here already (both ends rekeyed it, 2.8.1, and ours deleted it).
                release_replacements(ctx, sa, read_be32(spi), "the peer deleted the pair it replaces");
                // The peer names its inbound SPI: our outbound one.
                auto it = std::find_if(sa.children.begin(), sa.children.end(), [&](const auto& c) { return c.spi_out == read_be32(spi); });
                if (it == sa.children.end()) continue;
                ours.push_back(be32(it->spi_in));
                ctx.debug(&sa, "Received DELETE of Child SA, SPI " + hex(spi));
                if (ctx.hooks().on_child_deleted) ctx.hooks().on_child_deleted(sa.peer, it->spi_out);
                sa.children.erase(it);
            }
        }
    }
    if (ike_deleted) {
        send_protected_response(ctx, sa, ExchangeType::INFORMATIONAL, message_id, {});
        return forget(ctx, sa, "Received DELETE of the IKE SA from the peer");
    }
    std::vector<Payload> answer;
    if (!ours.empty()) answer.push_back({PayloadType::DELETE, false, encode_delete({ProtocolId::ESP, 4, ours})});
    send_protected_response(ctx, sa, ExchangeType::INFORMATIONAL, message_id, answer);
}

void receive_response(Context& ctx, IkeSa& sa, const std::vector<Payload>&) {
    if (sa.state == SaState::DELETE) forget(ctx, sa, "the peer answered our DELETE");
}

void send_ike_delete(Context& ctx, IkeSa& sa) {
    if (!sa.authenticated) return forget(ctx, sa, "deleted locally");
    if (sa.state == SaState::DELETE && !sa.delete_queued) return;  // already told
    // Its Child SAs are gone here now; the SA itself leaves when the peer answers or the
    // retransmissions give up.
    sa.state = SaState::DELETE;
    for (const auto& c : sa.children)
        if (ctx.hooks().on_child_deleted) ctx.hooks().on_child_deleted(sa.peer, c.spi_out);
    sa.children.clear();
    sa.child_deletes_queued.clear();  // the IKE SA's Delete covers them (RFC 7296 1.4.1)
    if (sa.outstanding) {
        sa.delete_queued = true;  // sent when our request in flight is answered (receive.cpp)
        return;
    }
    sa.delete_queued = false;
    send_protected_request(ctx, sa, ExchangeType::INFORMATIONAL, {{PayloadType::DELETE, false, encode_delete({ProtocolId::IKE, 0, {}})}});
}

void send_child_delete(Context& ctx, IkeSa& sa, std::uint32_t spi_in) {
    auto it = std::find_if(sa.children.begin(), sa.children.end(), [&](const auto& c) { return c.spi_in == spi_in; });
    if (it == sa.children.end()) return;
    auto spi_out = it->spi_out;
    sa.children.erase(it);
    release_replacements(ctx, sa, spi_out, "the pair it replaces is deleted");
    if (sa.outstanding) return sa.child_deletes_queued.push_back(spi_in);  // window size 1 (RFC 7296 2.3)
    send_protected_request(ctx, sa, ExchangeType::INFORMATIONAL, {{PayloadType::DELETE, false, encode_delete({ProtocolId::ESP, 4, {be32(spi_in)}})}});
}

void send_child_deletes(Context& ctx, IkeSa& sa, const std::vector<std::uint32_t>& ours, const std::vector<std::uint32_t>& unmade,
                        bool rekeyed) {
    constexpr int kRekeyedGraceSeconds = 5;
    std::vector<Bytes> spis;
    for (auto spi_in : ours) {
        auto it = std::find_if(sa.children.begin(), sa.children.end(), [&](const auto& c) { return c.spi_in == spi_in; });
        if (it == sa.children.end()) continue;
        if (rekeyed) ctx.remove_child_later(sa.peer, it->spi_out, ctx.options().time_unit * kRekeyedGraceSeconds);
        else if (ctx.hooks().on_child_deleted) ctx.hooks().on_child_deleted(sa.peer, it->spi_out);
        auto spi_out = it->spi_out;
        sa.children.erase(it);
        // Gone outright: a pair replacing it sends now. Not after our own rekey of it (both ends
        // rekeyed it, RFC 7296 2.8.1): the old pair stays in IPsec a while, and the peer may not
        // have our answer to its rekey yet; its own Delete of the old pair releases its pair.
        if (!rekeyed) release_replacements(ctx, sa, spi_out, "the pair it replaces is deleted");
        spis.push_back(be32(spi_in));
    }
    for (auto spi_in : unmade) spis.push_back(be32(spi_in));
    if (spis.empty()) return;
    if (sa.outstanding) {
        for (const auto& spi : spis) sa.child_deletes_queued.push_back(read_be32(spi));
        return;
    }
    ctx.debug(&sa, "Sending DELETE of " + std::to_string(spis.size()) + " Child SA(s)");
    send_protected_request(ctx, sa, ExchangeType::INFORMATIONAL, {{PayloadType::DELETE, false, encode_delete({ProtocolId::ESP, 4, spis})}});
}

void send_liveness(Context& ctx, IkeSa& sa) {
    if (sa.outstanding || !sa.authenticated) return;
    ctx.debug(&sa, "Sending DPD/liveness query");
    send_protected_request(ctx, sa, ExchangeType::INFORMATIONAL, {});
}

}  // namespace routerd::ike::v2::informational
