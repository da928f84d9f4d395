// The router's SSH server is OpenSSH's sshd, run by routerd with files of its own (DESIGN.md:
// "routerd drives real daemons"): DIR/sshd_config, DIR/ssh_host_rsa_key, DIR/sshd.pid,
// DIR/sshd.log. The host's own sshd, its config and its accounts are never touched.
//
// Who logs in. Router users are `username` lines, not Linux accounts, and their secrets live
// only in the router's config. sshd, however, only lets in names that getpwnam() knows, and
// runs the session as that account's uid. So sshd runs in a mount namespace of its own in
// which routerd's generated DIR/passwd is bind-mounted over /etc/passwd, DIR/group over
// /etc/group and DIR/pam.d over /etc/pam.d:
// - DIR/passwd holds the host's `root` and `sshd` (sshd's privilege separation user) and one
//   entry per router user, each with a uid of its own from a range no Linux account uses,
//   group nogroup, home /, and routersh as its shell. Nothing is added to the host's
//   /etc/passwd, and these uids own no file.
// - DIR/group holds the groups sshd looks up (root's, sshd's, nogroup, tty for the pty) and the
//   control group with every router user as a member: sshd's initgroups() gives each login
//   that group, which routerd's control socket requires (platform/control_socket.hpp), and no
//   other. The host's /etc/group is not read for them, so a router user named like a host
//   account never gets that account's groups.
// - DIR/pam.d/sshd checks the password with pam_exec, which runs `routersh --check-login`:
//   it hands the user, the password and the client's address to routerd over the control
//   socket (as root, which routerd trusts for this), and routerd verifies them against the
//   `username` secret (type 0/5/7/8/9) and the vty lines' `login local`/`transport input`
//   and aaa settings.
// - routersh then runs as the user's uid; routerd maps the peer uid of the control socket
//   back to the router user (user_for_uid), so who a session is cannot be claimed, only
//   proven by the login.
// sshd and every process it forks for a connection run in a PID namespace of their own
// (platform/process_family.hpp): they all end with routerd, even a SIGKILLed one, as IOS's vty
// sessions end with a reload. A listener replaced for a new config leaves its sessions running.
// The other ways in that sshd offers (forwarding, tunnels, agent, X11, user rc files, root)
// are switched off: a router user gets a router CLI and nothing else.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <thread>

#include "platform/files.hpp"
#include "platform/process_family.hpp"
#include "platform/ssh_server.hpp"

namespace routerd::platform {
namespace {

constexpr const char* kSshd = "/usr/sbin/sshd";
constexpr std::uint32_t kFirstUid = 2000000000;  // far above any range Debian allocates
constexpr std::uint32_t kNoGroup = 65534;

// A user name sshd and passwd(5) can carry: no separators, no control characters.
bool passwd_safe(const std::string& name) {
    if (name.empty() || name == "root" || name == "sshd") return false;
    for (unsigned char c : name)
        if (c <= ' ' || c == ':' || c == 0x7f || c == '/' || c == ',') return false;
    return true;
}

std::string passwd_line(const char* name) {
    passwd* pw = ::getpwnam(name);
    if (!pw) return "";
    return std::string(pw->pw_name) + ":x:" + std::to_string(pw->pw_uid) + ":" + std::to_string(pw->pw_gid) + ":" +
           (pw->pw_gecos ? pw->pw_gecos : "") + ":" + pw->pw_dir + ":" + pw->pw_shell + "\n";
}

// A group(5) line for the host's group `gid`, without its members ("" when there is none).
std::string host_group_line(gid_t gid) {
    group* gr = ::getgrgid(gid);
    return gr ? std::string(gr->gr_name) + ":x:" + std::to_string(gr->gr_gid) + ":" : "";
}

// In place, not by rename: /etc/passwd in sshd's namespace is a bind mount of this inode.
std::optional<std::string> overwrite(const std::string& path, const std::string& content, mode_t mode) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, mode);
    if (fd < 0) return path + ": " + std::strerror(errno);
    bool ok = ::ftruncate(fd, 0) == 0 && ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
    ::fchmod(fd, mode);
    ::close(fd);
    if (!ok) return path + ": " + std::strerror(errno);
    return std::nullopt;
}

struct SshdMounts {
    std::string passwd, group, pam_d;
};

// In sshd's guardian, before anything else: a mount namespace of sshd's own, with routerd's
// account files over the host's (see the top of this file). System calls only.
bool enter_sshd_mounts(const void* context) {
    const auto& m = *static_cast<const SshdMounts*>(context);
    return ::unshare(CLONE_NEWNS) == 0 && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
           ::mount(m.passwd.c_str(), "/etc/passwd", nullptr, MS_BIND, nullptr) == 0 &&
           ::mount(m.group.c_str(), "/etc/group", nullptr, MS_BIND, nullptr) == 0 &&
           ::mount(m.pam_d.c_str(), "/etc/pam.d", nullptr, MS_BIND, nullptr) == 0;
}

class OpensshServer : public SshServer {
public:
    explicit OpensshServer(std::string dir) : dir_(std::move(dir)) {}
    OpensshServer(const OpensshServer&) = delete;
    OpensshServer& operator=(const OpensshServer&) = delete;
    // Every login ends with routerd, as IOS's vty sessions end when it reloads.
    ~OpensshServer() override = default;

    std::optional<std::string> apply(const SshServerSettings& s) override {
        if (applied_ && s == *applied_ && running()) return std::nullopt;
        std::error_code ec;
        std::filesystem::create_directories(dir_ + "/pam.d", ec);
        ::chmod(dir_.c_str(), 0700);
        // sshd's /etc/pam.d, whatever routerd's umask: only root writes it.
        ::chmod((dir_ + "/pam.d").c_str(), 0755);
        if (s.host_key_pem.empty()) {
            retire();
            std::filesystem::remove(key_path(), ec);
            std::filesystem::remove(key_path() + ".name", ec);
            applied_ = s;
            return std::nullopt;
        }
        for (const auto& u : s.users)
            if (passwd_safe(u) && !uids_.count(u)) {
                while (::getpwuid(next_uid_)) ++next_uid_;
                uids_[u] = next_uid_++;
            }
        std::string passwd = passwd_line("root") + passwd_line("sshd");
        if (passwd_line("sshd").empty()) return std::string("sshd's privilege separation user 'sshd' does not exist");
        for (const auto& u : s.users) {
            if (!passwd_safe(u)) continue;
            passwd += u + ":x:" + std::to_string(uids_[u]) + ":" + std::to_string(kNoGroup) + ":router user:/:" + s.shell + "\n";
        }
        if (auto err = overwrite(dir_ + "/passwd", passwd, 0644)) return err;
        if (auto err = overwrite(dir_ + "/group", group_file(s), 0644)) return err;
        bool key_changed = !applied_ || applied_->host_key_pem != s.host_key_pem;
        if (key_changed) {
            if (auto err = write_file_atomically(key_path(), s.host_key_pem, 0600)) return err;
            if (auto err = write_file_atomically(key_path() + ".name", s.host_key_name + "\n", 0600)) return err;
        }
        std::string pam =
            "# Written by routerd: the router's own SSH logins; routerd checks the password.\n"
            "auth     required pam_exec.so expose_authtok quiet type=auth " + s.shell + " --socket " + s.socket +
            " --check-login\n"
            "auth     optional pam_permit.so\n"
            "account  required pam_permit.so\n"
            "session  required pam_permit.so\n"
            "password required pam_deny.so\n";
        if (auto err = write_file_atomically(dir_ + "/pam.d/sshd", pam, 0644)) return err;
        std::string listen;
        std::vector<std::uint16_t> ports{s.port};
        ports.insert(ports.end(), s.extra_ports.begin(), s.extra_ports.end());
        for (auto p : ports)
            listen += "ListenAddress " + (s.listen_address.empty() ? std::string("0.0.0.0") : s.listen_address) + ":" +
                      std::to_string(p) + "\n";
        std::string config =
            "# Written by routerd from the IOS configuration (ip ssh, username, line vty); edits are lost.\n" + listen +
            "HostKey " + key_path() + "\n"
            "PidFile " + dir_ + "/sshd.pid\n"
            "UsePAM yes\n"
            "PasswordAuthentication yes\n"
            "KbdInteractiveAuthentication no\n"
            "PubkeyAuthentication no\n"
            "HostbasedAuthentication no\n"
            "PermitRootLogin no\n"
            "PermitEmptyPasswords no\n"
            "LoginGraceTime " + std::to_string(s.login_grace_seconds) + "\n"
            "MaxAuthTries " + std::to_string(std::max<std::uint32_t>(1, s.max_auth_tries)) + "\n"
            "PrintMotd no\n"
            "PrintLastLog no\n"
            "Banner none\n"
            "UseDNS no\n"
            "X11Forwarding no\n"
            "AllowTcpForwarding no\n"
            "AllowAgentForwarding no\n"
            "AllowStreamLocalForwarding no\n"
            "PermitTunnel no\n"
            "PermitUserRC no\n"
            "PermitUserEnvironment no\n"
            "GatewayPorts no\n"
            "StrictModes no\n"
            "SetEnv ROUTERD_SOCKET=" + s.socket + "\n";
        bool config_changed = config != config_text_ || key_changed;
        if (config_changed)
            if (auto err = write_file_atomically(dir_ + "/sshd_config", config, 0600)) return err;
        config_text_ = config;
        applied_ = s;
        if (!running()) return start();
        // Accounts (passwd, and the password check) are read at each login and need nothing.
        // A new config or key: a new listener. (Not SIGHUP: its re-executed listener cannot be
        // told from the old one while waiting for the ports.) Sessions already logged in are
        // processes of their own and go on.
        if (config_changed) {
            retire();
            return start();
        }
        return std::nullopt;
    }

    std::optional<std::string> user_for_uid(std::uint32_t uid) const override {
        for (const auto& [name, u] : uids_)
            if (u == uid) return name;
        return std::nullopt;
    }

    bool running() override {
        forget_ended_families();
        if (!sshd_) return false;
        if (sshd_->running()) return true;
        exit_status_ = sshd_->exit_status();
        sshd_.reset();
        return false;
    }

private:
    std::string key_path() const { return dir_ + "/ssh_host_rsa_key"; }

    // DIR/group (see the top of this file). One line per gid: the control group may be one of
    // the others (`--socket-group nogroup`), and then that line lists the members.
    std::string group_file(const SshServerSettings& s) const {
        std::map<gid_t, std::string> lines;  // gid -> "name:x:gid:"
        std::vector<gid_t> gids{0, kNoGroup};
        if (passwd* sshd = ::getpwnam("sshd")) gids.push_back(sshd->pw_gid);
        if (group* tty = ::getgrnam("tty")) gids.push_back(tty->gr_gid);
        for (gid_t g : gids)
            if (auto line = host_group_line(g); !line.empty()) lines[g] = line;
        if (s.control_gid != 0) {
            auto& line = lines[s.control_gid];
            if (line.empty()) line = (s.control_group.empty() ? std::string("routerd") : s.control_group) + ":x:" +
                                     std::to_string(s.control_gid) + ":";
            std::string members;
            for (const auto& u : s.users)
                if (passwd_safe(u)) members += (members.empty() ? "" : ",") + u;
            line += members;
        }
        std::string text;
        for (const auto& [gid, line] : lines) text += line + "\n";
        return text;
    }

    std::optional<std::string> start() {
        if (::access(kSshd, X_OK) != 0) return std::string("cannot run ") + kSshd + " (package openssh-server)";
        // sshd's privilege separation directory; Debian's init script makes it, and without
        // the host's sshd running nobody has.
        ::mkdir("/run/sshd", 0755);
        std::string config = dir_ + "/sshd_config", log = dir_ + "/sshd.log";
        SshdMounts mounts{dir_ + "/passwd", dir_ + "/group", dir_ + "/pam.d"};
        std::string error;
        // sshd and each connection's processes go with routerd, even when routerd is killed: a
        // stale listener would hold the port and serve logins nobody checks any more, and a
        // stale session a CLI with no router behind it (platform/process_family.hpp).
        sshd_ = ProcessFamily::start({kSshd, "-D", "-f", config, "-E", log}, enter_sshd_mounts, &mounts, error);
        if (!sshd_) return error;
        listening_ = listen_sockets(*applied_);
        // sshd checks its config and key before it listens; a mistake shows up at once.
        if (!wait_listening() && !running())
            return exit_status_ == ProcessFamily::kPrepareFailed
                       ? std::string("cannot give sshd its own accounts and processes (namespaces need root)")
                       : "sshd exited at start; see " + log;
        return std::nullopt;
    }

    // Until sshd accepts connections on every port (at most 2 s): whoever configured SSH may
    // try it at once.
    bool wait_listening() {
        if (listening_.empty()) return false;
        for (sockaddr_in a : listening_) {
            // Listening on every address: reached on loopback.
            if (a.sin_addr.s_addr == htonl(INADDR_ANY)) a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            bool up = false;
            for (int i = 0; i < 100 && !up; ++i) {
                int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (fd < 0) return false;
                up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
                ::close(fd);
                if (!up && !running()) return false;
                if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            if (!up) return false;
        }
        return true;
    }

    // A new listener is wanted, or none: the old one ends, and the sessions it started go on
    // until they are done (or routerd ends). Returns once the old listener's ports are free,
    // for the next one to bind them.
    void retire() {
        if (!sshd_) return;
        sshd_->retire();
        retired_.push_back(std::move(*sshd_));
        sshd_.reset();
        for (const auto& a : listening_)
            for (int i = 0; i < 100 && !bindable(a); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        listening_.clear();
    }

    void forget_ended_families() {
        std::erase_if(retired_, [](ProcessFamily& f) { return !f.running(); });
    }

    // Where sshd listens, as bind() takes it.
    static std::vector<sockaddr_in> listen_sockets(const SshServerSettings& s) {
        std::vector<std::uint16_t> ports{s.port};
        ports.insert(ports.end(), s.extra_ports.begin(), s.extra_ports.end());
        std::vector<sockaddr_in> out;
        for (auto port : ports) {
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(port);
            if (s.listen_address.empty() || ::inet_pton(AF_INET, s.listen_address.c_str(), &a.sin_addr) != 1)
                a.sin_addr.s_addr = htonl(INADDR_ANY);
            out.push_back(a);
        }
        return out;
    }

    // Whether nothing listens on `a` any more (a connection in TIME_WAIT does not count, as
    // sshd binds with SO_REUSEADDR too).
    static bool bindable(const sockaddr_in& a) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return true;
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        bool free = ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0 || errno != EADDRINUSE;
        ::close(fd);
        return free;
    }

    std::string dir_;
    std::optional<ProcessFamily> sshd_;
    std::vector<ProcessFamily> retired_;  // listeners replaced, with logins still open
    std::vector<sockaddr_in> listening_;  // sshd_'s sockets
    int exit_status_ = 0;
    std::optional<SshServerSettings> applied_;
    std::string config_text_;
    std::map<std::string, std::uint32_t> uids_;
    std::uint32_t next_uid_ = kFirstUid;
};

}  // namespace

std::unique_ptr<SshServer> make_openssh_server(std::string state_dir) {
    return std::make_unique<OpensshServer>(std::move(state_dir));
}

std::optional<std::string> load_host_key(const std::string& state_dir) {
    return read_file(state_dir + "/ssh_host_rsa_key");
}

std::optional<std::string> load_host_key_name(const std::string& state_dir) {
    auto name = read_file(state_dir + "/ssh_host_rsa_key.name");
    if (name && !name->empty() && name->back() == '\n') name->pop_back();
    return name;
}

}  // namespace routerd::platform
