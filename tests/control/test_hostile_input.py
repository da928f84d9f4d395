"""Careless and hostile input on the control socket, from a local user it lets in (the control
group's members, the SSH logins): routerd answers with IOS's errors and keeps serving everybody
else.

- `| include` patterns come from privilege 1 (std::regex once overflowed the stack on them);
- a remark is at most 100 characters, a command line at most 4,096 (control::kMaxCommandLine);
- a request frame is at most 1 MiB (protocol::kMaxRequestPayload), sessions at most 32
  (control::kMaxSessions): past either, the connection is dropped and routerd logs why.
"""
import os
import socket
import struct
import subprocess
import time
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from control_frames import read_frame  # noqa: E402
from routerd_harness import ROUTERSH, Routerd, as_local_user  # noqa: E402

MAX_LINE = 4096
MAX_FRAME = 1 << 20
MAX_SESSIONS = 32


def caret_error(column):
    return " " * column + "^\n% Invalid input detected at '^' marker.\n"


def hello():
    """The Hello frame routersh sends first (protocol/wire.cpp): version 1, not interactive,
    80x24, no origin, not the console."""
    payload = struct.pack(">IIII", 1, 0, 80, 24) + struct.pack(">I", 0) + struct.pack(">I", 0)
    return b"\x01" + struct.pack(">I", len(payload)) + payload


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(path)
    return s


# Run as another user: opens N sessions (a Hello answered each), says so, holds them until its
# standard input ends.
HOLDER = """
import socket, struct, sys
payload = struct.pack(">IIIIII", 1, 0, 80, 24, 0, 0)
held = []
for _ in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall(b"\\x01" + struct.pack(">I", len(payload)) + payload)
    head = s.recv(5)
    length = struct.unpack(">I", head[1:5])[0]
    while length > 0:
        length -= len(s.recv(length))
    held.append(s)
print("holding %d" % len(held), flush=True)
sys.stdin.read()
"""


def alive(r):
    return "Cisco IOS Software" in r.commands("show version")


class HostileInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = Routerd().start()

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def test_include_with_a_huge_pattern_is_answered(self):
        # 100,000 characters once killed routerd (std::regex compiled them recursively). Now the
        # line is refused for its length, under the first character past 4,096.
        out = self.r.paste("show version | include " + "a" * 100000 + "\n")
        self.assertIn("Router>show version | include", out)
        self.assertIn(caret_error(len("Router>") + MAX_LINE), out)
        # A pattern just under the limit is compiled by RE2: a deep nest is refused, not a crash.
        pattern = "(" * 2000 + "IOS" + ")" * 2000
        out = self.r.commands("show version | include " + pattern)
        self.assertTrue("Cisco IOS Software" in out or "% Invalid regular expression" in out, out[-300:])
        self.assertIn("Number of lines which match regexp = 0",
                      self.r.commands("show version | count " + "(x|xx)+y" * 400))
        self.assertTrue(alive(self.r))

    def test_remark_is_at_most_100_characters(self):
        ok, long = "r" * 100, "s" * 100 + "TAIL"
        out = self.r.paste("enable\nconfigure terminal\naccess-list 101 remark " + ok + "\n"
                           "access-list 101 remark " + long + "\n"
                           "ip access-list extended NAMED\n remark " + long + "\nend\n")
        # The caret goes under the 101st character of the remark, in both forms.
        prompt = "Router(config)#"
        self.assertIn("access-list 101 remark " + long + "\n" +
                      caret_error(len(prompt) + len("access-list 101 remark ") + 100), out)
        self.assertIn(" remark " + long + "\n" + caret_error(len("Router(config-ext-nacl)#") + len(" remark ") + 100), out)
        run = self.r.commands("enable", "show running-config")
        self.assertIn("access-list 101 remark " + ok + "\n", run)
        self.assertNotIn("TAIL", run)

    def test_a_200_kb_remark_never_reaches_the_config(self):
        out = self.r.paste("enable\nconfigure terminal\naccess-list 102 remark " + "y" * 200000 + "x\nend\n"
                           "terminal length 0\nshow running-config | include .*x\n")
        self.assertIn(caret_error(len("Router(config)#") + MAX_LINE), out)
        run = self.r.commands("enable", "show running-config")
        self.assertNotIn("access-list 102", run)
        self.assertTrue(alive(self.r))

    def test_description_keeps_240_characters(self):
        text = "d" * 240 + "CUT"
        self.r.paste("enable\nconfigure terminal\ninterface Loopback7\n description " + text + "\nend\n")
        run = self.r.commands("enable", "show running-config interface Loopback7")
        self.assertIn(" description " + "d" * 240 + "\n", run)
        self.assertNotIn("CUT", run)

    def test_a_one_megabyte_line_gets_the_caret_and_the_session_goes_on(self):
        out = self.r.paste("enable\n" + "show " + "z" * 1000000 + "\nshow privilege\n")
        self.assertIn(caret_error(len("Router#") + MAX_LINE), out)
        self.assertIn("Current privilege level is 15", out)

    def test_a_frame_over_one_mebibyte_ends_that_connection_only(self):
        s = connect(self.r.socket)
        s.sendall(hello())
        self.assertIsNotNone(read_frame(s))
        # A Line frame announcing 2 MiB: refused from its header, before routerd buffers it.
        try:
            s.sendall(b"\x02" + struct.pack(">I", 2 * MAX_FRAME) + b"x" * 65536)
        except BrokenPipeError:
            pass  # routerd closed on the header before the rest of the payload was sent
        try:
            self.assertIsNone(read_frame(s), "routerd answered instead of closing the connection")
        except ConnectionResetError:
            pass
        s.close()
        self.assertIn("%CONTROL-4-FRAME_TOO_LARGE: a request over 1048576 bytes", self.r.read_stderr())
        self.assertTrue(alive(self.r))

    @unittest.skipUnless(os.geteuid() == 0, "needs root to open sessions as another user")
    def test_sessions_are_capped_and_the_cap_frees_up(self):
        # A local user of the control group (nobody) holds 32 sessions: routerd has answered
        # each one's Hello.
        os.chmod(self.r.tmp, 0o711)  # nobody may pass through to the socket
        as_nobody = as_local_user(self.r.socket)
        holder = subprocess.Popen(as_nobody + ["/usr/bin/python3", "-c", HOLDER, self.r.socket, str(MAX_SESSIONS)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(holder.stdout.readline(), "holding %d\n" % MAX_SESSIONS)
            p = subprocess.run(as_nobody + [ROUTERSH, "--socket", self.r.socket, "-c", "show version"],
                               capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertEqual(p.stdout, "% Connection refused by remote host\n")
            self.assertIn("%CONTROL-4-SESSION_LIMIT: 32 sessions are open: connection refused", self.r.read_stderr())
            # The administrator is never locked out, as IOS's console is no vty line.
            self.assertTrue(alive(self.r))
        finally:
            holder.communicate("", timeout=30)
        # Closed sessions free their places (routerd sees the EOFs in its own time: a hundred
        # tries back to back were not always enough on a loaded machine, so the tries are spaced
        # and bounded only by a limit no working routerd comes near).
        for _ in range(600):
            p = subprocess.run(as_nobody + [ROUTERSH, "--socket", self.r.socket, "-c", "show version"],
                               capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
            if p.returncode == 0:
                break
            time.sleep(0.05)
        self.assertIn("Cisco IOS Software", p.stdout)

if __name__ == "__main__":
    unittest.main()
