#include "platform/process_family.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace routerd::platform {
namespace {

// How long each level waits for the one below to end after SIGTERM before it takes the
// namespace down with SIGKILL: init gives the family 1 s, the guardian gives init 2 s, routerd
// gives the guardian 3 s.
constexpr int kInitGraceMs = 1000;
constexpr int kGuardianGraceMs = 2000;
constexpr int kRouterdGraceMs = 3000;

int status_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

void sleep_ms(long ms) {
    timespec t{0, ms * 1000000L};
    ::nanosleep(&t, nullptr);
}

sigset_t watched_signals() {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGTERM);
    sigaddset(&s, SIGHUP);
    sigaddset(&s, SIGCHLD);
    return s;
}

void ignore_signal(int) {}

// Reaps every child that has ended; true once none is left at all.
bool reap_all(pid_t daemon, bool& daemon_ended, int& daemon_status) {
    int status = 0;
    pid_t p;
    while ((p = ::waitpid(-1, &status, WNOHANG)) > 0)
        if (p == daemon) {
            daemon_ended = true;
            daemon_status = status_code(status);
        }
    return p < 0 && errno == ECHILD;
}

// Process 1 of the family's namespace: starts the daemon, reaps the orphans (sshd's
// per-connection processes once their listener has gone), and ends with the daemon unless
// retired. Its end is the namespace's: the kernel kills whatever is left.
[[noreturn]] void run_init(char* const* argv) {
    // The guardian gone (even by SIGKILL): the namespace goes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    // A /proc of the namespace's own (the guardian gave the family a mount namespace): under the
    // host's, /proc/PID names another process. LeakSanitizer reads /proc/self's pid's tasks at
    // exit and failed every sanitized login's password check until this was mounted. Best
    // effort: the daemon runs without it, only tools that read /proc would be misled.
    ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr);
    // A namespace's init only gets the signals it has a handler for, from outside the
    // namespace too (pid_namespaces(7)); they stay blocked and are taken by sigwaitinfo.
    struct sigaction sa{};
    sa.sa_handler = ignore_signal;
    for (int sig : {SIGTERM, SIGHUP, SIGCHLD}) ::sigaction(sig, &sa, nullptr);
    sigset_t watched = watched_signals();
    pid_t daemon = ::fork();
    if (daemon < 0) ::_exit(ProcessFamily::kExecFailed);
    if (daemon == 0) {
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(argv[0], argv);
        ::_exit(ProcessFamily::kExecFailed);
    }
    bool retiring = false, daemon_ended = false;
    int daemon_status = 0;
    while (true) {
        siginfo_t info{};
        int sig = ::sigwaitinfo(&watched, &info);
        if (sig == SIGCHLD || sig == SIGHUP) {
            if (sig == SIGHUP && !retiring) {
                retiring = true;
                if (!daemon_ended) ::kill(daemon, SIGTERM);
            }
            bool none_left = reap_all(daemon, daemon_ended, daemon_status);
            // The daemon ended by itself: the family ends with it, as with routerd.
            if (daemon_ended && !retiring) ::_exit(daemon_status);
            if (retiring && none_left) ::_exit(0);
        } else if (sig == SIGTERM) {
            // kill(-1) from a namespace's init reaches every other process of the namespace
            // and nothing outside it.
            ::kill(-1, SIGTERM);
            for (int waited = 0; waited < kInitGraceMs; waited += 10) {
                if (reap_all(daemon, daemon_ended, daemon_status)) break;
                sleep_ms(10);
            }
            ::_exit(0);
        }
    }
}

[[noreturn]] void run_guardian(char* const* argv, ProcessFamily::Prepare prepare, const void* context) {
    sigset_t watched = watched_signals();
    ::sigprocmask(SIG_BLOCK, &watched, nullptr);
    if (prepare && !prepare(context)) ::_exit(ProcessFamily::kPrepareFailed);
    // A mount namespace of the family's own, private, for init's /proc; then the PID namespace,
    // which the next child enters.
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::unshare(CLONE_NEWPID) != 0)
        ::_exit(ProcessFamily::kPrepareFailed);
    pid_t init = ::fork();
    if (init < 0) ::_exit(ProcessFamily::kPrepareFailed);
    if (init == 0) run_init(argv);
    while (true) {
        siginfo_t info{};
        int sig = ::sigwaitinfo(&watched, &info);
        int status = 0;
        if (sig == SIGCHLD) {
            if (::waitpid(init, &status, WNOHANG) == init) ::_exit(status_code(status));
        } else if (sig == SIGHUP) {
            ::kill(init, SIGHUP);
        } else if (sig == SIGTERM) {
            ::kill(init, SIGTERM);
            for (int waited = 0; waited < kGuardianGraceMs; waited += 10) {
                if (::waitpid(init, &status, WNOHANG) == init) ::_exit(0);
                sleep_ms(10);
            }
            ::kill(init, SIGKILL);
            ::waitpid(init, &status, 0);
            ::_exit(0);
        }
    }
}

}  // namespace

std::optional<ProcessFamily> ProcessFamily::start(const std::vector<std::string>& args, Prepare prepare,
                                                  const void* context, std::string& error) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        return std::nullopt;
    }
    if (pid == 0) {
        ::setsid();  // routerd's terminal signals are not the daemon's
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(125);
        run_guardian(argv.data(), prepare, context);
    }
    return ProcessFamily(pid);
}

ProcessFamily::ProcessFamily(ProcessFamily&& other) noexcept
    : guardian_(other.guardian_), exit_status_(other.exit_status_) {
    other.guardian_ = 0;
}

ProcessFamily& ProcessFamily::operator=(ProcessFamily&& other) noexcept {
    if (this != &other) {
        end();
        guardian_ = other.guardian_;
        exit_status_ = other.exit_status_;
        other.guardian_ = 0;
    }
    return *this;
}

ProcessFamily::~ProcessFamily() { end(); }

bool ProcessFamily::running() {
    if (guardian_ <= 0) return false;
    int status = 0;
    pid_t r = ::waitpid(guardian_, &status, WNOHANG);
    if (r == guardian_) {
        exit_status_ = status_code(status);
        guardian_ = 0;
    } else if (r < 0 && errno == ECHILD) {
        guardian_ = 0;
    }
    return guardian_ > 0;
}

void ProcessFamily::retire() {
    if (guardian_ > 0) ::kill(guardian_, SIGHUP);
}

void ProcessFamily::end() {
    if (!running()) return;
    ::kill(guardian_, SIGTERM);
    for (int waited = 0; waited < kRouterdGraceMs; waited += 20) {
        if (!running()) return;
        sleep_ms(20);
    }
    ::kill(guardian_, SIGKILL);  // init's parent-death signal takes the namespace with it
    ::waitpid(guardian_, nullptr, 0);
    guardian_ = 0;
}

}  // namespace routerd::platform
