"""A startup-config with bad lines: every good line applies, each bad one is reported by number;
lines IOS has that this box keeps without effect are kept silently, and the lines indented under
a rejected line are rejected with it instead of landing in the previous mode."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import Routerd  # noqa: E402

STARTUP = """!
hostname R3
frobnicate everything
interface Loopback0
 ip address 3.3.3.3 255.255.255.255
 ip ospf cost 10
 description still inside Loopback0
!
interface GigabitEthernet0/0
 ip address 10.3.0.1 255.0.255.0
 ip address 10.3.0.1 255.255.255.0
interface Frobnicator0/0
 ip address 10.9.9.9 255.255.255.0
 shutdown
router ospf 1
 network 10.0.0.0 0.255.255.255 area 0
ip route 0.0.0.0 0.0.0.0 10.3.0.254
hostname
end
"""


class StartupErrors(unittest.TestCase):
    def test_bad_lines_are_reported_and_skipped(self):
        with Routerd(startup_config=STARTUP) as r:
            run = r.commands("enable", "show running-config")
            for good in ["hostname R3", "interface Loopback0", " ip address 3.3.3.3 255.255.255.255",
                         " ip ospf cost 10", " description still inside Loopback0",
                         " ip address 10.3.0.1 255.255.255.0", "router ospf 1",
                         " network 10.0.0.0 0.255.255.255 area 0", "ip route 0.0.0.0 0.0.0.0 10.3.0.254"]:
                self.assertIn(good + "\n", run)
            for bad in ["frobnicate", "Frobnicator", "10.9.9.9", "255.0.255.0"]:
                self.assertNotIn(bad, run)
            # The rejected interface's `shutdown` did not shut GigabitEthernet0/0.
            gi = run[run.index("interface GigabitEthernet0/0"):]
            gi = gi[:gi.index("!")]
            self.assertNotIn("shutdown", gi)
            err = r.read_stderr()
            # line numbers as in the file, with the IOS error for each
            self.assertIn("startup-config line 3:\nfrobnicate everything\n ^\n% Invalid input detected at '^' marker.", err)
            self.assertIn("startup-config line 10:\n ip address 10.3.0.1 255.0.255.0\n"
                          "Bad mask 0xFF00FF00 for address 10.3.0.1", err)
            self.assertIn("startup-config line 12:\ninterface Frobnicator0/0\n", err)
            self.assertIn("startup-config line 13:\n ip address 10.9.9.9 255.255.255.0\n", err)
            self.assertIn("startup-config line 14:\n shutdown\n", err)
            self.assertIn("startup-config line 18:\nhostname\n% Incomplete command.", err)
            # Kept lines are not complaints.
            self.assertNotIn("line 6:", err)
            self.assertNotIn("line 15:", err)
            self.assertEqual(len(re.findall(r"^startup-config line \d+:$", err, re.M)), 6)
            # and each is in the log buffer for `show logging`
            log = r.commands("enable", "show logging")
            self.assertIn("%PARSER-3-CONFIGFAIL: startup-config line 3: failed to apply", log)

    def test_a_rejected_line_never_shows_its_secret(self):
        # routerd's stderr is the journal under systemd: a key or password in a rejected line
        # is shown as IOS's `hidekeys` shows it, and the caret still points at the fault.
        startup = ("crypto isakmp key SuperSecret123 address 10.0.0.2 bogus\n"
                   "pre-shared-key address 10.0.0.9 key Pa55word-xyz\n"
                   "crypto isakmp key 0 Another-Key-9 address 10.0.0.3\n"
                   "hostname " + "x" * 10000 + "\n")
        with Routerd(startup_config=startup) as r:
            err = r.read_stderr()
            self.assertIn("startup-config line 1:\ncrypto isakmp key ***** address 10.0.0.2 bogus\n"
                          + " " * len("crypto isakmp key ***** address 10.0.0.2 ") + "^\n"
                          "% Invalid input detected at '^' marker.", err)
            self.assertIn("startup-config line 2:\npre-shared-key address 10.0.0.9 key *****\n", err)
            for secret in ("SuperSecret123", "Pa55word-xyz"):
                self.assertNotIn(secret, err)
            # A 10,000-character line is echoed up to where it was refused (4,096 characters).
            self.assertIn("startup-config line 4:\nhostname " + "x" * (4096 - len("hostname ")) + "\n"
                          + " " * 4096 + "^\n", err)
            self.assertNotIn("x" * 4100, err)
            # The good line with a key applied, and the running-config still has the key.
            self.assertIn("crypto isakmp key Another-Key-9 address 10.0.0.3",
                          r.commands("enable", "show running-config"))


if __name__ == "__main__":
    unittest.main()
