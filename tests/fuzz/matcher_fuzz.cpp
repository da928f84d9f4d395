// libFuzzer target: the command matcher (issue #12), the code every typed, pasted or loaded line
// goes through, on arbitrary bytes under ASan and UBSan. The first byte picks the mode; the rest is
// the line. What must hold beyond "no crash": a caret is never placed past the end of the line, a
// matched argument lies within the line, TAB keeps what was typed before the last word, and `?`
// lists never end with an empty keyword.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "grammar/command.hpp"
#include "grammar/matcher.hpp"

using namespace routerd::grammar;

namespace {

const CommandTable& table() {
    static const CommandTable t(all_commands());  // built once: the matcher never changes it
    return t;
}

constexpr int kModes = static_cast<int>(Mode::OutputModifier) + 1;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || size > 4096) return 0;  // IOS's longest line is far shorter
    auto mode = static_cast<Mode>(data[0] % kModes);
    std::string_view line(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto& commands = table().commands(mode);
    auto result = match_line(commands, line);
    if (auto* invalid = std::get_if<Invalid>(&result); invalid && invalid->column > line.size()) std::abort();
    if (auto* matched = std::get_if<Matched>(&result))
        for (const auto& arg : matched->args)
            if (arg.column > line.size()) std::abort();
    if (auto completed = complete(commands, line)) {
        // The words before the last stay as typed.
        auto words = split_words(line);
        if (!words.empty() && completed->compare(0, words.back().column, line.substr(0, words.back().column)) != 0) std::abort();
    }
    auto listing = help(commands, line);
    for (const auto& entry : listing.entries)
        if (entry.token.empty()) std::abort();
    (void)format_help(listing);
    (void)match_line(table().stored(mode), line);
    return 0;
}
