#pragma once
// `ip access-group ACL in|out` made real: the access lists applied to interfaces become the
// kernel's packet filter (nftables through platform::PacketFilter), replaced whenever the
// config or the interfaces' links change. Counters come back for `show access-lists`.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/running_config.hpp"
#include "engine/interfaces/interface_sync.hpp"
#include "platform/packet_filter.hpp"

namespace routerd::interfaces {

// The filter (and NAT) the config asks for. An access list with a line the filter cannot carry out
// (`time-range`, `dscp`, `fragments`, TCP flag matches, an ICMP message without a number
// here) is not applied at all, rather than applied weaker or stronger than written: `problems`
// says which and why. A list that does not exist filters nothing, as on IOS.
platform::FilterRuleset compile_filters(const config::RunningConfig& config, const LinkNames& links,
                                        std::vector<std::string>& problems);

// The counter id of an access-list line, "NAME:SEQ", and back.
std::string filter_rule_id(const std::string& list, std::uint32_t seq);
std::optional<std::pair<std::string, std::uint32_t>> parse_filter_rule_id(const std::string& id);

class InterfaceFilters {
public:
    using Log = std::function<void(int severity, const std::string&)>;
    InterfaceFilters(platform::PacketFilter& filter, Log log) : filter_(filter), log_(std::move(log)) {}
    void reconcile(const config::RunningConfig& config, const LinkNames& links);

private:
    platform::PacketFilter& filter_;
    Log log_;
    std::optional<platform::FilterRuleset> applied_;
    bool installed_ = false;   // a non-empty ruleset is in the kernel
    std::string failure_;      // the last refusal, logged once
    std::vector<std::string> reported_;
};

}  // namespace routerd::interfaces
