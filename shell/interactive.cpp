#include "shell/interactive.hpp"

#include <fcntl.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "shell/pager.hpp"

namespace routerd::shell {
namespace {

void write_all(std::string_view s) {
    std::size_t done = 0;
    while (done < s.size()) {
        ssize_t n = ::write(STDOUT_FILENO, s.data() + done, s.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// Our own output goes out after whatever readline still holds, in order.
void write_out(std::string_view s) {
    std::fflush(stdout);
    if (rl_outstream) std::fflush(rl_outstream);
    write_all(s);
}

// readline's output without pad characters. terminfo entries for hardware terminals ask for
// them (vt100, which Netmiko and paramiko announce, pads clear-to-end-of-line with 3 ms of
// NULs: dozens at console speeds), and readline writes them before each log line it puts
// above the prompt. IOS never sends NUL, and a client reading the session sees them.
ssize_t write_without_padding(void*, const char* buf, std::size_t size) {
    std::string kept;
    kept.reserve(size);
    for (std::size_t i = 0; i < size; ++i)
        if (buf[i] != '\0') kept.push_back(buf[i]);
    write_all(kept);
    return static_cast<ssize_t>(size);
}

// What the user types, as the CLI should see it. IOS takes CR, LF and CR LF each as one
// Enter (Ansible sends CR, Netmiko and scrapli LF, telnet clients CR LF) and ignores NUL
// (NAPALM's is_alive() sends one). The terminal is raw for the whole session, so bytes typed
// ahead of a prompt wait here in order and are never flushed or echoed early: the echo comes
// from readline when the byte is consumed, after the prompt (clients.md C5, C6, C9).
class Input {
public:
    // Reads what the terminal has; blocks only when asked. False at end of input.
    bool fill(bool block) {
        pollfd p{STDIN_FILENO, POLLIN, 0};
        int ready = ::poll(&p, 1, block ? -1 : 0);
        if (ready <= 0) return !eof_;
        char buf[4096];
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
        if (n <= 0) {
            eof_ = true;
            return false;
        }
        for (ssize_t i = 0; i < n; ++i) {
            char c = buf[i];
            bool after_cr = last_cr_;
            last_cr_ = c == '\r';
            if (c == '\0' || (c == '\n' && after_cr)) continue;
            pending_.push_back(c);
        }
        return true;
    }
    // The next byte, waiting for it; EOF when the terminal closed.
    int next() {
        while (pending_.empty())
            if (!fill(true) && pending_.empty()) return EOF;
        int c = static_cast<unsigned char>(pending_.front());
        pending_.pop_front();
        return c;
    }
    bool has_pending() const { return !pending_.empty(); }
    // IOS's escape sequence (Ctrl-^, then optionally x) typed ahead: taken out, true if there.
    bool take_escape() {
        auto it = std::find(pending_.begin(), pending_.end(), '\x1e');
        if (it == pending_.end()) return false;
        it = pending_.erase(it);
        if (it != pending_.end() && (*it == 'x' || *it == 'X')) pending_.erase(it);
        return true;
    }
    bool at_eof() const { return eof_ && pending_.empty(); }

private:
    std::deque<char> pending_;
    bool last_cr_ = false;
    bool eof_ = false;
};

// readline calls back through plain function pointers, so the terminal's state is reached
// through this one pointer, set only while run_interactive runs.
struct Terminal {
    Client& client;
    Input& input;
    std::string prompt;
    unsigned page_length = 24;
    unsigned width = 80;
    bool done = false;
    int status = 0;
    bool handler_installed = false;
    bool prompt_written = false;  // the prompt went out with the output, in the same write
    // IOS keeps EXEC and configuration histories apart: the arrow keys in config mode walk
    // the config lines only. readline holds the one in use; the other waits here.
    std::vector<std::string> exec_history = {}, config_history = {};
    std::string partial = {};  // a running command's output since its last newline
    bool config_mode = false;
    bool console = false;
};
Terminal* g_term = nullptr;
// What the terminal typed and nobody read yet outlives one session: on the console, the next
// session begins with it (a key typed right after RETURN, the LF of a CR LF).
Input g_input;
int g_signal_pipe[2] = {-1, -1};

void on_line(char* line);

// Drains the SIGINT pipe: true if Ctrl-C was pressed since it was last drained.
bool take_ctrl_c() {
    char c;
    bool any = false;
    while (::read(g_signal_pipe[0], &c, 1) == 1) any = true;
    return any;
}

// A key at --More--: Ctrl-C (a signal, not a byte, since the terminal keeps ISIG) counts as a
// key that stops the output, as on IOS, instead of waiting for the next byte.
int next_key() {
    while (!g_term->input.has_pending()) {
        pollfd p[2] = {{STDIN_FILENO, POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) continue;
        if ((p[1].revents & POLLIN) && take_ctrl_c()) return 3;
        if ((p[0].revents & (POLLIN | POLLHUP)) && !g_term->input.fill(false) && !g_term->input.has_pending()) return EOF;
    }
    return g_term->input.next();
}

// While a command runs (ping): Ctrl-C or IOS's escape sequence stops it. Other keys typed
// meanwhile wait in Input for the next prompt.
bool on_watch(int fd) {
    if (fd == g_signal_pipe[0]) {
        if (take_ctrl_c()) g_term->client.send_abort();
        return true;
    }
    if (!g_term->input.fill(false) && !g_term->input.has_pending()) return false;  // the terminal closed
    if (g_term->input.take_escape()) g_term->client.send_abort();
    return true;
}

int read_byte(FILE*) { return g_term->input.next(); }
// The terminal stays raw for the whole session (set up in run_interactive): readline must
// not switch it back to cooked mode between lines, or type-ahead is echoed by the kernel
// before the prompt (`R1>R1>`), which breaks clients' prompt matching.
void keep_raw(int) {}
void keep_raw_deprep() {}

// Config mode is any prompt with a mode in parentheses: "R1(config-if)#", "R1(cfg-crypto-trans)#".
bool is_config_prompt(const std::string& prompt) {
    return prompt.find('(') != std::string::npos && !prompt.empty() && prompt.back() == '#';
}

void follow_history_mode() {
    bool config = is_config_prompt(g_term->prompt);
    if (config == g_term->config_mode) return;
    g_term->config_mode = config;
    clear_history();
    for (const auto& line : config ? g_term->config_history : g_term->exec_history) add_history(line.c_str());
}

void install_prompt() {
    follow_history_mode();
    if (g_term->handler_installed) rl_callback_handler_remove();
    rl_already_prompted = g_term->prompt_written ? 1 : 0;
    rl_callback_handler_install(g_term->prompt.c_str(), on_line);
    rl_already_prompted = 0;
    g_term->prompt_written = false;
    g_term->handler_installed = true;
}

// `terminal width` is where IOS wraps the line being edited; 0 is no wrapping. Netmiko and
// Ansible set 511/512 and never resize, so their long echoed lines come back unbroken.
void follow_width(unsigned width) {
    if (width == g_term->width) return;
    g_term->width = width;
    int rows = 0, cols = 0;
    rl_get_screen_size(&rows, &cols);
    rl_set_screen_size(rows > 0 ? rows : 24, width == 0 ? 32767 : static_cast<int>(width));
}

// Output that fits without paging goes out in one write with the next prompt: clients
// take "prompt, then a short silence" as the end of a command's output (clients.md C13).
void show(const std::string& output, const std::string& prompt, unsigned page_length) {
    std::size_t lines = 0;
    for (char c : output) lines += c == '\n';
    if (!pages(page_length) || lines < page_length) {
        write_out(output + prompt);
    } else {
        page_output(output, page_length, next_key);
        write_out(prompt);
    }
    g_term->prompt_written = true;
}

// A line typed at a question routerd asked: with echo (a login name) or without (a password).
std::string read_answer(bool echo) {
    std::string out;
    while (true) {
        int c = g_term ? g_term->input.next() : std::getchar();
        if (c == EOF || c == '\n' || c == '\r') break;
        if (c == 0x7f || c == '\b') {
            if (!out.empty()) {
                out.pop_back();
                if (echo) write_out("\b \b");
            }
            continue;
        }
        out += static_cast<char>(c);
        if (echo) write_out(std::string(1, static_cast<char>(c)));
    }
    write_out("\n");
    return out;
}

// Prints a reply's output, then follows its prompt; asks for passwords without echo.
void follow(protocol::Reply reply) {
    while (true) {
        g_term->prompt = reply.prompt;
        g_term->page_length = reply.page_length;
        follow_width(reply.width);
        if (reply.flags & protocol::Reply::kClose) {
            if (!reply.output.empty()) page_output(reply.output, reply.page_length, next_key);
            g_term->done = true;
            return;
        }
        show(reply.output, reply.prompt, reply.page_length);
        // A password (no echo) or a login name (a plain line: `?` and TAB are characters there,
        // and no history keeps it), read here rather than by readline.
        bool secret = reply.flags & protocol::Reply::kNoEcho;
        if (!secret && !(reply.flags & protocol::Reply::kLogin)) return;
        g_term->prompt_written = false;
        std::string answer = read_answer(!secret);
        // Ctrl-C typed while answering is not an interrupt of what comes after (IOS ignores it
        // at Username:/Password:); the answer itself is sent as typed.
        take_ctrl_c();
        if (g_term->input.at_eof()) {
            g_term->done = true;
            return;
        }
        auto next = g_term->client.request(protocol::MessageType::Line, answer);
        if (!next) {
            g_term->done = true;
            g_term->status = 1;
            return;
        }
        reply = *next;
    }
}

void on_line(char* line) {
    if (!line) {  // Ctrl-D at an empty line, or the terminal closed: leave like `exit`
        write_out("\n");
        // A console outlives its sessions: Ctrl-D there does not log out, the prompt comes again.
        if (g_term->console && !g_term->input.at_eof()) {
            rl_callback_handler_remove();
            g_term->handler_installed = false;
            install_prompt();
            return;
        }
        g_term->done = true;
        return;
    }
    std::string text(line);
    std::free(line);
    if (!text.empty()) {
        add_history(text.c_str());
        auto& kept = g_term->config_mode ? g_term->config_history : g_term->exec_history;
        kept.push_back(text);
        if (kept.size() > 10) kept.erase(kept.begin());  // IOS's default history size
    }
    rl_callback_handler_remove();
    g_term->handler_installed = false;
    g_term->partial.clear();
    // A large answer that will not be paged goes out as it arrives, not held whole first: a
    // 100,000-line `show running-config` after Netmiko's `terminal length 0` (issue 14). One
    // that may be paged is held, as the pager needs its lines.
    if (!pages(g_term->page_length))
        g_term->client.on_output = [](std::string_view s) { write_out(s); };
    else
        g_term->client.on_output = nullptr;
    auto reply = g_term->client.request(protocol::MessageType::Line, text);
    if (!reply) {
        std::fprintf(stderr, "routersh: connection to routerd lost\n");
        g_term->done = true;
        g_term->status = 1;
        return;
    }
    follow(*reply);
    if (!g_term->done) install_prompt();
}

int on_help(int, int) {
    std::string before(rl_line_buffer, static_cast<std::size_t>(rl_point));
    auto reply = g_term->client.request(protocol::MessageType::Help, before);
    if (!reply) return 0;
    write_out("?\n" + reply->output);
    rl_on_new_line();
    rl_redisplay();
    return 0;
}

int on_tab(int, int) {
    std::string before(rl_line_buffer, static_cast<std::size_t>(rl_point));
    std::string after(rl_line_buffer + rl_point);
    auto reply = g_term->client.request(protocol::MessageType::Complete, before);
    if (!reply || (reply->flags & protocol::Reply::kBell)) {
        rl_ding();
        return 0;
    }
    std::string line = reply->line + after;
    rl_replace_line(line.c_str(), 0);
    rl_point = static_cast<int>(reply->line.size());
    rl_redisplay();
    return 0;
}

void interrupt(char key) {
    write_out(key == 'Z' ? "^Z\n" : "^C\n");
    rl_replace_line("", 0);
    auto reply = g_term->client.request(protocol::MessageType::Interrupt, std::string(1, key));
    if (!reply) {
        g_term->done = true;
        return;
    }
    follow(*reply);
    if (!g_term->done) install_prompt();
}

int on_ctrl_z(int, int) {
    interrupt('Z');
    return 0;
}

void on_sigint(int) {
    char c = 'C';
    [[maybe_unused]] auto n = ::write(g_signal_pipe[1], &c, 1);
}

// A running command's output as it comes (ping's header and !/. marks): written as it is; the
// unfinished last line is remembered, so that a log line arriving meanwhile can go on a line of
// its own and the marks line be written again below it, whole (issue 17).
void print_command_output(const std::string& text) {
    write_out(text);
    auto nl = text.rfind('\n');
    g_term->partial = nl == std::string::npos ? g_term->partial + text : text.substr(nl + 1);
}

// A log line from routerd: printed above the line being typed, which is then redrawn.
void print_async(const std::string& text) {
    int point = rl_point;
    char* saved = rl_copy_text(0, rl_end);
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    write_out("\r\033[K" + text);
    rl_restore_prompt();
    rl_replace_line(saved, 0);
    rl_point = point;
    rl_forced_update_display();
    std::free(saved);
}

// A log line (terminal monitor). At the prompt it goes above the line being typed; while a
// command runs, on a line of its own, with the command's unfinished line (a ping's "!!.")
// written again after it.
void print_log(const std::string& text) {
    if (g_term->handler_installed) return print_async(text);
    const std::string& partial = g_term->partial;
    write_out((partial.empty() ? "" : "\n") + text + partial);
}

// The session's terminal: raw input (no kernel echo, no CR/LF translation, no flushing on
// Ctrl-C) and output with CR LF line ends (ONLCR), as a router's vty.
termios raw_mode(termios t) {
    t.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ECHONL | IEXTEN));
    t.c_lflag |= ISIG | NOFLSH;
    t.c_iflag &= static_cast<tcflag_t>(~(ICRNL | INLCR | IGNCR | ISTRIP | IXON));
    t.c_oflag |= OPOST | ONLCR;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    // Ctrl-Z belongs to the CLI (leave config mode), not to job control.
    t.c_cc[VSUSP] = _POSIX_VDISABLE;
    return t;
}

}  // namespace

std::string read_secret() { return read_answer(false); }

RawTerminal::RawTerminal() {
    held_ = ::tcgetattr(STDIN_FILENO, &saved_) == 0;
    if (!held_) return;
    termios raw = raw_mode(saved_);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

RawTerminal::~RawTerminal() {
    if (held_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
}

bool wait_for_return() {
    termios saved{};
    bool have_termios = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (have_termios) {
        termios raw = raw_mode(saved);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    int c = 0;
    while ((c = g_input.next()) != EOF && c != '\r' && c != '\n') {}
    if (have_termios) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    if (c == EOF) return false;
    write_out("\n");
    return true;
}

int run_interactive(Client& client, protocol::Reply first, bool console, bool* terminal_closed) {
    Terminal term{client, g_input, "", 24};
    term.console = console;
    g_term = &term;
    // Once per process: the console runs one session after another.
    if (g_signal_pipe[0] < 0 && ::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
    struct sigaction sa{};
    sa.sa_handler = on_sigint;
    ::sigaction(SIGINT, &sa, nullptr);
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;  // the width is the session's `terminal width`, as on IOS
    rl_change_environment = 0;
    rl_readline_name = "routersh";
    rl_getc_function = read_byte;
    rl_prep_term_function = keep_raw;
    rl_deprep_term_function = keep_raw_deprep;
    cookie_io_functions_t padless{nullptr, write_without_padding, nullptr, nullptr};
    FILE* out = ::fopencookie(nullptr, "w", padless);
    if (out) rl_outstream = out;
    rl_initialize();  // reads inputrc first, so that what follows wins over it
    // Debian 12's readline turns bracketed paste on: every prompt would then carry
    // ESC[?2004h and every output ESC[?2004l, which IOS never sends and which break Netmiko
    // ("echo not stripped") and Ansible (escapes in stdout). Issue 17.
    rl_variable_bind("enable-bracketed-paste", "off");
    rl_tty_set_echoing(1);  // readline echoes what it reads: the terminal itself no longer does
    // Keys IOS gives meaning to: ? for help, TAB for completion, Ctrl-Z to leave config.
    rl_bind_key('?', on_help);
    rl_bind_key('\t', on_tab);
    rl_bind_key(26, on_ctrl_z);
    client.on_output = nullptr;  // set per line (on_line), by whether the answer may be paged
    client.on_async = [](const std::string& text) {
        // Only a running command streams output; at the prompt, treat it as a log line.
        if (g_term->handler_installed) print_async(text);
        else print_command_output(text);
    };
    client.on_log = print_log;
    client.watch_fds = {STDIN_FILENO, g_signal_pipe[0]};
    client.on_watch = on_watch;

    termios saved{};
    bool have_termios = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (have_termios) {
        termios raw = raw_mode(saved);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    term.width = 0xffffffffu;  // follow() sets readline's width from the first reply
    follow(first);
    if (!term.done) install_prompt();
    while (!term.done) {
        // Type-ahead (Netmiko writes a config block without waiting for prompts) is consumed
        // before waiting again.
        while (term.input.has_pending() && !term.done && term.handler_installed) rl_callback_read_char();
        if (term.done) break;
        if (term.input.at_eof()) {
            term.done = true;
            break;
        }
        pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {client.fd(), POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) continue;
        if (fds[2].revents & POLLIN) {
            if (take_ctrl_c()) interrupt('C');
            continue;
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            bool open = client.poll_async();
            // routerd ended the session itself (the console's exec-timeout): its last words
            // go below the line being typed.
            if (auto r = client.take_unsolicited()) {
                if (term.handler_installed) rl_callback_handler_remove();
                term.handler_installed = false;
                follow(*r);
                if (term.done) break;
                install_prompt();
                continue;
            }
            if (!open) {
                std::fprintf(stderr, "\nroutersh: connection to routerd lost\n");
                term.status = 1;
                break;
            }
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            if (!term.input.fill(false) && !term.input.has_pending()) term.done = true;
        }
    }
    if (term.handler_installed) rl_callback_handler_remove();
    if (have_termios) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    if (terminal_closed) *terminal_closed = term.input.at_eof();
    if (out) {
        rl_outstream = stdout;
        std::fclose(out);  // flushes what readline left in it
    }
    client.watch_fds.clear();
    client.on_watch = nullptr;
    g_term = nullptr;
    return term.status;
}

}  // namespace routerd::shell
