"""IOS `traceroute` from routerd's namespace: real UDP probes, answered by the kernel of a
neighbour namespace (port unreachable from the destination) or not at all (IOS's `*`)."""
import os
import re
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import NetnsPair, Routerd  # noqa: E402

CONFIG = ("interface GigabitEthernet0/0\n ip address 12.1.1.1 255.255.255.0\n no shutdown\n"
          "ip route 2.2.2.0 255.255.255.0 12.1.1.2\nip route 3.3.3.0 255.255.255.0 12.1.1.2\n"
          "ip route 4.4.4.0 255.255.255.0 12.1.1.2\n")


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("ip"), "needs network namespaces of its own (root)")
class Traceroute(unittest.TestCase):
    def setUp(self):
        self.ns = NetnsPair("veth-r1", "veth-peer")
        self.addCleanup(self.ns.close)
        b = ["ip", "-n", self.ns.b]
        for cmd in (["addr", "add", "12.1.1.2/24", "dev", "veth-peer"], ["link", "set", "veth-peer", "up"],
                    ["addr", "add", "2.2.2.2/32", "dev", "lo"], ["route", "add", "blackhole", "4.4.4.0/24"]):
            subprocess.run(b + cmd, check=True)
        # The neighbour routes (in its own namespace): what it cannot reach, it says so.
        subprocess.run(["ip", "netns", "exec", self.ns.b, "sysctl", "-qw", "net.ipv4.ip_forward=1"], check=True)
        self.r = Routerd(netns=self.ns.a, startup_config=CONFIG, interfaces="GigabitEthernet0/0 veth-r1\n").start()
        self.addCleanup(self.r.cleanup)
        time.sleep(0.3)  # the link comes up

    def test_destination_answers_at_hop_one(self):
        out = self.r.commands("traceroute 2.2.2.2")
        self.assertRegex(out, r"^Type escape sequence to abort\.\n"
                              r"Tracing the route to 2\.2\.2\.2\n"
                              r"VRF info: \(vrf in name/id, vrf out name/id\)\n"
                              r"  1 2\.2\.2\.2 \d+ msec \d+ msec \d+ msec\n$")

    def test_unanswered_probes_and_refusal(self):
        # The neighbour drops what goes to 4.4.4.0/24 (a blackhole): every probe times out.
        started = time.monotonic()
        out = self.r.commands("traceroute 4.4.4.4 timeout 1 probe 2 ttl 1 2")
        self.assertGreaterEqual(time.monotonic() - started, 3.5)
        self.assertTrue(out.endswith("  1  *  * \n  2  *  * \n"), out)
        # The neighbour has no route to 3.3.3.3: its kernel says network unreachable (!N),
        # which ends the trace at hop 1 (Linux may say host unreachable, !H).
        # One probe: Linux rate-limits its ICMP errors, so a third in a row may go unanswered.
        out = self.r.commands("traceroute 3.3.3.3 timeout 1 probe 1")
        self.assertRegex(out, r"\n  1 12\.1\.1\.2 \d+ msec !(N|H)\n$")


if __name__ == "__main__":
    unittest.main()
