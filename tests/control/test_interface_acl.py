"""`ip access-group` enforced by the kernel: routerd puts the interface access lists into an
nftables table of its own in its network namespace, and `show access-lists` counts what they
matched. A second namespace on a veth pair is the neighbour that pings through them. The host's
own nftables ruleset is never touched (checked)."""
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from routerd_harness import NetnsPair, Routerd  # noqa: E402

CONFIG = """hostname R1
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
 ip access-group 110 in
 no shutdown
access-list 110 deny icmp host 10.0.0.2 host 10.0.0.1 echo
access-list 110 permit ip any any
"""


def nft_tables(netns=None):
    cmd = (["ip", "netns", "exec", netns] if netns else []) + ["nft", "list", "tables"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@unittest.skipUnless(os.geteuid() == 0, "needs root for network namespaces")
class InterfaceAcl(unittest.TestCase):
    def setUp(self):
        # The test reads the tables back with nft; a missing package fails here, saying which.
        if not shutil.which("nft"):
            self.fail("missing Debian package nftables (scripts/setup.sh installs it): no nft")
        self.host_tables = nft_tables()
        self.pair = NetnsPair()
        self.addCleanup(self.pair.close)
        subprocess.run(["ip", "-n", self.pair.b, "addr", "add", "10.0.0.2/24", "dev", "veth-b"], check=True)
        subprocess.run(["ip", "-n", self.pair.b, "link", "set", "veth-b", "up"], check=True)
        self.r = Routerd(startup_config=CONFIG, interfaces="GigabitEthernet0/0 veth-a\n", netns=self.pair.a).start()
        self.addCleanup(self.r.cleanup)

    def ping(self, count=2):
        return subprocess.run(["ip", "netns", "exec", self.pair.b, "ping", "-c", str(count), "-i", "0.2", "-W", "1",
                               "10.0.0.1"], capture_output=True, text=True)

    def test_inbound_list_drops_and_counts(self):
        self.assertNotEqual(self.ping(3).returncode, 0)  # the echo requests are dropped on the way in
        out = self.r.commands("enable", "show access-lists 110")
        self.assertRegex(out, r"10 deny   icmp host 10\.0\.0\.2 host 10\.0\.0\.1 echo \(3 matches\)")
        self.assertIn("Inbound  access list is 110", self.r.commands("show ip interface GigabitEthernet0/0"))
        # What the list permits passes: the replies to the router's own pings, counted by line 20.
        own = subprocess.run(["ip", "netns", "exec", self.pair.a, "ping", "-c", "2", "-i", "0.2", "-W", "1", "10.0.0.2"],
                             capture_output=True, text=True)
        self.assertEqual(own.returncode, 0, own.stdout)
        self.assertRegex(self.r.commands("enable", "show access-lists 110"), r"20 permit ip any any \(2 matches\)")
        # The table is routerd's own, in its namespace; the host's ruleset is as it was.
        self.assertIn("table ip routerd", nft_tables(self.pair.a))
        self.assertEqual(nft_tables(), self.host_tables)
        # Taken off the interface, the list filters nothing and the table goes.
        self.r.paste("enable\nconfigure terminal\ninterface GigabitEthernet0/0\nno ip access-group 110 in\nend\n")
        self.r.commands("show clock")  # a command waits for routerd to follow the change
        self.assertEqual(self.ping().returncode, 0)
        self.assertNotIn("routerd", nft_tables(self.pair.a))

    def test_typing_it_says_nothing_and_a_list_it_cannot_enforce_is_not_applied(self):
        out = self.r.paste("enable\nconfigure terminal\ninterface GigabitEthernet0/0\nip access-group 120 out\n"
                           "exit\naccess-list 120 permit tcp any any established\n"
                           "access-list 120 permit ip any any time-range WORK\nend\nshow logging\n")
        self.assertNotIn("NOT_APPLIED: \"ip access-group", out)
        self.assertIn("%ACL-4-NOT_APPLIED: access list 120 line 20: time-range is not enforced here; "
                      "the list is not applied", out)
        # List 110 stays in force on the way in.
        self.assertNotEqual(self.ping().returncode, 0)

    def test_ip_routing_turns_forwarding_on_and_off(self):
        # IOS forwards by default; `no ip routing` stops it; routerd leaves what it found.
        sysctl = ["ip", "netns", "exec", self.pair.a, "cat", "/proc/sys/net/ipv4/ip_forward"]
        read = lambda: subprocess.run(sysctl, capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(read(), "1")
        self.r.paste("enable\nconfigure terminal\nno ip routing\nend\n")
        self.r.commands("show clock")
        self.assertEqual(read(), "0")
        self.r.paste("enable\nconfigure terminal\nip routing\nend\n")
        self.r.commands("show clock")
        self.assertEqual(read(), "1")
        self.r.stop()
        self.r.proc.wait(timeout=10)
        self.assertEqual(read(), "0")  # as the namespace was made

    def test_routerd_leaving_removes_its_table(self):
        self.assertIn("table ip routerd", nft_tables(self.pair.a))
        self.r.stop()
        self.r.proc.wait(timeout=10)
        self.assertNotIn("routerd", nft_tables(self.pair.a))
        self.assertEqual(self.ping().returncode, 0)


if __name__ == "__main__":
    unittest.main()
