"""EXEC fidelity against a live routerd (issue 17): the clock's `*` read from the kernel, -c and
a password it cannot give, hostile input (a 1 MB line, NUL bytes) that changes nothing and
leaves other sessions working, `clear counters` and `copy startup-config running-config`."""
import ctypes
import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERSH, Routerd  # noqa: E402

STA_UNSYNC = 0x0040
TIME_ERROR = 5


def kernel_clock_synchronized():
    """adjtimex(2) with modes 0 only reads; as routerd's platform/system_info.cpp does."""
    class Timex(ctypes.Structure):
        _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long), ("freq", ctypes.c_long),
                    ("maxerror", ctypes.c_long), ("esterror", ctypes.c_long), ("status", ctypes.c_int),
                    ("pad", ctypes.c_byte * 256)]
    libc = ctypes.CDLL(None, use_errno=True)
    tx = Timex()
    state = libc.adjtimex(ctypes.byref(tx))
    return state >= 0 and state != TIME_ERROR and not (tx.status & STA_UNSYNC)


LINKS = "ip link set lo up; ip link add eth0 type veth peer name eth1; ip link set eth0 up; ip link set eth1 up"


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("unshare"), "needs its own network namespace (root)")
class ExecFidelity(unittest.TestCase):
    def test_show_clock_star_follows_the_kernel(self):
        with Routerd() as r:
            out = r.commands("show clock")
        # IOS: "*06:03:26.540 UTC Sat Dec 5 2026": `*` while the clock is not synchronised.
        m = re.fullmatch(r"(\*?)\d\d:\d\d:\d\d\.\d{3} UTC \w{3} \w{3} \d{1,2} \d{4}\n", out)
        self.assertIsNotNone(m, out)
        self.assertEqual(m.group(1), "" if kernel_clock_synchronized() else "*")

    def test_show_version_flash_is_the_config_filesystem(self):
        with Routerd() as r:
            out = r.commands("show version")
            st = os.statvfs(r.config_dir)
        # IOS: "250880K bytes of ATA System CompactFlash 0 (Read/Write)"; `dir` totals the same.
        m = re.search(r"^(\d+)K bytes of System flash \(Read/Write\)$", out, re.M)
        self.assertIsNotNone(m, out)
        self.assertEqual(int(m.group(1)), st.f_blocks * st.f_frsize // 1024)

    def test_c_writes_a_large_show_as_it_arrives_and_the_same_as_a_transcript(self):
        # routersh -c takes a reply of 64 KB or more off the socket as it comes (issue 14); what
        # it prints must be the show a piped session prints, and the next -c must still answer.
        acl = "".join("access-list 101 permit tcp host 10.%d.%d.1 any eq %d\n" % (i // 250, i % 250, 1000 + i)
                      for i in range(4000))
        with Routerd(startup_config=acl) as r:
            p = subprocess.run([ROUTERSH, "--socket", r.socket, "-c", "enable", "-c", "show running-config", "-c", "show clock"],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
            self.assertEqual(p.returncode, 0, p.stderr)
            piped = subprocess.run([ROUTERSH, "--socket", r.socket], input="enable\nshow running-config\n",
                                   capture_output=True, text=True, timeout=60).stdout
        show, clock = p.stdout[:p.stdout.rstrip("\n").rfind("\n") + 1], p.stdout[p.stdout.rstrip("\n").rfind("\n") + 1:]
        self.assertGreater(len(show), 128 * 1024)
        self.assertIn("access-list 101 permit tcp host 10.15.249.1 any eq 4999\n", show)
        self.assertTrue(show.endswith("end\n\n") or show.endswith("end\n"), show[-200:])
        self.assertIn(show, piped)
        self.assertRegex(clock, r"^\*?\d\d:\d\d:\d\d\.\d{3} UTC .*\d{4}\n$")

    def test_c_cannot_answer_enable_password(self):
        with Routerd(startup_config="enable secret s3cret\n") as r:
            # 'show clock' is taken as the password, and refused: status 1 and why.
            p = subprocess.run([ROUTERSH, "--socket", r.socket, "-c", "enable", "-c", "show clock"],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=10)
            self.assertEqual(p.returncode, 1)
            self.assertIn('"enable": the password given as the next -c was refused', p.stderr)
            self.assertEqual(p.stdout, "")
            p = subprocess.run([ROUTERSH, "--socket", r.socket, "-c", "enable"],
                               capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=10)
            self.assertEqual(p.returncode, 1)
            self.assertIn('"enable" asks for a password: give it as the next -c', p.stderr)
            # The password as the next -c works, as scripts use it.
            self.assertEqual(r.commands("enable", "s3cret", "show privilege"), "Current privilege level is 15\n")

    def test_hostile_input_changes_nothing(self):
        with Routerd(startup_config="hostname R1\n") as r:
            # Another session, open throughout, must still answer afterwards.
            other = subprocess.Popen([ROUTERSH, "--socket", r.socket], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            before = r.commands("enable", "show running-config")
            big = "B" * (1 << 20)
            paste = ("enable\nconfigure terminal\n" + big + "\n" + "interface " + big + "\n"
                     "\x00\x00\x00\n" + "crypto \x00isakmp \x00 bogus\n" + "end\n" + big + "\n" + "frobnicate\n")
            out = r.paste(paste, timeout=60)
            # Each megabyte line is refused for its length (the caret under its 4,097th character,
            # past control::kMaxCommandLine), in config mode and at EXEC alike.
            self.assertEqual(out.count("% Invalid input detected at '^' marker."), 4, out[-3000:].replace(big, "<1MB>"))
            self.assertEqual(out.count("\n" + " " * (len("R1#") + 4096) + "^\n"), 1)
            # At EXEC a single unknown word is a host to telnet to, as on IOS.
            self.assertIn('% Unknown command or computer name, or unable to find computer address', out)
            after = r.commands("enable", "show running-config")
            strip = lambda t: re.sub(r"^! Last configuration change.*\n", "", t, flags=re.M)  # noqa: E731
            self.assertEqual(strip(after), strip(before))
            o, _ = other.communicate("show privilege\n", timeout=10)
            self.assertIn("Current privilege level is 1", o)
            self.assertIsNone(r.proc.poll())

    def test_clear_counters(self):
        with Routerd(links_script=LINKS, interfaces="GigabitEthernet0/0 eth0\n",
                     startup_config="interface GigabitEthernet0/0\n ip address 12.1.1.1 255.255.255.0\n no shutdown\n") as r:
            out = r.commands("ping 12.1.1.1 repeat 1")
            subprocess.run(["nsenter", "-t", str(r.proc.pid), "-n", "ping", "-c", "3", "-i", "0.2", "-I", "eth1",
                            "-W", "1", "12.1.1.1"], capture_output=True)
            first = r.commands("show interfaces GigabitEthernet0/0")
            self.assertIn('  Last clearing of "show interface" counters never\n', first)
            before = int(re.search(r"(\d+) packets output", first).group(1))
            self.assertGreater(before, 0, first)
            out = r.paste("enable\nclear counters\n\nshow interfaces GigabitEthernet0/0\n")
            self.assertIn('Clear "show interface" counters on all interfaces [confirm]', out)
            self.assertRegex(out, r'Last clearing of "show interface" counters 00:00:0\d\n')
            self.assertLess(int(re.search(r"(\d+) packets output", out).group(1)), before)

    def test_copy_startup_config_merges(self):
        with Routerd(startup_config="hostname R1\n") as r:
            with open(os.path.join(r.config_dir, "startup-config"), "w") as f:
                f.write("hostname R7\ninterface Loopback4\n description merged\n bogus line\nend\n")
            out = r.paste("enable\ncopy startup-config running-config\n\nshow running-config | include description\n")
        self.assertRegex(out, r"\d+ bytes copied in \d+\.\d{3} secs \(\d+ bytes/sec\)\n")
        self.assertIn("R7#show running-config | include description\n description merged\n", out)
        self.assertIn("bogus", out)  # the bad line is reported, as at boot


if __name__ == "__main__":
    unittest.main()
