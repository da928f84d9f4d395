#include "platform/conntrack_nat.hpp"

#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace routerd::platform {
namespace {

struct HandleClose {
    void operator()(nfct_handle* h) const { nfct_close(h); }
};
struct CtFree {
    void operator()(nf_conntrack* c) const { nfct_destroy(c); }
};
using Handle = std::unique_ptr<nfct_handle, HandleClose>;
using Conntrack = std::unique_ptr<nf_conntrack, CtFree>;

std::uint32_t address(const nf_conntrack* ct, nf_conntrack_attr a) { return ntohl(nfct_get_attr_u32(ct, a)); }
std::uint16_t port(const nf_conntrack* ct, nf_conntrack_attr a) { return ntohs(nfct_get_attr_u16(ct, a)); }

bool translated(const nf_conntrack* ct) {
    auto status = nfct_get_attr_u32(ct, ATTR_STATUS);
    return status & (IPS_SRC_NAT | IPS_DST_NAT);
}

// IOS's four addresses of a translation. Source NAT (inside to outside): the inside host is
// the original source, its global address what the reply goes to. Destination NAT (a static
// mapping reached from outside): the inside global address is what the outside host asked for.
NatTranslation view(const nf_conntrack* ct) {
    NatTranslation t;
    t.protocol = nfct_get_attr_u8(ct, ATTR_ORIG_L4PROTO);
    bool icmp = t.protocol == IPPROTO_ICMP;
    auto p = [&](nf_conntrack_attr a) -> std::uint16_t {
        if (icmp) return ntohs(nfct_get_attr_u16(ct, ATTR_ICMP_ID));  // IOS shows the echo id
        return nfct_attr_is_set(ct, a) > 0 ? port(ct, a) : 0;
    };
    if (nfct_get_attr_u32(ct, ATTR_STATUS) & IPS_SRC_NAT) {
        t.inside_local = address(ct, ATTR_ORIG_IPV4_SRC), t.inside_local_port = p(ATTR_ORIG_PORT_SRC);
        t.inside_global = address(ct, ATTR_REPL_IPV4_DST), t.inside_global_port = p(ATTR_REPL_PORT_DST);
        t.outside_local = address(ct, ATTR_ORIG_IPV4_DST), t.outside_local_port = p(ATTR_ORIG_PORT_DST);
        t.outside_global = address(ct, ATTR_REPL_IPV4_SRC), t.outside_global_port = p(ATTR_REPL_PORT_SRC);
    } else {
        t.inside_global = address(ct, ATTR_ORIG_IPV4_DST), t.inside_global_port = p(ATTR_ORIG_PORT_DST);
        t.inside_local = address(ct, ATTR_REPL_IPV4_SRC), t.inside_local_port = p(ATTR_REPL_PORT_SRC);
        t.outside_local = address(ct, ATTR_ORIG_IPV4_SRC), t.outside_local_port = p(ATTR_ORIG_PORT_SRC);
        t.outside_global = address(ct, ATTR_REPL_IPV4_DST), t.outside_global_port = p(ATTR_REPL_PORT_DST);
    }
    return t;
}

struct Dump {
    std::vector<NatTranslation> views;
    std::vector<Conntrack> kept;  // copies, for removal
    bool keep = false;
};

int on_entry(nf_conntrack_msg_type, nf_conntrack* ct, void* data) {
    auto* d = static_cast<Dump*>(data);
    if (!translated(ct)) return NFCT_CB_CONTINUE;
    d->views.push_back(view(ct));
    if (d->keep) d->kept.emplace_back(nfct_clone(ct));
    return NFCT_CB_CONTINUE;
}

std::optional<std::string> dump(Dump& d) {
    Handle h(nfct_open(CONNTRACK, 0));
    if (!h) return std::string("connection tracking is not available: ") + std::strerror(errno);
    nfct_callback_register(h.get(), NFCT_T_ALL, on_entry, &d);
    std::uint32_t family = AF_INET;
    if (nfct_query(h.get(), NFCT_Q_DUMP, &family) < 0) return std::string(std::strerror(errno));
    return std::nullopt;
}

}  // namespace

std::vector<NatTranslation> read_nat_translations() {
    Dump d;
    dump(d);
    return d.views;
}

std::optional<std::string> clear_nat_translations() {
    Dump d;
    d.keep = true;
    if (auto err = dump(d)) return err;
    Handle h(nfct_open(CONNTRACK, 0));
    if (!h) return std::string(std::strerror(errno));
    for (const auto& ct : d.kept)
        if (ct) nfct_query(h.get(), NFCT_Q_DESTROY, ct.get());  // gone already is fine
    return std::nullopt;
}

}  // namespace routerd::platform
