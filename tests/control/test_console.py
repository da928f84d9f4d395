"""The router's console, line con 0: the real agetty (util-linux) on a pty this test creates,
with routersh --console as its login program, as routerd-console@.service runs it on a serial
port. The test is the terminal on the pty's master side.

IOS behaviour reproduced (see engine/control/console_login.cpp): `login local` asks
"Username: " and "Password: " (no echo) after "User Access Verification", refuses with
"% Login invalid" and after three tries drops the line to "R1 con0 is now available" /
"Press RETURN to get started."; `login` + `password` asks "Password: " only and ends with
"% Bad passwords"; no login goes straight to the prompt; `show users` shows `con 0`.

agetty writes utmp/wtmp records: it runs in a private mount namespace where those files are a
scratch copy, so the host's login records are left alone. It needs root (we are, in CI).
"""
import os
import re
import select
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERSH, Routerd, as_local_user  # noqa: E402

AGETTY = "/sbin/agetty"
IDLE = "R1 con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n"


class Console:
    """agetty on a fresh pty, running routersh --console against routerd's socket."""

    def __init__(self, socket):
        self.master, self.slave = os.openpty()
        tty = os.ttyname(self.slave)  # /dev/pts/N
        self.buf = ""
        self.seen = ""  # everything the terminal showed, for the no-echo checks
        self.scratch = os.path.join(os.path.dirname(socket), "login-records")
        os.makedirs(self.scratch, exist_ok=True)
        binds = ""
        for record in ("/run/utmp", "/var/log/wtmp", "/var/log/btmp"):
            if os.path.exists(record):
                copy = os.path.join(self.scratch, os.path.basename(record))
                open(copy, "wb").close()
                binds += "mount --bind %s %s && " % (copy, record)
        agetty = [AGETTY, "-8", "-n", "-L", "--noclear", "-i", "-l", ROUTERSH,
                  "-o", "--console --socket " + socket, tty[len("/dev/"):], "115200", "vt100"]
        # A session of its own (agetty makes the pty its controlling terminal) in a mount
        # namespace of its own (the scratch utmp/wtmp).
        self.proc = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", binds + 'exec "$@"', "agetty"] + agetty,
            start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)

    def read_some(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: nobody has the slave open any more
            return False
        text = data.decode("utf-8", "replace").replace("\r\n", "\n")
        self.buf += text
        self.seen += text
        return True

    def expect(self, what, timeout=10):
        """Waits for `what` (text, or a compiled regex); returns the output up to its end and
        drops it from the buffer."""
        deadline = time.time() + timeout
        while True:
            if isinstance(what, str):
                i = self.buf.find(what)
                end = i + len(what) if i >= 0 else -1
            else:
                m = what.search(self.buf)
                end = m.end() if m else -1
            if end >= 0:
                out, self.buf = self.buf[:end], self.buf[end:]
                return out
            left = deadline - time.time()
            if left <= 0 or (not self.read_some(left) and self.proc.poll() is not None):
                raise AssertionError("never saw %r; the terminal shows:\n%s\nagetty: %s" % (
                    what, self.buf, self.proc.poll()))

    def quiet(self, seconds):
        """What arrives within `seconds` (for "nothing more is printed")."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.read_some(max(0.0, deadline - time.time()))
        out, self.buf = self.buf, ""
        return out

    def send(self, text):
        os.write(self.master, text.encode())

    def close(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(timeout=5)
        if self.proc.stderr:
            self.proc.stderr.close()
        os.close(self.master)
        os.close(self.slave)


LOCAL = """hostname R1
username op secret oppass
username admin privilege 15 secret 0 adminpass
line con 0
 login local
"""


@unittest.skipUnless(os.geteuid() == 0 and os.path.exists(AGETTY) and shutil.which("unshare"),
                     "agetty on a pty needs root and util-linux")
class ConsoleLogin(unittest.TestCase):
    def start(self, config):
        self.r = Routerd(startup_config=config).start()
        self.addCleanup(self.r.cleanup)
        self.c = Console(self.r.socket)
        self.addCleanup(self.c.close)
        return self.c

    def test_login_local_asks_username_and_password_as_ios(self):
        c = self.start(LOCAL)
        c.expect("\nUser Access Verification\n\nUsername: ")
        c.send("op\r")
        c.expect("op\nPassword: ")  # the name is echoed
        c.send("wrong\r")
        c.expect("\n% Login invalid\n\nUsername: ")
        c.send("op\r")
        c.expect("Password: ")
        c.send("oppass\r")
        c.expect("\nR1>")
        c.send("show users\r")
        out = c.expect("\nR1>")
        self.assertRegex(out, r"\*  0 con 0     op         idle                 \d\d:\d\d:\d\d\n", out)
        self.assertNotIn("vty", out)
        c.send("show privilege\r")
        self.assertIn("Current privilege level is 1", c.expect("\nR1>"))
        # The console sits at the prompt until exit; then the line goes idle, as on IOS.
        c.send("exit\r")
        c.expect("exit\n\n\n\n\n" + IDLE)
        self.assertEqual(c.quiet(0.5), "")  # nothing until RETURN
        c.send("\r")
        c.expect("\nUser Access Verification\n\nUsername: ")
        # A privilege-15 user lands at R1# (the user's own level, no aaa new-model).
        c.send("admin\r")
        c.expect("Password: ")
        c.send("adminpass\r")
        c.expect("\nR1#")
        c.send("show users\r")
        self.assertRegex(c.expect("\nR1#"), r"\*  0 con 0     admin ")
        self.assertNotIn("oppass", c.seen)
        self.assertNotIn("wrong", c.seen)
        self.assertNotIn("adminpass", c.seen)

    def test_three_failed_logins_drop_the_line_to_idle(self):
        c = self.start(LOCAL)
        for _ in range(3):
            c.expect("Username: ")
            c.send("op\r")
            c.expect("Password: ")
            c.send("nope\r")
        c.expect("\n% Login invalid\n\n\n\n\n" + IDLE)
        c.send("\r")
        c.expect("\nUser Access Verification\n\nUsername: ")
        # Ctrl-C at the question gets nobody past the login.
        c.send("\x03")
        c.send("op\r")
        c.expect("Password: ")
        c.send("oppass\r")
        c.expect("\nR1>")

    def test_no_login_on_con_0_goes_straight_to_the_prompt(self):
        c = self.start("hostname R1\n")
        first = c.expect("R1>")
        self.assertNotIn("Username", first)
        self.assertNotIn("Password", first)
        c.send("show users\r")
        out = c.expect("\nR1>")
        # Nobody logged in: IOS leaves the User column empty.
        self.assertRegex(out, r"\*  0 con 0                idle ", out)
        # The console is the box's administrator: enable without an enable secret, as on IOS.
        c.send("enable\r")
        c.expect("\nR1#")
        c.send("configure terminal\r")
        c.expect("R1(config)#")
        c.send("end\r")
        c.expect("\nR1#")
        c.send("show logging\r")
        self.assertIn("%SYS-5-CONFIG_I: Configured from console by console", c.expect("\nR1#"))
        c.send("exit\r")
        c.expect(IDLE)
        c.send("\r")
        c.expect("\nR1>")

    def test_log_messages_reach_the_console_at_the_logging_console_level(self):
        # IOS: line con 0 shows syslog messages without `terminal monitor`, as `logging console`
        # lets them through; another session's configuring is one (%SYS-5-CONFIG_I).
        c = self.start("hostname R1\n")
        c.expect("R1>")
        self.r.paste("enable\nconfigure terminal\nend\n")
        c.expect("%SYS-5-CONFIG_I: Configured from console by ")
        c.expect("\n")
        # vt100's terminfo pads clear-to-end-of-line with NULs, which readline writes before a
        # log line: routersh drops them, as a router sends none.
        self.assertNotIn("\x00", c.seen)
        # Below the console's level (notifications = 5 passes 5; errors = 3 stops it), and off.
        self.r.paste("enable\nconfigure terminal\nlogging console errors\nend\n")
        c.send("\r")
        c.expect("\nR1>")
        self.assertNotIn("%SYS-5-CONFIG_I", c.quiet(1.0))
        self.r.paste("enable\nconfigure terminal\nlogging console notifications\nend\n")
        c.expect("%SYS-5-CONFIG_I")
        self.r.paste("enable\nconfigure terminal\nno logging console\nend\n")
        c.send("\r")
        c.expect("\nR1>")
        self.assertNotIn("%SYS-5-CONFIG_I", c.quiet(1.0))

    def test_login_with_a_line_password_asks_password_only(self):
        c = self.start("hostname R1\nline con 0\n password conpass\n login\n")
        first = c.expect("\nUser Access Verification\n\nPassword: ")
        self.assertNotIn("Username", first)
        c.send("bad\r")
        c.expect("\nPassword: ")  # asked again without a word, as IOS does
        c.send("conpass\r")
        c.expect("\nR1>")
        c.send("exit\r")
        c.expect(IDLE)
        c.send("\r")
        for _ in range(3):
            c.expect("Password: ")
            c.send("bad\r")
        c.expect("\n% Bad passwords\n\n\n\n\n" + IDLE)
        self.assertNotIn("conpass", c.seen)
        self.assertNotIn("bad", c.seen.replace("% Bad passwords", ""))

    def test_exec_timeout_on_con_0_ends_an_idle_session(self):
        c = self.start("hostname R1\nline con 0\n exec-timeout 0 2\n")
        c.expect("R1>")
        c.send("show privilege\r")  # input starts the wait again
        c.expect("\nR1>")
        started = time.time()
        # Right after the prompt, nothing typed: the session ends and the line goes idle.
        self.assertEqual(c.expect(IDLE, timeout=10), "\n\n\n\n" + IDLE)
        self.assertGreaterEqual(time.time() - started, 1.5)
        c.send("\r")
        c.expect("\nR1>")


@unittest.skipUnless(os.geteuid() == 0, "needs root to run routersh as another user")
class ConsoleOwner(unittest.TestCase):
    def test_only_root_may_open_the_console_line(self):
        with Routerd(startup_config="hostname R1\n") as r:
            # nobody, in the control group: the socket lets it in, the console line does not.
            os.chmod(r.tmp, 0o711)
            out = subprocess.run(as_local_user(r.socket) + [ROUTERSH, "--console", "--socket", r.socket],
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
            self.assertIn("% Only root may open the console line", out.stdout)
            self.assertNotIn("R1>", out.stdout)

    def test_one_console_at_a_time(self):
        with Routerd(startup_config="hostname R1\n") as r:
            first = subprocess.Popen([ROUTERSH, "--console", "--socket", r.socket], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
            try:
                # The first console is at its prompt (its transcript starts with it).
                deadline = time.time() + 10
                while "con 0" not in r.commands("show users") and time.time() < deadline:
                    time.sleep(0.05)
                second = subprocess.run([ROUTERSH, "--console", "--socket", r.socket], stdin=subprocess.DEVNULL,
                                        capture_output=True, text=True, timeout=10)
                self.assertIn("% Line con 0 is in use by another session", second.stdout)
            finally:
                first.stdin.close()
                first.wait(timeout=10)
                first.stdout.close()


if __name__ == "__main__":
    unittest.main()
