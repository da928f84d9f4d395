#include "engine/ike/v1/child_sa.hpp"

#include <algorithm>
#include <utility>

#include "engine/ike/v1/message.hpp"
#include "net/spi_text.hpp"

namespace routerd::ike::v1 {

std::optional<ChildSa> child_of(const Context& ctx, const IkeSa& sa, QuickMode& qm) {
    if (qm.keyed) return std::exchange(qm.keyed, std::nullopt);
    std::optional<Bytes> gqm;
    if (qm.dh) {
        gqm = qm.dh->shared_secret(qm.peer_ke);
        if (!gqm) {
            ctx.debug(&sa, " invalid KE payload for PFS group " + std::to_string(qm.dh->group()) + " in message ID " +
                               std::to_string(qm.message_id));
            return std::nullopt;
        }
    }
    const auto& t = *qm.chosen;
    // ESP keys: the cipher key (with GCM's 4-octet salt, RFC 4106 8.1), then the auth key.
    std::size_t enc = t.esp_key_bits / 8u + (t.kernel_icv_bits ? 4u : 0u);
    std::size_t auth = t.auth_key_bits / 8u;
    auto esp = static_cast<std::uint8_t>(ProtocolId::PROTO_IPSEC_ESP);
    Bytes in = keymat(sa.hash, sa.keys.skeyid_d, gqm, esp, be32(qm.spi_in), qm.ni, qm.nr, enc + auth);
    Bytes out = keymat(sa.hash, sa.keys.skeyid_d, gqm, esp, be32(qm.spi_out), qm.ni, qm.nr, enc + auth);
    ChildSa c;
    c.entry_key = qm.entry_key;
    c.local = sa.local;
    c.peer = sa.peer;
    c.selector = qm.selector;
    c.transform = t;
    c.spi_in = qm.spi_in;
    c.spi_out = qm.spi_out;
    c.encryption_key_in.assign(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(enc));
    c.authentication_key_in.assign(in.begin() + static_cast<std::ptrdiff_t>(enc), in.end());
    c.encryption_key_out.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(enc));
    c.authentication_key_out.assign(out.begin() + static_cast<std::ptrdiff_t>(enc), out.end());
    wipe(in);
    wipe(out);
    if (gqm) wipe(*gqm);
    c.lifetime_seconds = qm.lifetime_seconds;
    c.lifetime_kilobytes = qm.lifetime_kilobytes;
    c.pfs_group = qm.pfs_group;
    c.ike_conn_id = sa.conn_id;
    c.udp_encapsulation = sa.floated;
    c.local_port = sa.floated ? ctx.options().natt_port : 0;
    c.peer_port = sa.floated ? sa.peer_port : 0;
    return c;
}

// IOS's "Creating IPSec SAs" lines, the pair remembered for its rekey, the session up.
void record(Context& ctx, IkeSa& sa, QuickMode& qm, const ChildSa& c) {
    if (ctx.isakmp_debugging()) {
        std::string spi_in = net::format_spi(c.spi_in), spi_out = net::format_spi(c.spi_out);
        ctx.debug(&sa, " Creating IPSec SAs");
        ctx.isakmp_debug("        inbound SA from " + ip(sa.peer) + " to " + ip(sa.local) + " (f/i)  0/ 0");
        ctx.isakmp_debug("        has spi " + spi_in + " and conn_id 0");
        ctx.isakmp_debug("        lifetime of " + std::to_string(c.lifetime_seconds) + " seconds");
        ctx.isakmp_debug("        outbound SA from " + ip(sa.local) + " to " + ip(sa.peer) + " (f/i) 0/0");
        ctx.isakmp_debug("        has spi  " + spi_out + " and conn_id 0");
    }
    auto& negotiated = ctx.negotiated();
    bool first_for_peer = !negotiated.any_with(sa.peer);
    negotiated.push_back({qm.entry_key, qm.selector, sa.peer, qm.initiator, ctx.clock().now(), c.lifetime_seconds, false, c.spi_in,
                          c.spi_out, ctx.next_event()});
    if (first_for_peer) ctx.session_status(sa.peer, true);
    ctx.clear_failure(sa.peer);  // the session is up: what failed before is history
}

bool install(Context& ctx, IkeSa& sa, QuickMode& qm) {
    auto child = child_of(ctx, sa, qm);
    if (!child) return false;
    record(ctx, sa, qm, *child);
    // Before the hand-over: IPsec may delete the pair, and with it this Quick Mode, in the call.
    release_keying(qm);
    if (ctx.hooks().on_child_sa) ctx.hooks().on_child_sa(*child);
    return true;
}

void release_keying(QuickMode& qm) {
    // swap with empty ones: clear() would keep the capacity.
    Bytes().swap(qm.iv);
    Bytes().swap(qm.ni);
    Bytes().swap(qm.nr);
    Bytes().swap(qm.peer_ke);
    if (qm.keyed)
        for (Bytes* key : {&qm.keyed->encryption_key_in, &qm.keyed->authentication_key_in, &qm.keyed->encryption_key_out,
                           &qm.keyed->authentication_key_out})
            wipe(*key);
    qm.keyed.reset();
    qm.dh.reset();
    std::vector<policy::TransformDescriptor>().swap(qm.offered);
}

void install_inbound_as_initiator(Context& ctx, const ChildSa& child) {
    if (ctx.hooks().on_inbound_sa) ctx.hooks().on_inbound_sa(child);
}

void hand_over_as_initiator(Context& ctx, const ChildSa& child) {
    auto delay = ctx.options().outbound_install_delay;
    if (delay.count() <= 0) {
        if (ctx.hooks().on_child_sa) ctx.hooks().on_child_sa(child);
        return;
    }
    // The pair is a value: it goes in even if the IKE SA is gone by then, as it would have at once.
    ctx.defer(delay, [&ctx, child] {
        if (ctx.hooks().on_child_sa) ctx.hooks().on_child_sa(child);
    });
}

}  // namespace routerd::ike::v1
