#!/usr/bin/env python3
"""IKE tunnel-setup rate (issue 14): the same load against routerd and against strongSwan's charon,
one after the other in the same run, and the ratio (charon is the anchor).

The load: N initiators (build/bin/ike_rate: routerd's own IKE engine as initiator, configured from
IOS text), each from its own address in 127.1.0.0/16, bring up one tunnel each with one responder
at 127.0.0.1, at most --in-flight negotiating at a time ("burst": all N queued at once).
  IKEv2: IKE_SA_INIT + IKE_AUTH with one Child SA. IKEv1: Main Mode + Quick Mode. PSK.
  IKE SA: AES-CBC-256, SHA-256 (IKEv2: HMAC-SHA-256-128 and PRF-HMAC-SHA-256), DH group 19 (ECP-256)
  or 14 (MODP-2048). Child SA: esp-aes 256 esp-sha256-hmac, tunnel mode, no PFS unless --pfs G
  (IKEv1 only: `set pfs groupG` in both sides' crypto maps, charon's esp_proposals with the group,
  so that each Quick Mode makes a DH of its own; IKEv2's first Child SA has none, RFC 7296 1.2).

Each responder runs in a fresh network namespace of ours (`ip netns add`, only `lo` up: 127.0.0.0/8
is local on it, so every 127.x address is there and nothing can leave the namespace), and the
generator runs in the same namespace; both are deleted after each measurement. Measured per
responder: its CPU (utime + stime of the whole process, all threads, from /proc/PID/stat before
and after the load), the wall time of the load, tunnels per second, CPU per tunnel, failures.

SA installation is equal and said in the output: both responders install through the kernel's
XFRM over netlink (routerd with libnl, charon with its kernel-netlink plugin). On a kernel without
ESP (this dev machine's) both attempt every install and both fail, and the output counts the
failures; charon then refuses an IKEv2 Child SA in its IKE_AUTH answer (NO_PROPOSAL_CHOSEN) while
routerd has already answered with it, so for IKEv2 the unit counted is a completed IKE_AUTH (both
sides authenticated, Child SA keys derived, the install attempted), the Child SA outcome beside it.

--sa-install none installs into no kernel on both sides instead, as the issue allows: routerd with
`--dataplane none` (benchmarks only: its SAs and policies stay in its memory), charon with its
kernel-libipsec plugin (Debian's libcharon-extra-plugins: SAs in charon's own userspace IPsec
stack, a TUN device in the namespace). No kernel refuses anything, so neither pays for a refusal.

  bench/ike_rate.py [--count N] [--in-flight K] [--versions 2,1] [--groups 19,14] [--rounds R]
                    [--responders routerd,charon] [--pfs 19|14] [--sa-install kernel|none]
  bench/ike_rate.py --count 10 --check     (CI: completes and prints the table; no timing asserted)

Needs root (network namespaces), build/bin/ike_rate, routerd and routersh (ROUTERD_BUILD=DIR for
another build). Without charon it says so in one line and measures routerd alone.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support"))
from routerd_harness import BUILD, ROUTERSH, Routerd  # noqa: E402

IKE_RATE = os.path.join(BUILD, "bin", "ike_rate")
CHARON = os.environ.get("BENCH_CHARON", "/usr/lib/ipsec/charon")
CHARON_LIBIPSEC = "/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so"  # --sa-install none
SWANCTL = os.environ.get("BENCH_SWANCTL", "/usr/sbin/swanctl")
RESPONDER = "127.0.0.1"
FIRST_SOURCE = "127.1.0.1"
PSK = "bench-ike-rate"
SKIP = 77  # ctest's SKIP_RETURN_CODE for this test
CLK_TCK = os.sysconf("SC_CLK_TCK")

# routerd as a hub: any peer in 127/8 with the key, a dynamic map with the transform set, the map
# applied to an interface (IOS's `show crypto ipsec sa` lists the SAs of the maps on interfaces;
# routerd answers on 127.0.0.1 either way).
ROUTERD_CONFIG_V1 = """hostname BENCH
logging buffered 10000000
crypto isakmp policy 10
 encr aes 256
 hash sha256
 authentication pre-share
 group {group}
crypto isakmp key {psk} address 127.0.0.0 255.0.0.0
crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto dynamic-map DYN 10
 set transform-set TSET
{pfs}crypto map BENCH 10 ipsec-isakmp dynamic DYN
interface Loopback0
 ip address 10.255.255.1 255.255.255.255
 crypto map BENCH
end
"""
ROUTERD_CONFIG = """hostname BENCH
logging buffered 10000000
crypto ikev2 proposal PROP
 encryption aes-cbc-256
 integrity sha256
 prf sha256
 group {group}
crypto ikev2 policy POL
 proposal PROP
crypto ikev2 keyring KEYS
 peer BENCH
  address 127.0.0.0 255.0.0.0
  pre-shared-key {psk}
crypto ikev2 profile PROF
 match identity remote address 127.0.0.0 255.0.0.0
 authentication remote pre-share
 authentication local pre-share
 keyring local KEYS
crypto ipsec transform-set TSET esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto dynamic-map DYN 10
 set transform-set TSET
 set ikev2-profile PROF
crypto map BENCH 10 ipsec-isakmp dynamic DYN
interface Loopback0
 ip address 10.255.255.1 255.255.255.255
 crypto map BENCH
end
"""

# charon: only the plugins the proposals need (as tests/lab/runner.py loads them), nothing from
# /etc. Settings changed from the defaults, and why:
#  - dos_protection = no: charon would answer IKE_SA_INIT with a COOKIE once 10 SAs are half open;
#    routerd's cookie challenge is off unless configured. Neither challenges here.
#  - logging: errors only, plus the kernel's (knl 1: one line per SA install that fails), to a file,
#    buffered (a write per line would cost charon a syscall per line; routerd's log is a memory
#    buffer), so it is read once charon has stopped and flushed it.
CHARON_PLUGINS = "random nonce openssl kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici"
STRONGSWAN_CONF = """charon {{
  load_modular = no
  load = {plugins}
  install_routes = no
  install_virtual_ip = no
  dos_protection = no
  plugins {{
    vici {{
      socket = unix://{vici}
    }}
  }}
  syslog {{
    daemon {{
      default = -1
    }}
  }}
  filelog {{
    bench {{
      path = {log}
      append = no
      default = 0
      knl = 1
      ike = {ike_level}
      cfg = {ike_level}
    }}
  }}
}}
swanctl {{
  load = random pem pkcs1 x509 pubkey
  socket = unix://{vici}
}}
"""
SWANCTL_CONF = """connections {{
  bench {{
    version = {version}
    local_addrs = {responder}
    proposals = {ike_proposal}
    local {{
      auth = psk
    }}
    remote {{
      auth = psk
    }}
    children {{
      bench {{
        mode = tunnel
        local_ts = 10.0.0.0/24
        remote_ts = 172.16.0.0/12
        esp_proposals = aes256-sha256{esp_dh}
      }}
    }}
  }}
}}
secrets {{
  ike-bench {{
    secret = {psk}
  }}
}}
"""
# charon's IKE and config logging: 0 (errors) unless BENCH_CHARON_IKE_LOG says more, for a failure.
CHARON_IKE_LOG = int(os.environ.get("BENCH_CHARON_IKE_LOG", "0"))
DH_NAME = {19: "ecp256", 14: "modp2048"}
GROUP_NAME = {19: "ECP-256", 14: "MODP-2048"}


def cpu_seconds(pid):
    """utime + stime of the process (every thread's), in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_kb(pid):
    """Resident set size of the whole process (VmRSS, in kB, from /proc/PID/status)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


class Namespace:
    """A network namespace of ours with only `lo`, up. Deleted by close()."""

    def __init__(self, tag):
        self.name = "ikerate-%d-%s" % (os.getpid(), tag)
        run(["ip", "netns", "add", self.name], check=True)
        try:
            run(["ip", "-n", self.name, "link", "set", "lo", "up"], check=True)
        except Exception:
            self.close()
            raise

    def esp_states(self):
        """Complete ESP SAs in the namespace's kernel (larval ones from an SPI allocation have no keys)."""
        out = run(["ip", "-n", self.name, "xfrm", "state"]).stdout
        return len(re.findall(r"^\s+enc ", out, re.M))

    def close(self):
        run(["ip", "netns", "del", self.name])


class RouterdResponder:
    name = "routerd"

    def __init__(self, ns, version, group, pfs=0, sa_install="kernel"):
        config = ROUTERD_CONFIG if version == 2 else ROUTERD_CONFIG_V1
        self.r = Routerd(startup_config=config.format(group=group, psk=PSK, pfs=" set pfs group%d\n" % pfs if pfs else ""),
                         netns=ns.name, args=["--dataplane", sa_install])
        self.stopped = False

    def start(self):
        # In the lab VM under TCG, beside other work, routerd took longer than the harness's usual
        # 10 s to come up; a bench has no reason to be strict about its start.
        self.r.start(wait=120)
        # `ip netns exec` execs routerd itself: the pid whose CPU is read is routerd's.
        self.pid = self.r.proc.pid
        with open("/proc/%d/comm" % self.pid) as f:
            if f.read().strip() != "routerd":
                raise RuntimeError("pid %d is not routerd" % self.pid)

    def finish(self):
        """Stops the responder; the number of SA installs the kernel refused it."""
        out = self.r.commands("enable", "show logging", timeout=60)
        self.stop()
        return out.count("IPSEC_INSTALL_FAILED")

    def diagnostics(self):
        return self.r.commands("enable", "show crypto ikev2 stats", timeout=60)

    def shows(self, version):
        """Wall time of the SA shows with every tunnel up, end to end through routersh, and of
        `show clock` (routersh's start, the socket, one small answer) as their anchor; the lines shown."""
        show = "show crypto ikev2 sa" if version == 2 else "show crypto isakmp sa"
        times = {}
        for name, cmd in (("anchor", "show clock"), ("show", show), ("ipsec", "show crypto ipsec sa")):
            t0 = time.monotonic()
            times[name + "_lines"] = self.read_show(cmd)
            times[name] = time.monotonic() - t0
        return times

    def read_show(self, cmd):
        """Runs `cmd` through routersh and reads its output as a terminal or an SSH channel
        would, a chunk at a time, counting lines: holding 20 MB in the bench (and decoding it)
        would be the bench's own time, not routerd's or routersh's. The lines read."""
        p = subprocess.Popen([ROUTERSH, "--socket", self.r.socket, "-c", "enable", "-c", cmd], stdout=subprocess.PIPE,
                             stdin=subprocess.DEVNULL)
        lines, buf = 0, bytearray(1 << 20)  # one buffer, reused: no memory of the bench's own to fault in
        while True:
            n = os.readv(p.stdout.fileno(), [buf])
            if not n:
                break
            lines += buf.count(b"\n", 0, n)
        if p.wait(timeout=120) != 0:
            raise RuntimeError("routersh failed on %r" % cmd)
        return lines

    def held(self, version):
        """The established IKE SAs the responder holds."""
        out = self.r.commands("enable", "show crypto ikev2 sa" if version == 2 else "show crypto isakmp sa", timeout=120)
        return out.count("READY" if version == 2 else "QM_IDLE")

    def stop(self):
        # Once, whether routerd still runs or died: its folder goes either way.
        if self.r.proc and not self.stopped:
            self.stopped = True
            self.r.cleanup()


class CharonResponder:
    name = "charon"

    def __init__(self, ns, version, group, pfs=0, sa_install="kernel"):
        self.ns = ns
        self.tmp = tempfile.mkdtemp(prefix="ike-rate-charon-")
        # kernel-libipsec takes the kernel interface for SAs and policies; kernel-netlink stays
        # for addresses (the plugin needs it).
        plugins = CHARON_PLUGINS.replace("kernel-netlink", "kernel-libipsec kernel-netlink") if sa_install == "none" \
            else CHARON_PLUGINS
        self.vici = os.path.join(self.tmp, "charon.vici")
        self.log = os.path.join(self.tmp, "charon.log")
        self.conf = os.path.join(self.tmp, "strongswan.conf")
        with open(self.conf, "w") as f:
            f.write(STRONGSWAN_CONF.format(plugins=plugins, vici=self.vici, log=self.log, ike_level=CHARON_IKE_LOG))
        # swanctl's own folder, so that nothing under /etc/swanctl is read.
        self.swanctl_dir = os.path.join(self.tmp, "swanctl")
        os.makedirs(self.swanctl_dir)
        for sub in ("x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl", "pubkey", "private", "rsa", "ecdsa",
                    "bliss", "pkcs8", "pkcs12"):
            os.makedirs(os.path.join(self.swanctl_dir, sub))
        with open(os.path.join(self.swanctl_dir, "swanctl.conf"), "w") as f:
            # IKEv1's PRF is its hash: the same suite without the separate PRF.
            ike = ("aes256-sha256-prfsha256-" if version == 2 else "aes256-sha256-") + DH_NAME[group]
            f.write(SWANCTL_CONF.format(responder=RESPONDER, version=version, ike_proposal=ike, psk=PSK,
                                        esp_dh="-" + DH_NAME[pfs] if pfs else ""))
        self.env = dict(os.environ, STRONGSWAN_CONF=self.conf, SWANCTL_DIR=self.swanctl_dir)
        self.proc = None

    def start(self):
        # `ip netns exec` gives charon a mount namespace of its own: its compiled-in pidfile under
        # /run goes to a private tmpfs, never the host's /run. sh execs charon: the pid is charon's.
        self.stderr = open(os.path.join(self.tmp, "charon.stderr"), "w")
        self.proc = subprocess.Popen(["ip", "netns", "exec", self.ns.name, "sh", "-c",
                                      "mount -t tmpfs -o mode=755 ike-rate-run /run && exec " + CHARON],
                                     stdin=subprocess.DEVNULL, stdout=self.stderr, stderr=subprocess.STDOUT,
                                     env=self.env, start_new_session=True)
        deadline = time.monotonic() + 30
        while not os.path.exists(self.vici):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("charon did not open its vici socket: " + self.tail())
            time.sleep(0.05)
        r = run(["ip", "netns", "exec", self.ns.name, SWANCTL, "--load-all"], env=self.env, timeout=30)
        if r.returncode != 0:
            raise RuntimeError("swanctl --load-all failed: " + r.stdout + r.stderr)
        self.pid = self.proc.pid
        with open("/proc/%d/comm" % self.pid) as f:
            if f.read().strip() != "charon":
                raise RuntimeError("pid %d is not charon" % self.pid)

    def tail(self):
        text = ""
        for p in (self.log, os.path.join(self.tmp, "charon.stderr")):
            if os.path.exists(p):
                with open(p) as f:
                    text += f.read()[-2000:]
        return text

    def finish(self):
        """Stops charon (which flushes its log); the number of SA installs the kernel refused it."""
        self.stop(remove=False)
        n = 0
        if os.path.exists(self.log):
            with open(self.log) as f:
                n = f.read().count("unable to add SAD entry")
        self.stop()
        return n

    def diagnostics(self):
        return self.tail()

    def held(self, version):
        """The established IKE SAs charon holds (swanctl --stats: "IKE_SAs: N total, M half-open")."""
        r = run(["ip", "netns", "exec", self.ns.name, SWANCTL, "--stats"], env=self.env, timeout=60)
        m = re.search(r"IKE_SAs: (\d+) total, (\d+) half-open", r.stdout)
        return int(m.group(1)) - int(m.group(2)) if m else -1

    def stop(self, remove=True):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc and not self.stderr.closed:
            self.stderr.close()
        if remove:
            shutil.rmtree(self.tmp, ignore_errors=True)


def generate(ns, args, version, group):
    cmd = ["ip", "netns", "exec", ns.name, IKE_RATE, "--version", str(version), "--responder", RESPONDER,
           "--first-source", FIRST_SOURCE,
           "--count", str(args.count), "--in-flight", str(args.in_flight), "--group", str(group), "--psk", PSK,
           "--timeout", str(args.timeout), "--pfs", str(args.pfs)]
    r = run(cmd, timeout=args.timeout + 60)
    if r.returncode != 0:
        raise RuntimeError("ike_rate failed (%d): %s" % (r.returncode, r.stderr.strip()))
    result, failures = {}, []
    for line in r.stdout.splitlines():
        key, _, value = line.partition("=")
        if key == "failure":
            failures.append(value)
        else:
            result[key] = value
    result["failures"] = failures
    return result


def dh_floor(args, group):
    """One side's DH per tunnel with routerd's own crypto code (ike_rate --dh-floor): CPU seconds, count."""
    r = run([IKE_RATE, "--dh-floor", str(args.count), "--group", str(group)], timeout=600)
    if r.returncode != 0:
        raise RuntimeError("ike_rate --dh-floor failed: " + r.stdout + r.stderr)
    values = dict(line.partition("=")[::2] for line in r.stdout.splitlines())
    return float(values["dh_cpu_s"]), int(values["dh_floor_count"])


def measure(kind, args, version, group):
    ns = Namespace("%s-v%d-%d" % (kind.name, version, group))
    responder = None
    try:
        responder = kind(ns, version, group, args.pfs, args.sa_install)
        responder.start()
        time.sleep(0.5)  # let start-up work settle before the CPU reading
        cpu0 = cpu_seconds(responder.pid)
        rss0 = rss_kb(responder.pid)
        result = generate(ns, args, version, group)
        # The generator is done when it has the last answer; the responder may still be taking the
        # last messages (IKEv1's QM3, after which it installs): a moment for them, the same for
        # both responders (an idle responder spends nothing measurable in it). bench/memory.py may
        # ask for longer (--settle).
        time.sleep(getattr(args, "settle", 0.5))
        cpu1 = cpu_seconds(responder.pid)
        result["cpu_s"] = cpu1 - cpu0
        # Memory the tunnels hold: what the resident set grew by while they came up (both responders
        # keep every IKE SA; what a failed kernel install leaves is said below the table).
        result["rss_kb"] = rss_kb(responder.pid)
        result["rss_delta_kb"] = result["rss_kb"] - rss0
        result["rss_before_kb"] = rss0
        result["ike_sas_held"] = responder.held(version)
        if hasattr(responder, "shows"):
            t = responder.shows(version)
            result["show_s"], result["show_anchor_s"], result["show_lines"] = t["show"], t["anchor"], t["show_lines"]
            result["ipsec_show_s"], result["ipsec_show_lines"] = t["ipsec"], t["ipsec_lines"]
        result["kernel_esp_sas"] = ns.esp_states()
        if args.verbose:
            print("--- %s IKEv%d group %d diagnostics\n%s" % (kind.name, version, group, responder.diagnostics()),
                  file=sys.stderr)
        result["install_failures"] = responder.finish()
        return result
    finally:
        if responder:
            responder.stop()
        ns.close()


SUMMED = ("up", "ike_only", "failed", "timed_out", "wall_s", "cpu_s", "generator_cpu_s", "install_failures", "kernel_esp_sas",
          "rss_delta_kb")


def merge(rounds):
    """The rounds' results added up per (version, group, responder); latencies: the median of the rounds'
    medians and the highest p95."""
    merged = {}
    for key in rounds[0]:
        rs = [r[key] for r in rounds]
        m = {k: sum(float(r[k]) for r in rs) for k in SUMMED}
        for k in ("up", "ike_only", "failed", "timed_out", "install_failures", "kernel_esp_sas"):
            m[k] = int(m[k])
        meds = sorted(float(r["latency_median_s"]) for r in rs)
        m["latency_median_s"] = meds[len(meds) // 2]
        m["latency_p95_s"] = max(float(r["latency_p95_s"]) for r in rs)
        m["rss_kb"] = max(r["rss_kb"] for r in rs)
        if "show_s" in rs[0]:
            m["show_s"] = max(r["show_s"] for r in rs)
            m["show_anchor_s"] = max(r["show_anchor_s"] for r in rs)
            m["show_lines"] = rs[0]["show_lines"]
            m["ipsec_show_s"] = max(r["ipsec_show_s"] for r in rs)
            m["ipsec_show_lines"] = rs[0]["ipsec_show_lines"]
        # "N reason" lines of each round, added up per reason.
        reasons = {}
        for r in rs:
            for f in r["failures"]:
                n, _, why = f.partition(" ")
                reasons[why] = reasons.get(why, 0) + int(n)
        m["failures"] = ["%d %s" % (n, why) for why, n in reasons.items()]
        merged[key] = m
    return merged


def per_tunnel(r):
    up = int(r["up"]) + int(r["ike_only"])
    wall = float(r["wall_s"])
    return (up / wall if wall > 0 else 0.0), (float(r["cpu_s"]) / up * 1000 if up else float("nan"))


def table(args, results, responders, rounds, floors):
    mode = "burst (all queued at once, at most %d in flight)" % args.in_flight if args.in_flight > 1 else "one at a time"
    pfs = "PFS %s (set pfs group%d)" % (GROUP_NAME[args.pfs], args.pfs) if args.pfs else "no PFS"
    lines = ["IKE tunnel setup rate, %d initiators per responder and round, %d round(s), %s, PSK. IKE SA aes-cbc-256, "
             "sha256 (IKEv2: prf-sha256); Child SA esp-aes 256 esp-sha256-hmac, tunnel, %s. Responder at %s, "
             "initiators from %s up (routerd's engine, build/bin/ike_rate), in a network namespace of its own."
             % (args.count, args.rounds, mode, pfs, RESPONDER, FIRST_SOURCE)]
    lines.append("%-7s %-9s %-9s %6s %6s %6s %8s %10s %8s %10s %8s %8s %8s" % (
        "version", "group", "responder", "up", "child", "failed", "wall_s", "tunnels/s", "cpu_s", "cpu_ms/tun", "med_ms",
        "p95_ms", "gen_cpu"))
    for version in args.versions:
        for group in args.groups:
            for name in responders:
                r = results.get((version, group, name))
                if r is None:
                    continue
                up = int(r["up"]) + int(r["ike_only"])
                wall = float(r["wall_s"])
                r["rate"], r["cpu_per"] = per_tunnel(r)
                lines.append("%-7s %-9s %-9s %6d %6s %6d %8.3f %10.1f %8.2f %10.3f %8.1f %8.1f %8.2f" % (
                    "IKEv%d" % version, GROUP_NAME[group], name, up, r["up"], int(r["failed"]) + int(r["timed_out"]), wall,
                    r["rate"], r["cpu_s"], r["cpu_per"], float(r["latency_median_s"]) * 1000,
                    float(r["latency_p95_s"]) * 1000, float(r["generator_cpu_s"])))
            a, b = results.get((version, group, "routerd")), results.get((version, group, "charon"))
            if a and b and b.get("rate") and b.get("cpu_per"):
                lines.append("%-7s %-9s routerd/charon: tunnels/s %.2f x, responder CPU per tunnel %.2f x "
                             "(below 1: routerd spends less)" % ("IKEv%d" % version, GROUP_NAME[group],
                                                                 a["rate"] / b["rate"], a["cpu_per"] / b["cpu_per"]))
                if len(rounds) > 1:
                    each = []
                    for rd in rounds:
                        ra, ca = per_tunnel(rd[(version, group, "routerd")])
                        rb, cb = per_tunnel(rd[(version, group, "charon")])
                        each.append("%.2f/%.2f" % (ra / rb if rb else float("nan"), ca / cb if cb else float("nan")))
                    lines.append("%-7s %-9s   each round (tunnels/s / CPU per tunnel): %s" % (
                        "IKEv%d" % version, GROUP_NAME[group], " ".join(each)))
    for g in args.groups:
        line = "DH floor, %s: %.3f ms per tunnel (one side's key pair + shared secret with routerd's crypto code, one " \
               "thread, %d per round)" % (GROUP_NAME[g], floors[g], args.count)
        for version in args.versions:
            for name in responders:
                r = results.get((version, g, name))
                if r and floors[g]:
                    line += "; IKEv%d %s %.2f x" % (version, name, per_tunnel(r)[1] / floors[g])
        lines.append(line)
    lines.append("up: IKEv2: IKE_AUTH completed (both sides authenticated, Child SA keys made); IKEv1: QM2 taken and QM3 "
                 "sent. child: of those, with the Child SA in the answer (IKEv1: always). tunnels/s, cpu_ms/tun count up. "
                 "cpu: the responder's utime+stime, all threads, from /proc/PID/stat, in steps of 1/%d s (per-tunnel figures "
                 "need N in the thousands); gen_cpu: the generator's own." % CLK_TCK)
    lines.append("Settings: routerd from a startup-config (dynamic map, keyring for 127.0.0.0/8, debugging off); charon "
                 "with swanctl, dos_protection = no (no COOKIE round trip: routerd's cookie challenge is off unless "
                 "configured), logging errors and kernel lines only.")
    if args.sa_install == "none":
        lines.append("SA installation, equal on both sides: into no kernel (--sa-install none). routerd with --dataplane "
                     "none (benchmarks only: SAs and policies kept in its memory), charon with kernel-libipsec (SAs in its "
                     "userspace IPsec stack). Kernel installs, which there were none of:")
    else:
        lines.append("SA installation, equal on both sides: each responder installs through the kernel's XFRM over "
                     "netlink (routerd with libnl, charon with kernel-netlink). What each kernel install came to:")
    for (v, g, name), r in sorted(results.items()):
        unit = "pairs (%CRYPTO-3-IPSEC_INSTALL_FAILED)" if name == "routerd" else "SAs ('unable to add SAD entry')"
        lines.append("  IKEv%d %-9s %-8s refused by the kernel: %d %s; complete ESP SAs in the kernel after: %d" % (
            v, GROUP_NAME[g], name, r["install_failures"], unit, r["kernel_esp_sas"]))
    if all(r["kernel_esp_sas"] == 0 for r in results.values()) and all(r["install_failures"] for r in results.values()):
        lines.append("Neither responder installed kernel SAs: this kernel has XFRM without ESP, and both attempted every "
                     "install and failed. charon then refuses an IKEv2 Child SA (NO_PROPOSAL_CHOSEN) where routerd has "
                     "already answered with it, so IKEv2 counts IKE_AUTH completions.")
    refused = all(r["install_failures"] for r in results.values())
    lines.append("Memory: the responder's resident set (VmRSS) growth while the tunnels came up, per tunnel; both keep "
                 "every IKE SA; " + ("with the kernel installs refused (above), neither holds an IPsec SA pair." if refused
                                     else "the IPsec SA pairs are in the kernel (not counted in RSS)" if args.sa_install
                                     == "kernel" else "each holds its IPsec SA pairs in its own memory (counted)."))
    for (v, g, name), r in sorted(results.items()):
        up = int(r["up"]) + int(r["ike_only"])
        if up:
            lines.append("  IKEv%d %-9s %-8s %.2f KB per tunnel (+%d KB for %d tunnels; RSS after %.1f MB)" % (
                v, GROUP_NAME[g], name, r["rss_delta_kb"] / up, r["rss_delta_kb"], up, r["rss_kb"] / 1024))
    for (v, g, name), r in sorted(results.items()):
        if "show_s" in r:
            lines.append("  IKEv%d %-9s %-8s with %d tunnels up: `%s` %.0f ms (%d lines) end to end through routersh; "
                         "`show clock` %.0f ms (the anchor: routersh, the socket, one line)" % (
                             v, GROUP_NAME[g], name, int(r["up"]) // max(1, args.rounds),
                             "show crypto ikev2 sa" if v == 2 else "show crypto isakmp sa", r["show_s"] * 1000,
                             r["show_lines"], r["show_anchor_s"] * 1000))
            lines.append("  IKEv%d %-9s %-8s `show crypto ipsec sa` %.0f ms (%d lines; the pairs the kernel refused are "
                         "deleted, so it shows only what stands)" % (v, GROUP_NAME[g], name, r["ipsec_show_s"] * 1000,
                                                                     r["ipsec_show_lines"]))
    for (v, g, name), r in sorted(results.items()):
        for f in r["failures"][:5]:
            lines.append("  IKEv%d %s %s, not (fully) up: %s" % (v, GROUP_NAME[g], name, f))
    return "\n".join(lines)


def main():
    # A ctest timeout or a ^C ends the run through the `finally` blocks, which stop the responders
    # and delete the namespaces.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=500)
    p.add_argument("--in-flight", type=int, default=50)
    p.add_argument("--versions", default="2,1")
    p.add_argument("--groups", default="19,14")
    p.add_argument("--responders", default="routerd,charon")
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--rounds", type=int, default=1, help="measure each responder this many times, alternating the order")
    p.add_argument("--check", action="store_true",
                   help="CI: exit 77 (skip) when it cannot run here, 1 when a responder brought up no IKE SA")
    p.add_argument("--pfs", type=int, default=0, help="IKEv1 Quick Modes with PFS in this DH group (19 or 14)")
    p.add_argument("--sa-install", choices=("kernel", "none"), default="kernel",
                   help="none: both responders install into no kernel (routerd --dataplane none, charon kernel-libipsec)")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()
    args.groups = [int(g) for g in args.groups.split(",")]
    args.versions = [int(v) for v in args.versions.split(",")]
    if any(v not in (1, 2) for v in args.versions):
        p.error("versions: 2 and/or 1")
    if any(g not in DH_NAME for g in args.groups):
        p.error("groups: 19 and/or 14")
    if args.pfs and (args.pfs not in DH_NAME or args.versions != [1]):
        p.error("pfs: 19 or 14, with --versions 1 (IKEv2's first Child SA, in IKE_AUTH, has no DH: RFC 7296 1.2)")
    if args.count < 1 or args.count > 60000:
        p.error("count: 1..60000 (sources 127.1.0.1 upwards)")

    missing = [x for x in (IKE_RATE, os.path.join(BUILD, "bin", "routerd"), ROUTERSH) if not os.path.exists(x)]
    if os.geteuid() != 0 or not shutil.which("ip") or missing:
        print("ike_rate: cannot run here: " + ("not root (network namespaces of its own are needed)" if os.geteuid() != 0
              else "no `ip` command" if not shutil.which("ip") else "missing " + ", ".join(missing)))
        return SKIP if args.check else 2
    kinds = {"routerd": RouterdResponder, "charon": CharonResponder}
    responders = [r for r in args.responders.split(",") if r]
    if "charon" in responders and not (os.path.exists(CHARON) and os.path.exists(SWANCTL)):
        print("ike_rate: strongSwan's charon/swanctl not installed (%s, %s): measuring routerd alone" % (CHARON, SWANCTL))
        responders.remove("charon")
    if "charon" in responders and args.sa_install == "none" and not os.path.exists(CHARON_LIBIPSEC):
        print("ike_rate: charon's kernel-libipsec plugin not installed (%s, Debian package libcharon-extra-plugins): "
              "measuring routerd alone" % CHARON_LIBIPSEC)
        responders.remove("charon")

    # Rounds: each responder measured once per round, the order turned round every other round, so
    # that a load elsewhere on the machine that comes or goes in the run weighs on both alike.
    # The DH floor is measured right before and right after each responder's run, and that run
    # is set against the mean of the two: the host is a shared VM whose speed moves by a third
    # within an hour, so a floor from another moment made the ratio swing (1.9 to 2.7 x in three
    # runs of one binary).
    rounds = []
    floors = {g: [0.0, 0] for g in args.groups}
    bracketed = []  # (version, group, responder, its CPU per tunnel / its own floor)
    for n in range(args.rounds):
        results = {}
        for version in args.versions:
            for group in args.groups:
                before = dh_floor(args, group)
                for name in (responders if n % 2 == 0 else list(reversed(responders))):
                    results[(version, group, name)] = measure(kinds[name], args, version, group)
                    after = dh_floor(args, group)
                    for cpu, count in (before, after):
                        floors[group][0] += cpu
                        floors[group][1] += count
                    floor_ms = (before[0] + after[0]) / (before[1] + after[1]) * 1000
                    bracketed.append((version, group, name, per_tunnel(results[(version, group, name)])[1] / floor_ms))
                    before = after
        rounds.append(results)
    results = merge(rounds)
    print(table(args, results, responders, rounds, {g: c / n * 1000 for g, (c, n) in floors.items()}))
    for version in args.versions:
        for group in args.groups:
            for name in responders:
                each = [x for v, g, r, x in bracketed if (v, g, r) == (version, group, name)]
                if each:
                    print("IKEv%d %-9s %-8s x DH floor measured around each run: %s" % (
                        version, GROUP_NAME[group], name, " ".join("%.2f" % x for x in each)))
    print("command: " + " ".join([os.path.relpath(os.path.abspath(sys.argv[0]), os.path.join(HERE, ".."))] + sys.argv[1:]))
    if args.check and any(int(r["up"]) + int(r["ike_only"]) == 0 for r in results.values()):
        print("ike_rate: a responder brought up no IKE SA")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
