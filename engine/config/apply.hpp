#pragma once
// Carrying out one configuration command on the running-config model.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/running_config.hpp"
#include "grammar/matcher.hpp"

namespace routerd::config {

struct ApplyContext {
    RunningConfig& config;
    const grammar::Matched& match;
    const grammar::ModeFrame& frame;  // the mode the command was typed in
    std::string& out;                 // IOS messages for the user ("Bad mask ...")
    bool from_startup = false;        // loading startup-config: addresses come from "NVRAM"
};

// After `banner motd #` without the closing delimiter, the following lines are banner text.
struct BannerCollect {
    std::string delimiter;
    std::string text;  // collected so far
};

struct ApplyResult {
    std::optional<grammar::ModeFrame> enter;     // the sub-mode the command opens
    std::optional<BannerCollect> collect_banner;
    bool changed = false;                        // the model was modified
    std::optional<std::size_t> invalid_column;   // refused like a parse error, caret here
    std::vector<std::pair<int, std::string>> log;  // syslog messages (severity, text)
};

inline ApplyResult changed_result() {
    ApplyResult r;
    r.changed = true;
    return r;
}

// nullopt when `id` is not a configuration command.
std::optional<ApplyResult> apply(ApplyContext& ctx);
// The banner text collected after `banner motd <delim>`.
void set_motd(RunningConfig& config, std::string delimiter, std::string text);

std::optional<ApplyResult> apply_global(ApplyContext& ctx);
std::optional<ApplyResult> apply_interface(ApplyContext& ctx);
std::optional<ApplyResult> apply_line(ApplyContext& ctx);
std::optional<ApplyResult> apply_crypto(ApplyContext& ctx);
std::optional<ApplyResult> apply_crypto_map(ApplyContext& ctx);
std::optional<ApplyResult> apply_acl(ApplyContext& ctx);

}  // namespace routerd::config
