#include "engine/interfaces/load_meter.hpp"

#include <cmath>

namespace routerd::interfaces {

void LoadMeter::sample(const std::vector<platform::LinkInfo>& links, std::chrono::steady_clock::time_point now) {
    std::map<std::string, State> next;
    for (const auto& link : links) {
        State s{link, now, {}};
        auto old = links_.find(link.name);
        if (old != links_.end()) {
            const auto& prev = old->second;
            double dt = std::chrono::duration<double>(now - prev.at).count();
            s.average = prev.average;
            if (dt > 0) {
                // Counters that went backwards (a link recreated under the same name) restart
                // the difference from zero instead of wrapping.
                auto rate = [&](std::uint64_t now_count, std::uint64_t then_count) {
                    return (now_count >= then_count ? static_cast<double>(now_count - then_count) : 0.0) / dt;
                };
                // IOS's decay: the weight of the past falls by e^(-dt/load-interval) per sample.
                double keep = std::exp(-dt / std::chrono::duration<double>(kLoadInterval).count());
                auto blend = [&](double& average, double instant) { average = average * keep + instant * (1 - keep); };
                blend(s.average.input_bits_per_second, 8 * rate(link.rx_bytes, prev.last.rx_bytes));
                blend(s.average.output_bits_per_second, 8 * rate(link.tx_bytes, prev.last.tx_bytes));
                blend(s.average.input_packets_per_second, rate(link.rx_packets, prev.last.rx_packets));
                blend(s.average.output_packets_per_second, rate(link.tx_packets, prev.last.tx_packets));
                blend(s.average.errors_per_second, rate(link.errors.rx_errors + link.errors.tx_errors,
                                                        prev.last.errors.rx_errors + prev.last.errors.tx_errors));
            }
        }
        next[link.name] = std::move(s);
    }
    links_ = std::move(next);  // links that are gone are forgotten
}

LinkLoad LoadMeter::load(const std::string& link) const {
    auto it = links_.find(link);
    return it == links_.end() ? LinkLoad{} : it->second.average;
}

}  // namespace routerd::interfaces
