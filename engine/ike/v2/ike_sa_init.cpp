#include "engine/ike/v2/ike_sa_init.hpp"

#include <algorithm>

#include "engine/ike/v2/exchange.hpp"
#include "engine/ike/v2/ike_auth.hpp"
#include "engine/ike/v2/proposals.hpp"
#include "engine/ike/v2/vendor_ids.hpp"

namespace routerd::ike::v2::ike_sa_init {
namespace {

// RFC 7296 2.23: SHA-1(SPIi | SPIr | IP address | port); the responder's SPI is zero in the
// request.
Bytes nat_hash(const Spi& spi_i, const Spi& spi_r, std::uint32_t address, std::uint16_t port) {
    Bytes in(spi_i.begin(), spi_i.end());
    in.insert(in.end(), spi_r.begin(), spi_r.end());
    auto a = be32(address);
    in.insert(in.end(), a.begin(), a.end());
    in.push_back(static_cast<std::uint8_t>(port >> 8));
    in.push_back(static_cast<std::uint8_t>(port));
    return hash(Hash::SHA1, in);
}

// The two NAT detection notifications of a message from `from` to `to`. With
// force_encapsulation the source hash is deliberately wrong, so that both ends see a NAT
// (strongSwan's forceencaps does the same).
std::vector<Payload> nat_detection(const Context& ctx, const Spi& spi_i, const Spi& spi_r, core::Endpoint from, core::Endpoint to) {
    auto source = nat_hash(spi_i, spi_r, from.address, from.port);
    if (ctx.options().force_encapsulation) source[0] ^= 0xff;
    return {notify(NotifyType::NAT_DETECTION_SOURCE_IP, source), notify(NotifyType::NAT_DETECTION_DESTINATION_IP,
                                                                        nat_hash(spi_i, spi_r, to.address, to.port))};
}

// After IKE_SA_INIT, both ends move to the NAT-T port when a NAT is in the way (RFC 7296
// 2.23): the peer's source hash is not what its packet's source gives, or its destination
// hash is not our address.
// RFC 7296 2.23: a source hash that does not match puts a NAT in front of the peer; a
// destination hash that does not match, one in front of us.
struct NatFound {
    bool us = false, peer = false;
};
NatFound nat_between(const std::vector<NotifyPayload>& ns, const Spi& spi_i, const Spi& spi_r, core::Endpoint peer, core::Endpoint us) {
    bool source_seen = false, source_match = false, dest_seen = false, dest_match = false;
    for (const auto& n : ns) {
        if (n.type == NotifyType::NAT_DETECTION_SOURCE_IP) {
            source_seen = true;
            source_match |= n.data == nat_hash(spi_i, spi_r, peer.address, peer.port);
        } else if (n.type == NotifyType::NAT_DETECTION_DESTINATION_IP) {
            dest_seen = true;
            dest_match |= n.data == nat_hash(spi_i, spi_r, us.address, us.port);
        }
    }
    return {dest_seen && !dest_match, source_seen && !source_match};
}

// IOS's `debug crypto ikev2 internal` account of the shared secret and SKEYSEED (RFC 7296 2.14).
void debug_key_schedule(const Context& ctx, const IkeSa& sa) {
    if (!ctx.debugging(Ikev2DebugKind::INTERNAL)) return;
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[IKEv2 -> Crypto Engine] Computing DH secret key, DH Group " + std::to_string(sa.suite->group));
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[Crypto Engine -> IKEv2] DH key Computation PASSED");
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[IKEv2 -> Crypto Engine] Calculate SKEYSEED and create rekeyed IKEv2 SA");
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[Crypto Engine -> IKEv2] SKEYSEED calculation and creation of rekeyed IKEv2 SA PASSED");
}

// Which vendor IDs the peer sent, in the debug (strongSwan: "received ... vendor ID").
void note_vendor_ids(const Context& ctx, const IkeSa& sa, const std::vector<Payload>& ps) {
    if (!ctx.debugging(Ikev2DebugKind::EVENT)) return;
    for (const auto& p : ps)
        if (p.type == PayloadType::VENDOR) {
            auto name = vendor_id_name(p.body);
            ctx.debug(&sa, name ? "Received VID: " + *name : "Received unknown VID: " + hex(p.body));
        }
}

void send_init_request(Context& ctx, IkeSa& sa, std::uint16_t group) {
    sa.dh = ctx.make_key_pair(group);
    if (!sa.dh) return ctx.abandon(sa, "Diffie-Hellman group " + std::to_string(group) + " is not available");
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[IKEv2 -> Crypto Engine] Computing DH public key, DH Group " + std::to_string(group));
    ctx.debug(Ikev2DebugKind::INTERNAL, &sa, "[Crypto Engine -> IKEv2] DH key Computation PASSED");
    if (sa.ni.empty()) sa.ni = ctx.make_nonce();
    std::vector<Payload> ps;
    // RFC 7296 2.6: the cookie goes first when the responder asked for one.
    if (!sa.cookie.empty()) ps.push_back(notify(NotifyType::COOKIE, sa.cookie));
    ps.push_back({PayloadType::SA, false, encode_sa(ike_offer(sa.config->proposals))});
    ps.push_back({PayloadType::KE, false, encode_ke({group, sa.dh->public_value()})});
    ps.push_back({PayloadType::NONCE, false, sa.ni});
    for (auto& p : cisco_vendor_ids()) ps.push_back(std::move(p));
    for (auto& p : nat_detection(ctx, sa.spi_i, Spi{}, {sa.local, ctx.options().port}, {sa.peer, ctx.options().peer_port}))
        ps.push_back(std::move(p));
    if (sa.config->fragmentation_mtu) {
        ps.push_back(notify(NotifyType::IKEV2_FRAGMENTATION_SUPPORTED));  // RFC 7383 2.3
        ps.push_back(cisco_fragmentation_vendor_id());
    }
    sa.next_request_id = 0;  // a retried IKE_SA_INIT keeps message ID 0 (2.6)
    sa.init_request = encode_message(header_for(sa, ExchangeType::IKE_SA_INIT, 0, false), ps);
    ctx.debug(&sa, "Generating IKE_SA_INIT message");
    ctx.send_request(sa, ExchangeType::IKE_SA_INIT, sa.init_request);
}

// An answer that keeps no state: the responder's SPI stays zero (RFC 7296 2.6).
void refuse(Context& ctx, const Message& request, const core::Received& in, NotifyType why, Bytes data = {}) {
    Header h = request.header;
    h.spi_r = Spi{};
    h.flags = FLAG_RESPONSE;
    ctx.send_to(in.local, in.from, in.natt, encode_message(h, {notify(why, std::move(data))}));
}

// RFC 7383 2.3: the peer says it takes fragments.
bool offers_fragmentation(const std::vector<Payload>& ps) {
    auto ns = notifies(ps);
    return std::any_of(ns.begin(), ns.end(), [](const NotifyPayload& n) { return n.type == NotifyType::IKEV2_FRAGMENTATION_SUPPORTED; });
}

std::string groups_text(const std::vector<IkeProposalSet>& sets) {
    std::string out;
    for (const auto& s : sets)
        for (auto g : s.groups) out += (out.empty() ? "" : " ") + std::to_string(g);
    return out;
}

}  // namespace

void start(Context& ctx, std::uint32_t peer, const ChildRequest& flow) {
    std::uint32_t local = ctx.local_for(peer);
    auto pol = ctx.policy();
    const auto* entry = pol ? pol->find(flow.entry_key) : nullptr;
    auto config = ctx.config_for(peer, local, nullptr, entry ? entry->ikev2_profile : "");
    if (!config || config->proposals.empty() || config->proposals.front().groups.empty()) {
        ctx.debug(nullptr, "No IKEv2 proposal for peer " + ip(peer) + "; nothing negotiated");
        return ctx.negotiation_failed(flow);
    }
    auto sa = std::make_unique<IkeSa>();
    sa->session_id = ctx.next_session_id();
    sa->spi_i = new_ike_spi();
    sa->initiator = true;
    sa->local = local;
    sa->peer = peer;
    sa->peer_port = ctx.options().peer_port;
    sa->config = std::move(config);
    sa->child = ChildNegotiation(flow);
    IkeSa* fresh = ctx.add(std::move(sa));
    if (!fresh) return ctx.negotiation_failed(flow);  // our random SPI is taken: the next packet tries again
    IkeSa& added = *fresh;
    ++ctx.stats().outgoing;
    ctx.debug(&added, "Initiator SA");
    send_init_request(ctx, added, added.config->proposals.front().groups.front());
}

void receive_request(Context& ctx, const Message& m, const core::Received& in) {
    // Our end of the SA is the address the peer contacted (RFC 7296 2.11).
    std::uint32_t peer = in.from.address, local = ctx.local_answering(peer, in.local);
    ++ctx.stats().incoming;
    const auto& ps = m.payloads;
    const Payload *sa_p = find(ps, PayloadType::SA), *ke_p = find(ps, PayloadType::KE), *n_p = find(ps, PayloadType::NONCE);
    if (!sa_p || !ke_p || !n_p) {
        ctx.debug(nullptr, "IKE_SA_INIT from " + ip(peer) + " lacks its SA, KE or Nonce payload; dropped");
        return;
    }
    auto offered = decode_sa(sa_p->body);
    auto ke = decode_ke(ke_p->body);
    // RFC 7296 3.9: a nonce of at least 16 and at most 256 octets.
    if (!offered || !ke || n_p->body.size() < 16 || n_p->body.size() > 256) {
        ctx.debug(nullptr, "IKE_SA_INIT from " + ip(peer) + " does not decode: " + (!offered ? offered.error : !ke ? ke.error : "bad nonce size"));
        return refuse(ctx, m, in, NotifyType::INVALID_SYNTAX);
    }
    auto config = ctx.config_for(peer, local, nullptr);
    if (config && config->cookie_challenge && ctx.half_open() >= *config->cookie_challenge) {
        // RFC 7296 2.6: the first payload must be our COOKIE for this offer, else it is sent.
        auto expected = ctx.cookie_for(n_p->body, peer, m.header.spi_i);
        auto first = ps.front().type == PayloadType::NOTIFY ? decode_notify(ps.front().body) : Decoded<NotifyPayload>{};
        bool carries = first && first.value->type == NotifyType::COOKIE;
        if (!carries || !ctx.cookie_valid(first.value->data, n_p->body, peer, m.header.spi_i)) {
            ++ctx.stats().cookie_challenged;
            ++(carries ? ctx.stats().cookie_rejected : ctx.stats().cookie_missing);
            ++ctx.stats().incoming_rejected;
            ctx.debug(nullptr, "Sending COOKIE to " + ip(peer) + ": " + std::to_string(ctx.half_open()) + " SAs in negotiation");
            return refuse(ctx, m, in, NotifyType::COOKIE, expected);
        }
        ++ctx.stats().cookie_accepted;
    }
    auto choice = config ? ike_select(*offered.value, config->proposals) : std::nullopt;
    if (!choice) {
        // Both sides' values in plain words (the IKEv1 diagnosis does the same, seeds-catalog F01).
        ctx.debug(nullptr, "Failed to find a matching policy for the IKE_SA_INIT of " + ip(peer));
        ctx.record_failure(peer, config ? "IKEv2 proposals differ: the peer offers " + describe(*offered.value) + "; we accept " +
                                              describe(config->proposals)
                                        : std::string("no crypto ikev2 policy for local address ") + ip(local));
        ++ctx.stats().incoming_rejected;
        return refuse(ctx, m, in, NotifyType::NO_PROPOSAL_CHOSEN);
    }
    if (ke.value->group != choice->suite.group) {
        ++ctx.stats().incoming_rejected;
        // RFC 7296 1.2: the initiator guessed the group wrong; tell it ours, keep nothing.
        ctx.debug(nullptr, "Received KE group " + std::to_string(ke.value->group) + " from " + ip(peer) + ", expected " +
                               std::to_string(choice->suite.group) + ": sending INVALID_KE_PAYLOAD");
        return refuse(ctx, m, in, NotifyType::INVALID_KE_PAYLOAD,
                      Bytes{static_cast<std::uint8_t>(choice->suite.group >> 8), static_cast<std::uint8_t>(choice->suite.group)});
    }
    if (!ctx.admit_responder(peer, *config)) {
        ++ctx.stats().incoming_rejected;
        return;
    }
    auto dh = ctx.make_key_pair(choice->suite.group);
    auto shared = dh ? dh->shared_secret(ke.value->data) : std::nullopt;
    if (!shared) {
        ctx.debug(nullptr, "Invalid KE payload from " + ip(peer) + " for group " + std::to_string(choice->suite.group));
        return refuse(ctx, m, in, NotifyType::INVALID_SYNTAX);
    }
    auto sa = std::make_unique<IkeSa>();
    sa->session_id = ctx.next_session_id();
    sa->spi_i = m.header.spi_i;
    sa->spi_r = new_ike_spi();
    sa->local = local;
    sa->peer = peer;
    sa->peer_port = in.from.port;
    sa->natt = in.natt;
    sa->config = std::move(config);
    sa->suite = choice->suite;
    sa->dh = std::move(dh);
    sa->ni = n_p->body;
    sa->nr = ctx.make_nonce();
    sa->init_request = in.message;
    sa->keys = derive_ike_keys(*sa->suite, *shared, sa->ni, sa->nr, sa->spi_i, sa->spi_r);
    sa->expected_peer_id = 1;
    IkeSa* fresh = ctx.add(std::move(sa));
    if (!fresh) return;  // the SPI names another peer's SA: not ours to replace
    IkeSa& s = *fresh;
    ++ctx.stats().incoming_accepted;
    ctx.debug(Ikev2DebugKind::INTERNAL, &s, "[IKEv2 -> Crypto Engine] Computing DH public key, DH Group " + std::to_string(s.suite->group));
    debug_key_schedule(ctx, s);
    ctx.debug(&s, "Processing IKE_SA_INIT message");
    note_vendor_ids(ctx, s, ps);
    ctx.debug(&s, "Verify SA init message");
    auto nat = nat_between(notifies(ps), s.spi_i, Spi{}, in.from, {local, ctx.options().port});
    s.nat_inside = nat.us;
    s.nat_outside = nat.peer;
    s.natt_detected = nat.us || nat.peer || ctx.options().force_encapsulation;

    std::vector<Payload> answer{{PayloadType::SA, false, encode_sa(ike_answer(*choice))},
                                {PayloadType::KE, false, encode_ke({choice->suite.group, s.dh->public_value()})},
                                {PayloadType::NONCE, false, s.nr}};
    for (auto& p : cisco_vendor_ids()) answer.push_back(std::move(p));
    for (auto& p : nat_detection(ctx, s.spi_i, s.spi_r, {local, ctx.options().port}, in.from)) answer.push_back(std::move(p));
    if (s.config->fragmentation_mtu && offers_fragmentation(ps)) {
        s.fragmentation = true;
        answer.push_back(notify(NotifyType::IKEV2_FRAGMENTATION_SUPPORTED));
        answer.push_back(cisco_fragmentation_vendor_id());
    }
    s.init_response = encode_message(header_for(s, ExchangeType::IKE_SA_INIT, 0, true), answer);
    ctx.debug(&s, "Generating IKE_SA_INIT message");
    ctx.send_response(s, s.init_response);
}

void receive_response(Context& ctx, IkeSa& sa, const Message& m, const core::Received& in) {
    const auto& ps = m.payloads;
    ctx.debug(&sa, "Processing IKE_SA_INIT message");
    // Nothing in an IKE_SA_INIT answer is authenticated: anyone on the path can send one. RFC
    // 7296 2.4 and 2.21.1: an error (or an answer we cannot use) is not acted on at once; the
    // request stays outstanding and keeps being retransmitted, and only when the retransmissions
    // end with no valid answer does the negotiation fail, with the last such reason
    // (Context's give-up). A spoofed refusal so cannot kill a negotiation.
    auto ignore = [&](const std::string& why) {
        ctx.debug(&sa, why + "; not acted on (unauthenticated), still waiting for a valid answer");
        sa.init_error = why;
    };
    for (const auto& n : notifies(ps)) {
        if (n.type == NotifyType::COOKIE && sa.cookie.empty()) {
            // RFC 7296 2.6: the same request again, the cookie first.
            ctx.debug(&sa, "Received COOKIE; sending IKE_SA_INIT again with it");
            sa.cookie = n.data;
            return send_init_request(ctx, sa, static_cast<std::uint16_t>(sa.dh->group()));
        }
        if (n.type == NotifyType::INVALID_KE_PAYLOAD && n.data.size() == 2) {
            auto group = static_cast<std::uint16_t>(n.data[0] << 8 | n.data[1]);
            bool ours = std::any_of(sa.config->proposals.begin(), sa.config->proposals.end(),
                                    [&](const IkeProposalSet& s) { return std::count(s.groups.begin(), s.groups.end(), group); });
            // RFC 7296 1.2, 2.7: a group we offered, other than the one we sent, is how the
            // exchange is meant to go on; but only a few times, so that a peer (or a spoofer)
            // answering each new offer with another group cannot bounce us forever.
            constexpr int kInvalidKeRetries = 2;
            if (ours && group != sa.dh->group() && sa.invalid_ke_followed < kInvalidKeRetries) {
                ++sa.invalid_ke_followed;
                ctx.debug(&sa, "Received INVALID_KE_PAYLOAD: the peer wants DH group " + std::to_string(group));
                return send_init_request(ctx, sa, group);
            }
            // 2.7: a group we did not propose (or the one we sent) is no valid answer.
            return ignore(!ours ? "The peer wants DH group " + std::to_string(group) + ", we offer " + groups_text(sa.config->proposals)
                          : group == sa.dh->group()
                              ? "The peer's INVALID_KE_PAYLOAD names DH group " + std::to_string(group) + ", the one we sent"
                              : "The peer asked for another DH group (INVALID_KE_PAYLOAD) more than " +
                                    std::to_string(kInvalidKeRetries) + " times; not following it again");
        }
        if (is_error(n.type))
            return ignore("The peer refused IKE_SA_INIT with " + notify_name(n.type) +
                          (n.type == NotifyType::NO_PROPOSAL_CHOSEN ? ": none of our IKEv2 proposals is acceptable to it" : ""));
    }
    const Payload *sa_p = find(ps, PayloadType::SA), *ke_p = find(ps, PayloadType::KE), *n_p = find(ps, PayloadType::NONCE);
    auto answer = sa_p ? decode_sa(sa_p->body) : Decoded<SaPayload>{};
    auto ke = ke_p ? decode_ke(ke_p->body) : Decoded<KePayload>{};
    auto suite = answer ? ike_accept(*answer.value, sa.config->proposals) : std::nullopt;
    if (!suite || !ke || !n_p || n_p->body.size() < 16 || n_p->body.size() > 256 || m.header.spi_r == Spi{})
        return ignore("The IKE_SA_INIT answer is malformed or chose what we did not offer");
    if (ke.value->group != suite->group || suite->group != sa.dh->group())
        return ignore("The IKE_SA_INIT answer's KE group " + std::to_string(ke.value->group) + " is not the one offered");
    auto shared = sa.dh->shared_secret(ke.value->data);
    if (!shared) return ignore("Invalid KE payload in the IKE_SA_INIT answer");
    // A valid answer: the exchange is done (receive.cpp leaves that to us for IKE_SA_INIT).
    ctx.retransmitter().disarm({sa.spi_i, m.header.message_id});
    sa.outstanding.reset();
    sa.init_error.clear();
    sa.spi_r = m.header.spi_r;
    sa.suite = suite;
    sa.nr = n_p->body;
    sa.init_response = in.message;
    sa.keys = derive_ike_keys(*suite, *shared, sa.ni, sa.nr, sa.spi_i, sa.spi_r);
    debug_key_schedule(ctx, sa);
    note_vendor_ids(ctx, sa, ps);
    ctx.debug(&sa, "Verify SA init message");
    sa.fragmentation = sa.config->fragmentation_mtu && offers_fragmentation(ps);
    auto nat = nat_between(notifies(ps), sa.spi_i, sa.spi_r, in.from, {sa.local, ctx.options().port});
    sa.nat_inside = nat.us;
    sa.nat_outside = nat.peer;
    if (nat.us || nat.peer || ctx.options().force_encapsulation) {
        // RFC 7296 2.23: from IKE_AUTH on, to and from the NAT-T port.
        sa.natt_detected = true;
        sa.natt = true;
        sa.peer_port = ctx.options().peers_natt_port();
        ctx.debug(&sa, "NAT detected; floating to port " + std::to_string(sa.peer_port));
    }
    ike_auth::send_request(ctx, sa);
}

}  // namespace routerd::ike::v2::ike_sa_init
