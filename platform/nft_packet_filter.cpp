#include "platform/nft_packet_filter.hpp"

#include <nftables/libnftables.h>

#include <regex>
#include <sstream>

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

std::string rule_text(const FilterRule& r) {
    std::string out = address_match("saddr", r.source, r.source_wildcard) +
                      address_match("daddr", r.destination, r.destination_wildcard);
    if (r.protocol) out += " ip protocol " + std::to_string(*r.protocol);
    out += port_match("sport", r.source_port) + port_match("dport", r.destination_port);
    if (r.established) out += " tcp flags & (ack | rst) != 0";
    if (r.icmp_type) out += " icmp type " + std::to_string(*r.icmp_type);
    if (r.icmp_code) out += " icmp code " + std::to_string(*r.icmp_code);
    // A permit returns to the hook's chain, so that a forwarded packet still meets the
    // outbound list of the link it leaves on; a deny drops it there.
    return out + " counter " + (r.permit ? "return" : "drop") + " comment \"" + r.id + "\"";
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
    if (r.attachments.empty()) return s;
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
    installed_ = !r.attachments.empty();
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
    static const std::regex kRule(R"re(counter packets (\d+) bytes \d+ .*comment "([^"]*)")re");
    std::string line;
    std::smatch m;
    while (std::getline(listing, line))
        if (std::regex_search(line, m, kRule)) out[m[2].str()] += std::stoull(m[1].str());
    return out;
}

}  // namespace routerd::platform
