// A global command typed in a sub-mode: accepted, it moves the session to its mode (IOS,
// ios-reference.md:90-92); refused, the session stays in the sub-mode it was typed in, and the
// caret is counted from that sub-mode's prompt (ios-reference.md:204), not from (config)'s.
#include <catch.hpp>

#include "tests/support/dispatcher_cli.hpp"

using namespace routerd;

TEST_CASE("a refused global line keeps its sub-mode, and its caret is counted from the sub-mode's prompt") {
    test::DispatcherCli cli;
    cli.run("configure terminal");
    auto entered = cli.dispatcher.line(cli.s, "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac");
    REQUIRE(entered.prompt == "Router(cfg-crypto-trans)#");
    // esp-gcm takes no separate integrity transform: IOS refuses at `esp-sha-hmac` (column 40).
    std::string line = "crypto ipsec transform-set BAD1 esp-gcm esp-sha-hmac";
    auto refused = cli.dispatcher.line(cli.s, line);
    REQUIRE(line.substr(40, 12) == "esp-sha-hmac");
    CHECK(refused.output == std::string(25 + 40, ' ') + "^\n% Invalid input detected at '^' marker.\n\n");
    CHECK(refused.prompt == "Router(cfg-crypto-trans)#");
    // Accepted, a global line typed there moves the session to (config).
    auto accepted = cli.dispatcher.line(cli.s, "crypto ipsec security-association lifetime seconds 1800");
    CHECK(accepted.output == "");
    CHECK(accepted.prompt == "Router(config)#");
}
