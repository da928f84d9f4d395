#include <catch.hpp>

#include "engine/show/show_ip_nat.hpp"

using namespace routerd;

TEST_CASE("show ip nat translations: statics as configured, then what conntrack translated") {
    config::NatStatic st{0x0a01010a, 0x0c010101, 6, 22, 2222};
    config::NatStatic plain{0x0a010105, 0x0c010105, std::nullopt, 0, 0};
    platform::NatTranslation echo;
    echo.protocol = 1;
    echo.inside_global = 0x0c010101, echo.inside_global_port = 7;
    echo.inside_local = 0x0a01010a, echo.inside_local_port = 7;
    echo.outside_local = echo.outside_global = 0x0c010102;
    echo.outside_local_port = echo.outside_global_port = 7;
    auto out = show::show_ip_nat_translations({st, plain}, {echo});
    CHECK(out ==
          "Pro Inside global         Inside local          Outside local         Outside global\n"
          "tcp 12.1.1.1:2222         10.1.1.10:22          ---                   ---\n"
          "--- 12.1.1.5              10.1.1.5              ---                   ---\n"
          "icmp 12.1.1.1:7            10.1.1.10:7           12.1.1.2:7            12.1.1.2:7\n");
}
