"""Several routersh sessions at once, each with its own mode, privilege and terminal settings."""
import os
import select
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERSH, Routerd  # noqa: E402


class Session:
    """An interactive-like session kept open: lines are written one at a time, and the test
    waits for what the session shows (never for a fixed time)."""

    def __init__(self, socket):
        self.p = subprocess.Popen([ROUTERSH, "--socket", socket], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.seen = b""

    def send(self, line):
        self.p.stdin.write((line + "\n").encode())
        self.p.stdin.flush()

    def wait_for(self, text, timeout=10):
        """Reads what the session has shown until `text` is in it."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.p.stdout], [], [], left)[0]:
                raise AssertionError("never saw %r; the session showed:\n%s" % (text, self.seen.decode()))
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                raise AssertionError("the session ended before %r; it showed:\n%s" % (text, self.seen.decode()))
            self.seen += chunk

    def close(self):
        self.p.stdin.close()
        out = self.seen + self.p.stdout.read()
        self.p.wait(timeout=10)
        return out.decode()


class ConcurrentSessions(unittest.TestCase):
    def test_two_sessions_in_different_modes(self):
        with Routerd() as r:
            a = Session(r.socket)
            a.send("show privilege")  # A is connected (vty 0) once it has answered
            a.wait_for("Current privilege level is 1")
            b = Session(r.socket)
            for line in ["enable", "configure terminal", "interface Loopback1"]:
                a.send(line)
            for line in ["enable", "terminal length 0", "show privilege"]:
                b.send(line)
            a.wait_for("Router(config-if)#")
            b.wait_for("Current privilege level is 15")
            # interleave: A stays in config-if while B works in EXEC and vice versa
            a.send("ip address 10.1.1.1 255.255.255.255")
            a.send("do show privilege")  # answered once the address is in
            a.wait_for("Current privilege level is 15")
            b.send("show running-config | include Loopback1")
            b.wait_for("interface Loopback1")
            b.send("show users")
            b.wait_for("Interface    User")  # answered while A is still connected
            a.send("description from session A")
            b.send("disable")
            a.send("end")
            b.send("show privilege")
            a.send("show privilege")
            out_a, out_b = a.close(), b.close()
        self.assertIn("Router(config-if)#ip address 10.1.1.1 255.255.255.255\nRouter(config-if)#", out_a)
        self.assertIn("Router(config-if)#description from session A\nRouter(config-if)#end\nRouter#", out_a)
        self.assertIn("Router#show privilege\nCurrent privilege level is 15", out_a)
        self.assertIn("Current privilege level is 1\nRouter>enable", out_a)
        self.assertNotIn("(config", out_b)  # B never saw A's modes
        self.assertIn("Router>show privilege\nCurrent privilege level is 1", out_b)
        # B sees A's configuration change (one router) but kept its own mode
        self.assertIn("interface Loopback1", out_b)
        # show users lists both vty sessions, B's marked with '*'
        users = out_b[out_b.index("show users"):]
        self.assertRegex(users, r"\n\*\s+3 vty 1 ")
        self.assertRegex(users, r"\n \s+2 vty 0 ")

    def test_terminal_monitor_gets_log_messages(self):
        with Routerd() as r:
            watcher = Session(r.socket)
            watcher.send("enable")
            watcher.send("terminal monitor")
            watcher.send("show privilege")  # answered once terminal monitor is on
            watcher.wait_for("Current privilege level is 15")
            r.paste("enable\nconfigure terminal\nhostname X\nend\n")
            # routersh reading a pipe shows what routerd sent meanwhile with its next answer; the
            # paste is over, so its log line is already on the way, before that answer.
            watcher.send("show privilege")
            watcher.wait_for("%SYS-5-CONFIG_I")
            out = watcher.close()
        self.assertRegex(out, r"\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: %SYS-5-CONFIG_I: Configured from console by \S+ on vty1")


class Routersh(unittest.TestCase):
    def test_no_routerd_is_one_clear_line_and_nonzero(self):
        r = subprocess.run([ROUTERSH, "--socket", "/nonexistent/routerd.sock", "-c", "show version"],
                           capture_output=True, text=True, timeout=10)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "")
        self.assertEqual(len(r.stderr.strip().splitlines()), 1)
        self.assertIn("routerd is not running", r.stderr)

    def test_dash_c_runs_commands_in_one_session(self):
        with Routerd() as r:
            out = r.commands("enable", "configure terminal", "hostname Z", "end", "show privilege")
            self.assertEqual(out, "Enter configuration commands, one per line.  End with CNTL/Z.\n"
                                  "Current privilege level is 15\n")

    def test_second_routerd_on_same_socket_is_refused(self):
        with Routerd() as r:
            p = subprocess.run([os.path.join(os.path.dirname(ROUTERSH), "routerd"),
                                "--config-dir", r.config_dir, "--socket", r.socket, "--foreground"],
                               capture_output=True, text=True, timeout=10)
            self.assertEqual(p.returncode, 1)
            self.assertIn("another routerd is listening", p.stderr)


if __name__ == "__main__":
    unittest.main()
