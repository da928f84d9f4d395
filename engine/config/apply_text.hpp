#pragma once
// IOS configuration text applied to a running-config as a paste in `configure terminal` would apply
// it, without a session: sub-modes entered and left by the commands themselves (an unindented
// global command leaves a kept block; a nested sub-mode's parent takes its next line). For the
// tests and benchmarks that build a configuration from IOS text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/running_config.hpp"

namespace routerd::config {

struct TextComplaint {
    std::string line;
    std::string output;  // what applying it printed
};

// Nullopt when every line applied, else the first line refused (unmatched, or refused by its
// command) with why; lines that applied but printed something are added to `complaints`.
std::optional<std::string> apply_text(RunningConfig& c, std::string_view text, std::vector<TextComplaint>* complaints = nullptr);

}  // namespace routerd::config
