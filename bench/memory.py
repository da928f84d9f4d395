#!/usr/bin/env python3
"""bench/memory (issue 14): resident memory per established tunnel, routerd against strongSwan's
charon (the anchor) in the same run, at several tunnel counts (1,000 and 10,000 by default).

Each measurement is bench/ike_rate.py's (the same generator, responders, settings and network
namespaces; see there): a fresh responder, its resident set (VmRSS from /proc/PID/status) read
before the tunnels and again --settle seconds after the last one came up; the growth divided by
the tunnels up is the figure. It also counts the established IKE SAs the responder holds at that
moment (routerd: QM_IDLE/READY lines of its SA show; charon: swanctl --stats, total less
half-open), and for routerd times `show crypto isakmp sa` (IKEv2: `show crypto ikev2 sa`) and
`show crypto ipsec sa` end to end through routersh with all of them up.

What a tunnel holds on a dev machine whose kernel has XFRM but no ESP: every ESP SA install is
refused (counted in the output). routerd then deletes the pair and tells the peer (what charon
keeps after a refused install is not inspected). So the figure is what one established IKE SA
costs each responder after a Child SA / IPsec SA pair was negotiated (and its install tried), not
an IKE SA plus an installed pair; the kernel's own memory for SAs is in neither process anyway.
bench/ipsec_pairs measures routerd's user-space share of an installed pair apart, and
`bench/in_lab.py -- bench/memory.py ...` runs this in the lab VM, whose kernel takes the installs.

  bench/memory.py [--counts 1000,10000] [--versions 1] [--groups 19] [--pfs 19|14]
                  [--responders routerd,charon] [--settle SECONDS]
  bench/memory.py --counts 20 --check     (CI: runs and prints the table; no figure asserted)
"""
import argparse
import os
import shutil
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ike_rate  # noqa: E402


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--counts", default="1000,10000")
    p.add_argument("--versions", default="1")
    p.add_argument("--groups", default="19")
    p.add_argument("--pfs", type=int, default=0)
    p.add_argument("--responders", default="routerd,charon")
    p.add_argument("--in-flight", type=int, default=50)
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--settle", type=float, default=0.5,
                   help="seconds between the last tunnel and the RSS reading")
    p.add_argument("--check", action="store_true",
                   help="CI: exit 77 (skip) when it cannot run here, 1 when a responder held no IKE SA")
    args = p.parse_args()
    args.verbose = False
    args.sa_install = "kernel"  # the pairs in the kernel, outside the responders' RSS (ike_rate.py --sa-install)
    counts = [int(c) for c in args.counts.split(",")]
    versions = [int(v) for v in args.versions.split(",")]
    groups = [int(g) for g in args.groups.split(",")]
    if any(c < 1 or c > 60000 for c in counts) or any(v not in (1, 2) for v in versions) or \
            any(g not in ike_rate.DH_NAME for g in groups):
        p.error("counts 1..60000, versions 1/2, groups 19/14")
    if args.pfs and (args.pfs not in ike_rate.DH_NAME or versions != [1]):
        p.error("pfs: 19 or 14, with --versions 1")

    missing = [x for x in (ike_rate.IKE_RATE, os.path.join(ike_rate.BUILD, "bin", "routerd"), ike_rate.ROUTERSH)
               if not os.path.exists(x)]
    if os.geteuid() != 0 or not shutil.which("ip") or missing:
        print("memory: cannot run here: " + ("not root (network namespaces of its own are needed)" if os.geteuid() != 0
              else "no `ip` command" if not shutil.which("ip") else "missing " + ", ".join(missing)))
        return ike_rate.SKIP if args.check else 2
    kinds = {"routerd": ike_rate.RouterdResponder, "charon": ike_rate.CharonResponder}
    responders = [r for r in args.responders.split(",") if r]
    if "charon" in responders and not (os.path.exists(ike_rate.CHARON) and os.path.exists(ike_rate.SWANCTL)):
        print("memory: strongSwan's charon/swanctl not installed: measuring routerd alone")
        responders.remove("charon")

    results = {}
    for count in counts:
        args.count = count
        for v in versions:
            for g in groups:
                for name in responders:
                    results[(count, v, g, name)] = ike_rate.measure(kinds[name], args, v, g)

    pfs = "PFS %s" % ike_rate.GROUP_NAME[args.pfs] if args.pfs else "no PFS"
    print("Resident memory per established tunnel (VmRSS growth / tunnels up, read %.1f s after the last), PSK, IKE SA "
          "aes-cbc-256 sha256, Child SA esp-aes 256 esp-sha256-hmac tunnel, %s, at most %d negotiating at a time."
          % (args.settle, pfs, args.in_flight))
    print("%-7s %-9s %7s %-8s %6s %6s %9s %10s %10s %8s" % ("version", "group", "tunnels", "responder", "up", "held",
                                                           "RSS0_MB", "RSS_MB", "KB/tunnel", "refused"))
    for (count, v, g, name), r in results.items():
        up = int(r["up"]) + int(r["ike_only"])
        r["per"] = r["rss_delta_kb"] / up if up else float("nan")
        print("%-7s %-9s %7d %-8s %6d %6d %9.1f %10.1f %10.2f %8d" % (
            "IKEv%d" % v, ike_rate.GROUP_NAME[g], count, name, up, r["ike_sas_held"], r["rss_before_kb"] / 1024,
            r["rss_kb"] / 1024, r["per"], r["install_failures"]))
        a, b = results.get((count, v, g, "routerd")), results.get((count, v, g, "charon"))
        if name == responders[-1] and a and b and b["per"] > 0:
            print("%-7s %-9s %7d routerd/charon per tunnel: %.2f x" % ("IKEv%d" % v, ike_rate.GROUP_NAME[g], count,
                                                                       a["per"] / b["per"]))
    # Between two counts, the growth of the resident set per added tunnel: what a tunnel costs
    # once the start-up costs that the first tunnels bring (allocator arenas, thread stacks,
    # tables' first buckets) are paid. Each count has a fresh responder, so it compares two runs.
    for v in versions:
        for g in groups:
            for name in responders:
                for lo, hi in zip(counts, counts[1:]):
                    a, b = results[(lo, v, g, name)], results[(hi, v, g, name)]
                    added = (int(b["up"]) + int(b["ike_only"])) - (int(a["up"]) + int(a["ike_only"]))
                    if added > 0:
                        print("IKEv%d %s %s: %.2f KB per tunnel from %d to %d tunnels (RSS after, difference / tunnels added)" % (
                            v, ike_rate.GROUP_NAME[g], name, (b["rss_kb"] - a["rss_kb"]) / added, lo, hi))
    for (count, v, g, name), r in results.items():
        if "show_s" in r:
            print("IKEv%d %s %s, %d tunnels up: `%s` %.0f ms (%d lines), `show crypto ipsec sa` %.0f ms (%d lines), "
                  "`show clock` %.0f ms, end to end through routersh" % (
                      v, ike_rate.GROUP_NAME[g], name, count, "show crypto ikev2 sa" if v == 2 else "show crypto isakmp sa",
                      r["show_s"] * 1000, r["show_lines"], r["ipsec_show_s"] * 1000, r["ipsec_show_lines"],
                      r["show_anchor_s"] * 1000))
        for f in r["failures"][:5]:
            print("IKEv%d %s %s %d: not (fully) up: %s" % (v, ike_rate.GROUP_NAME[g], name, count, f))
    print("refused: ESP SA installs the kernel refused (routerd: pairs; charon: SAs); complete ESP SAs in the kernel "
          "after: %s." % ", ".join(str(r["kernel_esp_sas"]) for r in results.values()))
    if all(r["install_failures"] and not r["kernel_esp_sas"] for r in results.values()):
        print("With every install refused, routerd holds no IPsec SA pair (it deletes the pair and tells the peer): "
              "the figure is an established IKE SA's.")
    elif not any(r["install_failures"] for r in results.values()):
        print("Every install went in: the figure is an established IKE SA with its IPsec SA pair in the kernel "
              "(the kernel's own memory for the SAs is in neither process).")
    print("command: " + " ".join(["bench/memory.py"] + sys.argv[1:]))
    if args.check and any(r["ike_sas_held"] <= 0 for r in results.values()):
        print("memory: a responder held no IKE SA")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
