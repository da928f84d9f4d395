#include "engine/control/dispatcher.hpp"

#include "engine/config/edited_object.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "engine/control/console_login.hpp"
#include "engine/control/exec_commands.hpp"
#include "engine/control/telnet_command.hpp"
#include "engine/config/secrets.hpp"
#include "engine/show/output_filter.hpp"
#include "grammar/matcher.hpp"
#include "grammar/token.hpp"

namespace routerd::control {
namespace {

using grammar::Mode;

// Enter may arrive as CR, LF or CR LF, and terminals can send NULs: none is part of a command.
std::string clean(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c != '\r' && c != '\n' && c != '\0') out += c;
    return out;
}

// Where a line stops being text a terminal shows as it is: a control byte (C0 but TAB, DEL), or
// a byte that is not part of a well-formed UTF-8 sequence (a lone high byte is a C1 control to
// a Latin-1 terminal: 0x9b starts an escape sequence). npos when there is none.
std::size_t first_unprintable(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        auto u = static_cast<unsigned char>(text[i]);
        if (u < 0x80) {
            if ((u < 0x20 && u != '\t') || u == 0x7f) return i;
            ++i;
            continue;
        }
        // RFC 3629 4: the lead byte says how many continuation bytes follow; overlong forms
        // and surrogates are not well formed.
        std::size_t n = u >= 0xc2 && u <= 0xdf ? 1 : u >= 0xe0 && u <= 0xef ? 2 : u >= 0xf0 && u <= 0xf4 ? 3 : 0;
        if (n == 0 || i + n >= text.size()) return i;  // not a lead byte, or cut short
        auto b1 = static_cast<unsigned char>(text[i + 1]);
        if ((u == 0xe0 && b1 < 0xa0) || (u == 0xed && b1 > 0x9f) || (u == 0xf0 && b1 < 0x90) || (u == 0xf4 && b1 > 0x8f)) return i;
        for (std::size_t k = 1; k <= n; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return i;
        i += n + 1;
    }
    return std::string_view::npos;
}

// `show ... | include X`: the first '|' after a space splits; the expression may contain '|'.
std::size_t pipe_position(std::string_view text) {
    for (std::size_t i = 1; i < text.size(); ++i)
        if (text[i] == '|' && (text[i - 1] == ' ' || text[i - 1] == '\t')) return i;
    return std::string_view::npos;
}

// `do` must be spelled out (IOS: "d" is ambiguous with `default`).
// Only the first two words are read (every pasted line is asked): no list of all of them.
std::optional<std::size_t> do_argument(std::string_view text) {
    auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::nullopt;
    auto end = std::min(text.find_first_of(" \t", first), text.size());
    if (!grammar::iequals(text.substr(first, end - first), "do")) return std::nullopt;
    auto second = text.find_first_not_of(" \t", end);
    if (second == std::string_view::npos) return std::nullopt;
    return second;
}

// IOS ranks what a line achieved in each mode it tried: a complete match, then an
// incomplete or ambiguous command, then the invalid input that got furthest.
std::size_t progress(const grammar::MatchResult& r) {
    if (std::holds_alternative<grammar::Matched>(r)) return SIZE_MAX;
    if (auto* inv = std::get_if<grammar::Invalid>(&r)) return inv->column;
    return SIZE_MAX - 1;
}

// A kept line reached through an abbreviation (` ip route 0.0.0.0 ...` read as `ip
// route-cache` in interface mode): it yields to a parent mode's command that matches the line.
bool weak(const grammar::MatchResult& r) {
    auto* m = std::get_if<grammar::Matched>(&r);
    return m && grammar::is_stored(m->id()) && m->abbreviated();
}

}  // namespace

Dispatcher::Dispatcher(Router& router) : router_(router) {
    router_.merge_startup = [this](Session&) { return merge_startup(); };
}

// `copy startup-config running-config`: IOS merges (never replaces) and reports the size:
// "1234 bytes copied in 0.052 secs (23731 bytes/sec)". A bad line says why, as at boot.
std::string Dispatcher::merge_startup() {
    auto text = router_.store.load();
    if (!text) return "%Error opening nvram:startup-config (No such file or directory)\n";
    auto started = std::chrono::steady_clock::now();
    std::string out;
    for (const auto& report : load_config(*text)) out += report + "\n";
    router_.config.last_change = std::chrono::system_clock::now();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    secs = std::max(secs, 0.001);
    char line[128];
    std::snprintf(line, sizeof line, "%zu bytes copied in %.3f secs (%.0f bytes/sec)\n", text->size(), secs,
                  static_cast<double>(text->size()) / secs);
    return out + line;
}

grammar::MatchResult Dispatcher::match_kept(Mode mode, std::string_view text) const {
    // Only spelled in full: an abbreviation of a kept command must not swallow a typo of a
    // modelled one.
    auto r = grammar::match_line(router_.table.stored(mode), text);
    if (auto* k = std::get_if<grammar::Matched>(&r); k && k->abbreviated()) return grammar::Invalid{0};
    return r;
}

grammar::MatchResult Dispatcher::match_global(std::string_view text) const {
    auto r = grammar::match_line(router_.table.commands(Mode::Config), text);
    if (std::holds_alternative<grammar::Invalid>(r)) r = match_kept(Mode::Config, text);
    return r;
}

std::string Dispatcher::prompt(const Session& s) const {
    if (s.stack.empty()) return "";  // the session ended
    if (std::holds_alternative<AwaitEnablePassword>(s.pending)) return "Password: ";
    if (auto* login = std::get_if<AwaitLogin>(&s.pending)) return login->asking_password ? "Password: " : "Username: ";
    if (std::holds_alternative<AwaitConfigureFrom>(s.pending)) return "Configuring from terminal, memory, or network [terminal]? ";
    if (std::holds_alternative<AwaitCopyDestination>(s.pending)) return "Destination filename [startup-config]? ";
    if (std::holds_alternative<AwaitClearLoggingConfirm>(s.pending)) return "Clear logging buffer [confirm]";
    if (std::holds_alternative<AwaitBannerText>(s.pending)) return "";
    if (auto* q = std::get_if<AwaitAnswer>(&s.pending)) return q->prompt;
    if (!s.frame().prompt.empty()) return router_.config.hostname + s.frame().prompt;
    return router_.config.hostname + std::string(grammar::prompt_suffix(s.mode()));
}

protocol::Reply Dispatcher::reply(Session& s, std::string output) {
    protocol::Reply r;
    r.output = std::move(output);
    r.prompt = prompt(s);
    r.page_length = s.term_length;
    if (std::holds_alternative<AwaitEnablePassword>(s.pending)) r.flags |= protocol::Reply::kNoEcho;
    if (auto* login = std::get_if<AwaitLogin>(&s.pending))
        r.flags |= login->asking_password ? protocol::Reply::kNoEcho : protocol::Reply::kLogin;
    if (s.stack.empty()) {
        r.flags |= protocol::Reply::kClose;
        // The console is not disconnected as a vty is: the line goes idle (routersh --console
        // then waits for RETURN and begins a new session).
        if (s.console) r.output += console_idle_banner(router_.config.hostname);
    }
    return r;
}

protocol::Reply Dispatcher::greet(Session& s) {
    std::string out;
    // IOS shows the MOTD banner before asking for the login.
    if (router_.config.motd) out = router_.config.motd->text + "\n";
    if (s.console) out += begin_console(router_.config, s);
    return reply(s, out);
}

protocol::Reply Dispatcher::line(Session& s, std::string_view raw) {
    s.last_input = std::chrono::steady_clock::now();
    if (s.stack.empty()) return reply(s, "");  // nothing runs after exit
    auto out = run_line(s, clean(raw));
    auto r = reply(s, std::move(out));
    if (s.deferred) r.flags |= protocol::Reply::kDeferred;
    return r;
}

protocol::Reply Dispatcher::finish(Session& s, std::string output) {
    s.deferred = false;
    s.abort = nullptr;
    return reply(s, std::move(output));
}

protocol::Reply Dispatcher::end_session(Session& s) {
    s.pending = std::monostate{};
    if (!s.stack.empty() && grammar::is_config(s.mode())) leave_config(s);
    s.stack.clear();
    return reply(s, "");
}

std::string Dispatcher::run_line(Session& s, std::string_view text) {
    // An answer (a password, a banner line) is bounded like a command, by cutting it short.
    if (!std::holds_alternative<std::monostate>(s.pending)) return answer_pending(s, text.substr(0, kMaxCommandLine));
    // Where the first word begins (npos: no word); the words themselves are the matcher's.
    auto first = text.find_first_not_of(" \t");
    // A line starting with '!' is a comment to IOS, typed or pasted (configs are full of them).
    if (first == std::string_view::npos || text[first] == '!') return "";
    // A control byte (a stray Ctrl key or binary garbage in a paste) is part of no command; IOS's
    // line editor would have acted on it or dropped it. The caret goes under it, so that nothing
    // stores it and no other terminal is sent it raw (kept lines and %CONFIG-4 notices echo text).
    // Well-formed UTF-8 passes (a description in another language).
    auto unprintable = first_unprintable(text);
    if (text.size() > kMaxCommandLine || unprintable != std::string_view::npos) {
        // Nothing matches, stores or echoes a line this long: IOS's caret goes under the first
        // character past the limit, and in config mode the lines indented under it are
        // rejected with it, as under any rejected line.
        if (grammar::is_config(s.mode())) s.follow = IndentFollow{first, std::nullopt};
        auto at = std::min(kMaxCommandLine, unprintable);
        return error_text(s, grammar::Invalid{at}, text, 0);
    }
    // IOS keeps EXEC and configuration commands in separate histories (`show history` in
    // EXEC, `do show history` in config mode each list their own), 10 lines each.
    auto& history = grammar::is_config(s.mode()) ? s.config_history : s.history;
    if (history.size() < 10) {
        history.emplace_back(text);
    } else {  // the oldest line's string takes the new one: no allocation per pasted line
        std::string oldest = std::move(history.front());
        history.pop_front();
        oldest.assign(text);
        history.push_back(std::move(oldest));
    }
    if (!grammar::is_config(s.mode())) return run_exec(s, text, 0);
    if (auto arg = do_argument(text)) return run_exec(s, text.substr(*arg), *arg);
    return run_config(s, text);
}

const grammar::CommandList& Dispatcher::exec_table(const Session& s) const {
    return router_.table.commands(s.privilege >= 15 ? Mode::PrivExec : Mode::UserExec);
}

std::string Dispatcher::error_text(const Session& s, const grammar::MatchResult& r, std::string_view text,
                                   std::size_t column_offset) const {
    if (auto* inv = std::get_if<grammar::Invalid>(&r)) {
        // The caret sits under the column counted from the start of the prompt.
        return invalid_input_at(prompt(s).size() + column_offset + inv->column);
    }
    if (std::holds_alternative<grammar::Ambiguous>(r)) {
        auto t = std::string(text);
        while (!t.empty() && t.back() == ' ') t.pop_back();
        return "% Ambiguous command:  \"" + t + "\"\n";
    }
    return "% Incomplete command.\n\n";
}

std::string Dispatcher::run_exec(Session& s, std::string_view text, std::size_t offset) {
    const auto& table = exec_table(s);
    std::size_t bar = pipe_position(text);
    std::string_view left = bar == std::string_view::npos ? text : text.substr(0, bar);
    auto result = grammar::match_line(table, left);
    auto* m = std::get_if<grammar::Matched>(&result);
    if (m && bar != std::string_view::npos && !(m->command->def->flags & grammar::kPipeable)) {
        result = grammar::match_line(table, text);  // the '|' is then what is invalid
        m = std::get_if<grammar::Matched>(&result);
    }
    if (!m) {
        auto words = grammar::split_words(text);
        auto* inv = std::get_if<grammar::Invalid>(&result);
        if (inv && inv->column == words.front().column && words.size() == 1) {
            // IOS takes an unknown single word in EXEC for a host to telnet to.
            std::string w(words.front().text);
            // `quit` is IOS's hidden synonym of `exit` (absent from `?`, still abbreviable).
            if (offset == 0 && grammar::istarts_with("quit", w)) {
                s.stack.clear();
                return "";
            }
            // An address needs no name lookup: IOS goes straight to "Trying A.B.C.D ... ".
            if (auto address = grammar::parse_ipv4(w)) return start_telnet(router_, s, *address, 23);
            return router_.config.domain_lookup
                       ? "Translating \"" + w + "\"...domain server (255.255.255.255)\n"
                         "% Unknown command or computer name, or unable to find computer address\n"
                       : "Translating \"" + w + "\"\n"
                         "% Unknown command or computer name, or unable to find computer address\n";
        }
        if (std::holds_alternative<grammar::Incomplete>(result) && words.size() == 1 &&
            grammar::istarts_with("show", words.front().text) && words.front().text.size() >= 2)
            return "% Type \"show ?\" for a list of subcommands\n";
        return error_text(s, result, text, offset);
    }
    std::optional<grammar::Matched> filter;
    if (bar != std::string_view::npos) {
        auto right = text.substr(bar + 1);
        auto f = grammar::match_line(router_.table.commands(Mode::OutputModifier), right);
        if (!std::holds_alternative<grammar::Matched>(f)) return error_text(s, f, right, offset + bar + 1);
        filter = std::get<grammar::Matched>(f);
    }
    if (router_.settle) router_.settle();
    ExecContext ctx{router_, s, *m, filter.has_value(), prompt(s).size() + offset};
    std::string out = run_exec_command(ctx);
    if (filter && !ctx.invalid) {
        auto filtered = show::filter_output(filter->id(), filter->value(0), out);
        if (!filtered) return "% Invalid regular expression\n";
        out = *filtered;
    }
    return out;
}

std::string Dispatcher::run_config(Session& s, std::string_view text) {
    grammar::ModeFrame before = s.frame();
    std::string out = configure(s, text);
    // IOS's note on leaving an ISAKMP profile that cannot match any peer yet.
    if (before.mode == Mode::ConfIsaProf && (s.stack.empty() || !(s.frame() == before))) {
        auto& profiles = router_.config.crypto.isakmp_profiles;
        auto p = profiles.find(before.context);
        if (p != profiles.end() && p->second.match_identities.empty() && !loading_startup_)
            out += "% A profile is deemed incomplete until it has match identity statements\n";
    }
    return out;
}

std::string Dispatcher::configure(Session& s, std::string_view text) {
    std::size_t indent = 0;
    while (indent < text.size() && (text[indent] == ' ' || text[indent] == '\t')) ++indent;
    // Lines pasted deeper than the line before them are that line's block: a kept line takes
    // them as its own; under a rejected line they are rejected too, never applied to the mode
    // the session is still in (IOS would apply a rejected `interface`'s ` ip address` to the
    // previous interface; a paste must not).
    if (s.follow && indent > s.follow->indent) {
        if (s.follow->attach) {
            if (config::attach_child(router_.config, *s.follow->attach, text, indent)) {
                router_.config_changed(loading_startup_);
                return "";
            }
        } else {
            return std::string(prompt(s).size() + indent, ' ') +
                   "^\n% Invalid input detected at '^' marker.\n"
                   "% Not applied: the line this one is indented under was rejected\n\n";
        }
    }
    auto reject = [&](std::string out) {
        s.follow = IndentFollow{indent, std::nullopt};
        return out;
    };
    s.follow.reset();
    // Another session removed what this sub-mode edits: the session is back in global
    // configuration, where a global command still works; a line meant for the sub-mode is
    // refused and said, never applied to something else nor dropped without a word.
    if (auto gone = config::removed_object(router_.config, s.frame())) {
        while (s.stack.size() > 1 && s.mode() != Mode::Config) s.stack.pop_back();
        auto global = grammar::match_line(router_.table.commands(Mode::Config), text);
        auto words = grammar::split_words(text);
        if (words.size() == 1 && grammar::iequals(words[0].text, "exit")) return "";
        if (!std::holds_alternative<grammar::Matched>(global))
            return reject("% Not applied: " + *gone + " was removed by another session while this one edited it\n");
    }
    if (s.mode() == Mode::ConfigBlock && indent > 0) {
        if (!s.block_child_indent) s.block_child_indent = indent;
        auto words = grammar::split_words(text);
        if (words.size() == 1 && words[0].text == "exit" && indent > *s.block_child_indent) return "";
    }
    // The current mode first, then the parent modes: a global command typed in a sub-mode
    // works and moves the session to global config (IOS parser behaviour). In a kept block
    // every line is the block's, except an unindented line that is a global command.
    std::vector<grammar::ModeFrame> tried{s.frame()};
    // How deep the session's stack is with each tried frame on top (a command of a parent mode
    // returns the session there before it applies).
    std::vector<std::size_t> depth{s.stack.size()};
    if (auto p = grammar::parent(s.mode())) {
        // A sub-mode nested in another (a keyring's `peer`): the enclosing one first, then (config).
        if (*p != Mode::Config && s.stack.size() > 3 && s.stack[s.stack.size() - 2].mode == *p) {
            tried.push_back(s.stack[s.stack.size() - 2]);
            depth.push_back(s.stack.size() - 1);
            p = grammar::parent(*p);
        }
        if (p) {
            tried.push_back({*p, ""});
            depth.push_back(2);
        }
    }
    // In a block read by its indentation (a pasted or saved configuration: IOS indents every
    // block's lines), an unindented line that global configuration takes is the block's
    // sibling. Without this, a global line kept as typed that a sub-mode also takes would join
    // the interface rendered above it when the running-config is read back (`ip pim
    // rp-address ...` after an interface's kept `ip pim` lines; found by config_load_fuzz).
    // Typed flat, a block keeps IOS's parser order: the sub-mode first.
    bool sub_mode = s.mode() != Mode::Config && s.mode() != Mode::ConfigBlock;
    if (sub_mode && indent > 0) s.block_indented = true;
    // An unindented line's match in global configuration, once it is found to be the line's
    // (here, or in a kept block below): used as it is, not matched there again.
    std::optional<grammar::MatchResult> global_match;
    if (sub_mode && indent == 0 && s.block_indented) {
        auto global = match_global(text);
        auto* g = std::get_if<grammar::Matched>(&global);
        if (g && g->id() != grammar::CommandId::ConfigExit) {
            tried.assign(1, {Mode::Config, ""});
            depth.assign(1, 2);
            global_match = std::move(global);
        }
    }
    if (s.mode() == Mode::ConfigBlock && indent == 0) {
        auto global = match_global(text);
        auto* g = std::get_if<grammar::Matched>(&global);
        // A global command IOS has that fails only past its first word (`router nonsense 1`,
        // `ip route ... dhcp`) is still a global line: it gets the global caret, never joins
        // the block (a routing block hands its lines to FRR). No child of a routing block
        // begins with a global keyword (IOS's parser, too, tries the global commands once the
        // block's own have failed); `no X` and `default X` are the block's to judge.
        auto words = grammar::split_words(text);
        bool negation = !words.empty() && (grammar::iequals(words[0].text, "no") || grammar::iequals(words[0].text, "default"));
        std::size_t second_word_start = words.size() >= 2 ? words[1].column : SIZE_MAX;
        std::size_t second_word_end = words.size() >= 2 ? words[1].column + words[1].text.size() : SIZE_MAX;
        std::size_t failed_at = progress(global);
        bool past_keyword = negation ? failed_at > second_word_end : failed_at >= second_word_start;
        bool global_line = (g && g->id() != grammar::CommandId::ConfigExit) ||
                           std::holds_alternative<grammar::Incomplete>(global) ||
                           (std::holds_alternative<grammar::Invalid>(global) && past_keyword);
        if (global_line) {
            tried.erase(tried.begin());
            depth.erase(depth.begin());
            // Refused, the line is matched again below, for the caret of the modelled commands.
            if (g) global_match = std::move(global);
        }
    }
    grammar::MatchResult best = grammar::Invalid{0};
    std::size_t best_level = 0;
    if (global_match) best = std::move(*global_match);
    for (std::size_t level = 0; level < tried.size() && !global_match; ++level) {
        auto r = grammar::match_line(router_.table.commands(tried[level].mode), text);
        // A weak match yields to a modelled command, or a kept one typed in full.
        bool strong = std::holds_alternative<grammar::Matched>(r) && !weak(r);
        bool stronger = weak(best) && strong;
        if (level == 0 || progress(r) > progress(best) || stronger) {
            best = std::move(r);  // a match's args are not copied: every pasted line has one
            best_level = level;
        }
        if (strong) break;
    }
    if (std::holds_alternative<grammar::Invalid>(best)) {
        // Nothing modelled takes the line: a command IOS has that this box keeps as typed
        // may still (`aaa authentication ppp X local` beside the modelled `... login`).
        for (std::size_t level = 0; level < tried.size(); ++level) {
            auto r = match_kept(tried[level].mode, text);
            if (std::holds_alternative<grammar::Matched>(r)) {
                best = r;
                best_level = level;
                break;
            }
        }
    }
    auto* m = std::get_if<grammar::Matched>(&best);
    if (!m) return reject(error_text(s, best, text, 0));
    // A global command typed in a sub-mode moves the session to (config) once it is accepted;
    // refused (a transform combination IOS does not take), it leaves the session where it was,
    // and the caret is counted from the prompt the line was typed at (IOS, reference 1.3).
    std::optional<std::vector<grammar::ModeFrame>> typed_in;
    if (tried.front().mode != s.mode() || best_level > 0) {
        typed_in = s.stack;
        while (s.stack.size() > depth[best_level]) s.stack.pop_back();  // back to (config) or the enclosing sub-mode
    }
    switch (m->id()) {
        case grammar::CommandId::ConfigExit:
            if (s.mode() == Mode::Config) leave_config(s);
            else s.stack.pop_back();
            return "";
        case grammar::CommandId::ConfigEnd:
            leave_config(s);
            return "";
        default: break;
    }
    std::string out;
    config::ApplyContext ctx{router_.config, *m, s.frame(), out, loading_startup_, indent};
    // Not while startup-config loads: the links may still hold what a killed routerd added
    // from that very configuration, which would refuse its own lines.
    if (!loading_startup_)
        ctx.box_overlap = [this](const config::Ipv4WithMask& a, const grammar::InterfaceName& self) {
            return router_.box_address_overlap(a, self);
        };
    auto result = config::apply(ctx);
    if (typed_in && (!result || result->invalid_column)) s.stack = std::move(*typed_in);
    if (!result) return reject("% Command not available here\n");  // a definition without a handler
    if (result->invalid_column) {
        std::size_t column = *result->invalid_column;
        if (!result->absent_here.empty()) {
            // As IOS's parser, which never offered the command here: the caret goes where this
            // mode's other commands, and its parents', stop matching (`tunnel` on an Ethernet
            // interface: "t" still begins global `track`, "tu" nothing).
            std::size_t furthest = 0;
            for (const auto& f : tried) {
                auto r = grammar::match_line(router_.table.commands(f.mode), text, result->absent_here);
                if (auto* inv = std::get_if<grammar::Invalid>(&r)) furthest = std::max(furthest, inv->column);
            }
            column = std::max(column, furthest);
        }
        return reject(error_text(s, grammar::Invalid{column}, text, 0));
    }
    if (result->changed) router_.config_changed(loading_startup_);
    for (const auto& [severity, message] : result->log) router_.log.emit(severity, message);
    if (result->enter && result->nested) {
        // A sub-mode inside the current one (address-family in router bgp); another family
        // typed there replaces it, as IOS moves from one family to the next.
        if (s.stack.back().prompt == result->enter->prompt) s.stack.back() = *result->enter;
        else s.stack.push_back(*result->enter);
        s.block_indented = false;
    } else if (result->enter) {
        while (s.stack.size() > 2) s.stack.pop_back();
        s.stack.push_back(*result->enter);
        s.block_child_indent.reset();
        s.block_indented = false;
    }
    if (result->leave && s.stack.size() > 3) s.stack.pop_back();
    if (result->collect_banner) s.pending = AwaitBannerText{*result->collect_banner};
    if (result->ask) ask(s, std::move(*result->ask));
    if (result->children_of) s.follow = IndentFollow{indent, result->children_of};
    // A command that printed a complaint and changed nothing was refused: its block goes too.
    else if (!out.empty() && !result->changed && !result->enter && !result->ask)
        s.follow = IndentFollow{indent, std::nullopt};
    if (!loading_startup_) out += result->notice;
    return out;
}

void Dispatcher::ask(Session& s, config::Question q) {
    Session* session = &s;
    auto answer = std::move(q.answer);
    s.pending = AwaitAnswer{std::move(q.prompt), [this, session, answer](std::string_view text) {
        std::string out;
        auto r = answer(text, out);
        if (r.changed) router_.config_changed(loading_startup_);
        for (const auto& [severity, message] : r.log) router_.log.emit(severity, message);
        if (r.ask) ask(*session, std::move(*r.ask));
        return out;
    }};
}

void Dispatcher::leave_config(Session& s) {
    s.stack = {{Mode::PrivExec, ""}};
    // Leaving configuration mode is when IOS's changes are all in effect.
    if (!loading_startup_ && router_.settle) router_.settle();
    if (loading_startup_) return;
    // IOS names the line: "by console" on a console nobody logged in to, "by admin on
    // console" after a login there, "by admin on vty0" over a vty.
    if (s.console)
        router_.log.emit(5, "%SYS-5-CONFIG_I: Configured from console by " +
                                (s.user.empty() ? std::string("console") : s.user + " on console"));
    else
        router_.log.emit(5, "%SYS-5-CONFIG_I: Configured from console by " + s.user + " on vty" + std::to_string(s.vty));
}

std::string Dispatcher::answer_pending(Session& s, std::string_view text) {
    Pending pending = std::exchange(s.pending, std::monostate{});
    if (auto* banner = std::get_if<AwaitBannerText>(&pending)) {
        auto& b = banner->banner;
        // A banner goes to every terminal at login: what a terminal would act on is dropped.
        std::string kept(text);
        for (auto at = first_unprintable(kept); at != std::string::npos; at = first_unprintable(kept)) kept.erase(at, 1);
        text = kept;
        auto end = text.find(b.delimiter);
        if (end == std::string_view::npos) {
            b.text += std::string(text) + "\n";
            s.pending = *banner;
            return "";
        }
        b.text += std::string(text.substr(0, end));
        config::set_banner(router_.config, b.kind, b.delimiter, b.text);
        router_.config_changed(loading_startup_);
        return "";
    }
    if (auto* login = std::get_if<AwaitLogin>(&pending)) return answer_console_login(router_.config, s, *login, text);
    if (auto* enable = std::get_if<AwaitEnablePassword>(&pending)) {
        if (router_.config.enable_secret && config::verify_secret(*router_.config.enable_secret, text)) {
            s.privilege = 15;
            s.stack = {{Mode::PrivExec, ""}};
            return "";
        }
        // IOS asks three times, then gives up.
        if (++enable->attempts < 3) {
            s.pending = *enable;
            return "";
        }
        return "% Bad secrets\n\n";
    }
    if (auto* q = std::get_if<AwaitAnswer>(&pending)) return q->answer(text);
    auto word = grammar::split_words(text);
    std::string_view answer = word.empty() ? std::string_view{} : word.front().text;
    if (std::holds_alternative<AwaitConfigureFrom>(pending)) {
        if (answer.empty() || grammar::istarts_with("terminal", answer)) {
            s.stack.push_back({Mode::Config, ""});
            return "Enter configuration commands, one per line.  End with CNTL/Z.\n";
        }
        return "?Must be \"terminal\", \"memory\" or \"network\"\n";
    }
    if (std::holds_alternative<AwaitCopyDestination>(pending)) {
        if (!answer.empty() && answer != "startup-config") return "%Error opening flash:" + std::string(answer) + " (Not supported)\n";
        return save_startup(router_);
    }
    if (std::holds_alternative<AwaitClearLoggingConfirm>(pending)) {
        if (answer.empty() || grammar::istarts_with("yes", answer)) router_.log.clear_buffer();
        return "";
    }
    return "";
}

protocol::Reply Dispatcher::help(Session& s, std::string_view before) {
    std::string text = clean(before);
    protocol::Reply r = reply(s, "");
    r.flags |= protocol::Reply::kRedraw;
    r.line = text;
    if (s.stack.empty() || !std::holds_alternative<std::monostate>(s.pending)) return r;
    Mode mode = s.mode();
    std::string_view part = text;
    if (grammar::is_config(mode)) {
        if (auto arg = do_argument(text)) {
            mode = s.privilege >= 15 ? Mode::PrivExec : Mode::UserExec;
            part = std::string_view(text).substr(*arg);
        }
    }
    if (!grammar::is_config(mode)) {
        mode = s.privilege >= 15 ? Mode::PrivExec : Mode::UserExec;
        auto bar = pipe_position(part);
        if (bar != std::string_view::npos) {
            mode = Mode::OutputModifier;
            part = part.substr(bar + 1);
        }
    }
    auto listing = grammar::help(router_.table.commands(mode), part);
    using Kind = grammar::HelpListing::Kind;
    if (listing.kind == Kind::Unrecognized) r.output = "% Unrecognized command\n";
    else if (listing.kind == Kind::Ambiguous) r.output = "% Ambiguous command:  \"" + std::string(part) + "\"\n";
    else {
        if (grammar::split_words(part).empty()) r.output = std::string(grammar::help_title(mode)) + "\n";
        r.output += grammar::format_help(listing, s.term_width ? s.term_width : 80) + "\n";
    }
    return r;
}

protocol::Reply Dispatcher::complete(Session& s, std::string_view before) {
    std::string text = clean(before);
    protocol::Reply r = reply(s, "");
    r.flags |= protocol::Reply::kRedraw;
    r.line = text;
    if (s.stack.empty()) return r;
    std::size_t offset = 0;
    Mode mode = s.mode();
    if (grammar::is_config(mode)) {
        if (auto arg = do_argument(text)) {
            offset = *arg;
            mode = s.privilege >= 15 ? Mode::PrivExec : Mode::UserExec;
        }
    } else {
        mode = s.privilege >= 15 ? Mode::PrivExec : Mode::UserExec;
        auto bar = pipe_position(text);
        if (bar != std::string_view::npos) {
            offset = bar + 1;
            mode = Mode::OutputModifier;
        }
    }
    auto done = grammar::complete(router_.table.commands(mode), std::string_view(text).substr(offset));
    // Like a typed line, completion falls back to the parent mode's commands.
    if (!done && offset == 0)
        if (auto p = grammar::parent(mode)) done = grammar::complete(router_.table.commands(*p), text);
    if (!done) r.flags |= protocol::Reply::kBell;
    else r.line = text.substr(0, offset) + *done;
    return r;
}

protocol::Reply Dispatcher::interrupt(Session& s, char key) {
    if (s.stack.empty()) return reply(s, "");
    // Ctrl-C or Ctrl-Z at "Username:" never gets past the login: the question is asked again.
    if (std::holds_alternative<AwaitLogin>(s.pending)) return reply(s, "");
    bool was_waiting = !std::holds_alternative<std::monostate>(s.pending);
    s.pending = std::monostate{};
    // Ctrl-Z, and Ctrl-C too, leave configuration mode from any depth (IOS).
    if (!was_waiting && grammar::is_config(s.mode()) && (key == 'Z' || key == 'C')) leave_config(s);
    return reply(s, "");
}

std::vector<std::string> Dispatcher::load_config(const std::string& text) {
    std::vector<std::string> reports;
    Session boot;
    boot.user = "startup-config";
    boot.privilege = 15;
    boot.stack = {{Mode::PrivExec, ""}, {Mode::Config, ""}};
    loading_startup_ = true;
    std::size_t start = 0;
    int number = 0;
    while (start <= text.size()) {
        auto nl = text.find('\n', start);
        std::string_view ln = std::string_view(text).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? text.size() + 1 : nl + 1;
        ++number;
        std::string lc = clean(ln);
        auto words = grammar::split_words(lc);
        bool in_banner = std::holds_alternative<AwaitBannerText>(boot.pending);
        if (!in_banner && words.empty()) continue;
        if (!in_banner && words.size() == 1 && words.front().text == "end") break;
        if (!grammar::is_config(boot.mode())) boot.stack = {{Mode::PrivExec, ""}, {Mode::Config, ""}};
        std::string out = run_line(boot, lc);
        // Anything a config line prints while loading is a complaint about that line. The
        // caret was placed after a prompt; here it goes under the line itself.
        if (!out.empty()) {
            // The report goes to routerd's log (the journal): the line's keys and passwords
            // are hidden as IOS's `hidekeys` hides them, and the caret moves with the text.
            // A line refused for its length is shown up to where it was refused.
            auto masked = config::mask_secrets(std::string_view(lc).substr(0, kMaxCommandLine));
            auto caret = out.find('^');
            auto invalid = out.find("% Invalid input");
            if (caret != std::string::npos && invalid != std::string::npos && caret < invalid) {
                std::size_t indent = caret >= prompt(boot).size() ? caret - prompt(boot).size() : 0;
                out = std::string(masked.column_in_text(indent), ' ') + out.substr(caret);
            }
            // A message that quotes the line would show the secret too. (A one- or two-letter
            // secret is left: replacing it would garble the message instead.)
            for (const auto& secret : masked.secrets) {
                if (secret.size() < 3) continue;
                for (auto at = out.find(secret); at != std::string::npos;
                     at = out.find(secret, at + config::kMaskedSecret.size()))
                    out.replace(at, secret.size(), config::kMaskedSecret);
            }
            reports.push_back("startup-config line " + std::to_string(number) + ":\n" + masked.text + "\n" + out);
        }
    }
    loading_startup_ = false;
    return reports;
}

}  // namespace routerd::control
