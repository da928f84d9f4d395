"""routerd killed with SIGKILL leaves its XFRM policies in the kernel; the next routerd of the
same config directory, in the same network namespace, removes them before it installs its own,
and says so. Before, the new one's installs failed with "File exists" and the killed one's
policies (including those of entries nobody saved) stayed for good.

The namespace is the test's own (`ip netns add`), so both routerd see the same kernel state.
SAs need ESP, which this machine's kernel may lack: the kernel lab covers them
(tests/lab/scenarios/crash-restart.lab)."""
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import Routerd  # noqa: E402

STARTUP = """hostname R1
crypto isakmp policy 10
 encr aes 256
 authentication pre-share
 group 14
crypto isakmp key cisco123 address 12.1.1.2
crypto isakmp key cisco123 address 12.1.1.3
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255
crypto map CMAP 10 ipsec-isakmp
 set peer 12.1.1.2
 set transform-set TS
 match address 101
interface GigabitEthernet0/0
 ip address 12.1.1.1 255.255.255.0
 no shutdown
 crypto map CMAP
"""

# Typed after the start and never saved: after the restart nothing may be left of it.
UNSAVED = """enable
configure terminal
access-list 102 permit ip 10.1.1.0 0.0.0.255 10.3.3.0 0.0.0.255
crypto map CMAP 20 ipsec-isakmp
 set peer 12.1.1.3
 set transform-set TS
 match address 102
end
show crypto map
"""


def policies(ns):
    out = subprocess.run(["ip", "-n", ns, "xfrm", "policy", "list"], capture_output=True, text=True,
                         check=True).stdout
    return sorted(re.findall(r"^src \S+ dst \S+ *\n\tdir \w+", out, re.M))


@unittest.skipUnless(os.geteuid() == 0, "needs root for a network namespace")
class CrashRecovery(unittest.TestCase):
    def setUp(self):
        self.ns = "rtd-crash-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        subprocess.run(["ip", "-n", self.ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1"],
                       check=True)
        subprocess.run(["ip", "-n", self.ns, "link", "set", "lo", "up"], check=True)
        self.config_dir = None

    def tearDown(self):
        subprocess.run(["ip", "netns", "del", self.ns], capture_output=True)

    def wait_for(self, want, what):
        for _ in range(100):
            now = policies(self.ns)
            if want(now):
                return now
            time.sleep(0.05)
        self.fail("%s: %s" % (what, now))

    def test_sigkill_then_restart_leaves_no_orphan_and_no_duplicate(self):
        first = Routerd(startup_config=STARTUP, netns=self.ns).start()
        try:
            saved = self.wait_for(lambda p: len(p) >= 3, "the saved entry's policies")
            first.paste(UNSAVED)
            both = self.wait_for(lambda p: len(p) > len(saved), "the unsaved entry's policies")
            self.assertTrue(any("10.3.3.0/24" in p for p in both), both)
            first.kill(signal.SIGKILL)
            self.assertEqual(policies(self.ns), both, "SIGKILL removed nothing: the kernel keeps them")

            second = Routerd(config_dir=first.config_dir, netns=self.ns).start()
            try:
                after = policies(self.ns)
                # The saved entry's policies once, the unsaved entry's not at all.
                self.assertEqual(after, saved)
                self.assertIn("%%CRYPTO-4-STALE_STATE: removed %d IPsec policies and 0 SAs a previous routerd "
                              "left in the kernel" % len(both), second.read_stderr())
                # The new routerd owns what is there: removing the crypto map removes them all.
                second.paste("enable\nconfigure terminal\ninterface GigabitEthernet0/0\n no crypto map CMAP\nend\n"
                             "show crypto map\n")
                self.wait_for(lambda p: len(p) == 0, "the policies once the map is removed")
            finally:
                second.cleanup()
        finally:
            first.cleanup()


if __name__ == "__main__":
    unittest.main()
