#include "grammar/syntax.hpp"

#include <stdexcept>

namespace routerd::grammar {
namespace {

// Recursive descent over the syntax string. Each parse function receives the nodes that
// precede it ("preds"; -1 is the start) and returns the nodes that may end it.
class Compiler {
public:
    Compiler(std::string_view text, const std::function<std::string(std::string_view, std::size_t)>& help_for)
        : text_(text), help_for_(help_for) {}

    CompiledSyntax run() {
        std::vector<int> ends = sequence({-1}, '\0');
        skip_space();
        if (pos_ != text_.size()) fail("unexpected character");
        for (int e : ends) {
            if (e < 0) out_.start_accepts_end = true;
            else out_.nodes[static_cast<std::size_t>(e)].accepts_end = true;
        }
        index(out_.start, out_.start_index);
        for (auto& n : out_.nodes) index(n.next, n.next_index);
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(const char* what) {
        throw std::invalid_argument(std::string(what) + " in syntax \"" + std::string(text_) + "\"");
    }
    void index(const std::vector<std::uint16_t>& next, KeywordIndex& out) const {
        if (next.size() < kIndexedAlternatives) return;
        for (std::uint32_t i = 0; i < next.size(); ++i) out.add(out_.nodes[next[i]].token, i);
        out.finish();
    }

    void skip_space() {
        while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
    }
    void link(const std::vector<int>& preds, int node) {
        for (int p : preds) {
            auto& next = p < 0 ? out_.start : out_.nodes[static_cast<std::size_t>(p)].next;
            next.push_back(static_cast<std::uint16_t>(node));
        }
    }

    // Items until `close` (']' or '}' or '|'), or the end for the top level.
    std::vector<int> sequence(std::vector<int> preds, char close) {
        while (true) {
            skip_space();
            if (pos_ == text_.size()) {
                if (close != '\0') fail("unterminated group");
                return preds;
            }
            char c = text_[pos_];
            if (c == ']' || c == '}' || c == '|') {
                if (close == '\0') fail("unbalanced bracket");
                return preds;
            }
            if (c == '[' || c == '{') {
                ++pos_;
                char end = c == '[' ? ']' : '}';
                std::vector<int> exits = c == '[' ? preds : std::vector<int>{};
                while (true) {
                    auto alt = sequence(preds, end);
                    exits.insert(exits.end(), alt.begin(), alt.end());
                    skip_space();
                    if (pos_ == text_.size()) fail("unterminated group");
                    if (text_[pos_] == '|') { ++pos_; continue; }
                    if (text_[pos_] != end) fail("mismatched bracket");
                    ++pos_;
                    break;
                }
                preds = std::move(exits);
                continue;
            }
            std::size_t start = pos_;
            // A range token may contain '-' but never spaces or brackets.
            while (pos_ < text_.size() && text_[pos_] != ' ' && text_[pos_] != '|' && text_[pos_] != ']' &&
                   text_[pos_] != '}' && text_[pos_] != '[' && text_[pos_] != '{')
                ++pos_;
            std::string_view spelled = text_.substr(start, pos_ - start);
            SyntaxNode node;
            node.token = Token::parse(spelled);
            node.token.help = help_for_(spelled, token_index_++);
            out_.nodes.push_back(std::move(node));
            int id = static_cast<int>(out_.nodes.size() - 1);
            if (out_.nodes.size() > 60000) fail("syntax too large");
            link(preds, id);
            preds = {id};
        }
    }

    std::string_view text_;
    const std::function<std::string(std::string_view, std::size_t)>& help_for_;
    std::size_t pos_ = 0;
    std::size_t token_index_ = 0;
    CompiledSyntax out_;
};

}  // namespace

CompiledSyntax compile_syntax(std::string_view syntax,
                              const std::function<std::string(std::string_view, std::size_t)>& help_for) {
    return Compiler(syntax, help_for).run();
}

}  // namespace routerd::grammar
