"""Syslog to `logging host` (issue 17): routerd sends each message at or below `logging trap` to
every host as one UDP datagram the way IOS does (`<PRI>SEQ: TIMESTAMP: %FAC-SEV-MNEMONIC: text`,
PRI = facility * 8 + severity, local7 by default), from the `logging source-interface`'s
address when it has one, and `show logging` counts what went where.

routerd runs in a network namespace of the test's own; the receiver is a UDP socket in that same
namespace (`ip netns exec`), on loopback only. A veth pair inside the namespace gives the source
interface an address that is not the loopback's."""
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import Routerd  # noqa: E402

# Prints each datagram it receives as "SOURCE-IP PAYLOAD" (payload hex-encoded), one a line.
RECEIVER = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[1])))
print("ready", flush=True)
while True:
    data, (ip, port) = s.recvfrom(65535)
    print(ip, data.hex(), flush=True)
"""


def free_udp_port():
    # Any free number will do: the receiver binds it inside the test's own namespace.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    def __init__(self, netns, port):
        # Unbuffered: select() must see every line that has not been parsed yet.
        self.proc = subprocess.Popen(["ip", "netns", "exec", netns, sys.executable, "-c", RECEIVER, str(port)],
                                     stdout=subprocess.PIPE, bufsize=0)
        self.pending = b""
        if self._line(time.monotonic() + 10) != "ready":
            raise RuntimeError("syslog receiver did not start")

    def _line(self, deadline):
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def datagrams(self, timeout=3.0, until=None):
        """[(source ip, payload str)] received within `timeout`, or until one matches `until`."""
        out = []
        deadline = time.monotonic() + timeout
        while True:
            line = self._line(deadline)
            if line is None:
                return out
            ip, hexdata = line.split()
            out.append((ip, bytes.fromhex(hexdata).decode()))
            if until and re.search(until, out[-1][1]):
                return out

    def close(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


LOG_LINE = re.compile(r"^<(\d+)>(\d+): (.*)$", re.S)


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("ip"), "needs a network namespace of its own (root)")
class Syslog(unittest.TestCase):
    def setUp(self):
        self.ns = "rtd-syslog-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        self.addCleanup(subprocess.run, ["ip", "netns", "del", self.ns], capture_output=True)
        for cmd in (["link", "set", "lo", "up"],
                    ["link", "add", "veth0", "type", "veth", "peer", "name", "veth1"],
                    ["link", "set", "veth1", "up"]):
            subprocess.run(["ip", "-n", self.ns] + cmd, check=True)
        self.port = free_udp_port()
        self.rx = Receiver(self.ns, self.port)
        self.addCleanup(self.rx.close)

    def start(self, config):
        r = Routerd(netns=self.ns, startup_config=config,
                    interfaces="GigabitEthernet0/1 veth0\nGigabitEthernet0/2 veth1\n").start()
        self.addCleanup(r.cleanup)
        return r

    def configure(self, r, *lines):
        return r.paste("enable\nconfigure terminal\n" + "".join(l + "\n" for l in lines) + "end\n")

    def test_datagrams_trap_facility_and_counters(self):
        r = self.start("logging host 127.0.0.1 transport udp port %d\n" % self.port)
        # The boot message is the host's first, sent from the address the route gives.
        got = self.rx.datagrams(until="SYS-5-RESTART")
        self.assertTrue(got, "no datagram for %SYS-5-RESTART")
        ip, payload = got[-1]
        self.assertEqual(ip, "127.0.0.1")
        m = LOG_LINE.match(payload)
        self.assertIsNotNone(m, payload)
        self.assertEqual(m.group(1), "189")  # local7 (23) * 8 + notifications (5)
        self.assertEqual(m.group(2), "1")
        self.assertRegex(m.group(3), r"^\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: %SYS-5-RESTART: System restarted --$")

        # Leaving configuration mode: %SYS-5-CONFIG_I, the host's second message. Typing a line
        # this box carries out gives no %CONFIG-4-NOT_APPLIED notice.
        out = self.configure(r, "logging facility local7")
        self.assertNotIn("NOT_APPLIED", out)
        got = self.rx.datagrams(until="CONFIG_I")
        m = LOG_LINE.match(got[-1][1])
        self.assertEqual((m.group(1), m.group(2)), ("189", "2"))
        self.assertRegex(m.group(3), r"%SYS-5-CONFIG_I: Configured from console by \S+ on vty\d+$")
        # The text after "<PRI>SEQ: " is the very line in the log buffer (same time stamp).
        log = r.commands("enable", "show logging")
        self.assertIn("\n" + m.group(3) + "\n", log)

        # `logging trap warnings`: a severity-5 message no longer leaves; the trap count stops.
        out = self.configure(r, "logging trap warnings")
        self.assertNotIn("NOT_APPLIED", out)
        got = self.rx.datagrams(timeout=1.5)
        self.assertEqual(got, [], "a notification went out above `logging trap warnings`")
        log = r.commands("enable", "show logging")
        self.assertIn("    Trap logging: level warnings, 2 message lines logged\n", log)

        # Back to informational with facility local0: <133> = 16 * 8 + 5.
        self.configure(r, "logging trap informational", "logging facility local0")
        got = self.rx.datagrams(until="CONFIG_I")
        m = LOG_LINE.match(got[-1][1])
        self.assertEqual((m.group(1), m.group(2)), ("133", "3"))
        self.assertIn("%SYS-5-CONFIG_I:", m.group(3))

        # show logging: IOS 15's trap section, each number a count of what was sent.
        log = r.commands("enable", "show logging")
        self.assertIn("    Trap logging: level informational, 3 message lines logged\n"
                      "        Logging to 127.0.0.1  (udp port %d, audit disabled,\n"
                      "              link up),\n"
                      "              3 message lines logged,\n"
                      "              0 message lines rate-limited,\n"
                      "              0 message lines dropped-by-MD,\n"
                      "              xml disabled, sequence number disabled\n"
                      "              filtering disabled\n"
                      "        Logging Source-Interface:       VRF Name:\n"
                      "\n"
                      "Log Buffer (" % self.port, log)

        # `no logging trap`: nothing leaves, and IOS says so.
        self.configure(r, "no logging trap")
        self.assertEqual(self.rx.datagrams(timeout=1.5), [])
        self.assertIn("    Trap logging: disabled\n", r.commands("enable", "show logging"))
        self.configure(r, "logging trap")

        # `no logging host` stops the host: not even the STOP message reaches it (the host is
        # gone before the message is logged); the buffer has it.
        self.rx.datagrams(timeout=1.0)
        out = self.configure(r, "no logging host 127.0.0.1 transport udp port %d" % self.port)
        self.assertEqual(self.rx.datagrams(timeout=1.5), [])
        log = r.commands("enable", "show logging")
        self.assertIn("%%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host 127.0.0.1 port %d stopped - CLI initiated"
                      % self.port, log)
        self.assertNotIn("Logging to 127.0.0.1", log)

    def test_old_form_and_running_config(self):
        r = self.start("")
        out = self.configure(r, "logging 127.0.0.1", "logging trap notifications", "logging facility local5",
                             "logging source-interface GigabitEthernet0/2")
        self.assertNotIn("NOT_APPLIED", out)
        # IOS's old `logging A.B.C.D` goes to UDP 514 (nothing listens there in this namespace):
        # its own START message and %SYS-5-CONFIG_I went out.
        run = r.commands("enable", "show running-config")
        # IOS 15 spells it `logging host`, after the trap level, facility and source interface.
        self.assertRegex(run, r"\nlogging trap notifications\nlogging facility local5\n"
                              r"logging source-interface GigabitEthernet0/2\nlogging host 127\.0\.0\.1\n")
        self.assertNotIn("\nlogging 127.0.0.1\n", run)
        log = r.commands("enable", "show logging")
        self.assertIn("        Logging to 127.0.0.1  (udp port 514, audit disabled,\n"
                      "              link up),\n"
                      "              2 message lines logged,\n", log)
        self.assertIn("        Logging Source-Interface:       VRF Name:\n        GigabitEthernet0/2\n", log)
        # `no logging A.B.C.D` removes it, as `no logging host A.B.C.D` does; nothing is kept.
        self.configure(r, "no logging 127.0.0.1", "no logging host 127.0.0.9")
        run = r.commands("enable", "show running-config")
        self.assertNotIn("logging host", run)
        self.assertNotIn("127.0.0.9", run)
        # A host the namespace has no route to: each send is refused, counted as not logged and
        # shown as "link down"; routerd says why once in its own log, and carries on.
        self.configure(r, "logging host 10.0.0.1")
        self.configure(r, "hostname R9")
        log = r.commands("enable", "show logging")
        self.assertIn("        Logging to 10.0.0.1  (udp port 514, audit disabled,\n"
                      "              link down),\n"
                      "              0 message lines logged,\n", log)
        self.assertEqual(r.read_stderr().count("syslog to 10.0.0.1 port 514 failed: Network is unreachable"), 1)
        self.configure(r, "no logging host 10.0.0.1")
        # A VRF or TCP host is kept, said to be without effect, and not sent to.
        out = self.configure(r, "logging host 127.0.0.1 vrf MGMT")
        self.assertIn('%CONFIG-4-NOT_APPLIED: "logging host 127.0.0.1 vrf MGMT"', out)
        self.assertNotIn("Logging to 127.0.0.1", r.commands("enable", "show logging"))

    def test_source_interface(self):
        config = ("interface GigabitEthernet0/1\n ip address 10.9.9.9 255.255.255.0\n no shutdown\n"
                  "logging host 127.0.0.1 transport udp port %d\n" % self.port)
        r = self.start(config)
        got = self.rx.datagrams(until="SYS-5-RESTART")
        self.assertEqual(got[-1][0], "127.0.0.1")  # no source interface: the route's address
        self.configure(r, "logging source-interface GigabitEthernet0/1")
        got = self.rx.datagrams(until="CONFIG_I")
        self.assertEqual(got[-1][0], "10.9.9.9")
        self.assertIn("%SYS-5-CONFIG_I", got[-1][1])
        # An interface without an address: IOS sends from the routing-chosen address.
        self.configure(r, "logging source-interface GigabitEthernet0/2")
        got = self.rx.datagrams(until="CONFIG_I")
        self.assertEqual(got[-1][0], "127.0.0.1")
        self.configure(r, "no logging source-interface")
        got = self.rx.datagrams(until="CONFIG_I")
        self.assertEqual(got[-1][0], "127.0.0.1")
        self.assertNotIn("logging source-interface", r.commands("enable", "show running-config"))

    def test_timestamps_follow_service_timestamps(self):
        r = self.start("service timestamps log uptime\nlogging host 127.0.0.1 transport udp port %d\n" % self.port)
        got = self.rx.datagrams(until="SYS-5-RESTART")
        self.assertRegex(got[-1][1], r"^<189>1: \d\d:\d\d:\d\d: %SYS-5-RESTART: System restarted --$")


if __name__ == "__main__":
    unittest.main()
