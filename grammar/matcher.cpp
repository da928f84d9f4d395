#include "grammar/matcher.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "grammar/ios_only_keywords.hpp"

namespace routerd::grammar {

std::vector<Word> split_words(std::string_view line) {
    // Counted first, so that the list is allocated once (every pasted line is split a few times).
    std::size_t count = 0;
    for (std::size_t k = 0; k < line.size(); ++k) {
        bool blank = line[k] == ' ' || line[k] == '\t';
        bool after_blank = k == 0 || line[k - 1] == ' ' || line[k - 1] == '\t';
        if (!blank && after_blank) ++count;
    }
    std::vector<Word> out;
    out.reserve(count);
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ' || line[i] == '\t') { ++i; continue; }
        std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        out.push_back({line.substr(start, i - start), start});
    }
    return out;
}

bool Matched::has(std::string_view keyword) const {
    return std::any_of(args.begin(), args.end(),
                       [&](const Arg& a) { return a.token->kind == TokenKind::Keyword && a.value == keyword; });
}

std::string Matched::after(std::string_view keyword) const {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i].token->kind == TokenKind::Keyword && args[i].value == keyword) return args[i + 1].value;
    return "";
}

std::vector<std::string> Matched::values() const {
    std::vector<std::string> out;
    for (const auto& a : args)
        if (a.token->kind != TokenKind::Keyword) out.push_back(a.value);
    return out;
}

std::string Matched::value(std::size_t index) const {
    auto v = values();
    return index < v.size() ? v[index] : std::string();
}

bool Matched::abbreviated() const {
    for (const auto& a : args)
        if (a.abbreviated) return true;
    return false;
}

namespace {

struct State {
    const CompiledCommand* command;
    int node = -1;  // -1: before the first token
    std::vector<Arg> args;
    std::optional<InterfaceType> pending_interface;  // "interface Tunnel" awaiting " 0"
    bool line_done = false;                          // a LINE token took the rest
};

const std::vector<std::uint16_t>& next_nodes(const State& s) {
    return s.node < 0 ? s.command->syntax.start : s.command->syntax.nodes[static_cast<std::size_t>(s.node)].next;
}

const KeywordIndex& next_index(const State& s) {
    return s.node < 0 ? s.command->syntax.start_index : s.command->syntax.nodes[static_cast<std::size_t>(s.node)].next_index;
}

bool accepts_end(const State& s) {
    if (s.line_done) return true;
    if (s.pending_interface) return false;
    return s.node < 0 ? s.command->syntax.start_accepts_end
                      : s.command->syntax.nodes[static_cast<std::size_t>(s.node)].accepts_end;
}

const Token& token_of(const State& s, std::uint16_t n) { return s.command->syntax.nodes[n].token; }

struct Candidate {
    std::size_t state;
    int node;  // -1 with pending_interface: the number of the same IFNAME token
    TokenMatch match;
};

// Words form the line; states are every command still possible after the words so far.
struct Walk {
    std::vector<State> states;
    enum class Stop { None, Invalid, Ambiguous } stop = Stop::None;
    std::size_t invalid_column = 0;
    // step()'s working room, kept from word to word instead of allocated for each: an index's
    // answer, the candidates, and the list the next states are built in.
    std::vector<std::uint32_t> picks;
    std::vector<Candidate> cands;
    std::vector<State> spare;
};

// The keywords typed so far, one space apart ("show ip"); "" when a value was among them.
std::string keyword_path(const State& s) {
    std::string path;
    for (const auto& a : s.args) {
        if (a.token->kind != TokenKind::Keyword) return "";
        if (!path.empty()) path += ' ';
        path += a.value;
    }
    return path;
}

// How many leading characters of `word` begin one of IOS's keywords at this point that routerd
// does not have (ios_only_keywords.hpp). Only a word IOS refuses too counts: one that begins
// such a keyword is a command IOS has and routerd does not, and its caret stays where routerd's
// own keywords put it.
// `path`: the keywords before the word (keyword_path).
std::size_t viable_in_ios(const std::string& path, std::string_view word) {
    auto keywords = ios_only_keywords(path);
    std::size_t best = 0;
    for (auto k : keywords) {
        std::size_t n = viable_prefix(Token{TokenKind::Keyword, std::string(k), "", 0, 0}, word);
        if (n == word.size()) return 0;
        best = std::max(best, n);
    }
    return best;
}

std::size_t best_viable(const std::vector<State>& states, std::string_view word) {
    std::size_t best = 0;
    for (const auto& s : states) {
        if (s.line_done) continue;
        if (s.pending_interface) {
            best = std::max(best, viable_number_prefix(*s.pending_interface, word));
            continue;
        }
        for (auto n : next_nodes(s)) best = std::max(best, viable_prefix(token_of(s, n), word));
        best = std::max(best, viable_in_ios(keyword_path(s), word));
    }
    return best;
}

// Consumes one word; returns false (and sets walk.stop) when the line cannot go on.
bool step(Walk& walk, std::string_view line, const Word& word) {
    auto& cands = walk.cands;
    cands.clear();
    bool any_done = false;
    std::string lowered;  // the word as the indexes hold keywords, made at the first index asked
    for (std::size_t i = 0; i < walk.states.size(); ++i) {
        const State& s = walk.states[i];
        if (s.line_done) {
            any_done = true;
            continue;
        }
        if (s.pending_interface) {
            auto m = match_interface_number(*s.pending_interface, word.text);
            if (m.quality != MatchQuality::None) cands.push_back({i, s.node, std::move(m)});
            continue;
        }
        auto try_node = [&](std::uint16_t n) {
            auto m = match_token(token_of(s, n), word.text);
            if (m.quality != MatchQuality::None) cands.push_back({i, n, std::move(m)});
        };
        const auto& next = next_nodes(s);
        const KeywordIndex& index = next_index(s);
        if (index.empty()) {
            for (auto n : next) try_node(n);
            continue;
        }
        // A long list of alternatives: only the nodes the index leaves, in the list's order.
        if (lowered.empty()) lowered = ascii_lowered(word.text);
        index.candidates(lowered, walk.picks);
        for (auto position : walk.picks) try_node(next[position]);
    }
    if (cands.empty() && !any_done) {
        walk.stop = Walk::Stop::Invalid;
        walk.invalid_column = word.column + best_viable(walk.states, word.text);
        return false;
    }
    MatchQuality best = MatchQuality::None;
    for (const auto& c : cands) best = std::max(best, c.match.quality);
    if (best == MatchQuality::Partial) {
        std::set<std::string> distinct;
        for (const auto& c : cands)
            if (c.match.quality == best) distinct.insert(c.match.value);
        if (distinct.size() > 1) { walk.stop = Walk::Stop::Ambiguous; return false; }
    }
    // States a LINE token ended stay as they are, first; no candidate comes from them.
    std::vector<State> next = std::move(walk.spare);
    next.clear();
    if (any_done)
        for (auto& s : walk.states)
            if (s.line_done) next.push_back(std::move(s));
    for (std::size_t k = 0; k < cands.size(); ++k) {
        auto& c = cands[k];
        if (c.match.quality != best) continue;
        // A state's last successor takes its args; the others copy them. Copying them for
        // every successor, with a regrowth per word, was most of the walk on a large paste.
        // Candidates come grouped by state, so a later one of the same state is right after.
        bool last = true;
        for (std::size_t j = k + 1; j < cands.size() && cands[j].state == c.state; ++j)
            if (cands[j].match.quality == best) last = false;
        State& from = walk.states[c.state];
        State s{from.command, from.node, {}, from.pending_interface, from.line_done};
        if (last) {
            s.args = std::move(from.args);
        } else {
            s.args.reserve(from.args.size() + 4);
            s.args.insert(s.args.end(), from.args.begin(), from.args.end());
        }
        const Token& tok = token_of(s, static_cast<std::uint16_t>(c.node));
        if (s.pending_interface) {
            s.args.back().value = std::move(c.match.value);
            s.pending_interface.reset();
        } else {
            s.node = c.node;
            s.pending_interface = c.match.pending_interface;
            std::string value = std::move(c.match.value);
            if (tok.kind == TokenKind::Line) {
                auto rest = line.substr(word.column);
                while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
                value = std::string(rest);
                s.line_done = true;
            }
            // Room for a typical line's words at once, instead of a regrowth per word.
            if (s.args.capacity() == s.args.size()) s.args.reserve(s.args.size() + 8);
            s.args.push_back({&tok, std::move(value), word.column, c.match.quality == MatchQuality::Partial});
        }
        next.push_back(std::move(s));
    }
    walk.spare = std::move(walk.states);
    walk.states = std::move(next);
    return true;
}

// Whether match_token would take the word at all: a keyword, by far the most common first
// token, is told without building a TokenMatch (the keyword's text copied) for every command.
bool takes(const Token& token, std::string_view word) {
    if (token.kind == TokenKind::Keyword) return istarts_with(token.text, word);
    return match_token(token, word).quality != MatchQuality::None;
}

// `index`, when the commands are a table's list, finds the commands a line's first word may
// begin without reading them all.
Walk walk(std::span<const CompiledCommand> commands, const CommandList* index, std::string_view line,
          const std::vector<Word>& words, std::span<const std::string> absent = {}) {
    Walk w;
    auto defined = [&](const CompiledCommand& c) {
        if (absent.empty()) return true;
        auto first = std::string_view(c.def->syntax).substr(0, c.def->syntax.find(' '));
        return std::find(absent.begin(), absent.end(), first) == absent.end();
    };
    // A mode has hundreds of commands and a line's first word leaves a few: only those start,
    // instead of a State for every command on every line (a third of a large paste's CPU).
    // The first step keeps exactly these anyway; when none takes the word, the caret's column
    // is counted over all of them, as step() would have.
    if (!words.empty()) {
        auto first = words.front().text;
        auto start_if_taken = [&](const CompiledCommand& c) {
            for (auto n : c.syntax.start)
                if (defined(c) && takes(c.syntax.nodes[n].token, first)) {
                    w.states.push_back({&c, -1, {}, std::nullopt, false});
                    break;
                }
        };
        if (index) {
            // Reading every command's first token was the walk's largest cost on a large paste.
            index->first_word_candidates(first, w.picks);
            w.states.reserve(w.picks.size());
            for (auto i : w.picks) start_if_taken(commands[i]);
        } else {
            for (const auto& c : commands) start_if_taken(c);
        }
    }
    if (w.states.empty() && !words.empty()) {
        // No command takes the first word: the line is invalid there, with the caret where
        // step() would put it with every command started (best_viable; before the first word
        // every command's keyword path is ""). A line of the parent mode typed in a sub-mode
        // is tried here first, and a State for each of the sub-mode's hundreds of commands was
        // most of what it cost.
        const Word& first = words.front();
        std::size_t best = 0;
        bool any = false;
        for (const auto& c : commands) {
            if (!defined(c)) continue;
            any = true;
            for (auto n : c.syntax.start) best = std::max(best, viable_prefix(c.syntax.nodes[n].token, first.text));
        }
        if (any) best = std::max(best, viable_in_ios("", first.text));
        w.stop = Walk::Stop::Invalid;
        w.invalid_column = first.column + best;
        return w;
    }
    if (words.empty()) {  // `?` or TAB on an empty line: every command is next
        w.states.reserve(commands.size());
        for (const auto& c : commands)
            if (defined(c)) w.states.push_back({&c, -1, {}, std::nullopt, false});
    }
    for (const auto& word : words)
        if (!step(w, line, word)) break;
    return w;
}

bool all_line_done(const std::vector<State>& states) {
    return std::all_of(states.begin(), states.end(), [](const State& s) { return s.line_done; });
}

}  // namespace

namespace {

MatchResult match_words(std::span<const CompiledCommand> commands, const CommandList* index, std::string_view line,
                        std::span<const std::string> absent) {
    auto words = split_words(line);
    if (words.empty()) return Incomplete{};
    Walk w = walk(commands, index, line, words, absent);
    if (w.stop == Walk::Stop::Invalid) return Invalid{w.invalid_column};
    if (w.stop == Walk::Stop::Ambiguous) return Ambiguous{};
    for (auto& s : w.states) {
        if (!accepts_end(s)) continue;
        Matched m{s.command, std::move(s.args)};
        if (m.form() != Form::Set && !m.args.empty()) m.args.erase(m.args.begin());  // drop `no`
        return m;
    }
    return Incomplete{};
}

}  // namespace

MatchResult match_line(std::span<const CompiledCommand> commands, std::string_view line,
                       std::span<const std::string> absent) {
    return match_words(commands, nullptr, line, absent);
}

MatchResult match_line(const CommandList& commands, std::string_view line, std::span<const std::string> absent) {
    return match_words(commands.all(), &commands, line, absent);
}

namespace {

void add_entry(std::vector<HelpEntry>& out, std::string token, const std::string& help) {
    for (auto& e : out) {
        if (e.token == token) {
            if (e.help.empty()) e.help = help;
            return;
        }
    }
    out.push_back({std::move(token), help});
}

void sort_entries(std::vector<HelpEntry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const HelpEntry& a, const HelpEntry& b) { return a.token < b.token; });
}

}  // namespace

HelpListing help(std::span<const CompiledCommand> commands, std::string_view line) {
    HelpListing out;
    auto words = split_words(line);
    bool partial = !line.empty() && line.back() != ' ' && line.back() != '\t';
    std::vector<Word> full(words.begin(), words.end() - (partial && !words.empty() ? 1 : 0));
    Walk w = walk(commands, nullptr, line, full);
    if (w.stop == Walk::Stop::Invalid || w.states.empty()) { out.kind = HelpListing::Kind::Unrecognized; return out; }
    if (w.stop == Walk::Stop::Ambiguous) { out.kind = HelpListing::Kind::Ambiguous; return out; }

    if (partial) {
        out.kind = HelpListing::Kind::Completions;
        std::string_view prefix = words.back().text;
        for (const auto& s : w.states) {
            if (s.line_done) continue;
            if (s.pending_interface) continue;
            for (auto n : next_nodes(s)) {
                const Token& t = token_of(s, n);
                if (t.kind == TokenKind::Keyword && istarts_with(t.text, prefix)) add_entry(out.entries, t.text, "");
                if (t.kind == TokenKind::Interface)
                    for (const auto* ti : types_matching(prefix)) add_entry(out.entries, std::string(ti->name), "");
            }
        }
        if (out.entries.empty()) {
            // A partial value (a number, an address) lists its placeholder, as IOS does.
            for (const auto& s : w.states) {
                if (s.line_done || s.pending_interface) continue;
                for (auto n : next_nodes(s)) {
                    const Token& t = token_of(s, n);
                    if (t.kind != TokenKind::Keyword && viable_prefix(t, prefix) == prefix.size())
                        add_entry(out.entries, t.text, t.help);
                }
            }
            if (!out.entries.empty()) out.kind = HelpListing::Kind::Tokens;
        }
        if (out.entries.empty()) out.kind = HelpListing::Kind::Unrecognized;
        sort_entries(out.entries);
        return out;
    }

    for (const auto& s : w.states) {
        if (accepts_end(s)) out.can_end = true;
        if (s.line_done) continue;
        if (s.pending_interface) {
            const auto& ti = info(*s.pending_interface);
            add_entry(out.entries, number_placeholder(ti.type), std::string(ti.number_help));
            continue;
        }
        for (auto n : next_nodes(s)) {
            const Token& t = token_of(s, n);
            if (t.kind == TokenKind::Interface) {
                for (const auto& ti : interface_types()) add_entry(out.entries, std::string(ti.name), std::string(ti.help));
            } else {
                add_entry(out.entries, t.text, t.help);
            }
        }
    }
    if (all_line_done(w.states) && !full.empty() && out.entries.empty()) {
        // After a LINE argument IOS still lists the LINE placeholder.
        for (const auto& s : w.states) add_entry(out.entries, s.args.back().token->text, s.args.back().token->help);
    }
    sort_entries(out.entries);
    return out;
}

std::optional<std::string> complete(std::span<const CompiledCommand> commands, std::string_view line) {
    auto words = split_words(line);
    if (words.empty() || line.back() == ' ' || line.back() == '\t') return std::nullopt;
    std::vector<Word> full(words.begin(), words.end() - 1);
    Walk w = walk(commands, nullptr, line, full);
    if (w.stop != Walk::Stop::None) return std::nullopt;
    std::string_view prefix = words.back().text;
    // Completed text -> whether a space follows (not after a bare interface type: the number
    // may be typed right after it, as in "Tunnel0").
    std::map<std::string, bool> choices;
    for (const auto& s : w.states) {
        if (s.line_done || s.pending_interface) continue;
        for (auto n : next_nodes(s)) {
            const Token& t = token_of(s, n);
            if (t.kind == TokenKind::Keyword && istarts_with(t.text, prefix)) choices[t.text] = true;
            if (t.kind != TokenKind::Interface) continue;
            std::size_t letters = type_prefix_length(prefix);
            const auto* type = resolve_type(prefix.substr(0, letters));
            if (!type) continue;
            bool numbered = letters < prefix.size();
            choices[std::string(type->name) + std::string(prefix.substr(letters))] = numbered;
        }
    }
    // An exact keyword wins over longer ones it prefixes (`ip` against `ipv6`).
    for (const auto& [text, space] : choices)
        if (iequals(text, prefix)) {
            choices = {{text, space}};
            break;
        }
    if (choices.size() != 1) return std::nullopt;
    std::string out(line.substr(0, words.back().column));
    out += choices.begin()->first;
    if (choices.begin()->second) out += ' ';
    return out;
}

std::string format_help(const HelpListing& listing, std::size_t width) {
    std::string out;
    if (listing.kind == HelpListing::Kind::Completions) {
        // IOS prints the completions on one line, two spaces apart, wrapped at the width.
        std::size_t col = 0;
        for (const auto& e : listing.entries) {
            if (col > 0 && col + 2 + e.token.size() > width) { out += '\n'; col = 0; }
            if (col > 0) { out += "  "; col += 2; }
            out += e.token;
            col += e.token.size();
        }
        out += '\n';
        return out;
    }
    std::size_t pad = 0;
    for (const auto& e : listing.entries) pad = std::max(pad, e.token.size());
    pad += 2;
    for (const auto& e : listing.entries) {
        std::string row = "  " + e.token;
        if (!e.help.empty()) row += std::string(pad - e.token.size(), ' ') + e.help;
        out += row + '\n';
    }
    if (listing.can_end) out += "  <cr>\n";
    return out;
}

}  // namespace routerd::grammar
