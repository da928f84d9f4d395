#pragma once
// Reads the known-answer vector files of tests/ike/vectors: blocks of `name = value` lines,
// separated by blank or comment lines; values in hex unless the name says otherwise.
#include <catch.hpp>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "engine/ike/core/bytes.hpp"

namespace routerd::test {

using VectorBlock = std::map<std::string, std::string>;

inline std::vector<VectorBlock> read_vectors(const std::string& name) {
    std::ifstream in(std::string(ROUTERD_VECTORS_DIR) + "/" + name);
    REQUIRE(in);
    std::vector<VectorBlock> out;
    VectorBlock current;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            if (!current.empty()) out.push_back(std::move(current));
            current.clear();
            continue;
        }
        auto eq = line.find(" = ");
        REQUIRE(eq != std::string::npos);
        current[line.substr(0, eq)] = line.substr(eq + 3);
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

inline ike::Bytes hex(const std::string& s) {
    ike::Bytes out;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
    return out;
}

}  // namespace routerd::test
