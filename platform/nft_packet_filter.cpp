#include "platform/nft_packet_filter.hpp"

#include <nftables/libnftables.h>

#include "platform/conntrack_nat.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <string_view>

namespace routerd::platform {
namespace {

constexpr const char* kTable = "ip routerd";

std::string dotted(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." + std::to_string((a >> 8) & 255) + "." +
           std::to_string(a & 255);
}

// `ip saddr & 255.255.0.255 == 10.0.0.1`: IOS wildcards need not be contiguous, so the match
// is a mask and a value rather than a prefix.
std::string address_match(const char* field, std::uint32_t address, std::uint32_t wildcard) {
    if (wildcard == 0xffffffff) return "";
    std::uint32_t mask = ~wildcard;
    if (mask == 0xffffffff) return std::string(" ip ") + field + " " + dotted(address);
    return std::string(" ip ") + field + " & " + dotted(mask) + " == " + dotted(address & mask);
}

std::string port_match(const char* field, const std::optional<PortRange>& p) {
    if (!p) return "";
    std::string value = p->low == p->high ? std::to_string(p->low) : std::to_string(p->low) + "-" + std::to_string(p->high);
    return std::string(" th ") + field + (p->negate ? " != " : " ") + value;
}

std::string match_text(const FilterRule& r) {
    std::string out = address_match("saddr", r.source, r.source_wildcard) +
                      address_match("daddr", r.destination, r.destination_wildcard);
    if (r.protocol) out += " ip protocol " + std::to_string(*r.protocol);
    out += port_match("sport", r.source_port) + port_match("dport", r.destination_port);
    if (r.established) out += " tcp flags & (ack | rst) != 0";
    if (r.icmp_type) out += " icmp type " + std::to_string(*r.icmp_type);
    if (r.icmp_code) out += " icmp code " + std::to_string(*r.icmp_code);
    return out;
}

// A permit returns to the hook's chain, so that a forwarded packet still meets the outbound
// list of the link it leaves on; a deny drops it there.
std::string rule_text(const FilterRule& r) {
    return match_text(r) + " counter " + (r.permit ? "return" : "drop") + " comment \"" + r.id + "\"";
}

// In a NAT list a permit translates (to the outgoing link's address, or into the pool) and a
// deny leaves the packet as it is.
std::string nat_rule_text(const FilterRule& r, const std::optional<std::pair<std::uint32_t, std::uint32_t>>& pool) {
    if (!r.permit) return match_text(r) + " return";
    if (!pool) return match_text(r) + " masquerade";
    return match_text(r) + " snat to " + dotted(pool->first) + (pool->second != pool->first ? "-" + dotted(pool->second) : "");
}

std::string link_set(const std::vector<std::string>& links) {
    if (links.size() == 1) return "\"" + links.front() + "\"";
    std::string out = "{ ";
    for (std::size_t i = 0; i < links.size(); ++i) out += (i ? ", \"" : "\"") + links[i] + "\"";
    return out + " }";
}

std::string with_port(std::uint32_t address, const std::optional<std::uint8_t>& protocol, std::uint16_t port) {
    return dotted(address) + (protocol ? ":" + std::to_string(port) : "");
}

}  // namespace

void NftPacketFilter::CtxDel::operator()(nft_ctx* c) const { nft_ctx_free(c); }

NftPacketFilter::NftPacketFilter() : ctx_(nft_ctx_new(NFT_CTX_DEFAULT)) {
    if (!ctx_) return;
    nft_ctx_buffer_output(ctx_.get());
    nft_ctx_buffer_error(ctx_.get());
}

NftPacketFilter::~NftPacketFilter() {
    // What routerd filtered goes with it.
    if (ctx_ && installed_) replace({});
}

std::string NftPacketFilter::script(const FilterRuleset& r) {
    // Declaring the table first makes the delete succeed whether or not it existed: the
    // whole script is one transaction, so the box is never without its filter in between.
    std::string s = std::string("table ") + kTable + " {}\ndelete table " + kTable + "\n";
    if (r.empty()) return s;
    s += std::string("table ") + kTable + " {\n";
    std::map<std::string, std::string> chain_of;
    for (std::size_t i = 0; i < r.lists.size(); ++i) {
        std::string chain = "acl_" + std::to_string(i);
        chain_of[r.lists[i].name] = chain;
        s += "  chain " + chain + " {\n";
        for (const auto& rule : r.lists[i].rules) s += "   " + rule_text(rule) + "\n";
        s += "    drop\n  }\n";  // IOS's implicit deny
    }
    auto base = [&](const char* hook, bool want_in, bool want_out) {
        s += std::string("  chain ") + hook + " {\n    type filter hook " + hook + " priority filter; policy accept;\n";
        for (const auto& a : r.attachments) {
            auto c = chain_of.find(a.list);
            if (c == chain_of.end()) continue;
            if ((a.inbound && want_in) || (!a.inbound && want_out))
                s += std::string("    ") + (a.inbound ? "iifname" : "oifname") + " \"" + a.link + "\" jump " + c->second + "\n";
        }
        s += "  }\n";
    };
    base("input", true, false);
    base("forward", true, true);
    if (!r.mss_clamps.empty()) {
        // Its own chain at mangle priority, before the filter's: a SYN a list drops is dropped
        // whether or not it was clamped.
        s += "  chain mss_clamp {\n    type filter hook forward priority mangle; policy accept;\n";
        for (const auto& c : r.mss_clamps)
            for (const char* dir : {"iifname", "oifname"})
                s += std::string("    ") + dir + " \"" + c.link + "\" tcp flags syn tcp option maxseg size > " +
                     std::to_string(c.mss) + " tcp option maxseg size set " + std::to_string(c.mss) + "\n";
        s += "  }\n";
    }
    if (!r.nat_statics.empty() || !r.nat_dynamics.empty()) {
        // IOS translates inside -> outside after routing (source) and outside -> inside before it
        // (destination); static mappings win over the dynamic ones.
        std::string pre, post;
        for (const auto& m : r.nat_statics) {
            if (m.inside.empty() || m.outside.empty()) continue;
            std::string proto = m.protocol ? " ip protocol " + std::to_string(*m.protocol) : "";
            post += "    iifname " + link_set(m.inside) + " oifname " + link_set(m.outside) + " ip saddr " + dotted(m.local) +
                    proto + (m.protocol ? " th sport " + std::to_string(m.local_port) : "") + " snat to " +
                    with_port(m.global, m.protocol, m.global_port) + "\n";
            pre += "    iifname " + link_set(m.outside) + " ip daddr " + dotted(m.global) + proto +
                   (m.protocol ? " th dport " + std::to_string(m.global_port) : "") + " dnat to " +
                   with_port(m.local, m.protocol, m.local_port) + "\n";
        }
        for (std::size_t i = 0; i < r.nat_dynamics.size(); ++i) {
            const auto& o = r.nat_dynamics[i];
            auto list = std::find_if(r.lists.begin(), r.lists.end(), [&](const FilterList& l) { return l.name == o.list; });
            if (list == r.lists.end() || o.inside.empty() || o.outside.empty()) continue;
            std::string chain = "nat_" + std::to_string(i);
            s += "  chain " + chain + " {\n";
            for (const auto& rule : list->rules) s += "   " + nat_rule_text(rule, o.pool) + "\n";
            s += "  }\n";
            post += "    iifname " + link_set(o.inside) + " oifname " + link_set(o.outside) + " jump " + chain + "\n";
        }
        s += "  chain nat_prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n" + pre + "  }\n";
        s += "  chain nat_postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n" + post + "  }\n";
    }
    s += "}\n";
    return s;
}

std::optional<std::string> NftPacketFilter::replace(const FilterRuleset& r) {
    if (!ctx_) return std::string("nftables is not available");
    std::string s = script(r);
    if (nft_run_cmd_from_buffer(ctx_.get(), s.c_str()) != 0) {
        std::string err = nft_ctx_get_error_buffer(ctx_.get());
        while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
        return err.empty() ? std::string("nftables refused the ruleset") : err;
    }
    nft_ctx_get_output_buffer(ctx_.get());  // drains it
    installed_ = !r.empty();
    return std::nullopt;
}

std::map<std::string, std::uint64_t> NftPacketFilter::matches() {
    std::map<std::string, std::uint64_t> out;
    if (!ctx_ || !installed_) return out;
    if (nft_run_cmd_from_buffer(ctx_.get(), (std::string("list table ") + kTable).c_str()) != 0) {
        nft_ctx_get_error_buffer(ctx_.get());
        return out;
    }
    std::istringstream listing(nft_ctx_get_output_buffer(ctx_.get()));
    // `... counter packets N bytes M ... comment "ID"`, read by hand: std::regex recursed once
    // per character of the line (no std::regex is left in routerd).
    constexpr std::string_view kCounter = "counter packets ", kComment = "comment \"";
    std::string line;
    while (std::getline(listing, line)) {
        auto at = line.find(kCounter);
        if (at == std::string::npos) continue;
        at += kCounter.size();
        std::uint64_t packets = 0;
        auto [end, ec] = std::from_chars(line.data() + at, line.data() + line.size(), packets);
        if (ec != std::errc{} || !std::string_view(end, static_cast<std::size_t>(line.data() + line.size() - end)).starts_with(" bytes "))
            continue;
        auto comment = line.find(kComment, static_cast<std::size_t>(end - line.data()));
        if (comment == std::string::npos) continue;
        comment += kComment.size();
        auto close = line.find('"', comment);
        if (close == std::string::npos) continue;
        out[line.substr(comment, close - comment)] += packets;
    }
    return out;
}

std::vector<NatTranslation> NftPacketFilter::nat_translations() { return read_nat_translations(); }

std::optional<std::string> NftPacketFilter::clear_nat_translations() { return platform::clear_nat_translations(); }

}  // namespace routerd::platform
