#pragma once
// Builds a RunningConfig from IOS configuration text, as a paste would (config::apply_text:
// sub-modes entered and left by the commands themselves). Any line that is refused or complains
// fails the test.
#include <catch.hpp>

#include "engine/config/apply_text.hpp"

namespace routerd::test {

inline config::RunningConfig configure(const std::string& text) {
    config::RunningConfig c;
    std::vector<config::TextComplaint> complaints;
    auto refused = config::apply_text(c, text, &complaints);
    INFO(refused.value_or(""));
    REQUIRE_FALSE(refused);
    for (const auto& complaint : complaints) {
        INFO(complaint.line);
        CHECK(complaint.output.empty());
    }
    return c;
}

}  // namespace routerd::test
