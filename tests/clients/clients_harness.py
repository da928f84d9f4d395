"""A router that real SSH clients log in to: routerd started in a scratch directory with its
own sshd on 127.0.0.1:<free port>, and a router user with a password.

The whole test process first moves into a network namespace of its own (as root), so that
routerd, its sshd and the clients share a loopback that is not the host's, and routerd sees
only the veth pair made here as its interfaces. Nothing of the host's network, sshd or
accounts is touched; teardown ends only the routerd this harness started (which ends its sshd).
"""
import ctypes
import importlib
import os
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from routerd_harness import ROUTERD, ROUTERSH, Routerd, as_local_user, wait_for_socket  # noqa: E402

TEMPLATES = os.path.join(HERE, "..", "conformance", "ntc", "ntc-templates", "ntc_templates", "templates")
CLONE_NEWNET = 0x40000000
USER, PASSWORD = "op", "op-pass-17"          # privilege 1: lands at R1>, needs enable
ADMIN, ADMIN_PASSWORD = "admin", "Adm1n-pass"  # privilege 15: lands at R1#
ENABLE = "en-secret-17"

BASE_CONFIG = [
    "hostname R1",
    "ip domain-name example.com",
    "enable secret " + ENABLE,
    "username %s secret %s" % (USER, PASSWORD),
    "username %s privilege 15 secret %s" % (ADMIN, ADMIN_PASSWORD),
    "line vty 0 4",
    " login local",
    " transport input ssh",
    "exit",
    "crypto key generate rsa modulus 2048",
]


def require(module, package):
    """Imports `module`; a missing Debian package fails the test saying which one."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise AssertionError("missing Debian package %s (scripts/setup.sh installs it): %s" % (package, e))


def require_program(path, package):
    if not (shutil.which(path) or os.access(path, os.X_OK)):
        raise AssertionError("missing Debian package %s (scripts/setup.sh installs it): no %s" % (package, path))


_in_netns = False


def enter_private_netns():
    """Moves this process (and what it starts) into a new network namespace with lo up and
    a veth pair, once. Needs root, as routerd's sshd does."""
    global _in_netns
    if _in_netns:
        return
    if os.geteuid() != 0:
        raise AssertionError("the client tests run routerd's sshd and need root")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
    for cmd in ("ip link set lo up", "ip link add eth0 type veth peer name eth1",
                "ip addr add 12.1.1.1/24 dev eth0", "ip link set eth0 up", "ip link set eth1 up"):
        subprocess.run(cmd.split(), check=True)
    _in_netns = True


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class SshRouter(Routerd):
    """routerd in this process's namespace, its sshd on 127.0.0.1:port."""

    def __init__(self, config=BASE_CONFIG, **kw):
        # eth0 (12.1.1.1) is GigabitEthernet0/0 whatever order the kernel gave the pair
        kw.setdefault("interfaces", "GigabitEthernet0/0 eth0\nGigabitEthernet0/1 eth1\n")
        super().__init__(**kw)
        # The SSH users' routersh runs under uids of their own and must reach the socket.
        os.chmod(self.tmp, 0o755)
        self.port = free_port()
        self.config = config
        self.enable_secret = None

    def start(self):
        require_program("/usr/sbin/sshd", "openssh-server")
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(
            [ROUTERD, "--config-dir", self.config_dir, "--socket", self.socket, "--foreground",
             "--ssh-listen", "127.0.0.1:%d" % self.port, "--ike-port", str(free_port()),
             "--natt-port", str(free_port()), "--routersh", ROUTERSH],
            stderr=self.stderr, stdout=subprocess.DEVNULL)
        wait_for_socket(self.proc, self.socket, self.read_stderr)
        if self.config:
            self.configure(self.config)
        return self

    def configure(self, lines):
        out = self.privileged("configure terminal", *lines, "end")
        for l in lines:
            if l.startswith("enable secret "):
                self.enable_secret = l.split()[-1]
        return out

    def privileged(self, *cmds):
        """Commands after `enable` (and its secret once one is set, which root needs too)."""
        head = ["enable"] + ([self.enable_secret] if self.enable_secret else [])
        return self.commands(*head, *cmds)

    def wait_listening(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"SSH-2.0-"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("nothing answers SSH on port %d; sshd.log:\n%s" % (self.port, self.sshd_log()))

    def sshd_log(self):
        try:
            with open(os.path.join(self.config_dir, "ssh", "sshd.log")) as f:
                return f.read()
        except OSError:
            return "(no sshd.log)"

    def ssh(self, user, password, command, timeout=30):
        """`ssh user@127.0.0.1 -p PORT command` with OpenSSH's client, the password through sshpass."""
        require_program("sshpass", "sshpass")
        require_program("ssh", "openssh-client")
        return subprocess.run(
            ["sshpass", "-p", password, "ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "LogLevel=ERROR", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
             "-p", str(self.port), "%s@127.0.0.1" % user, command],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
