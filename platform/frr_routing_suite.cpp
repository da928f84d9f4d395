#include "platform/frr_routing_suite.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

namespace routerd::platform {
namespace {

namespace fs = std::filesystem;

// zebra first: the others connect to its zserv socket as they start.
constexpr std::array<const char*, 4> kDaemons{"zebra", "staticd", "bgpd", "ospfd"};
// FRR's own account (Debian's frr package makes it): the daemons drop to it, and its group
// frrvty may open their vty sockets; root is not in that group, so they cannot run as root.
constexpr const char* kUser = "frr";

bool exists(const std::string& path) {
    struct stat st{};
    return ::stat(path.c_str(), &st) == 0;
}

std::string comm_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(in, name);
    return name;
}

// The process was ours and has gone (reaped), or was never ours.
bool gone(pid_t pid) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno == ECHILD) return ::kill(pid, 0) != 0;
    return false;
}

void end_process(pid_t pid) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 250; ++i) {  // a guardian gives its daemon 3 s
        if (gone(pid)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid, SIGKILL);
    for (int i = 0; i < 50 && !gone(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

struct Spawned {
    pid_t pid = -1;
    int out = -1;  // read end of its stdout+stderr, or -1
};

// The FRR daemons drop to the frr user, which clears the parent-death signal: a routerd killed
// with SIGKILL would leave them running, holding its routes. Each runs under a guardian, a
// forked routerd that stays root, dies with routerd (PR_SET_PDEATHSIG) and takes its daemon
// with it; stopping the guardian stops the daemon. Only system calls in here: routerd has
// threads.
[[noreturn]] void guard(char* const* argv) {
    sigset_t watched;
    sigemptyset(&watched);
    sigaddset(&watched, SIGTERM);
    sigaddset(&watched, SIGCHLD);
    ::sigprocmask(SIG_BLOCK, &watched, nullptr);
    pid_t daemon = ::fork();
    if (daemon < 0) ::_exit(126);
    if (daemon == 0) {
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(argv[0], argv);
        ::_exit(127);
    }
    while (true) {
        siginfo_t info{};
        int sig = ::sigwaitinfo(&watched, &info);
        int status = 0;
        if (sig == SIGCHLD && ::waitpid(daemon, &status, WNOHANG) == daemon)
            ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128);
        if (sig != SIGTERM) continue;
        ::kill(daemon, SIGTERM);
        timespec wait{3, 0};
        while (::sigtimedwait(&watched, &info, &wait) >= 0)
            if (::waitpid(daemon, &status, WNOHANG) == daemon) ::_exit(0);
        ::kill(daemon, SIGKILL);
        ::waitpid(daemon, &status, 0);
        ::_exit(0);
    }
}

// fork + exec with stdin from /dev/null and stdout+stderr to `out_path` or to a pipe; a
// `guarded` program runs under a guardian (guard above) whose pid is returned.
std::optional<Spawned> spawn(const std::vector<std::string>& args, const std::string& out_path, std::string& error,
                             bool guarded = false) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int pipe_fds[2] = {-1, -1};
    if (out_path.empty() && ::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return std::nullopt;
    }
    int out_fd = out_path.empty() ? pipe_fds[1]
                                  : ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        for (int fd : {pipe_fds[0], pipe_fds[1], out_path.empty() ? -1 : out_fd, null_fd})
            if (fd >= 0) ::close(fd);
        return std::nullopt;
    }
    if (pid == 0) {
        // Only system calls from here: routerd has threads.
        ::setsid();  // routerd's terminal signals are not FRR's
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(125);
        if (null_fd >= 0) ::dup2(null_fd, 0);
        if (out_fd >= 0) {
            ::dup2(out_fd, 1);
            ::dup2(out_fd, 2);
        }
        if (guarded) guard(argv.data());
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    if (null_fd >= 0) ::close(null_fd);
    if (out_path.empty()) ::close(pipe_fds[1]);
    else if (out_fd >= 0) ::close(out_fd);
    return Spawned{pid, out_path.empty() ? pipe_fds[0] : -1};
}

class FrrRoutingSuite final : public RoutingSuite {
public:
    explicit FrrRoutingSuite(FrrPaths paths) : paths_(std::move(paths)) {}
    ~FrrRoutingSuite() override {
        if (pids_.empty()) return;
        stop();
        // Nothing of a clean stop stays behind; after a kill the pid files stay for the next.
        std::error_code ec;
        fs::remove_all(paths_.run_dir, ec);
    }

    std::optional<std::string> ensure_running() override {
        if (running()) return std::nullopt;
        stop();  // one died: the set restarts whole, zebra first
        for (const char* d : kDaemons)
            if (::access((paths_.daemons + "/" + d).c_str(), X_OK) != 0)
                return "cannot run " + paths_.daemons + "/" + d + " (package frr)";
        if (::access(paths_.vtysh.c_str(), X_OK) != 0) return "cannot run " + paths_.vtysh + " (package frr)";
        const passwd* user = ::getpwnam(kUser);
        if (!user) return std::string("no user ") + kUser + " (package frr makes it)";
        std::error_code ec;
        fs::create_directories(paths_.run_dir, ec);
        if (ec) return "cannot make " + paths_.run_dir + ": " + ec.message();
        if (::chown(paths_.run_dir.c_str(), user->pw_uid, user->pw_gid) != 0)
            return "cannot give " + paths_.run_dir + " to " + kUser + ": " + std::strerror(errno);
        ::chmod(paths_.run_dir.c_str(), 0750);
        // vtysh reads DIR/vtysh.conf, not the host's /etc/frr/vtysh.conf.
        std::ofstream(paths_.run_dir + "/vtysh.conf", std::ios::app).flush();
        end_stale();
        for (const char* d : kDaemons) {
            std::string dir = paths_.run_dir, name = d;
            for (const char* ext : {".vty", ".pid"}) ::unlink((dir + "/" + name + ext).c_str());
            if (name == "zebra") ::unlink((dir + "/zserv.api").c_str());
            std::vector<std::string> args{paths_.daemons + "/" + name, "-u", kUser, "-g", kUser,
                                          "--vty_socket", dir, "-z", dir + "/zserv.api",
                                          "-i", dir + "/" + name + ".pid", "-f", "/dev/null",
                                          "--log", "file:" + dir + "/" + name + ".log", "-P", "0"};
            std::string error;
            auto child = spawn(args, dir + "/" + name + ".out", error, true);
            if (!child) {
                stop();
                return name + ": " + error;
            }
            pids_.push_back(child->pid);
            if (!wait_for(dir + "/" + name + ".vty", child->pid) ||
                (name == "zebra" && !wait_for(dir + "/zserv.api", child->pid))) {
                stop();
                return name + " did not start; see " + dir + "/" + name + ".log";
            }
        }
        return std::nullopt;
    }

    bool running() const override {
        if (pids_.size() != kDaemons.size()) return false;
        for (pid_t pid : pids_)
            if (gone(pid)) return false;
        return true;
    }

    VtyResult configure(const std::vector<std::string>& commands) override {
        if (!running()) return {false, "the routing daemons are not running"};
        std::string file = paths_.run_dir + "/apply.conf";
        {
            std::ofstream out(file, std::ios::trunc);
            for (const auto& c : commands) out << c << "\n";
            if (!out) return {false, "cannot write " + file};
        }
        return vtysh({"-f", file});
    }

    std::optional<VtyResult> show(const std::string& command) override {
        if (!running()) return std::nullopt;
        return vtysh({"-c", command});
    }

private:
    bool wait_for(const std::string& path, pid_t pid) const {
        for (int i = 0; i < 1000; ++i) {  // 20 s: zebra reads every link and route first (slow under qemu)
            if (exists(path)) return true;
            if (gone(pid)) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    // Daemons a killed routerd left behind (their pid files name them): they hold the sockets
    // and the routes, and a second set would fight them.
    void end_stale() {
        for (const char* d : kDaemons) {
            std::ifstream in(paths_.run_dir + "/" + d + ".pid");
            pid_t pid = 0;
            if (!(in >> pid) || pid <= 1 || comm_of(pid) != d) continue;
            end_process(pid);
        }
    }

    void stop() {
        // bgpd and ospfd before zebra: they withdraw through it.
        for (auto it = pids_.rbegin(); it != pids_.rend(); ++it) end_process(*it);
        pids_.clear();
    }

    VtyResult vtysh(std::vector<std::string> args) const {
        std::vector<std::string> full{paths_.vtysh, "--vty_socket", paths_.run_dir, "--config_dir", paths_.run_dir};
        full.insert(full.end(), args.begin(), args.end());
        std::string error;
        auto child = spawn(full, "", error);
        if (!child) return {false, error};
        std::string out;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        std::array<char, 4096> buf{};
        while (true) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                ::kill(child->pid, SIGKILL);
                out += "\n% vtysh did not answer within 10 seconds";
                break;
            }
            pollfd p{child->out, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            ssize_t n = ::read(child->out, buf.data(), buf.size());
            if (n <= 0) break;
            out.append(buf.data(), static_cast<std::size_t>(n));
        }
        ::close(child->out);
        int status = 0;
        ::waitpid(child->pid, &status, 0);
        return {WIFEXITED(status) && WEXITSTATUS(status) == 0, out};
    }

    FrrPaths paths_;
    std::vector<pid_t> pids_;
};

}  // namespace

std::string frr_run_dir_for(const std::string& config_dir) {
    std::error_code ec;
    auto absolute = fs::absolute(config_dir, ec).lexically_normal().string();
    std::ostringstream name;
    name << "/run/routerd-frr/" << std::hex << std::hash<std::string>{}(absolute);
    return name.str();
}

std::unique_ptr<RoutingSuite> make_frr_routing_suite(FrrPaths paths) {
    return std::make_unique<FrrRoutingSuite>(std::move(paths));
}

}  // namespace routerd::platform
