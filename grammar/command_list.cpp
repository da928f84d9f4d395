#include "grammar/command_list.hpp"

namespace routerd::grammar {

CommandList::CommandList(std::vector<CompiledCommand> commands) : commands_(std::move(commands)) {
    for (std::uint32_t i = 0; i < commands_.size(); ++i) {
        const auto& syntax = commands_[i].syntax;
        for (auto n : syntax.start) first_tokens_.add(syntax.nodes[n].token, i);
    }
    first_tokens_.finish();
}

void CommandList::first_word_candidates(std::string_view word, std::vector<std::uint32_t>& out) const {
    first_tokens_.candidates(ascii_lowered(word), out);
}

}  // namespace routerd::grammar
