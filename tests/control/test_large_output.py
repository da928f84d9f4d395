"""A large answer through routersh (issue 14): a `show running-config` of a megabyte or more goes
out as it arrives, in every way a session reads it (piped one line at a time, piped with the lines
batched, and on a terminal after `terminal length 0`), so routersh's memory does not grow with the
show; and what it prints is the same in each. On a terminal whose length pages, the answer is
still paged (--More--).

Memory is routersh's peak resident set (VmHWM, /proc/PID/status) before and after the show, in
the same process: held whole, a show costs routersh several times its size (the reader's
buffer, the reply, the transcript's copy)."""
import contextlib
import os
import re
import select
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import ROUTERSH, Routerd  # noqa: E402

SCALE = float(os.environ.get("ROUTERD_TIMEOUT_SCALE", "1"))
# About 1.2 MB of running-config: 20,000 extended ACL entries (as test_torn_writes loads; the
# sanitizer build takes tens of seconds to load it, twice as many took it past 40 s).
ACL = "".join("access-list 101 permit tcp host 10.%d.%d.1 any eq %d\n" % (i // 250, i % 250, 1000 + i)
              for i in range(20000))
LAST_ENTRY = "access-list 101 permit tcp host 10.79.249.1 any eq 20999\n"


def peak_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"^VmHWM:\s+(\d+) kB", f.read(), re.M).group(1))


class Reader:
    """Reads a routersh's output (a pipe or a pty's master) until a text ends it."""

    def __init__(self, fd):
        self.fd, self.buf = fd, b""

    def until(self, end, timeout=60):
        deadline = time.monotonic() + timeout * SCALE
        while not self.buf.endswith(end):
            if time.monotonic() > deadline:
                raise AssertionError("no %r after %r" % (end, self.buf[-300:]))
            if select.select([self.fd], [], [], 1)[0]:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    raise AssertionError("routersh ended: %r" % self.buf[-300:])
                self.buf += chunk
        out, self.buf = self.buf, b""
        return out


def mask_clock(text):
    return re.sub(rb"\*?\d\d:\d\d:\d\d\.\d{3} UTC \w{3} \w{3} +\d{1,2} \d{4}", b"<clock>", text)


class LargeOutputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = Routerd(startup_config="hostname R1\n" + ACL).start(wait=30)

    @classmethod
    def tearDownClass(cls):
        cls.r.__exit__(None, None, None)

    def piped(self, *extra):
        """A piped session: `enable`, then the show and `show clock` written together (two lines
        waiting: a batch, unless --line-by-line). The transcript of both, and routersh's peak
        memory growth across them in KB."""
        p = subprocess.Popen([ROUTERSH, "--socket", self.r.socket] + list(extra), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out = Reader(p.stdout.fileno())
            out.until(b"R1>")
            p.stdin.write(b"enable\n")
            p.stdin.flush()
            out.until(b"R1#")
            before = peak_kb(p.pid)
            p.stdin.write(b"show running-config\nshow clock\n")
            p.stdin.flush()
            text = out.until(b"R1#")
            text += out.until(b"R1#") if text.count(b"R1#") < 2 else b""
            growth = peak_kb(p.pid) - before
            p.stdin.close()
            p.wait(timeout=30 * SCALE)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            p.stdout.close()
            p.stderr.close()
        return text, growth

    def check_show(self, text):
        self.assertIn(LAST_ENTRY.encode(), text)
        self.assertGreater(len(text), 1 << 20)
        self.assertIn(b"\nend\nR1#", text)

    def test_piped_batched_and_line_by_line_stream_the_show_and_print_the_same(self):
        batched, growth_batched = self.piped()
        one_by_one, growth_one = self.piped("--line-by-line")
        self.check_show(batched)
        # The same transcript either way: the show, then the clock's answer and the prompt.
        self.assertEqual(mask_clock(batched), mask_clock(one_by_one))
        self.assertRegex(mask_clock(batched), rb"\nend\nR1#show clock\n<clock>\nR1#$")
        show_kb = len(batched) // 1024
        # Streamed, routersh's peak grows by its read buffer, not by the show (held whole, it
        # grew five times the show; under the sanitizers, streamed, about two thirds of it).
        self.assertLess(growth_batched, show_kb, "batched: peak grew %d KB for a %d KB show" % (growth_batched, show_kb))
        self.assertLess(growth_one, show_kb, "line by line: peak grew %d KB for a %d KB show" % (growth_one, show_kb))

    @contextlib.contextmanager
    def terminal(self, length):
        """routersh on a pty, as an SSH session has it, enabled and at `terminal length LENGTH`:
        (the process, the pty's master, a reader of it)."""
        master, slave = os.openpty()
        p = subprocess.Popen([ROUTERSH, "--socket", self.r.socket], stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True)
        os.close(slave)
        out = Reader(master)
        try:
            out.until(b"R1>")
            for line, prompt in ((b"enable\r", b"R1#"), (b"terminal length %d\r" % length, b"R1#")):
                os.write(master, line)
                out.until(prompt)
            yield p, master, out
        finally:
            p.kill()
            p.wait()
            os.close(master)

    def test_terminal_after_length_0_streams_the_show(self):
        with self.terminal(0) as (p, master, out):
            before = peak_kb(p.pid)
            os.write(master, b"show running-config\r")
            text = out.until(b"\r\nend\r\nR1#")
            growth = peak_kb(p.pid) - before
        self.assertIn(LAST_ENTRY.replace("\n", "\r\n").encode(), text)
        self.assertNotIn(b"--More--", text)
        show_kb = len(text) // 1024
        self.assertGreater(show_kb, 1024)
        self.assertLess(growth, show_kb, "peak grew %d KB for a %d KB show" % (growth, show_kb))

    def test_terminal_that_pages_still_pages(self):
        with self.terminal(24) as (p, master, out):
            os.write(master, b"show running-config\r")
            first = out.until(b" --More-- ")
            # A page: the echo, 23 lines of the show, then the pager's prompt.
            self.assertEqual(first.count(b"\n"), 24, first)
            os.write(master, b"q")
            out.until(b"R1#")

if __name__ == "__main__":
    unittest.main()
