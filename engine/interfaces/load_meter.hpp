#pragma once
// The "5 minute input rate" of `show interfaces`. IOS samples each interface's counters every
// 5 seconds and keeps an exponentially weighted average whose time constant is the
// load-interval (300 s by default); txload/rxload and reliability come from the same averages.
// Pure bookkeeping: the caller brings the counters and the time, so tests need no clock.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "platform/links.hpp"

namespace routerd::interfaces {

struct LinkLoad {
    double input_bits_per_second = 0, output_bits_per_second = 0;
    double input_packets_per_second = 0, output_packets_per_second = 0;
    double errors_per_second = 0;  // input + output errors
};

class LoadMeter {
public:
    static constexpr std::chrono::seconds kSampleInterval{5};
    static constexpr std::chrono::seconds kLoadInterval{300};

    void sample(const std::vector<platform::LinkInfo>& links, std::chrono::steady_clock::time_point now);
    // Zero until two samples have been taken of the link.
    LinkLoad load(const std::string& link) const;

private:
    struct State {
        platform::LinkInfo last;
        std::chrono::steady_clock::time_point at;
        LinkLoad average;
    };
    std::map<std::string, State> links_;
};

}  // namespace routerd::interfaces
