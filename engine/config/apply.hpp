#pragma once
// Carrying out one configuration command on the running-config model.
#include <functional>
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
    std::size_t indent = 0;           // leading blanks of the typed line (a pasted block's depth)
    // The interface other than `self` whose link holds an address set outside routerd that
    // overlaps `a` (a management port's); unset: only the configuration's addresses count.
    std::function<std::optional<grammar::InterfaceName>(const Ipv4WithMask& a, const grammar::InterfaceName& self)>
        box_overlap = nullptr;
};

// A kept line whose deeper-indented followers are its own lines (` pvc 0/35` under an
// interface, then `  vbr-nrt ...`): where to find it again.
struct ChildTarget {
    std::string interface;  // canonical name, "" for a global line
    std::string header;     // the kept line
    std::size_t indent = 0; // how deep it was typed
};

// After `banner motd #` without the closing delimiter, the following lines are banner text.
struct BannerCollect {
    std::string kind;  // "motd", "login", "exec", ...
    std::string delimiter;
    std::string text;  // collected so far
};

struct ApplyResult;

// A question a command asks before it is carried out (IOS's `crypto key generate rsa` without
// `modulus`): the prompt, and what the answer does. The session shows the prompt and hands
// the next line it reads to `answer`, whose result may ask the next question.
struct Question {
    std::string prompt;
    std::function<ApplyResult(std::string_view answer, std::string& out)> answer;
};

struct ApplyResult {
    std::optional<grammar::ModeFrame> enter;     // the sub-mode the command opens
    std::optional<BannerCollect> collect_banner;
    bool changed = false;                        // the model was modified
    std::optional<std::size_t> invalid_column;   // refused like a parse error, caret here
    std::vector<std::pair<int, std::string>> log;  // syslog messages (severity, text)
    std::string notice;                          // "%CONFIG-4-NOT_APPLIED: ...": typed sessions only
    std::optional<ChildTarget> children_of;      // deeper lines that follow belong to this kept line
    std::optional<Question> ask;                 // the command waits for an answer
    bool nested = false;                         // `enter` opens inside the current sub-mode (address-family)
    bool leave = false;                          // the command closes the current sub-mode (exit-address-family)
    // Refused because the object configured has no commands beginning with these keywords
    // (`tunnel` on an Ethernet interface): the caret goes where the other commands of the mode
    // and its parents put it (IOS's parser never offered them); invalid_column is the fallback.
    std::vector<std::string> absent_here = {};
};

inline ApplyResult changed_result() {
    ApplyResult r;
    r.changed = true;
    return r;
}

// nullopt when `id` is not a configuration command.
std::optional<ApplyResult> apply(ApplyContext& ctx);
// The banner text collected after `banner KIND <delim>`.
void set_banner(RunningConfig& config, const std::string& kind, std::string delimiter, std::string text);

std::optional<ApplyResult> apply_global(ApplyContext& ctx);
std::optional<ApplyResult> apply_interface(ApplyContext& ctx);
std::optional<ApplyResult> apply_line(ApplyContext& ctx);
std::optional<ApplyResult> apply_ssh(ApplyContext& ctx);
std::optional<ApplyResult> apply_crypto(ApplyContext& ctx);
std::optional<ApplyResult> apply_crypto_map(ApplyContext& ctx);
std::optional<ApplyResult> apply_ikev2(ApplyContext& ctx);
// Fills `k.secret` from a pre-shared key as typed (`k.type`, `k.key`): a type 6 key opens with
// the master key, a clear one is sealed under it with `password encryption aes`. False, with
// IOS's complaint in `out`, when the key is refused.
bool open_preshared_key(const CryptoConfig& c, PresharedKey& k, bool set, std::string& out);
std::optional<ApplyResult> apply_acl(ApplyContext& ctx);
std::optional<ApplyResult> apply_stored(ApplyContext& ctx);
// The interface an interface sub-mode edits (the frame's context), or nullptr.
InterfaceConfig* current_interface(ApplyContext& ctx);
// A line typed under a kept line (see ChildTarget), kept with its relative indentation.
// False when the kept line is gone.
bool attach_child(RunningConfig& config, const ChildTarget& target, std::string_view typed, std::size_t indent);

}  // namespace routerd::config
