#include "platform/linux_dataplane.hpp"

#include <arpa/inet.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <netlink/xfrm/lifetime.h>
#include <netlink/xfrm/sa.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <vector>

namespace routerd::platform {
namespace {

struct SockDel { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct AddrDel { void operator()(nl_addr* a) const { nl_addr_put(a); } };
struct SaDel { void operator()(xfrmnl_sa* s) const { xfrmnl_sa_put(s); } };
struct SpDel { void operator()(xfrmnl_sp* s) const { xfrmnl_sp_put(s); } };
struct SelDel { void operator()(xfrmnl_sel* s) const { xfrmnl_sel_put(s); } };
struct LtDel { void operator()(xfrmnl_ltime_cfg* l) const { xfrmnl_ltime_cfg_put(l); } };
using Sock = std::unique_ptr<nl_sock, SockDel>;
using Addr = std::unique_ptr<nl_addr, AddrDel>;

constexpr std::uint8_t kEsp = 50;

Addr ipv4(std::uint32_t host_order, int prefix = 32) {
    std::uint32_t be = htonl(host_order);
    Addr a(nl_addr_build(AF_INET, &be, 4));
    nl_addr_set_prefixlen(a.get(), prefix);
    return a;
}

int prefix_of(std::uint32_t mask) { return __builtin_popcount(mask); }

// XFRM selectors match a port under a mask, not a range: a single port is exact, anything
// wider is any port (the ACL's range is still what IKE negotiates).
void set_ports(xfrmnl_sel* sel, std::uint16_t slo, std::uint16_t shi, std::uint16_t dlo, std::uint16_t dhi) {
    if (slo == shi) {
        xfrmnl_sel_set_sport(sel, slo);  // libnl converts to network order itself
        xfrmnl_sel_set_sportmask(sel, 0xffff);
    }
    if (dlo == dhi) {
        xfrmnl_sel_set_dport(sel, dlo);
        xfrmnl_sel_set_dportmask(sel, 0xffff);
    }
}

std::unique_ptr<xfrmnl_sel, SelDel> selector(const TrafficSelector& t) {
    std::unique_ptr<xfrmnl_sel, SelDel> sel(xfrmnl_sel_alloc());
    auto s = ipv4(t.source & t.source_mask, prefix_of(t.source_mask));
    auto d = ipv4(t.destination & t.destination_mask, prefix_of(t.destination_mask));
    xfrmnl_sel_set_family(sel.get(), AF_INET);
    xfrmnl_sel_set_saddr(sel.get(), s.get());
    xfrmnl_sel_set_daddr(sel.get(), d.get());
    xfrmnl_sel_set_prefixlen_s(sel.get(), static_cast<unsigned>(prefix_of(t.source_mask)));
    xfrmnl_sel_set_prefixlen_d(sel.get(), static_cast<unsigned>(prefix_of(t.destination_mask)));
    xfrmnl_sel_set_proto(sel.get(), t.protocol);
    set_ports(sel.get(), t.source_port_low, t.source_port_high, t.destination_port_low, t.destination_port_high);
    return sel;
}

std::string error_text(int err) { return nl_geterror(err); }

// Which XFRM objects are this routerd's. The kernel records no owner, so routerd writes one
// into numbers it chooses anyway, and after a SIGKILL the next routerd of the same config
// directory finds what its predecessor left (it would otherwise collide with it: "File
// exists" on every policy, and stale SAs the kernel would still use):
// - a policy's index: bit 31, the owner's 12-bit tag in bits 19-30, a counter in bits 3-18,
//   the direction in bits 0-2 (where the kernel requires it). The kernel numbers the
//   policies it indexes itself upwards from 8 in steps of 8: it reaches bit 31 only after
//   268 million policies, so strongSwan's or `ip xfrm`'s never look like ours.
// - the reqid of an SA and of a policy's template: bit 31, the tag, the engine's reqid in the
//   low 19 bits (the engine numbers flows from 1; the kernel only compares reqids).
// Two routerd in one namespace (different config directories) have different tags unless
// their 12-bit hashes collide, which the tests' directories do not.
constexpr std::uint32_t kRouterdBit = 0x80000000u;
constexpr int kTagShift = 19;
constexpr std::uint32_t kTagMask = 0xfffu << kTagShift;
constexpr std::uint32_t kCounterMax = 0xffff;  // bits 3-18 of a policy index
constexpr std::uint32_t kReqidMask = (1u << kTagShift) - 1;

std::uint32_t tag_of_owner(std::string_view owner) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (char c : owner) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return kRouterdBit | (((h ^ (h >> 12) ^ (h >> 24)) & 0xfffu) << kTagShift);
}

bool tagged(std::uint32_t value, std::uint32_t tag) { return (value & (kRouterdBit | kTagMask)) == tag; }

using Msg = std::unique_ptr<nl_msg, decltype(&nlmsg_free)>;

// Sends one XFRM request on a socket of its own and hands each message of the answer to `each`:
// a dump (NLM_F_DUMP) of policies or SAs, or one SA (XFRM_MSG_GETSA by xfrm_usersa_id). The
// records are read here, not through libnl's objects: its caches do not parse XFRMA_IF_ID,
// which deleting a VTI's policy needs, and an object per SA with every attribute parsed was a
// third of `show crypto ipsec sa` with 20,000 SAs in the lab VM (bench/xfrm_dump.py).
int request(int type, int flags, const void* payload, std::size_t size, const std::function<void(nlmsghdr*)>& each) {
    Sock sock(nl_socket_alloc());
    if (!sock) return -NLE_NOMEM;
    if (int err = nl_connect(sock.get(), NETLINK_XFRM); err < 0) return err;
    // One read takes as much of a dump as the kernel puts in one message (32 KB at most,
    // netlink_dump()), instead of a page peeked at and read again.
    nl_socket_disable_msg_peek(sock.get());
    nl_socket_disable_auto_ack(sock.get());  // a get is answered by the SA, or by an error
    if (int err = nl_socket_set_msg_buf_size(sock.get(), 32768); err < 0) return err;
    auto on_valid = [](nl_msg* msg, void* arg) -> int {
        (*static_cast<const std::function<void(nlmsghdr*)>*>(arg))(nlmsg_hdr(msg));
        return NL_OK;
    };
    nl_socket_modify_cb(sock.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid, const_cast<std::function<void(nlmsghdr*)>*>(&each));
    Msg msg(nlmsg_alloc_simple(type, flags), &nlmsg_free);
    if (!msg) return -NLE_NOMEM;
    if (size > 0)
        if (int err = nlmsg_append(msg.get(), const_cast<void*>(payload), size, NLMSG_ALIGNTO); err < 0) return err;
    if (int err = nl_send_auto(sock.get(), msg.get()); err < 0) return err;
    return nl_recvmsgs_default(sock.get());
}

int dump(int type, const std::function<void(nlmsghdr*)>& each) { return request(type, NLM_F_DUMP, nullptr, 0, each); }

// libnl 3.7 has no if_id setter: build its request, add XFRMA_IF_ID (the kernel rejects 0,
// so it is left out then), and send it.
template <typename Object>
int send_with_if_id(nl_sock* sock, Object* object, std::uint32_t if_id,
                    int (*build)(Object*, int, nl_msg**), int (*add)(nl_sock*, Object*, int)) {
    if (if_id == 0) return add(sock, object, NLM_F_CREATE);
    nl_msg* raw = nullptr;
    if (int err = build(object, NLM_F_CREATE, &raw); err < 0) return err;
    std::unique_ptr<nl_msg, decltype(&nlmsg_free)> msg(raw, &nlmsg_free);
    if (int err = nla_put_u32(msg.get(), XFRMA_IF_ID, if_id); err < 0) return err;
    return nl_send_sync(sock, msg.release());  // frees the message
}

// An SA's counters from the kernel's record of it. The kernel counts apart a packet seen before
// inside the window (`replay`) and one older than the window (`replay_window`); IOS's "#pkts
// replay failed" counts both (Cisco's anti-replay troubleshooting note, TAC document 116858).
// Found by lab esp-replay-old.
SaCounters counters_of(const xfrm_usersa_info& info, std::uint32_t last_sequence) {
    return SaCounters{info.curlft.packets,
                      info.curlft.bytes,
                      info.stats.replay + info.stats.replay_window,
                      info.stats.integrity_failed,
                      last_sequence,
                      info.replay_window};
}

// An IPv4 ESP SA's counters from its XFRM_MSG_NEWSA record (as a dump or a get answers), with
// its address and SPI in `key`.
std::optional<SaCounters> counters_of(nlmsghdr* h, std::uint64_t* key) {
    if (h->nlmsg_type != XFRM_MSG_NEWSA || nlmsg_datalen(h) < static_cast<int>(sizeof(xfrm_usersa_info))) return std::nullopt;
    const auto* info = static_cast<const xfrm_usersa_info*>(nlmsg_data(h));
    if (info->id.proto != kEsp || info->family != AF_INET) return std::nullopt;
    // The highest sequence number received: XFRMA_REPLAY_VAL, which the kernel sends for an SA
    // without extended sequence numbers (routerd installs none with them); 0 when absent.
    std::uint32_t last_sequence = 0;
    if (const nlattr* replay = nlmsg_find_attr(h, sizeof(xfrm_usersa_info), XFRMA_REPLAY_VAL);
        replay && nla_len(replay) >= static_cast<int>(sizeof(xfrm_replay_state)))
        last_sequence = static_cast<const xfrm_replay_state*>(nla_data(replay))->seq;
    *key = sa_key(ntohl(info->id.daddr.a4), ntohl(info->id.spi));
    return counters_of(*info, last_sequence);
}

}  // namespace

struct LinuxDataplane::Impl {
    Sock requests;
    Sock events;
    std::uint32_t tag = 0;  // owner_tag()
    std::uint32_t next_counter = 1;
    struct Installed {
        int dir = 0;
        std::uint32_t if_id = 0;  // the kernel finds a VTI's policy by index only with it
    };
    std::map<std::uint64_t, Installed> policies;  // id (= kernel index) -> how to delete it
    LinuxDataplane* owner = nullptr;

    // The next free index of ours for a policy in `dir`: the counter wraps around after 65535
    // policies, past the ones still installed.
    std::optional<std::uint32_t> next_index(int dir) {
        for (std::uint32_t tries = 0; tries < kCounterMax; ++tries) {
            std::uint32_t n = next_counter;
            next_counter = next_counter == kCounterMax ? 1 : next_counter + 1;
            std::uint32_t index = tag | (n << 3) | static_cast<std::uint32_t>(dir);
            if (!policies.count(index)) return index;
        }
        return std::nullopt;
    }

    // XFRM_MSG_ACQUIRE: the policy (by our index) and the packet's addresses.
    // XFRM_MSG_EXPIRE: the SA by destination and SPI, and whether the limit was hard.
    static int on_message(nl_msg* msg, void* arg) {
        auto* self = static_cast<Impl*>(arg);
        nlmsghdr* h = nlmsg_hdr(msg);
        if (!self->owner) return NL_OK;
        if (h->nlmsg_type == XFRM_MSG_EXPIRE && self->owner->on_expire &&
            nlmsg_datalen(h) >= static_cast<int>(sizeof(xfrm_user_expire))) {
            const auto* e = static_cast<const xfrm_user_expire*>(nlmsg_data(h));
            if (e->state.family != AF_INET || e->state.id.proto != kEsp) return NL_OK;
            SaCounters last = counters_of(e->state, 0);  // an expire carries no replay state
            self->owner->on_expire(Expire{ntohl(e->state.id.daddr.a4), ntohl(e->state.id.spi), e->hard != 0, last});
            return NL_OK;
        }
        if (h->nlmsg_type != XFRM_MSG_ACQUIRE || !self->owner->on_acquire) return NL_OK;
        if (nlmsg_datalen(h) < static_cast<int>(sizeof(xfrm_user_acquire))) return NL_OK;
        const auto* a = static_cast<const xfrm_user_acquire*>(nlmsg_data(h));
        Acquire acq;
        acq.policy_id = a->policy.index;
        acq.packet.source = ntohl(a->sel.saddr.a4);
        acq.packet.destination = ntohl(a->sel.daddr.a4);
        acq.packet.source_mask = acq.packet.destination_mask = 0xffffffff;
        acq.packet.protocol = a->sel.proto;
        self->owner->on_acquire(acq);
        return NL_OK;
    }
};

std::unique_ptr<LinuxDataplane> LinuxDataplane::open(std::string* error, std::string_view owner) {
    auto impl = std::make_unique<Impl>();
    impl->tag = tag_of_owner(owner);
    impl->requests.reset(nl_socket_alloc());
    impl->events.reset(nl_socket_alloc());
    if (!impl->requests || !impl->events) {
        if (error) *error = "out of memory";
        return nullptr;
    }
    int err = nl_connect(impl->requests.get(), NETLINK_XFRM);
    if (err == 0) {
        nl_socket_disable_seq_check(impl->events.get());
        err = nl_connect(impl->events.get(), NETLINK_XFRM);
    }
    if (err == 0) err = nl_socket_add_membership(impl->events.get(), XFRMNLGRP_ACQUIRE);
    if (err == 0) err = nl_socket_add_membership(impl->events.get(), XFRMNLGRP_EXPIRE);
    if (err < 0) {
        if (error) *error = "XFRM netlink: " + error_text(err);
        return nullptr;
    }
    nl_socket_set_nonblocking(impl->events.get());
    // Each request waits for its ACK. By default libnl reads every answer twice, a peek for its
    // size and then the read; a buffer larger than any datagram the kernel sends (it sizes dump
    // datagrams to the reader's buffer, up to 32 KiB) lets it read once: two syscalls fewer per
    // SA installed (bench/ike_rate).
    nl_socket_disable_msg_peek(impl->requests.get());
    nl_socket_set_msg_buf_size(impl->requests.get(), 64 * 1024);
    // The first packets of a flow wait for the SA instead of being dropped (issue 6: the
    // first ping should pass). Best effort: a kernel without the knob keeps its default.
    std::ofstream("/proc/sys/net/core/xfrm_larval_drop") << "0\n";
    auto dp = std::unique_ptr<LinuxDataplane>(new LinuxDataplane(std::move(impl)));
    dp->impl_->owner = dp.get();
    nl_socket_modify_cb(dp->impl_->events.get(), NL_CB_VALID, NL_CB_CUSTOM, &Impl::on_message, dp->impl_.get());
    return dp;
}

LinuxDataplane::LinuxDataplane(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LinuxDataplane::~LinuxDataplane() = default;

int LinuxDataplane::event_fd() const { return nl_socket_get_fd(impl_->events.get()); }

void LinuxDataplane::read_events() { nl_recvmsgs_default(impl_->events.get()); }

std::optional<std::uint64_t> LinuxDataplane::add_policy(const PolicySpec& p, std::string* error) {
    int dir = p.direction == PolicyDirection::Out ? XFRM_POLICY_OUT : p.direction == PolicyDirection::In ? XFRM_POLICY_IN : XFRM_POLICY_FWD;
    // The kernel takes a requested index when it is free and its low bits name the direction.
    auto next = impl_->next_index(dir);
    if (!next) {
        if (error) *error = "no free policy index";
        return std::nullopt;
    }
    std::uint32_t index = *next;
    std::unique_ptr<xfrmnl_sp, SpDel> sp(xfrmnl_sp_alloc());
    auto sel = selector(p.selector);
    xfrmnl_sp_set_sel(sp.get(), sel.get());
    std::unique_ptr<xfrmnl_ltime_cfg, LtDel> lt(xfrmnl_ltime_cfg_alloc());
    for (auto set : {xfrmnl_ltime_cfg_set_soft_bytelimit, xfrmnl_ltime_cfg_set_hard_bytelimit,
                     xfrmnl_ltime_cfg_set_soft_packetlimit, xfrmnl_ltime_cfg_set_hard_packetlimit})
        set(lt.get(), XFRM_INF);
    xfrmnl_sp_set_lifetime_cfg(sp.get(), lt.get());
    xfrmnl_sp_set_priority(sp.get(), p.priority);
    xfrmnl_sp_set_index(sp.get(), index);
    xfrmnl_sp_set_dir(sp.get(), static_cast<unsigned>(dir));
    xfrmnl_sp_set_action(sp.get(), XFRM_POLICY_ALLOW);
    xfrmnl_sp_set_share(sp.get(), XFRM_SHARE_ANY);
    if (!p.bypass) {
        xfrmnl_user_tmpl* t = xfrmnl_user_tmpl_alloc();
        // Transport templates carry no endpoints (0.0.0.0, as `ip xfrm` writes them); libnl
        // needs the addresses present either way.
        auto src = ipv4(p.tunnel ? p.tunnel_source : 0), dst = ipv4(p.tunnel ? p.tunnel_destination : 0);
        xfrmnl_user_tmpl_set_family(t, AF_INET);
        xfrmnl_user_tmpl_set_saddr(t, src.get());
        xfrmnl_user_tmpl_set_daddr(t, dst.get());
        xfrmnl_user_tmpl_set_proto(t, kEsp);
        xfrmnl_user_tmpl_set_mode(t, p.tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT);
        xfrmnl_user_tmpl_set_reqid(t, impl_->tag | (p.reqid & kReqidMask));
        xfrmnl_user_tmpl_set_aalgos(t, ~0u);
        xfrmnl_user_tmpl_set_ealgos(t, ~0u);
        xfrmnl_user_tmpl_set_calgos(t, ~0u);
        xfrmnl_sp_add_usertemplate(sp.get(), t);  // the policy owns it now
    }
    int err = send_with_if_id(impl_->requests.get(), sp.get(), p.if_id, xfrmnl_sp_build_add_request, xfrmnl_sp_add);
    if (err < 0) {
        if (error) *error = error_text(err);
        return std::nullopt;
    }
    impl_->policies[index] = {dir, p.if_id};
    return index;
}

namespace {

// XFRM_MSG_DELPOLICY by index. The kernel matches the if_id too: a VTI's policy deleted
// without it stays ("No such file or directory"), as it did here before.
int delete_policy(nl_sock* sock, std::uint32_t index, int dir, std::uint32_t if_id) {
    xfrm_userpolicy_id id{};
    id.index = index;
    id.dir = static_cast<std::uint8_t>(dir);
    Msg msg(nlmsg_alloc_simple(XFRM_MSG_DELPOLICY, 0), &nlmsg_free);
    if (!msg) return -NLE_NOMEM;
    if (int err = nlmsg_append(msg.get(), &id, sizeof id, NLMSG_ALIGNTO); err < 0) return err;
    if (if_id)
        if (int err = nla_put_u32(msg.get(), XFRMA_IF_ID, if_id); err < 0) return err;
    return nl_send_sync(sock, msg.release());  // frees the message, waits for the ACK
}

}  // namespace

void LinuxDataplane::remove_policy(std::uint64_t id) {
    auto it = impl_->policies.find(id);
    if (it == impl_->policies.end()) return;
    delete_policy(impl_->requests.get(), static_cast<std::uint32_t>(it->first), it->second.dir, it->second.if_id);
    impl_->policies.erase(it);
}

std::uint32_t LinuxDataplane::owner_tag() const { return impl_->tag; }

Leftovers LinuxDataplane::remove_leftovers() {
    Leftovers out;
    // Collected first, deleted after: deleting during a dump would disturb it.
    struct Policy {
        std::uint32_t index;
        int dir;
        std::uint32_t if_id;
    };
    std::vector<Policy> policies;
    dump(XFRM_MSG_GETPOLICY, [&](nlmsghdr* h) {
        if (h->nlmsg_type != XFRM_MSG_NEWPOLICY || nlmsg_datalen(h) < static_cast<int>(sizeof(xfrm_userpolicy_info))) return;
        const auto* info = static_cast<const xfrm_userpolicy_info*>(nlmsg_data(h));
        if (!tagged(info->index, impl_->tag)) return;
        nlattr* attrs[XFRMA_MAX + 1] = {};
        std::uint32_t if_id = 0;
        if (nlmsg_parse(h, sizeof(xfrm_userpolicy_info), attrs, XFRMA_MAX, nullptr) == 0 && attrs[XFRMA_IF_ID])
            if_id = nla_get_u32(attrs[XFRMA_IF_ID]);
        policies.push_back({info->index, info->dir, if_id});
    });
    for (const auto& p : policies) {
        if (delete_policy(impl_->requests.get(), p.index, p.dir, p.if_id) < 0) ++out.failed;
        else ++out.policies;
    }
    std::vector<xfrm_usersa_id> sas;
    dump(XFRM_MSG_GETSA, [&](nlmsghdr* h) {
        if (h->nlmsg_type != XFRM_MSG_NEWSA || nlmsg_datalen(h) < static_cast<int>(sizeof(xfrm_usersa_info))) return;
        const auto* info = static_cast<const xfrm_usersa_info*>(nlmsg_data(h));
        if (!tagged(info->reqid, impl_->tag)) return;
        xfrm_usersa_id id{};
        id.daddr = info->id.daddr;
        id.spi = info->id.spi;
        id.family = info->family;
        id.proto = info->id.proto;
        sas.push_back(id);
    });
    for (const auto& id : sas) {
        Msg msg(nlmsg_alloc_simple(XFRM_MSG_DELSA, 0), &nlmsg_free);
        int err = msg ? nlmsg_append(msg.get(), const_cast<xfrm_usersa_id*>(&id), sizeof id, NLMSG_ALIGNTO) : -NLE_NOMEM;
        if (err >= 0) err = nl_send_sync(impl_->requests.get(), msg.release());
        if (err < 0) ++out.failed;
        else ++out.sas;
    }
    return out;
}

std::optional<std::string> LinuxDataplane::add_sa(const SaSpec& s) {
    std::unique_ptr<xfrmnl_sa, SaDel> sa(xfrmnl_sa_alloc());
    auto src = ipv4(s.source), dst = ipv4(s.destination);
    xfrmnl_sa_set_family(sa.get(), AF_INET);
    xfrmnl_sa_set_saddr(sa.get(), src.get());
    xfrmnl_sa_set_daddr(sa.get(), dst.get());
    xfrmnl_sa_set_spi(sa.get(), s.spi);  // host order: libnl converts SPIs and ports
    xfrmnl_sa_set_proto(sa.get(), kEsp);
    xfrmnl_sa_set_mode(sa.get(), s.tunnel ? XFRM_MODE_TUNNEL : XFRM_MODE_TRANSPORT);
    xfrmnl_sa_set_reqid(sa.get(), impl_->tag | (s.reqid & kReqidMask));
    xfrmnl_sa_set_replay_window(sa.get(), s.replay_window > 32 ? 32 : s.replay_window);  // legacy window: 32 max
    auto sel = selector(s.tunnel ? TrafficSelector{} : s.selector);
    xfrmnl_sa_set_sel(sa.get(), sel.get());
    const char* key = reinterpret_cast<const char*>(s.cipher_key.data());
    auto key_bits = static_cast<unsigned>(s.cipher_key.size() * 8);
    if (s.icv_bits) {
        xfrmnl_sa_set_aead_params(sa.get(), s.cipher.c_str(), key_bits, s.icv_bits, key);
    } else {
        xfrmnl_sa_set_crypto_params(sa.get(), s.cipher.empty() ? "ecb(cipher_null)" : s.cipher.c_str(), key_bits, key);
        if (!s.authenticator.empty())
            xfrmnl_sa_set_auth_params(sa.get(), s.authenticator.c_str(), static_cast<unsigned>(s.authenticator_key.size() * 8),
                                      s.truncation_bits, reinterpret_cast<const char*>(s.authenticator_key.data()));
    }
    // Limits left at 0 would expire the SA at once: what is not limited is XFRM_INF.
    std::unique_ptr<xfrmnl_ltime_cfg, LtDel> lt(xfrmnl_ltime_cfg_alloc());
    xfrmnl_ltime_cfg_set_soft_bytelimit(lt.get(), s.soft_bytes ? s.soft_bytes : XFRM_INF);
    xfrmnl_ltime_cfg_set_hard_bytelimit(lt.get(), s.hard_bytes ? s.hard_bytes : XFRM_INF);
    xfrmnl_ltime_cfg_set_soft_packetlimit(lt.get(), XFRM_INF);
    xfrmnl_ltime_cfg_set_hard_packetlimit(lt.get(), XFRM_INF);
    xfrmnl_ltime_cfg_set_soft_addexpires(lt.get(), s.soft_seconds);
    xfrmnl_ltime_cfg_set_hard_addexpires(lt.get(), s.hard_seconds);
    xfrmnl_ltime_cfg_set_soft_useexpires(lt.get(), 0);
    xfrmnl_ltime_cfg_set_hard_useexpires(lt.get(), 0);
    xfrmnl_sa_set_lifetime_cfg(sa.get(), lt.get());
    if (s.udp_encapsulation) {
        // Host order: libnl converts the ports itself, as it does SPIs (the kernel showed 37905
        // for 4500 when they were swapped here too).
        Addr none = ipv4(0);
        xfrmnl_sa_set_encap_tmpl(sa.get(), UDP_ENCAP_ESPINUDP, s.encapsulation_source_port,
                                 s.encapsulation_destination_port, none.get());
    }
    int err = send_with_if_id(impl_->requests.get(), sa.get(), s.if_id, xfrmnl_sa_build_add_request, xfrmnl_sa_add);
    if (err < 0) return error_text(err);
    return std::nullopt;
}

void LinuxDataplane::remove_sa(std::uint32_t destination, std::uint32_t spi) {
    std::unique_ptr<xfrmnl_sa, SaDel> sa(xfrmnl_sa_alloc());
    auto dst = ipv4(destination);
    xfrmnl_sa_set_family(sa.get(), AF_INET);
    xfrmnl_sa_set_daddr(sa.get(), dst.get());
    xfrmnl_sa_set_spi(sa.get(), spi);
    xfrmnl_sa_set_proto(sa.get(), kEsp);
    xfrmnl_sa_delete(impl_->requests.get(), sa.get(), 0);
}

std::optional<SaCounters> LinuxDataplane::counters(std::uint32_t destination, std::uint32_t spi) {
    xfrm_usersa_id id{};
    id.daddr.a4 = htonl(destination);
    id.spi = htonl(spi);
    id.family = AF_INET;
    id.proto = kEsp;
    std::optional<SaCounters> found;
    // An SA the kernel does not have is answered with ENOENT: nullopt.
    if (request(XFRM_MSG_GETSA, 0, &id, sizeof id, [&](nlmsghdr* h) {
            std::uint64_t key = 0;
            if (auto c = counters_of(h, &key); c && key == sa_key(destination, spi)) found = c;
        }) < 0)
        return std::nullopt;
    return found;
}

std::optional<CounterTable> LinuxDataplane::all_counters() {
    // One XFRM_MSG_GETSA dump of the namespace's SAs (what `ip xfrm state` reads).
    CounterTable all;
    int err = dump(XFRM_MSG_GETSA, [&](nlmsghdr* h) {
        std::uint64_t key = 0;
        if (auto c = counters_of(h, &key)) all.emplace(key, *c);
    });
    if (err < 0) return std::nullopt;
    return all;
}

}  // namespace routerd::platform
