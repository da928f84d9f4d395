// RouteSource against the kernel's routing table, in a network namespace of a child process's
// own (nothing of the host's is seen or changed): two routes with different sources, asked in
// turn through the one socket. Its first version answered the first peer's source for every
// peer (a connected UDP socket keeps its source); lab bgp-two-vtis caught that, this does now.
#include <catch.hpp>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "platform/route_source.hpp"

using routerd::platform::RouteSource;
using routerd::platform::route_source_address;

namespace {

// Runs `body` in a forked child inside a new network namespace; its exit status, or -1.
template <class Body>
int in_child_netns(Body body) {
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::unshare(CLONE_NEWNET) != 0) ::_exit(100);
        ::_exit(body());
    }
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("the route source through one socket follows each peer's route") {
    REQUIRE(::geteuid() == 0);  // a network namespace of its own needs root (CI runs as root)
    int status = in_child_netns([] {
        // 10.1.0.0/16 leaves from 10.0.0.1, 10.2.0.0/16 from 10.0.0.2 (both on lo, no packet sent).
        if (std::system("ip link set lo up && ip addr add 10.0.0.1/32 dev lo && ip addr add 10.0.0.2/32 dev lo && "
                        "ip route add 10.1.0.0/16 dev lo src 10.0.0.1 && ip route add 10.2.0.0/16 dev lo src 10.0.0.2") != 0)
            return 101;
        RouteSource rs;
        for (int round = 0; round < 3; ++round) {
            if (rs.toward(0x0a010005) != 0x0a000001u) return 1 + round * 10;
            if (rs.toward(0x0a020005) != 0x0a000002u) return 2 + round * 10;
            if (rs.toward(0x0a010006) != 0x0a000001u) return 3 + round * 10;
        }
        // The same as a socket made for the one question.
        if (route_source_address(0x0a020007) != 0x0a000002u) return 4;
        if (rs.toward(0x0a020007) != route_source_address(0x0a020007)) return 5;
        // No route: no answer, and the next question is still answered.
        if (rs.toward(0x0b000001)) return 6;
        if (rs.toward(0x0a010005) != 0x0a000001u) return 7;
        return 0;
    });
    INFO("child exit status (100: unshare failed, 101: ip failed, else the check that failed)");
    CHECK(status == 0);
}
