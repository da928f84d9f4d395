// Which ISAKMP profile a peer's phase 1 identity selects (engine/policy/isakmp_profiles.hpp).
#include <catch.hpp>

#include "engine/policy/policy_set.hpp"
#include "tests/support/configure.hpp"

using namespace routerd;
using policy::PeerIdentity;

namespace {

PeerIdentity address(std::uint32_t a) { return {PeerIdentity::Kind::ADDRESS, a, ""}; }
PeerIdentity fqdn(const std::string& n) { return {PeerIdentity::Kind::FQDN, 0, n}; }

std::string matched(const policy::PolicySet& p, const PeerIdentity& id, std::uint32_t local = 0) {
    auto m = policy::match_profile(p.profiles, id, local);
    return m ? m->profile->name : "none";
}

}  // namespace

TEST_CASE("the narrowest match identity wins; a tie goes to the profile configured first") {
    auto p = policy::compile(test::configure(
        "crypto isakmp profile WIDE\n match identity address 10.0.0.0 255.0.0.0\n"
        "crypto isakmp profile ALSO-WIDE\n match identity address 10.0.0.0 255.0.0.0\n"
        "crypto isakmp profile NARROW\n match identity address 10.1.2.3\n"
        "crypto isakmp profile ANY\n match identity address 0.0.0.0\n"
        "crypto isakmp profile EMPTY\n"));
    REQUIRE(p->profiles.size() == 5);
    CHECK(p->profiles[0].name == "WIDE");  // configuration order, not name order
    CHECK(matched(*p, address(0x0a010203)) == "NARROW");
    CHECK(matched(*p, address(0x0a090909)) == "WIDE");
    // `match identity address 0.0.0.0` is IOS's "any peer" (the DVTI hub idiom).
    CHECK(matched(*p, address(0xc0a80101)) == "ANY");
    // A profile without match identity is incomplete and matches nobody.
    CHECK_FALSE(p->profile("EMPTY")->matches.size());
}

TEST_CASE("host and host domain match FQDN identities, ignoring case; addresses never match names") {
    auto p = policy::compile(test::configure(
        "crypto isakmp profile DOMAIN\n match identity host domain example.com\n"
        "crypto isakmp profile HOST\n match identity host R2.example.com\n"
        "crypto isakmp profile ADDR\n match identity address 10.0.0.2\n"));
    CHECK(matched(*p, fqdn("r2.EXAMPLE.com")) == "HOST");
    CHECK(matched(*p, fqdn("r3.example.com")) == "DOMAIN");
    CHECK(matched(*p, fqdn("example.com")) == "DOMAIN");
    CHECK(matched(*p, fqdn("badexample.com")) == "none");  // a domain is matched at a label boundary
    CHECK(matched(*p, address(0x0a000002)) == "ADDR");
    CHECK(matched(*p, fqdn("10.0.0.2")) == "none");
}

TEST_CASE("a profile bound to a local address serves peers that reach us there only") {
    auto p = policy::compile(test::configure(
        "interface GigabitEthernet0/1\n ip address 192.0.2.1 255.255.255.0\n"
        "crypto isakmp profile OUTSIDE\n match identity address 0.0.0.0\n local-address GigabitEthernet0/1\n"
        "crypto isakmp profile OTHER\n match identity address 10.0.0.0 255.0.0.0\n local-address 198.51.100.1\n"));
    CHECK(matched(*p, address(0x0a000002), 0xc0000201) == "OUTSIDE");  // OTHER is narrower but bound elsewhere
    CHECK(matched(*p, address(0x0a000002), 0xc6336401) == "OTHER");
    CHECK(matched(*p, address(0x0b000002), 0xc6336401) == "none");
}

TEST_CASE("profile references that cannot work are reported, and the entry does not wait on them") {
    auto p = policy::compile(test::configure(
        "crypto isakmp profile P\n keyring NOPE\n match identity address 10.0.0.2\n"
        "crypto ipsec transform-set T esp-aes esp-sha-hmac\n"
        "crypto dynamic-map DYN 10\n set transform-set T\n set isakmp-profile MISSING\n"));
    auto has = [&](const std::string& text) {
        for (const auto& l : p->problems)
            if (l.find(text) != std::string::npos) return true;
        return false;
    };
    CHECK(has("ISAKMP profile P: keyring NOPE is not defined"));
    CHECK(has("dynamic DYN 10: ISAKMP profile MISSING is not defined"));
}
