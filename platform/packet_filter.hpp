#pragma once
// The kernel's packet filter as the engine sees it: lists of match/verdict rules attached to
// links in one direction, replaced as a whole, and the packets each rule matched. The Linux
// implementation is nftables (nft_packet_filter); the fake below serves unit tests.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace routerd::platform {

struct PortRange {
    std::uint16_t low = 0, high = 0xffff;
    bool negate = false;  // IOS `neq`
    bool operator==(const PortRange&) const = default;
};

struct FilterRule {
    std::string id;  // the caller's name for the rule's counter ("101:20")
    bool permit = false;
    std::uint32_t source = 0, source_wildcard = 0xffffffff;  // IOS wildcard: 1 bits don't care
    std::uint32_t destination = 0, destination_wildcard = 0xffffffff;
    std::optional<std::uint8_t> protocol;  // nullopt: any IP packet
    std::optional<PortRange> source_port, destination_port;  // TCP/UDP only
    bool established = false;                                // TCP with ACK or RST
    std::optional<std::uint8_t> icmp_type, icmp_code;
    bool operator==(const FilterRule&) const = default;
};

// One access list's rules in order; what none of them matches is dropped (IOS's implicit deny).
struct FilterList {
    std::string name;
    std::vector<FilterRule> rules;
    bool operator==(const FilterList&) const = default;
};

// A list applied to the packets a link receives (inbound: to the box and through it) or
// sends on (outbound: forwarded packets only, as IOS's outbound ACLs leave the router's own
// packets alone).
struct FilterAttachment {
    std::string link;  // Linux link name
    bool inbound = true;
    std::string list;
    bool operator==(const FilterAttachment&) const = default;
};

// Translation of what goes from an inside link out of an outside one: the packets a list's
// permit lines match take the outside link's address (or one of a pool's); its deny lines leave
// them as they are (IOS's NAT exemption, for traffic a VPN must carry untranslated).
struct NatDynamicRule {
    std::string list;
    std::vector<std::string> inside, outside;  // Linux link names
    std::optional<std::pair<std::uint32_t, std::uint32_t>> pool;  // first, last; nullopt: the link's
    bool operator==(const NatDynamicRule&) const = default;
};

// A fixed mapping between an inside address (and port) and its outside one, both ways.
struct NatStaticRule {
    std::uint32_t local = 0, global = 0;
    std::optional<std::uint8_t> protocol;
    std::uint16_t local_port = 0, global_port = 0;
    std::vector<std::string> inside, outside;
    bool operator==(const NatStaticRule&) const = default;
};

// IOS's `ip tcp adjust-mss N`: the MSS option of TCP SYNs forwarded in or out of the link is
// lowered to N when it is larger.
struct MssClamp {
    std::string link;
    std::uint16_t mss = 0;
    bool operator==(const MssClamp&) const = default;
};

struct FilterRuleset {
    std::vector<FilterList> lists;  // the lists attachments and NAT rules name
    std::vector<FilterAttachment> attachments;
    std::vector<MssClamp> mss_clamps;
    std::vector<NatStaticRule> nat_statics;
    std::vector<NatDynamicRule> nat_dynamics;
    bool empty() const { return attachments.empty() && nat_statics.empty() && nat_dynamics.empty() && mss_clamps.empty(); }
    bool operator==(const FilterRuleset&) const = default;
};

// A translation the kernel's connection tracking holds (`show ip nat translations`).
struct NatTranslation {
    std::uint8_t protocol = 0;  // 0: a static mapping without traffic
    std::uint32_t inside_global = 0, inside_local = 0, outside_local = 0, outside_global = 0;
    std::uint16_t inside_global_port = 0, inside_local_port = 0, outside_local_port = 0, outside_global_port = 0;
};

class PacketFilter {
public:
    virtual ~PacketFilter() = default;
    // Replaces what the box filters, atomically; nullopt when done, or the kernel's reason.
    virtual std::optional<std::string> replace(const FilterRuleset& ruleset) = 0;
    // Packets each rule matched, by rule id.
    virtual std::map<std::string, std::uint64_t> matches() = 0;
    // The connections NAT translated, and their removal (`clear ip nat translation *`).
    virtual std::vector<NatTranslation> nat_translations() = 0;
    virtual std::optional<std::string> clear_nat_translations() = 0;
};

class FakePacketFilter final : public PacketFilter {
public:
    std::optional<std::string> replace(const FilterRuleset& r) override {
        ruleset = r;
        ++replaced;
        return std::nullopt;
    }
    std::map<std::string, std::uint64_t> matches() override { return counts; }
    std::vector<NatTranslation> nat_translations() override { return translations; }
    std::optional<std::string> clear_nat_translations() override {
        translations.clear();
        return std::nullopt;
    }
    FilterRuleset ruleset;
    std::vector<NatTranslation> translations;
    int replaced = 0;
    std::map<std::string, std::uint64_t> counts;
};

}  // namespace routerd::platform
