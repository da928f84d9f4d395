#!/usr/bin/env python3
"""bench/xfrm_dump (issue 14): what reading the kernel's SAs costs `show crypto ipsec sa`.

In a network namespace of its own it adds N ESP SAs to the kernel (`ip -batch`, none of them
routerd's), starts routerd there with no configuration, and times `show crypto ipsec sa`, whose
output is then empty: what is left is the one XFRM dump every show makes for the counters
(IpsecEngine::CounterSnapshot), against `show clock` as the anchor, with routerd's CPU for each
(/proc/PID/stat). `ip xfrm state list` of the same SAs is timed beside it.

The kernel must have ESP, which the dev machines' kernel does not: run it in the lab VM,

    flock /tmp/routerd-lab.lock bench/in_lab.py -- bench/xfrm_dump.py --sas 20000

It is not in the test suite (ctest's host cannot hold an ESP SA)."""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
from routerd_harness import Routerd  # noqa: E402

NS = "xfrmdump-%d" % os.getpid()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sas", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    subprocess.run(["ip", "netns", "add", NS], check=True)
    try:
        batch = "".join("xfrm state add src 10.0.0.1 dst 10.%d.%d.%d proto esp spi 0x%x mode tunnel enc 'cbc(aes)' 0x%s "
                        "auth-trunc 'hmac(sha256)' 0x%s 128\n" % (1 + i // 65536, (i // 256) % 256, i % 256, 0x1000 + i,
                                                                   "11" * 32, "22" * 32) for i in range(a.sas))
        r = subprocess.run(["ip", "-n", NS, "-batch", "-"], input=batch, text=True, capture_output=True)
        if r.returncode != 0:
            print("xfrm_dump: the kernel refused the SAs (no ESP here?): " + r.stderr.strip()[:200])
            return 2
        t0 = time.monotonic()
        listed = subprocess.run(["ip", "-n", NS, "xfrm", "state", "list"], capture_output=True, check=True).stdout
        print("%d ESP SAs in the kernel; `ip xfrm state list`: %.0f ms (%d lines)" % (
            a.sas, (time.monotonic() - t0) * 1000, listed.count(b"\n")))
        r = Routerd(netns=NS)
        try:
            r.start(wait=120)  # under TCG beside other work routerd may take longer than usual to start
            for _ in range(a.repeat):
                for cmd in ("show clock", "show crypto ipsec sa"):
                    c0, t0 = cpu_seconds(r.proc.pid), time.monotonic()
                    out = r.commands("enable", cmd, timeout=300)
                    print("%-22s %6.0f ms end to end, routerd CPU %.2f s, %d lines" % (
                        cmd, (time.monotonic() - t0) * 1000, cpu_seconds(r.proc.pid) - c0, out.count("\n")))
        finally:
            r.cleanup()
    finally:
        subprocess.run(["ip", "netns", "del", NS])
    print("command: bench/xfrm_dump.py " + " ".join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
