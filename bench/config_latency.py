#!/usr/bin/env python3
"""bench/config (issue 14): a 100,000-line paste through routersh, wall time and routerd's CPU,
against the anchor of as many `!` comment lines pasted the same way in the same run; then, at
that configuration size, `show running-config` and `?`/TAB latency through routersh.

The paste is routersh reading piped standard input (as `routersh < config.txt`, or a paste
into a session that arrives faster than it is answered): lines already waiting travel to
routerd in batches. `--line-by-line` pastes one line per request instead (what routersh did
before batches, and what a script feeding one line at a time still gets), for comparison.

routerd CPU is utime + stime from /proc/PID/stat, read before and after. Latencies are measured
in one routersh session kept open (piped, as scripts and tests drive it): the time from writing
the line to reading the prompt after its answer. Medians of --repeat tries.

  bench/config_latency.py [--lines N] [--repeat K] [--check]
"""
import argparse
import os
import select
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
sys.path.insert(0, HERE)
from routerd_harness import ROUTERSH, Routerd  # noqa: E402
from paste_throughput import generate  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime (fields 14, 15)


def paste(lines, r, one_by_one=False):
    data = "enable\nconfigure terminal\n" + "\n".join(lines) + "\n"
    # --line-by-line: one request per line, as when each line is typed after the prompt.
    args = [ROUTERSH, "--socket", r.socket] + (["--line-by-line"] if one_by_one else [])
    before = cpu_seconds(r.proc.pid)
    start = time.monotonic()
    p = subprocess.run(args, input=data, capture_output=True, text=True, timeout=3600)
    wall = time.monotonic() - start
    cpu = cpu_seconds(r.proc.pid) - before
    errors = p.stdout.count("% Invalid input") + p.stdout.count("% Incomplete") + p.stdout.count("% Ambiguous")
    return wall, cpu, errors


class Session:
    """One routersh kept open on pipes; `ask` writes a line and returns the seconds until the
    prompt (or the redrawn line) that ends its answer is read."""

    def __init__(self, socket):
        self.p = subprocess.Popen([ROUTERSH, "--socket", socket], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buf = b""
        self.read_until(b">")

    def read_until(self, end, timeout=60):
        deadline = time.monotonic() + timeout
        while not self.buf.endswith(end):
            if time.monotonic() > deadline:
                raise RuntimeError("no %r after %r" % (end, self.buf[-200:]))
            select.select([self.p.stdout], [], [], 1)
            chunk = os.read(self.p.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("routersh ended: %r" % self.buf[-200:])
            self.buf += chunk
        out, self.buf = self.buf, b""
        return out

    def ask(self, line, end):
        start = time.perf_counter()
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()
        out = self.read_until(end.encode())
        return time.perf_counter() - start, out

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)


def latencies(socket, repeat):
    s = Session(socket)
    s.ask("enable", "BENCH#")
    s.ask("terminal length 0", "BENCH#")
    show = [s.ask("show running-config", "BENCH#") for _ in range(max(3, repeat // 10))]
    run_lines = show[-1][1].count(b"\n")
    help_exec, tab_exec, help_conf, tab_conf = [], [], [], []
    for _ in range(repeat):
        help_exec.append(s.ask("show ?", "BENCH#show ")[0])
        s.ask("\x1a", "BENCH#")
        tab_exec.append(s.ask("show run\t", "BENCH#show running-config ")[0])
        s.ask("\x1a", "BENCH#")
    s.ask("configure terminal", "BENCH(config)#")
    for _ in range(repeat):
        help_conf.append(s.ask("crypto map BIG 1 ?", "BENCH(config)#crypto map BIG 1 ")[0])
        s.ask("\x1a", "BENCH#")
        s.ask("configure terminal", "BENCH(config)#")
        tab_conf.append(s.ask("ip access-l\t", "BENCH(config)#ip access-list ")[0])
        s.ask("\x1a", "BENCH#")
        s.ask("configure terminal", "BENCH(config)#")
    s.close()
    med = statistics.median
    return {"show": med(t for t, _ in show), "show_lines": run_lines, "help_exec": med(help_exec),
            "tab_exec": med(tab_exec), "help_conf": med(help_conf), "tab_conf": med(tab_conf)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=100000)
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--line-by-line", action="store_true", help="also paste the configuration one line per request")
    ap.add_argument("--check", action="store_true", help="CI: fail only if nothing ran or lines were rejected")
    a = ap.parse_args()
    n = a.lines
    config = generate(n)
    anchor = ["! anchor line %d" % i for i in range(n - 1)] + ["end"]
    with Routerd() as r:
        # The anchor: as many `!` lines, one request each (the transport before batches).
        anchor1_wall, anchor1_cpu, _ = paste(anchor, r, one_by_one=True)
    with Routerd() as r:
        anchor_wall, anchor_cpu, _ = paste(anchor, r)
    with Routerd() as r:
        wall, cpu, errors = paste(config, r)
        lat = latencies(r.socket, a.repeat)
    if a.line_by_line:
        with Routerd() as r:
            wall1, cpu1, _ = paste(config, r, one_by_one=True)
    print("bench/config_latency.py, %d lines pasted into routersh's standard input" % n)
    print("%-46s %8s %14s" % ("", "wall s", "routerd CPU s"))
    row = "%-46s %8.2f %14.2f"
    print(row % ("anchor: `!` lines, one request per line", anchor1_wall, anchor1_cpu))
    print(row % ("`!` lines, batched", anchor_wall, anchor_cpu) +
          "   = %.3f x / %.3f x anchor" % (anchor_wall / anchor1_wall, anchor_cpu / max(anchor1_cpu, 0.01)))
    print(row % ("configuration, batched (%d rejected)" % errors, wall, cpu) +
          "   = %.3f x / %.3f x anchor" % (wall / anchor1_wall, cpu / max(anchor1_cpu, 0.01)))
    if a.line_by_line:
        print(row % ("configuration, one request per line", wall1, cpu1) +
              "   = %.3f x / %.3f x anchor" % (wall1 / anchor1_wall, cpu1 / max(anchor1_cpu, 0.01)))
    print("show running-config (%d lines)            %8.1f ms" % (lat["show_lines"], lat["show"] * 1e3))
    print("`show ?`    / TAB `show run`               %8.2f ms / %.2f ms" % (lat["help_exec"] * 1e3, lat["tab_exec"] * 1e3))
    print("`crypto map BIG 1 ?` / TAB `ip access-l`   %8.2f ms / %.2f ms" % (lat["help_conf"] * 1e3, lat["tab_conf"] * 1e3))
    if a.check:
        return 1 if errors or lat["show_lines"] < n // 2 else 0
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
