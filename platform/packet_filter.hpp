#pragma once
// The kernel's packet filter as the engine sees it: lists of match/verdict rules attached to
// links in one direction, replaced as a whole, and the packets each rule matched. The Linux
// implementation is nftables (nft_packet_filter); the fake below serves unit tests.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
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

struct FilterRuleset {
    std::vector<FilterList> lists;
    std::vector<FilterAttachment> attachments;
    bool operator==(const FilterRuleset&) const = default;
};

class PacketFilter {
public:
    virtual ~PacketFilter() = default;
    // Replaces what the box filters, atomically; nullopt when done, or the kernel's reason.
    virtual std::optional<std::string> replace(const FilterRuleset& ruleset) = 0;
    // Packets each rule matched, by rule id.
    virtual std::map<std::string, std::uint64_t> matches() = 0;
};

class FakePacketFilter final : public PacketFilter {
public:
    std::optional<std::string> replace(const FilterRuleset& r) override {
        ruleset = r;
        ++replaced;
        return std::nullopt;
    }
    std::map<std::string, std::uint64_t> matches() override { return counts; }
    FilterRuleset ruleset;
    int replaced = 0;
    std::map<std::string, std::uint64_t> counts;
};

}  // namespace routerd::platform
