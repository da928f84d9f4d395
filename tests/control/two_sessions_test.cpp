// Two sessions configuring the same router: when one removes what the other is editing, the
// other's next lines are refused and said, never applied elsewhere nor dropped without a word.
#include <catch.hpp>

#include "tests/support/dispatcher_cli.hpp"

using namespace routerd;

namespace {

struct SecondSession {
    control::Session s;
    control::Dispatcher& d;
    control::Router& router;
    SecondSession(test::DispatcherCli& cli) : d(cli.dispatcher), router(cli.router) {
        s.trusted = true;
        router.add_session(s);
        d.line(s, "enable");
    }
    ~SecondSession() { router.remove_session(s.id); }
    SecondSession(const SecondSession&) = delete;
    SecondSession& operator=(const SecondSession&) = delete;
    std::string run(const std::string& line) { return d.line(s, line).output; }
    std::string prompt() { return d.line(s, "").prompt; }
};

const std::string kRemoved = " was removed by another session while this one edited it\n";

}  // namespace

TEST_CASE("a sub-mode whose object another session removed refuses the lines meant for it") {
    test::DispatcherCli a;
    SecondSession b(a);
    a.run("configure terminal");
    b.run("configure terminal");
    a.run("crypto ipsec transform-set TS esp-aes esp-sha-hmac");
    a.run("exit");
    a.run("crypto map M 10 ipsec-isakmp");
    CHECK(a.run("set peer 192.0.2.1") == "");
    CHECK(b.run("no crypto map M 10") == "");
    CHECK(a.run("set transform-set TS") == "% Not applied: crypto map M 10" + kRemoved);
    CHECK(a.dispatcher.line(a.s, "").prompt == "Router(config)#");
    // Lines pasted under it go with it; a global command works as anywhere in a sub-mode.
    CHECK(a.run(" set pfs group14").find("% Not applied: the line this one is indented under was rejected") != std::string::npos);
    CHECK(a.run("hostname R1") == "");
    CHECK(a.router.config.crypto.maps.count("M") == 0);

    a.run("interface Loopback5");
    b.run("no interface Loopback5");
    CHECK(a.run("ip address 10.5.5.5 255.255.255.255") == "% Not applied: interface Loopback5" + kRemoved);
    CHECK(a.router.config.interfaces.size() == 0);

    a.run("crypto isakmp profile P");
    b.run("no crypto isakmp profile P");
    CHECK(a.run("exit") == "");  // leaving the removed sub-mode is what `exit` meant
    CHECK(a.dispatcher.line(a.s, "").prompt == "R1(config)#");

    a.run("router bgp 65001");
    b.run("no router bgp 65001");
    CHECK(a.run(" neighbor 192.0.2.2 remote-as 65002") == "% Not applied: router bgp 65001" + kRemoved);
    CHECK(b.prompt() == "R1(config)#");
}
