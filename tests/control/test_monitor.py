"""`terminal monitor` (issue 17 acceptance): one vty session with `terminal monitor` and
`debug crypto isakmp` sees the debug lines of a negotiation that another session started (a
`ping` into a crypto map's ACL), asynchronously, above the line it is typing, which is then
redrawn intact. Two routerd in namespaces of the test's own, joined by a veth pair, negotiate
Main Mode over real UDP 500 (this machine's kernel has no ESP, so only the SA install fails)."""
import os
import re
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERSH, NetnsPair, Routerd  # noqa: E402
import tmux_terminal  # noqa: E402

R1 = """hostname R1
crypto isakmp policy 10
 encr 3des
 hash md5
 authentication pre-share
 group 2
crypto isakmp key cisco address 12.1.1.2
crypto ipsec transform-set TSET esp-3des esp-md5-hmac
crypto map TST 10 ipsec-isakmp
 set peer 12.1.1.2
 set transform-set TSET
 match address 100
interface Serial1/2
 ip address 12.1.1.1 255.255.255.0
 crypto map TST
 no shutdown
ip route 2.2.2.2 255.255.255.255 12.1.1.2
access-list 100 permit ip host 1.1.1.1 host 2.2.2.2
"""
R2 = (R1.replace("hostname R1", "hostname R2").replace("12.1.1.2", "12.1.1.X").replace("12.1.1.1", "12.1.1.2")
      .replace("12.1.1.X", "12.1.1.1").replace("Serial1/2", "Serial1/1")
      .replace("ip route 2.2.2.2", "ip route 1.1.1.1").replace("host 1.1.1.1 host 2.2.2.2", "host 2.2.2.2 host 1.1.1.1"))


class Tmux(tmux_terminal.Tmux):
    """routersh in a real terminal, as an engineer's vty."""

    def __init__(self, socket, prompt):
        super().__init__(ROUTERSH, socket, prompt, name="routersh-monitor", width=150, height=50, history=500)


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("ip") and shutil.which("tmux"),
                     "needs network namespaces of its own (root) and tmux")
class TerminalMonitor(unittest.TestCase):
    def setUp(self):
        self.ns = NetnsPair("veth-r1", "veth-r2")
        self.addCleanup(self.ns.close)
        # The protected hosts, as the lab's loopbacks (this kernel has no dummy links).
        subprocess.run(["ip", "-n", self.ns.a, "addr", "add", "1.1.1.1/32", "dev", "lo"], check=True)
        subprocess.run(["ip", "-n", self.ns.b, "addr", "add", "2.2.2.2/32", "dev", "lo"], check=True)
        self.r1 = Routerd(netns=self.ns.a, startup_config=R1, interfaces="Serial1/2 veth-r1\n").start()
        self.addCleanup(self.r1.cleanup)
        self.r2 = Routerd(netns=self.ns.b, startup_config=R2, interfaces="Serial1/1 veth-r2\n").start()
        self.addCleanup(self.r2.cleanup)
        self.t = Tmux(self.r1.socket, "R1>")
        self.addCleanup(self.t.close)

    def test_debug_lines_from_another_sessions_negotiation(self):
        t = self.t
        t.type("enable\r")
        t.wait_for("R1#")
        t.type("terminal monitor\r")
        t.wait_for("R1#terminal monitor\nR1#")
        t.type("debug crypto isakmp\r")
        t.wait_for("Crypto ISAKMP debugging is on\nR1#")
        # Half a command typed: the debug lines must print above it, not into it.
        t.type("show ver")
        # Another session on the same router starts the negotiation with interesting traffic.
        pinger = subprocess.Popen([ROUTERSH, "--socket", self.r1.socket, "-c", "ping 2.2.2.2 source 1.1.1.1 repeat 3"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: pinger.poll() is None and pinger.kill())
        s = t.wait_for("ISAKMP:(0): beginning Main Mode exchange", timeout=15)
        # Main Mode reaches the peer and back: R2's reply is debugged here too.
        s = t.wait_for("New State = IKE_I_MM6", timeout=20)
        ping_out, _ = pinger.communicate(timeout=30)
        # The line being typed was redrawn after the last message, as it was.
        deadline = time.time() + 10
        while time.time() < deadline:
            s = t.screen().rstrip("\n")
            if s.endswith("R1#show ver"):
                break
            time.sleep(0.1)
        self.assertTrue(s.endswith("R1#show ver"), s[-2000:])
        # Every debug line begins a line of its own: none was written into the prompt or typed text.
        lines = s.splitlines()
        for line in lines:
            if "ISAKMP" in line:
                self.assertFalse(line.startswith("R1#") or "show ver" in line, line)
        self.assertEqual([l for l in lines if l.startswith("R1#show ver")], ["R1#show ver"])
        # The typed text is still there to finish.
        t.type("sion\r")
        t.wait_for("Cisco IOS Software")
        # The other session, without `terminal monitor`, got only its ping.
        self.assertIn("Sending 3, 100-byte ICMP Echos to 2.2.2.2", ping_out)
        self.assertNotIn("ISAKMP:(", ping_out)

    def test_ping_marks_line_stays_whole(self):
        # The monitoring session runs the ping itself: the debug lines of the negotiation it
        # triggers arrive while its !/. line is being written. Each goes on a line of its own and
        # the marks line is written again below it, so the last one is whole.
        # R2 is gone, so R1 retransmits Main Mode's first message for seconds: its debug lines
        # come between the marks.
        self.r2.stop()
        t = self.t
        t.type("enable\rterminal monitor\rdebug crypto isakmp\r")
        t.wait_for("Crypto ISAKMP debugging is on\nR1#")
        t.type("ping 2.2.2.2 source 1.1.1.1 repeat 5 timeout 1\r")
        s = t.wait_for("Success rate is", timeout=30)
        lines = s.splitlines()
        self.assertTrue(any("retransmitting phase 1" in l for l in lines), s)
        # A debug line did arrive after a mark: a marks line was cut, and written again below.
        self.assertTrue(any(re.fullmatch(r"[!.]{1,4}", l) for l in lines), s[-2500:])
        for line in lines:
            if "ISAKMP:" in line:
                self.assertRegex(line, r"^\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: ", line)  # never after a mark
        rate = next(i for i, l in enumerate(lines) if l.startswith("Success rate is"))
        # This kernel has no ESP, so the echoes are lost ("."); what matters is the whole line.
        self.assertRegex(lines[rate - 1], r"^[!.]{5}$", s[-1500:])

    def test_without_terminal_monitor_nothing_arrives(self):
        t = self.t
        t.type("enable\rdebug crypto isakmp\r")
        t.wait_for("Crypto ISAKMP debugging is on\nR1#")
        out = self.r1.commands("ping 2.2.2.2 source 1.1.1.1 repeat 2")
        self.assertIn("Sending 2, 100-byte ICMP Echos to 2.2.2.2", out)
        log = self.r1.commands("enable", "show logging")
        self.assertIn("ISAKMP:(0): beginning Main Mode exchange", log)  # debugging reached the buffer
        time.sleep(0.5)
        self.assertNotIn("ISAKMP:(", self.t.screen())  # but not this vty: it never asked

    def test_logging_monitor_level_and_console(self):
        # `logging monitor notifications`: a monitoring vty gets severity 0-5 only, so the
        # debug lines (7) stay in the buffer and %SYS-5-CONFIG_I still arrives. IOS.
        self.r1.commands("enable", "configure terminal", "logging monitor notifications", "no logging console", "end")
        t = self.t
        t.type("enable\rterminal monitor\rdebug crypto isakmp\r")
        t.wait_for("Crypto ISAKMP debugging is on\nR1#")
        out = self.r1.commands("ping 2.2.2.2 source 1.1.1.1 repeat 2")
        self.assertIn("Sending 2, 100-byte ICMP Echos to 2.2.2.2", out)
        self.r1.commands("enable", "configure terminal", "end")
        t.wait_for("%SYS-5-CONFIG_I: Configured from console by")
        log = self.r1.commands("enable", "show logging")
        self.assertIn("ISAKMP:(0): beginning Main Mode exchange", log)
        self.assertNotIn("ISAKMP:(", t.screen())
        self.assertIn("    Console logging: disabled\n", log)
        self.assertRegex(log, r"    Monitor logging: level notifications, \d+ messages logged, xml disabled,\n"
                              r"                     filtering disabled\n"
                              r"        Logging to: vty\d+\(0\)\n")
        run = self.r1.commands("enable", "show running-config")
        self.assertIn("logging monitor notifications\n", run)
        self.assertIn("no logging console\n", run)


if __name__ == "__main__":
    unittest.main()
