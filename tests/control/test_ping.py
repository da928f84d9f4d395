"""IOS `ping` from routerd's network namespace: real ICMP echoes, "!" per reply and "." per
timeout as they happen, the success rate, and the source taken from an interface's address."""
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import Routerd  # noqa: E402

# 10.255.255.1 has a route to nowhere inside the test namespace: the echoes leave through a dummy
# link and are never answered (nothing outside the namespace is reachable).
LINKS = "ip link set lo up; ip link add dummy0 type dummy; ip link set dummy0 up; ip addr add 10.255.255.2/24 dev dummy0"


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("unshare"), "needs its own network namespace (root)")
class Ping(unittest.TestCase):
    def test_replies_timeouts_and_source(self):
        config = "interface Loopback0\n ip address 127.0.0.1 255.0.0.0\n"
        with Routerd(links_script=LINKS, startup_config=config) as r:
            out = r.commands("ping 127.0.0.1 repeat 3")
            self.assertRegex(out, r"^Type escape sequence to abort\.\n"
                                  r"Sending 3, 100-byte ICMP Echos to 127\.0\.0\.1, timeout is 2 seconds:\n"
                                  r"!!!\n"
                                  r"Success rate is 100 percent \(3/3\), round-trip min/avg/max = \d+/\d+/\d+ ms\n$")
            out = r.commands("ping 127.0.0.1 source loopback0 repeat 2")
            self.assertIn("Packet sent with a source address of 127.0.0.1\n!!\n", out)
            out = r.commands("ping 127.0.0.1 source Loopback1")
            self.assertEqual(out, "% Invalid source interface - Loopback1\n")
            # Unanswered echoes time out one after the other (2 s each, as on IOS; how long
            # that takes is not a pass/fail matter).
            out = r.commands("ping 10.255.255.1 repeat 2")
            self.assertTrue(out.endswith("..\nSuccess rate is 0 percent (0/2)\n"), out)
            # size and timeout: IOS's datagram size (IP header included) and seconds per echo.
            out = r.commands("ping 127.0.0.1 repeat 2 size 1400 timeout 1")
            self.assertIn("Sending 2, 1400-byte ICMP Echos to 127.0.0.1, timeout is 1 seconds:\n!!\n", out)
            out = r.commands("ping 10.255.255.1 repeat 2 timeout 1")
            self.assertIn("timeout is 1 seconds:\n..\nSuccess rate is 0 percent (0/2)\n", out)
            # routerd kept serving meanwhile, and still does.
            self.assertIn("uptime", r.commands("show version"))

    def test_help(self):
        with Routerd() as r:
            out = r.paste("ping 1.1.1.1 ?\n")
        for word, text in (("repeat", "specify repeat count"), ("source", "specify source address or name"),
                           ("size", "specify datagram size"), ("timeout", "specify timeout interval")):
            self.assertRegex(out, r"(?m)^  %s +%s$" % (word, text))


if __name__ == "__main__":
    unittest.main()
