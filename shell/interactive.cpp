#include "shell/interactive.hpp"

#include <fcntl.h>
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "shell/pager.hpp"

namespace routerd::shell {
namespace {

void write_out(const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
}

// readline calls back through plain function pointers, so the terminal's state is reached
// through this one pointer, set only while run_interactive runs.
struct Terminal {
    Client& client;
    std::string prompt;
    unsigned page_length = 24;
    bool done = false;
    int status = 0;
    bool handler_installed = false;
};
Terminal* g_term = nullptr;
int g_signal_pipe[2] = {-1, -1};

void on_line(char* line);

void install_prompt() {
    if (g_term->handler_installed) rl_callback_handler_remove();
    rl_callback_handler_install(g_term->prompt.c_str(), on_line);
    g_term->handler_installed = true;
}

// Prints a reply's output, then follows its prompt; asks for passwords without echo.
void follow(protocol::Reply reply) {
    while (true) {
        if (!reply.output.empty()) page_output(reply.output, reply.page_length);
        g_term->prompt = reply.prompt;
        g_term->page_length = reply.page_length;
        if (reply.flags & protocol::Reply::kClose) {
            g_term->done = true;
            return;
        }
        if (!(reply.flags & protocol::Reply::kNoEcho)) return;
        write_out(reply.prompt);
        std::string secret = read_secret();
        auto next = g_term->client.request(protocol::MessageType::Line, secret);
        if (!next) {
            g_term->done = true;
            g_term->status = 1;
            return;
        }
        reply = *next;
    }
}

void on_line(char* line) {
    if (!line) {  // Ctrl-D at an empty line: leave like `exit`
        write_out("\n");
        g_term->done = true;
        return;
    }
    std::string text(line);
    std::free(line);
    if (!text.empty()) add_history(text.c_str());
    rl_callback_handler_remove();
    g_term->handler_installed = false;
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

}  // namespace

std::string read_secret() {
    termios old{};
    bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        quiet.c_lflag |= ICANON;
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string out;
    char c;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n' && c != '\r') out += c;
    if (tty) ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    write_out("\n");
    return out;
}

int run_interactive(Client& client, protocol::Reply first) {
    Terminal term{client, "", 24};
    g_term = &term;
    if (::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
    struct sigaction sa{};
    sa.sa_handler = on_sigint;
    ::sigaction(SIGINT, &sa, nullptr);
    rl_catch_signals = 0;
    rl_readline_name = "routersh";
    // Keys IOS gives meaning to: ? for help, TAB for completion, Ctrl-Z to leave config.
    rl_bind_key('?', on_help);
    rl_bind_key('\t', on_tab);
    rl_bind_key(26, on_ctrl_z);
    client.on_async = print_async;

    // Ctrl-Z belongs to the CLI (leave config mode), not to job control: the terminal must
    // deliver it as a character instead of stopping us.
    termios saved{};
    bool have_termios = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (have_termios) {
        termios t = saved;
        t.c_cc[VSUSP] = _POSIX_VDISABLE;
        ::tcsetattr(STDIN_FILENO, TCSANOW, &t);
    }

    follow(first);
    if (!term.done) install_prompt();
    while (!term.done) {
        pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {client.fd(), POLLIN, 0}, {g_signal_pipe[0], POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) continue;
        if (fds[2].revents & POLLIN) {
            char c;
            while (::read(g_signal_pipe[0], &c, 1) == 1) {}
            interrupt('C');
            continue;
        }
        if (fds[1].revents & (POLLIN | POLLHUP)) {
            if (!client.poll_async()) {
                std::fprintf(stderr, "\nroutersh: connection to routerd lost\n");
                term.status = 1;
                break;
            }
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) rl_callback_read_char();
    }
    if (term.handler_installed) rl_callback_handler_remove();
    if (have_termios) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    g_term = nullptr;
    return term.status;
}

}  // namespace routerd::shell
