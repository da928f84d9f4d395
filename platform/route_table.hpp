#pragma once
// The kernel's IPv4 routing table of routerd's network namespace, as `show ip route` reads it:
// the main table's routes and the local table's own addresses (IOS's `L` routes).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace routerd::platform {

// Who put a route in the kernel (its rtnetlink protocol): routerd's `ip route` lines and IPsec
// routes are Static; FRR's zebra installs what bgpd and ospfd chose as Bgp and Ospf.
enum class RouteOrigin { Kernel, Static, Bgp, Ospf, Other };

struct KernelRoute {
    std::uint32_t destination = 0;  // host order
    int prefix_length = 0;
    std::uint32_t gateway = 0;      // 0: directly connected
    std::string device;             // Linux link name ("" when the route names none)
    bool connected = false;         // made by the kernel for an address's subnet (proto kernel)
    bool local = false;             // the local table's entry for one of the box's own addresses
    std::uint32_t metric = 0;
    RouteOrigin origin = RouteOrigin::Other;
};

// nullopt with `error` set when netlink cannot be read.
std::optional<std::vector<KernelRoute>> read_kernel_routes(std::string* error);

}  // namespace routerd::platform
