#!/usr/bin/env python3
"""Paste throughput: a generated 100,000-line configuration (2,000 crypto map entries with their
peers, keys and ACLs, eight 10,000-line ACLs, a thousand loopbacks) is pasted through routersh
into a fresh routerd; then `show running-config` is timed.

The anchor, measured in the same run on the same machine, is a paste of as many `!` comment
lines: the cost of moving lines through routersh and routerd without parsing anything. The
figures that travel between machines are the ratios.

  bench/paste_throughput.py [--lines N]      (needs build/bin/routerd and routersh)
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "support"))
from routerd_harness import ROUTERSH, Routerd  # noqa: E402


def generate(total):
    lines = ["hostname BENCH"]
    for i in range(5):
        lines += ["crypto ipsec transform-set TS%d esp-aes 256 esp-sha256-hmac" % i, " mode tunnel"]
    lines += ["crypto isakmp policy 10", " encr aes 256", " authentication pre-share", " group 14"]
    for n in range(2000):
        peer = "10.%d.%d.2" % (n // 250, n % 250)
        lines.append("crypto isakmp key key%d address %s" % (n, peer))
        lines += ["ip access-list extended VPN%d" % n,
                  " permit ip 172.16.%d.0 0.0.0.255 172.17.%d.0 0.0.0.255" % (n % 256, n // 256)]
        lines += ["crypto map BIG %d ipsec-isakmp" % (n + 1), " set peer " + peer,
                  " set transform-set TS%d" % (n % 5), " match address VPN%d" % n, "!"]
    for a in range(8):
        lines.append("ip access-list extended BIGACL%d" % a)
        for k in range(10000):
            lines.append(" permit tcp host 10.%d.%d.%d any eq %d" % (a, k // 250, k % 250 + 1, 1024 + k))
    i = 0
    while len(lines) < total - 1:
        lines += ["interface Loopback%d" % (i + 1), " ip address 192.168.%d.%d 255.255.255.255" % (i // 250, i % 250 + 1)]
        i += 1
    return lines[:total - 1] + ["end"]


def paste(lines, socket):
    data = "enable\nconfigure terminal\n" + "\n".join(lines) + "\n"
    start = time.monotonic()
    r = subprocess.run([ROUTERSH, "--socket", socket], input=data, capture_output=True, text=True, timeout=3600)
    elapsed = time.monotonic() - start
    errors = r.stdout.count("% Invalid input") + r.stdout.count("% Incomplete") + r.stdout.count("% Ambiguous")
    return elapsed, errors


def show_run(socket):
    start = time.monotonic()
    r = subprocess.run([ROUTERSH, "--socket", socket, "-c", "enable", "-c", "show running-config"],
                       capture_output=True, text=True, timeout=3600)
    return time.monotonic() - start, len(r.stdout.splitlines())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=100000)
    n = ap.parse_args().lines
    config = generate(n)
    anchor = ["! anchor line %d" % i for i in range(n - 1)] + ["end"]
    with Routerd() as r:
        anchor_s, _ = paste(anchor, r.socket)
        anchor_run_s, _ = show_run(r.socket)
    with Routerd() as r:
        paste_s, errors = paste(config, r.socket)
        run_s, run_lines = show_run(r.socket)
    print("lines pasted:            %d (%d rejected)" % (n, errors))
    print("anchor (comment lines):  %.2f s, %.0f lines/s" % (anchor_s, n / anchor_s))
    print("configuration paste:     %.2f s, %.0f lines/s  = %.2f x anchor time" % (paste_s, n / paste_s, paste_s / anchor_s))
    print("show running-config:     %.2f s for %d lines (empty config: %.2f s)" % (run_s, run_lines, anchor_run_s))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
