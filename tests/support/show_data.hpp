#pragma once
// A file of tests/show/data (captures of a real FRR, expected show outputs), whole.
#include <catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace routerd::test {

inline std::string show_data(const std::string& name) {
    std::ifstream in(std::string(ROUTERD_SHOW_DATA_DIR) + "/" + name);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace routerd::test
