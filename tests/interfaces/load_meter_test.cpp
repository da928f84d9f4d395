#include <catch.hpp>

#include <cmath>

#include "engine/interfaces/load_meter.hpp"

using namespace routerd;
using namespace std::chrono_literals;

namespace {
platform::LinkInfo eth0(std::uint64_t rx_bytes, std::uint64_t rx_packets) {
    platform::LinkInfo l;
    l.name = "eth0";
    l.rx_bytes = rx_bytes;
    l.rx_packets = rx_packets;
    return l;
}
}  // namespace

TEST_CASE("load meter: IOS's exponentially weighted 5-minute rate, from counter differences") {
    interfaces::LoadMeter meter;
    auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    meter.sample({eth0(0, 0)}, t0);
    CHECK(meter.load("eth0").input_bits_per_second == 0);  // one sample: no rate yet
    // 5 s at 1000 bytes/s and 10 packets/s: the average moves by 1 - e^(-5/300) toward it.
    meter.sample({eth0(5000, 50)}, t0 + 5s);
    double w = 1 - std::exp(-5.0 / 300.0);
    CHECK(meter.load("eth0").input_bits_per_second == Approx(8000 * w));
    CHECK(meter.load("eth0").input_packets_per_second == Approx(10 * w));
    // Held for 20 minutes the average reaches the rate.
    auto t = t0 + 5s;
    for (std::uint64_t i = 2; i <= 240; ++i) {
        t += 5s;
        meter.sample({eth0(5000 * i, 50 * i)}, t);
    }
    CHECK(meter.load("eth0").input_bits_per_second == Approx(8000).epsilon(0.02));
    CHECK(meter.load("eth0").output_bits_per_second == 0);
}

TEST_CASE("load meter: a link recreated with fresh counters does not count a wrap, a gone link is forgotten") {
    interfaces::LoadMeter meter;
    auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
    meter.sample({eth0(1'000'000, 1000)}, t0);
    meter.sample({eth0(10, 1)}, t0 + 5s);
    CHECK(meter.load("eth0").input_bits_per_second == 0);
    meter.sample({}, t0 + 10s);
    meter.sample({eth0(5000, 50)}, t0 + 15s);
    CHECK(meter.load("eth0").input_bits_per_second == 0);
    CHECK(meter.load("nonesuch").input_bits_per_second == 0);
}
