#pragma once
// Access lists as configured: numbered and named, standard and extended.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "engine/config/out_of_line.hpp"

namespace routerd::config {

// `any`, `host A`, or `A W` (W a wildcard: 1 bits are "don't care").
struct AclAddress {
    std::uint32_t address = 0;
    std::uint32_t wildcard = 0xffffffff;
    bool any() const { return wildcard == 0xffffffff; }
    bool host() const { return wildcard == 0; }
    bool operator==(const AclAddress&) const = default;
};

// An enumeration, not the keyword's text: every pasted entry is moved into its list at least
// once, and a string per port match made the entry a quarter larger.
enum class PortOp : std::uint8_t { Eq, Neq, Lt, Gt, Range };

constexpr std::string_view port_op_name(PortOp op) {
    switch (op) {
        case PortOp::Eq: return "eq";
        case PortOp::Neq: return "neq";
        case PortOp::Lt: return "lt";
        case PortOp::Gt: return "gt";
        case PortOp::Range: return "range";
    }
    return "";
}

struct PortMatch {
    PortOp op = PortOp::Eq;
    std::uint16_t low = 0, high = 0;
    bool operator==(const PortMatch&) const = default;
};

// The words few entries have. Out of line: a large paste moves each of its entries as the list
// grows, and these six strings were three quarters of an entry's size (issue 14).
struct AclEntryExtras {
    std::string remark;
    std::string tcp_flags;  // "match-all +ack -fin"
    std::string icmp;  // message name or "type [code]"
    std::string dscp;
    std::string log;  // "", "log", "log-input"
    std::string time_range;
    bool operator==(const AclEntryExtras&) const = default;
};

struct AclEntry {
    std::uint32_t seq = 0;
    bool is_remark = false;
    bool permit = false;
    bool established = false;
    bool fragments = false;
    std::string protocol;  // keyword as IOS shows it ("ip", "tcp", "ahp") or a number
    AclAddress source, destination;
    std::optional<PortMatch> source_port, destination_port;
    OutOfLine<AclEntryExtras> extras;
    bool operator==(const AclEntry&) const = default;
};

struct AccessList {
    std::string name;  // number or name
    bool extended = false;
    bool numbered = false;  // configured with `access-list N` (rendered that way)
    std::vector<AclEntry> entries;  // sorted by sequence number
    // Derived from `entries`: each rule's text, so that IOS's "a line already in the list is
    // ignored" costs one lookup on 10,000-line lists. Kept in step by apply_acl.cpp only.
    std::unordered_set<std::string> rules;
};

// Named and numbered lists by name; IOS lists numbered ACLs numerically, named ones by name.
using AccessLists = std::map<std::string, AccessList>;

}  // namespace routerd::config
