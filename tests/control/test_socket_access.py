"""Who may connect to routerd's control socket: root, routerd's own user, the control group's
members and the router's SSH logins (sshd gives them the group: tests/clients/test_ssh_server.py),
nobody else. The kernel refuses the others at connect() (EACCES) from the socket file's mode
0660 and group, so that routerd never reads a byte of theirs. And what routerd makes itself is
private whatever its umask: the config directory 0700, the startup-config 0600, the socket's
directory not listable (0711).
"""
import grp
import os
import shutil
import stat
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERD, ROUTERSH, Routerd  # noqa: E402

UID = 4242  # no account here: it has no group but those setpriv gives it
# connect() as whoever runs it: prints the errno, 0 when connected. Debian's python3: the
# test's own interpreter may live under root's home, where the other user cannot reach.
CONNECT = """import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
except OSError as e:
    print(e.errno)
else:
    print(0)
"""


def as_user(gid=65534, groups=()):
    return ["setpriv", "--reuid=%d" % UID, "--regid=%d" % gid] + (
        ["--groups=" + ",".join(str(g) for g in groups)] if groups else ["--clear-groups"])


def connect_errno(prefix, path):
    p = subprocess.run(prefix + ["/usr/bin/python3", "-c", CONNECT, path], capture_output=True, text=True,
                       timeout=10, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise AssertionError(p.stderr)
    return int(p.stdout)


def routersh(prefix, path, *cmds):
    args = [ROUTERSH, "--socket", path]
    for c in cmds:
        args += ["-c", c]
    return subprocess.run(prefix + args, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)


def host_group(name):
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        return None


@unittest.skipUnless(os.geteuid() == 0, "needs root to connect as other users")
class SocketAccess(unittest.TestCase):
    def assert_only_the_group_gets_in(self, r, gid):
        sock = os.stat(r.socket)
        self.assertEqual(stat.S_IMODE(sock.st_mode), 0o660)
        self.assertEqual((sock.st_uid, sock.st_gid), (0, gid))
        os.chmod(r.tmp, 0o711)  # the others may pass through to the socket; its mode decides
        # Outside the group: the kernel refuses, and routersh says why, not "not running".
        self.assertEqual(connect_errno(as_user(), r.socket), 13)  # EACCES
        p = routersh(as_user(), r.socket, "show version")
        self.assertEqual((p.returncode, p.stdout), (1, ""))
        self.assertEqual(p.stderr, "routersh: permission denied on %s: routerd lets only root, its own user "
                                   "and its group connect\n" % r.socket)
        # In the group (a supplementary group, as SSH logins have it): a session like any
        # local user's, without root's privilege.
        self.assertEqual(connect_errno(as_user(groups=[gid]), r.socket), 0)
        p = routersh(as_user(groups=[gid]), r.socket, "show privilege")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, "Current privilege level is 1\n", ""))
        p = routersh(as_user(groups=[gid]), r.socket, "enable", "show privilege")
        self.assertIn("% No password set", p.stdout)
        self.assertNotIn("level is 15", p.stdout)
        # At privilege 1 every command that changes, saves, reveals or debugs is refused as
        # IOS's user EXEC refuses it, and has no effect.
        startup = os.path.join(r.config_dir, "startup-config")
        saved = open(startup, "rb").read() if os.path.exists(startup) else None
        for cmd in ("configure terminal", "write memory", "copy running-config startup-config",
                    "show running-config", "show startup-config", "debug crypto isakmp", "debug all",
                    "clear crypto session", "undebug all"):
            p = routersh(as_user(groups=[gid]), r.socket, cmd, "show privilege")
            self.assertIn("\n% Invalid input detected at '^' marker.\n", p.stdout, cmd)
            self.assertTrue(p.stdout.endswith("Current privilege level is 1\n"), (cmd, p.stdout))
        self.assertEqual(open(startup, "rb").read() if os.path.exists(startup) else None, saved)
        self.assertEqual(r.commands("enable", "show debugging"), "")
        # Root, as agetty runs the console and pam_exec the password check: the box's
        # administrator, who may enable without a secret.
        self.assertEqual(r.commands("enable", "show privilege"), "Current privilege level is 15\n")

    def test_without_the_packages_group_only_root_and_ssh_logins_get_in(self):
        if host_group("routerd") is not None:
            self.skipTest("this host has a routerd group (the package is installed)")
        with Routerd() as r:
            gid = os.stat(r.socket).st_gid
            # A gid no host group has: no local account is in it; sshd gives it to the logins.
            with self.assertRaises(KeyError):
                grp.getgrgid(gid)
            self.assertGreaterEqual(gid, 2000000000)
            self.assertIn("routerd: no group 'routerd' on this host: only root, routerd's user and "
                          "the router's SSH logins may connect to the control socket (gid %d)" % gid, r.read_stderr())
            self.assert_only_the_group_gets_in(r, gid)

    def test_a_named_group_lets_its_members_in(self):
        name = next(n for n in ("users", "staff", "nogroup") if host_group(n))
        gid = host_group(name)
        with Routerd(args=["--socket-group", name]) as r:
            self.assertNotIn("on this host", r.read_stderr())
            self.assert_only_the_group_gets_in(r, gid)
            # The group as a user's own (primary) group lets in too.
            self.assertEqual(connect_errno(as_user(gid=gid), r.socket), 0)

    def test_a_group_that_does_not_exist_stops_routerd(self):
        for name, why in (("no-such-group-12", "no group 'no-such-group-12'"),
                          ("root", "'root' is root's group")):
            r = Routerd(args=["--socket-group", name])
            try:
                cmd = [ROUTERD, "--config-dir", r.config_dir, "--socket", r.socket, "--foreground"] + r.args
                p = subprocess.run(["unshare", "-n"] + cmd, capture_output=True, text=True, timeout=30)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertIn("routerd: --socket-group: " + why, p.stderr)
                self.assertFalse(os.path.exists(r.socket))
            finally:
                shutil.rmtree(r.tmp)

    def test_what_routerd_makes_is_private_whatever_its_umask(self):
        r = Routerd()
        os.rmdir(r.config_dir)
        r.config_dir = os.path.join(r.tmp, "etc", "routerd")  # neither exists
        r.socket = os.path.join(r.tmp, "run", "routerd", "routerd.sock")
        old = os.umask(0)  # routerd's umask: the widest there is
        try:
            r.start()
        finally:
            os.umask(old)
        try:
            self.assertEqual(stat.S_IMODE(os.stat(r.config_dir).st_mode), 0o700)
            run_dir = os.path.dirname(r.socket)
            self.assertEqual(stat.S_IMODE(os.stat(run_dir).st_mode), 0o711)
            self.assertEqual(stat.S_IMODE(os.stat(r.socket).st_mode), 0o660)
            r.paste("enable\nconfigure terminal\nkey config-key password-encrypt MasterKey123\nend\nwrite memory\n")
            for f in ("startup-config", "private-config"):
                self.assertEqual(stat.S_IMODE(os.stat(os.path.join(r.config_dir, f)).st_mode), 0o600, f)
            # Others pass through the socket's directory but cannot list it.
            os.chmod(r.tmp, 0o711)
            os.chmod(os.path.dirname(run_dir), 0o711)
            p = subprocess.run(as_user() + ["/usr/bin/python3", "-c", "import os, sys; os.listdir(sys.argv[1])", run_dir],
                               capture_output=True, text=True, timeout=10)
            self.assertIn("PermissionError", p.stderr)
            self.assertEqual(connect_errno(as_user(groups=[os.stat(r.socket).st_gid]), r.socket), 0)
        finally:
            r.cleanup()
        # A config directory that exists with a wider mode is made private at start.
        r = Routerd()
        os.chmod(r.config_dir, 0o755)
        try:
            r.start()
            self.assertEqual(stat.S_IMODE(os.stat(r.config_dir).st_mode), 0o700)
        finally:
            r.cleanup()


if __name__ == "__main__":
    unittest.main()
