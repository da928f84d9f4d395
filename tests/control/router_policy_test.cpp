#include <catch.hpp>

#include "engine/control/dispatcher.hpp"

using namespace routerd;

TEST_CASE("the router recompiles its policy once after a burst of changes, with the diff") {
    platform::FakeLinks links({});
    control::Router router("/nonexistent-config-dir", links);
    control::Dispatcher dispatcher(router);
    control::Session s;
    s.trusted = true;  // a local administrator: enable needs no password
    router.add_session(s);
    auto first = router.policy();
    CHECK(first->entries.empty());
    CHECK(router.policy() == first);  // nothing changed: the same snapshot
    for (const char* line : {"enable", "configure terminal", "crypto ipsec transform-set T esp-aes esp-sha-hmac",
                             "access-list 101 permit ip any any", "crypto map M 10 ipsec-isakmp",
                             " set peer 192.0.2.2", " set transform-set T", " match address 101", "end"})
        dispatcher.line(s, line);
    auto second = router.policy();
    CHECK(second != first);
    REQUIRE(second->find("map M 10"));
    CHECK(second->find("map M 10")->complete);
    CHECK(router.last_policy_diff().added == std::vector<std::string>{"map M 10"});
    CHECK(router.policy() == second);
    router.remove_session(s.id);
}
