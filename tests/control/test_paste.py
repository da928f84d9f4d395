"""Pasted input travels in batches (issue 14): routersh sends the lines already waiting in one
Batch frame and routerd answers with the frames each line would have had. The transcript must
not tell: the same mixed paste (errors in the middle, mode changes, blocks under rejected
lines, a banner, a password dialogue, `?` and TAB, log lines of `terminal monitor`, `exit`
with lines after it) gives byte for byte the same transcript and the same running-config
through `routersh --line-by-line` and through batches. The frame itself is checked too: its
reply carries one Reply per line, and a batch over its bounds ends only that connection."""
import os
import socket
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from control_frames import read_frame  # noqa: E402
from routerd_harness import ROUTERSH, TIMEOUT_SCALE, Routerd, normalize  # noqa: E402

PASTE = """enable
configure terminal
hostname PASTE
interface Loopback0
 ip address 1.1.1.1 255.255.255.255
 descrption typo in a sub-mode
 description after the typo
interface Frobnicator0/0
 ip address 9.9.9.9 255.255.255.0
 description must not reach Loopback0
ip access-list extended WEB
 permit tcp any any eq 80
 permit tcp any any eq 443 bogus
 deny ip any any log
crypto isakmp policy 10
 encr aes 256
 authentication pre-share
 group 14
crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto map CM 10 ipsec-isakmp
 set peer 10.0.0.2
 set transform-set TS
 match address WEB
crypto map CM 20 ipsec-isakmp bogus
 set peer 10.0.0.3
banner motd ^
Pasted banner line one
line two ^
ip route 0.0.0.0 0.0.0.0 10.0.0.1
do show ip access-lists WEB
crypto i?
sakmp key secret1 address 10.0.0.2
interface Loop\t
0
 no shutdown
exit
username admin privilege 15 secret letmein
enable secret s3cret
end
terminal monitor
show running-config | include ^(hostname|interface|crypto map|banner)
disable
enable
wrong
s3cret
configure terminal
ip route 10.9.0.0 255.255.0.0 10.0.0.1
end
show ip route static
! a comment between commands
show clock detail
frobnicate
show users
exit
show version
this line comes after exit and is never read
"""


def transcript(text, *flags):
    with Routerd() as r:
        out = subprocess.run([ROUTERSH, "--socket", r.socket, *flags], input=text, capture_output=True,
                             text=True, timeout=60 * TIMEOUT_SCALE)
        config = r.commands("enable", "s3cret", "show running-config")
    return out.returncode, normalize(out.stdout), normalize(config)


def frame(kind, payload):
    return bytes([kind]) + struct.pack(">I", len(payload)) + payload


def batch(lines):
    payload = struct.pack(">I", len(lines))
    for line in lines:
        payload += struct.pack(">I", len(line)) + line
    return frame(8, payload)


def split_frames(data):
    frames = []
    while data:
        length = struct.unpack(">I", data[1:5])[0]
        frames.append((data[0], data[5:5 + length]))
        data = data[5 + length:]
    return frames


def reply_output(payload):
    n = struct.unpack(">I", payload[:4])[0]
    return payload[4:4 + n].decode()


def session(r):
    """A raw control connection to `r` that has said hello (an 80x24 terminal) and read the banner
    and first prompt (a Reply frame)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect(r.socket)
    s.sendall(frame(1, struct.pack(">IIIIII", 1, 0, 80, 24, 0, 0)))
    kind, _ = read_frame(s)
    assert kind == 10, kind
    return s


class PasteTest(unittest.TestCase):
    def test_batched_transcript_is_the_line_by_line_transcript(self):
        rc1, one, config1 = transcript(PASTE, "--line-by-line")
        rc2, many, config2 = transcript(PASTE)
        self.assertEqual((rc1, rc2), (0, 0))
        # The paste did what it is meant to exercise, so that equality says something.
        self.assertIn("% Invalid input detected", one)
        self.assertIn("% Not applied: the line this one is indented under was rejected", one)
        self.assertIn("%SYS-5-CONFIG_I", one)
        self.assertIn("PASTE(config)#crypto isakmp", one)
        self.assertIn("Pasted banner line one", config1)
        self.assertNotIn("must not reach", config1)
        self.assertNotIn("never read", one)
        self.maxDiff = None
        self.assertEqual(many, one)
        self.assertEqual(config2, config1)

    def test_a_long_paste_in_many_batches_is_line_exact(self):
        # Over kMaxBatchLines (4,096): several batches, an error in each, modes changing across
        # the batches' edges.
        lines = ["enable", "configure terminal"]
        for i in range(3000):
            lines += ["interface Loopback%d" % i, " ip address 10.%d.%d.1 255.255.255.255" % (i // 250, i % 250)]
            if i % 700 == 0:
                lines += [" bogus command %d" % i, "bogus global %d" % i, " description under a rejected line"]
        lines += ["end", "show running-config | count Loopback"]
        text = "\n".join(lines) + "\n"
        _, one, config1 = transcript(text, "--line-by-line")
        _, many, config2 = transcript(text)
        self.assertEqual(one.count("% Invalid input detected"), 15)
        self.assertEqual(many, one)
        self.assertEqual(config2, config1)

    def test_batch_reply_carries_one_reply_per_line(self):
        with Routerd() as r:
            s = session(r)
            s.sendall(batch([b"enable", b"configure terminal", b"interface Loopback1", b" bogus", b"end"]))
            kind, body = read_frame(s)
            self.assertEqual(kind, 13)
            self.assertEqual(struct.unpack(">I", body[:4])[0], 5)
            frames = split_frames(body[4:])
            self.assertEqual([k for k, _ in frames], [10] * 5)
            self.assertIn("% Invalid input detected", reply_output(frames[3][1]))
            # `exit` ends the session: the lines after it are not taken.
            s.sendall(batch([b"show clock", b"exit", b"show version"]))
            kind, body = read_frame(s)
            self.assertEqual((kind, struct.unpack(">I", body[:4])[0]), (13, 2))
            s.close()

    def test_a_batch_over_its_bounds_ends_that_connection_only(self):
        with Routerd() as r:
            s = session(r)
            s.sendall(batch([b"!"] * 4097))
            self.assertIsNone(read_frame(s))
            s.close()
            # Other sessions go on.
            self.assertIn("% Invalid input detected", r.paste("enable\nconfigure terminal\nfoo\nbar\n"))

    def test_a_session_dropped_mid_paste_keeps_each_whole_line_it_sent_and_nothing_more(self):
        """Issue #12, careless users: the client goes away in the middle of a paste (its terminal
        closed, the SSH connection cut). What routerd had whole is applied, as IOS applies each
        line as it comes; the line cut in half and a banner whose closing delimiter never came are
        not; the session is gone from `show users`, and other sessions go on."""
        with Routerd() as r:
            s = session(r)
            s.sendall(batch([b"enable", b"configure terminal", b"crypto map CM 10 ipsec-isakmp", b" set peer 10.0.0.2"]))
            self.assertEqual(read_frame(s)[0], 13)
            s.sendall(batch([b"banner motd ^", b"half a banner"]))
            self.assertEqual(read_frame(s)[0], 13)
            # The next batch stops in the middle of its second line; then the connection ends.
            whole = batch([b"^", b" set pfs group14"])
            s.sendall(whole[:len(whole) - 6])
            s.close()
            deadline = time.time() + 10 * TIMEOUT_SCALE
            while time.time() < deadline and r.commands("show users").count("vty") > 1:
                time.sleep(0.1)
            self.assertEqual(r.commands("show users").count("vty"), 1, "the dropped session is still listed")
            config = r.commands("enable", "show running-config")
            # (IOS: a space after the entry's line while it is incomplete.)
            self.assertIn("crypto map CM 10 ipsec-isakmp \n set peer 10.0.0.2\n", config)
            self.assertNotIn("set pfs", config)
            self.assertNotIn("banner motd", config)
            self.assertNotIn("half a banner", config)
            # The entry is anyone's to edit now.
            out = r.paste("enable\nconfigure terminal\ncrypto map CM 10 ipsec-isakmp\n set pfs group14\nend\n")
            self.assertNotIn("%", out)
            self.assertIn(" set pfs group14\n", r.commands("enable", "show running-config"))


if __name__ == "__main__":
    unittest.main()
