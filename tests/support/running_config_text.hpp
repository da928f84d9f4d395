#pragma once
// The running-config as text to compare: without the lines that change by themselves (its size,
// the time of the last change).
#include <sstream>
#include <string>

namespace routerd::test {

inline std::string stable_running_config(const std::string& running) {
    std::istringstream in(running);
    std::string out;
    for (std::string l; std::getline(in, l);)
        if (!l.starts_with("Current configuration") && !l.starts_with("! Last configuration change")) out += l + "\n";
    return out;
}

}  // namespace routerd::test
