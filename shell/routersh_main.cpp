// routersh: the terminal of routerd. Thin by design: every line, `?` and TAB goes to routerd,
// which owns the grammar, the modes and the configuration.
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shell/client.hpp"
#include "shell/interactive.hpp"
#include "shell/line_source.hpp"

namespace {

using routerd::protocol::MessageType;
using routerd::protocol::Reply;

struct Options {
    std::string socket = "/run/routerd/routerd.sock";
    std::vector<std::string> commands;
    bool stay_interactive = false;
    bool check_login = false;
    bool console = false;
};

void usage(std::ostream& out) {
    out << "usage: routersh [--socket PATH] [-c COMMAND]... [-i] [--console]\n"
           "  --socket PATH  routerd's control socket (default /run/routerd/routerd.sock)\n"
           "  -c COMMAND     run COMMAND (repeatable; one session, in order) and print its output\n"
           "  -i             after the -c commands, go on interactively\n"
           "  --check-login  for the router's sshd (pam_exec expose_authtok): ask routerd whether\n"
           "                 PAM_USER and the password on standard input may log in; exit 0 if so\n"
           "  --line-by-line piped input: send each line alone, as typed, even when many wait\n"
           "  --console      be the router's console, line con 0 (agetty's login program:\n"
           "                 agetty -n -l /usr/bin/routersh -o --console TTY): its login, and\n"
           "                 after each session \"Press RETURN to get started.\"; root only\n"
           "The socket defaults to $ROUTERD_SOCKET when set (routerd's sshd sets it).\n"
           "With standard input not a terminal, lines are read like a paste and a transcript\n"
           "(prompt, line, output) is printed.\n";
}

void print(const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
}

// A batch's transcript goes out in stdio's buffer, written at the batch's end (or before, by a
// print() of a log line, in order): a write per line was most of routersh's time in a paste.
void print_buffered(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// Piped input, read once for the whole process: the console (run_console) goes on reading
// where a session's transcript stopped.
routerd::shell::LineSource g_stdin_lines{STDIN_FILENO};
// routersh --line-by-line: one request per line, for comparing the two paths (tests, bench).
bool g_batches = true;

// A line that may travel in a batch: one that is sent as a Line whatever the prompt. Keys
// (`?`, TAB, Ctrl-Z) depend on the prompt they are typed at and go one by one; so does a line
// too long for a batch, which routerd refuses for its length anyway.
bool batchable(const std::string& line) {
    if (line == "\x1a" || line == "^Z") return false;
    if (!line.empty() && (line.back() == '?' || line.back() == '\t')) return false;
    return line.size() <= 16384;
}

// What the transcript shows of a line typed at a prompt: a password is not echoed.
std::string echo(const std::string& line, const Reply& prompt_reply) {
    return (prompt_reply.flags & Reply::kNoEcho) ? "\n" : line + "\n";
}

// Lines already waiting behind `first`, up to a batch's bounds; empty when there are none
// (then `first` goes alone, as typed input does).
std::vector<std::string> gather_batch(std::string first) {
    std::vector<std::string> batch{std::move(first)};
    std::size_t bytes = 4 + 4 + batch.front().size();
    while (batch.size() < routerd::protocol::kMaxBatchLines && g_stdin_lines.line_ready()) {
        auto line = g_stdin_lines.next();
        if (!line) break;
        if (!batchable(*line) || bytes + 4 + line->size() > routerd::protocol::kMaxBatchBytes) {
            g_stdin_lines.put_back({*line});
            break;
        }
        bytes += 4 + line->size();
        batch.push_back(std::move(*line));
    }
    return batch.size() > 1 ? batch : std::vector<std::string>{};
}

// Piped input: a transcript as a terminal would show it, for tests and scripts. Keys keep
// their terminal meaning: a line ending in '?' asks for help and a trailing TAB completes
// (the text then stays typed, as IOS redraws it), and a Ctrl-Z character leaves config mode.
// Lines that are already waiting go to routerd in batches; the transcript is the same byte for
// byte as when each goes alone (tests/control/test_paste.py).
int run_transcript(routerd::shell::Client& client, Reply reply) {
    // A large answer goes out as it arrives, in stdio's buffer with the rest of the transcript:
    // a 20 MB show held whole, then copied into the transcript, was most of routersh's time for
    // it and of the show's end-to-end latency (issue 14).
    client.on_output = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
    print(reply.output + reply.prompt);
    std::string typed;  // text redrawn after `?` or TAB, continued by the next line
    while (!(reply.flags & Reply::kClose)) {
        auto read = g_stdin_lines.next();
        if (!read) break;
        std::string line = std::move(*read);
        if (g_batches && typed.empty() && batchable(line)) {
            auto batch = gather_batch(line);
            if (!batch.empty()) {
                print(echo(batch.front(), reply));
                auto taken = client.request_batch(
                    batch,
                    [&](std::size_t, const Reply& r) {
                        reply = r;
                        print_buffered(r.output);
                        print_buffered(r.prompt);
                    },
                    [&](std::size_t i) { print_buffered(echo(batch[i], reply)); });
                std::fflush(stdout);
                if (!taken) {
                    std::fprintf(stderr, "routersh: connection to routerd lost\n");
                    return 1;
                }
                // Lines after one that ended the session or after a full reply: as if unread.
                if (*taken < batch.size()) g_stdin_lines.put_back({batch.begin() + static_cast<std::ptrdiff_t>(*taken), batch.end()});
                continue;
            }
        }
        bool secret = reply.flags & Reply::kNoEcho;
        // A login name is a plain line: no `?` help, no completion, no Ctrl-Z.
        bool plain = secret || (reply.flags & Reply::kLogin);
        std::optional<Reply> next;
        if (!plain && (line == "\x1a" || line == "^Z")) {
            print("^Z\n");
            typed.clear();
            next = client.request(MessageType::Interrupt, "Z");
        } else if (!plain && !line.empty() && (line.back() == '?' || line.back() == '\t')) {
            bool help = line.back() == '?';
            std::string text = typed + line.substr(0, line.size() - 1);
            print(line.substr(0, line.size() - 1) + (help ? "?\n" : "\n"));
            next = client.request(help ? MessageType::Help : MessageType::Complete, text);
            if (!next) break;
            typed = next->line;
            print(next->output + next->prompt + typed);
            continue;
        } else {
            print(echo(line, reply));
            next = client.request(MessageType::Line, typed + line);
            typed.clear();
        }
        if (!next) {
            std::fprintf(stderr, "routersh: connection to routerd lost\n");
            return 1;
        }
        reply = std::move(*next);
        print_buffered(reply.output);
        print(reply.prompt);
    }
    // Log lines that came while we waited for input (terminal monitor) are shown before leaving.
    client.poll_async();
    print("\n");
    return 0;
}

// pam_exec gives the password on standard input (NUL-terminated) and the user and client in
// PAM_USER and PAM_RHOST; routerd decides. Exit status 0 lets the user in.
int check_login(routerd::shell::Client& client) {
    routerd::protocol::Login login;
    const char* user = std::getenv("PAM_USER");
    const char* rhost = std::getenv("PAM_RHOST");
    if (!user) return 2;
    login.user = user;
    login.remote = rhost ? rhost : "";
    std::getline(std::cin, login.password, '\0');
    if (!login.password.empty() && login.password.back() == '\n') login.password.pop_back();
    auto r = client.request(MessageType::Login, routerd::protocol::encode_login(login));
    return r && (r->flags & Reply::kAccepted) ? 0 : 1;
}

routerd::protocol::Hello terminal_hello(bool tty) {
    routerd::protocol::Hello hello;
    winsize ws{};
    if (tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col) {
        hello.width = ws.ws_col;
        hello.height = ws.ws_row;
    }
    return hello;
}

// The console: one session after another on the same terminal, as IOS's line con 0. When a
// session ends (exit, logout, exec-timeout, three failed logins) routerd's last reply says
// "R1 con0 is now available ... Press RETURN to get started." and the line waits here for
// RETURN, then a new session begins with the console's login. routersh itself leaves only when
// the terminal goes away (hangup, end of input): agetty, restarted by systemd, then sets the
// line up afresh. Waiting here rather than exiting keeps the IOS banner and the RETURN
// between sessions, which a respawned agetty -n (straight to the login program) would not.
// Why routersh cannot reach routerd. Refused on the socket's permissions, routerd runs: saying
// it does not would send the user looking for the wrong fault.
std::string cannot_connect(const routerd::shell::Client& client, const std::string& socket, const std::string& err) {
    if (client.access_denied())
        return "permission denied on " + socket + ": routerd lets only root, its own user and its group connect";
    return "routerd is not running (cannot connect to " + socket + ": " + err + ")";
}

int run_console(const Options& o) {
    bool tty = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
    std::optional<routerd::shell::RawTerminal> raw;
    if (tty) raw.emplace();
    auto idle = [&] {
        if (tty) return routerd::shell::wait_for_return();
        return g_stdin_lines.next().has_value();
    };
    while (true) {
        routerd::shell::Client client;
        if (auto err = client.connect(o.socket)) {
            // routerd not (yet) up: say so on the line and let RETURN try again.
            print("% " + cannot_connect(client, o.socket, *err) + "\n");
        } else {
            auto hello = terminal_hello(tty);
            hello.interactive = tty;
            hello.console = true;
            client.on_async = [](const std::string& text) { print(text); };
            auto reply = client.request(MessageType::Hello, routerd::protocol::encode_hello(hello));
            if (!reply) {
                print("% routerd closed the connection\n");
            } else if (reply->flags & Reply::kClose) {
                print(reply->output);  // the console refused (another session holds con 0)
            } else if (tty) {
                bool closed = false;
                routerd::shell::run_interactive(client, *reply, true, &closed);
                if (closed) return 0;
            } else {
                run_transcript(client, *reply);
                if (g_stdin_lines.at_end()) return 0;
            }
        }
        if (!idle()) return 0;
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (const char* env = std::getenv("ROUTERD_SOCKET"); env && *env) o.socket = env;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--socket" && i + 1 < argc) o.socket = argv[++i];
        else if (a == "-c" && i + 1 < argc) o.commands.push_back(argv[++i]);
        else if (a == "-i") o.stay_interactive = true;
        else if (a == "--check-login") o.check_login = true;
        else if (a == "--console") o.console = true;
        else if (a == "--line-by-line") g_batches = false;
        else if (a == "--help" || a == "-h") { usage(std::cout); return 0; }
        else {
            std::cerr << "routersh: unknown argument '" << a << "'\n";
            usage(std::cerr);
            return 2;
        }
    }
    if (o.console) return run_console(o);
    routerd::shell::Client client;
    if (auto err = client.connect(o.socket)) {
        std::cerr << "routersh: " << cannot_connect(client, o.socket, *err) << "\n";
        return 1;
    }
    if (o.check_login) return check_login(client);
    bool tty = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
    auto hello = terminal_hello(tty);
    hello.interactive = tty && (o.commands.empty() || o.stay_interactive);
    // sshd says where the user is: "CLIENT_ADDRESS CLIENT_PORT SERVER_ADDRESS SERVER_PORT".
    if (const char* conn = std::getenv("SSH_CONNECTION")) {
        std::string c = conn;
        hello.origin = c.substr(0, c.find(' '));
    }
    client.on_async = [](const std::string& text) { print(text); };
    auto reply = client.request(MessageType::Hello, routerd::protocol::encode_hello(hello));
    if (!reply) {
        std::cerr << "routersh: routerd closed the connection\n";
        return 1;
    }
    if (reply->flags & Reply::kClose) {  // refused at once: every session routerd serves is taken
        print(reply->output);
        return 1;
    }
    if (!o.commands.empty()) {
        // A command that asks for a password (enable's "Password:") takes the next -c as the
        // answer; left unanswered or refused, the commands after it would run at the wrong
        // privilege or be taken as secrets, so routersh stops with a message and status 1
        // instead of printing nothing and exiting 0.
        std::string asking;  // the command whose password the next -c answers
        client.on_output = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
        for (const auto& cmd : o.commands) {
            auto r = client.request(MessageType::Line, cmd);
            if (!r) {
                std::cerr << "routersh: connection to routerd lost\n";
                return 1;
            }
            print(r->output);
            reply = *r;
            if (reply->flags & Reply::kClose) return 0;
            bool asks = reply->flags & Reply::kNoEcho;
            if (asks && !asking.empty()) {
                std::cerr << "routersh: \"" << asking << "\": the password given as the next -c was refused\n";
                return 1;
            }
            if (!asking.empty() && reply->output.find("% Bad secrets") != std::string::npos) return 1;
            asking = asks ? cmd : "";
        }
        if (!asking.empty()) {
            std::cerr << "routersh: \"" << asking << "\" asks for a password: give it as the next -c\n";
            return 1;
        }
        if (!o.stay_interactive) return 0;
        client.on_output = nullptr;  // the pager needs a reply whole
        reply->output.clear();
    }
    if (tty) return routerd::shell::run_interactive(client, *reply);
    return run_transcript(client, *reply);
}
