#pragma once
// A daemon together with every process it forks, kept in a PID namespace of their own so that
// none of them can outlive routerd.
//
// Why: sshd's listener forks one process per connection, and each calls setsid() and later
// drops to the login's uid. A parent-death signal on the listener ends the listener alone; an
// open session, a login half-way through its password or a client that keeps its connection
// after the shell ended would go on serving under a routerd that no longer exists (the
// password check and the CLI both go through it). IOS ends its vty sessions when it reloads.
//
// How: a guardian (a fork of routerd, root, dies with routerd by PR_SET_PDEATHSIG) unshares a
// PID namespace and forks its first process, an init that starts the daemon and reaps whatever
// is orphaned in the namespace. When a namespace's init ends, the kernel kills everything left
// in it (pid_namespaces(7)), so even a SIGKILL of the guardian or of init leaves nothing. The
// family also gets a mount namespace with a /proc of its PID namespace (the host's would give
// its processes' pids to others: LeakSanitizer, for one, reads /proc/PID/task at exit).
//
// Only system calls between fork and exec: routerd has threads.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace routerd::platform {

class ProcessFamily {
public:
    // Runs in the guardian after fork, before the namespace (sshd's mount namespace and bind
    // mounts). System calls only; false ends the guardian with kPrepareFailed.
    using Prepare = bool (*)(const void* context);
    static constexpr int kPrepareFailed = 126;  // prepare() failed, or no PID namespace (not root)
    static constexpr int kExecFailed = 127;

    // Forks the guardian, which starts argv[0] (an absolute path) with argv. stdin, stdout and
    // stderr are inherited.
    static std::optional<ProcessFamily> start(const std::vector<std::string>& argv, Prepare prepare,
                                              const void* context, std::string& error);

    ProcessFamily(ProcessFamily&& other) noexcept;
    ProcessFamily& operator=(ProcessFamily&& other) noexcept;
    ProcessFamily(const ProcessFamily&) = delete;
    ProcessFamily& operator=(const ProcessFamily&) = delete;
    ~ProcessFamily();  // end()

    // Whether the guardian still runs (it ends when the daemon exits by itself, or when a
    // retired family has no process left); reaps it when it has ended.
    bool running();
    // The daemon's exit status once the guardian has ended (kPrepareFailed, kExecFailed, or
    // the daemon's own), -1 for a signal.
    int exit_status() const { return exit_status_; }

    // Ends the daemon (SIGTERM) and leaves the processes it forked to finish by themselves: a
    // listener replaced by a new one while its logins go on. The guardian stays until the
    // last of them is gone, and a routerd that dies takes them all with it still.
    void retire();
    // Ends the daemon and every process of the family: SIGTERM, and a second or so later the
    // namespace goes (SIGKILL). Returns when the guardian has been reaped.
    void end();

private:
    explicit ProcessFamily(pid_t guardian) : guardian_(guardian) {}
    pid_t guardian_ = 0;
    int exit_status_ = 0;
};

}  // namespace routerd::platform
