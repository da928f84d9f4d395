"""routerd's IKE engine through the CLI: show crypto isakmp sa, debug crypto, and malformed or
unexpected IKE datagrams logged in IOS's words and dropped (routerd keeps running)."""
import os
import shutil
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import Routerd  # noqa: E402

EMPTY_SA_TABLE = ("IPv4 Crypto ISAKMP SA\n"
                  "dst             src             state          conn-id status\n"
                  "\n"
                  "IPv6 Crypto ISAKMP SA\n"
                  "\n")


def send_udp(pid, payload, port=500):
    """Sends one datagram to 127.0.0.1:port inside routerd's network namespace."""
    code = ("import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); "
            "s.sendto(bytes.fromhex(sys.argv[1]), ('127.0.0.1', %d))" % port)
    subprocess.run(["nsenter", "-t", str(pid), "-n", sys.executable, "-c", code, payload.hex()], check=True)


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("nsenter"), "needs its own network namespace (root)")
class IkeCli(unittest.TestCase):
    def test_show_and_debug_commands(self):
        with Routerd(links_script="ip link set lo up") as r:
            out = r.commands("enable", "show crypto isakmp sa", "debug crypto isakmp", "debug crypto ipsec",
                             "show debugging", "no debug crypto ipsec", "show debugging", "undebug all",
                             "show debugging")
        self.assertEqual(out, EMPTY_SA_TABLE +
                         "Crypto ISAKMP debugging is on\n"
                         "Crypto IPSEC debugging is on\n"
                         "Cryptographic Subsystem:\n  Crypto ISAKMP debugging is on\n  Crypto IPSEC debugging is on\n"
                         "Crypto IPSEC debugging is off\n"
                         "Cryptographic Subsystem:\n  Crypto ISAKMP debugging is on\n"
                         "All possible debugging has been turned off\n")

    def test_malformed_and_orphan_datagrams(self):
        with Routerd(links_script="ip link set lo up") as r:
            send_udp(r.proc.pid, b"not an ISAKMP message at all")
            # A well-formed Quick Mode header for cookies nobody knows.
            header = b"\x01" * 8 + b"\x02" * 8 + struct.pack(">BBBBII", 8, 0x10, 32, 1, 7, 28)
            send_udp(r.proc.pid, header)
            # A header whose length claims more than the datagram holds.
            send_udp(r.proc.pid, b"\x03" * 16 + struct.pack(">BBBBII", 1, 0x10, 2, 0, 0, 4000))
            time.sleep(0.3)
            log = r.commands("enable", "show logging")
            self.assertEqual(r.proc.poll(), None)  # still running
        self.assertEqual(log.count("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 127.0.0.1 failed its sanity check "
                                   "or is malformed"), 2)
        self.assertIn("%CRYPTO-4-IKMP_NO_SA: IKE message from 127.0.0.1 has no SA and is not an initialization offer",
                      log)


if __name__ == "__main__":
    unittest.main()
