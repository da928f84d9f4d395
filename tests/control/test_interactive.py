"""routersh in a real terminal (tmux): ? and TAB, Ctrl-Z and Ctrl-C, --More-- paging, and a
password typed without echo."""
import os
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERSH, Routerd  # noqa: E402
import tmux_terminal  # noqa: E402


class Tmux(tmux_terminal.Tmux):
    def __init__(self, socket):
        super().__init__(ROUTERSH, socket, "Router>")


@unittest.skipUnless(shutil.which("tmux"), "tmux is installed by scripts/setup.sh")
class Interactive(unittest.TestCase):
    def setUp(self):
        self.r = Routerd().start()
        # Before the terminal: a terminal that fails to start must not leave routerd running
        # (tearDown does not run when setUp fails).
        self.addCleanup(self.r.cleanup)
        self.t = Tmux(self.r.socket)
        self.addCleanup(self.t.close)

    def test_help_and_tab(self):
        t = self.t
        t.type("en\r")
        t.wait_for("Router#")
        t.type("sh")
        t.key("Tab")
        t.type("pri")
        t.key("Tab")
        t.type("\r")
        t.wait_for("Router#show privilege\nCurrent privilege level is 15")
        t.type("terminal ?")
        s = t.wait_for("  width    Set width of the display terminal")
        # the prompt is redrawn with the text typed so far, ready to go on
        self.assertTrue(s.rstrip().endswith("Router#terminal"), s)
        t.type("len 0\r")
        t.wait_for("Router#terminal len 0\nRouter#")

    def test_ctrl_z_and_ctrl_c_leave_config_mode(self):
        t = self.t
        t.type("enable\rconfigure terminal\rinterface Loopback3\r")
        t.wait_for("Router(config-if)#")
        t.key("C-z")
        t.wait_for("Router(config-if)#^Z\nRouter#")
        t.type("conf t\r")
        t.wait_for("Router(config)#")
        t.type("hostname half-typed")
        t.key("C-c")
        t.wait_for("Router(config)#hostname half-typed^C\nRouter#")
        t.type("show privilege\r")
        t.wait_for("Current privilege level is 15")

    def test_more_paging_at_terminal_length(self):
        t = self.t
        t.type("enable\rterminal length 8\rshow running-config\r")
        s = t.wait_for(" --More--")
        shown = s[s.index("Router#show running-config"):].splitlines()
        marker = next(i for i, l in enumerate(shown) if l.startswith(" --More--"))
        self.assertEqual(marker, 1 + 7)  # after the command line: 7 lines, the marker on the 8th
        t.type(" ")  # next page
        t.wait_for("service timestamps log")
        t.type("q")  # anything else stops the output
        s = t.wait_for("Router#", timeout=5)
        self.assertNotIn("\nend\n", s)
        t.type("terminal length 0\rshow running-config\r")
        s = t.wait_for("\nend\nRouter#")
        second = s[s.rindex("Router#show running-config"):]
        self.assertNotIn("--More--", second)  # length 0: never paged
        self.assertIn("Building configuration...", second)

    def test_ctrl_c_at_more_stops_the_output(self):
        # Ctrl-C is a signal here (the terminal keeps ISIG), not a byte: it must still count as
        # the key that stops the output at --More--, not wait for the next one.
        t = self.t
        t.type("enable\rterminal length 8\rshow running-config\r")
        t.wait_for(" --More--")
        t.key("C-c")
        s = t.wait_for("Router#", timeout=5)
        tail = s[s.index("Router#show running-config"):]
        self.assertNotIn("\nend\n", tail)
        self.assertTrue(tail.rstrip().endswith("Router#"), tail)
        t.type("show privilege\r")
        t.wait_for("Current privilege level is 15")

    def test_exec_and_config_histories_are_apart(self):
        # IOS: the arrow keys in config mode recall config lines only, and EXEC lines at EXEC.
        t = self.t
        t.type("enable\rshow privilege\rconfigure terminal\rhostname R5\r")
        t.wait_for("R5(config)#")
        t.key("Up")
        t.key("Up")  # nothing older in the config history: stays on the one line
        s = t.wait_for("R5(config)#hostname R5")
        self.assertTrue(s.rstrip().endswith("R5(config)#hostname R5"), s)
        t.key("C-u")
        t.type("end\r")
        t.wait_for("R5#")
        t.key("Up")
        s = t.wait_for("R5#configure terminal")
        self.assertTrue(s.rstrip().endswith("R5#configure terminal"), s)
        t.key("C-u")
        t.type("show history\r")
        s = t.wait_for("  show history\nR5#")
        self.assertIn("  enable\n  show privilege\n  configure terminal\n  show history\n", s)

    def test_enable_password_is_not_echoed(self):
        self.r.paste("enable\nconfigure terminal\nenable secret Sekr1t\nend\n")
        t = self.t
        t.type("enable\r")
        t.wait_for("Password:")
        t.type("Sekr1t\r")
        s = t.wait_for("Router#")
        self.assertNotIn("Sekr1t", s)



# 10.255.255.1 is routed into a dummy link of the test's own namespace: never answered.
LINKS = "ip link set lo up; ip link add dummy0 type dummy; ip link set dummy0 up; ip addr add 10.255.255.2/24 dev dummy0"


@unittest.skipUnless(shutil.which("tmux"), "tmux is installed by scripts/setup.sh")
@unittest.skipUnless(os.geteuid() == 0 and shutil.which("unshare"), "needs its own network namespace (root)")
class PingAbort(unittest.TestCase):
    """IOS: "Type escape sequence to abort." Ctrl-^ (then x), or Ctrl-C, stops a running ping;
    the summary counts the echoes that completed."""

    def setUp(self):
        self.r = Routerd(links_script=LINKS).start()
        self.addCleanup(self.r.cleanup)
        self.t = Tmux(self.r.socket)
        self.addCleanup(self.t.close)

    def stopped_ping(self, *keys):
        t = self.t
        t.type("ping 10.255.255.1 repeat 100 timeout 1\r")
        t.wait_for("timeout is 1 seconds:\n..")
        t.key(*keys)
        s = t.wait_for("Success rate is 0 percent", timeout=5)
        sent = int(s[s.rindex("(0/") + 3:].split(")")[0])
        self.assertTrue(2 <= sent < 100, sent)
        t.wait_for("Success rate is 0 percent (0/%d)\nRouter>" % sent)
        # The session goes on, and the escape's own keys did not land on the next line.
        t.type("show privilege\r")
        s = t.wait_for("Current privilege level is 1")
        self.assertIn("Router>show privilege\n", s)

    def test_escape_sequence_stops_a_ping(self):
        self.stopped_ping("C-^", "x")

    def test_ctrl_c_stops_a_ping(self):
        self.stopped_ping("C-c")


if __name__ == "__main__":
    unittest.main()
