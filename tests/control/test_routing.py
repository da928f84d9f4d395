"""Routing protocols through routerd's own FRR, between two routerd on a veth pair: BGP and OSPF
routes learned from the neighbour show in `show ip route` with IOS's codes, distance and metric,
and parse with ntc-templates; a removed `network` withdraws its route; `write memory` and a
restart bring FRR back with the same configuration; a pasted running-config shows back the same
routing blocks. FRR's daemons are routerd's own: they go with it, and the host's FRR files and
processes are untouched."""
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from routerd_harness import NetnsPair, Routerd, wait_until  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PARSE_SHOW = os.path.join(HERE, "..", "conformance", "ntc", "parse_show.py")

R1 = """hostname R1
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
 ip address 10.70.0.1 255.255.255.0 secondary
 ip ospf network point-to-point
 no shutdown
ip route 10.50.0.0 255.255.0.0 10.0.0.2
router bgp 65001
 bgp router-id 1.1.1.1
 neighbor 10.0.0.2 remote-as 65002
 neighbor 10.0.0.2 timers 10 30 30
 address-family ipv4
  network 10.50.0.0 mask 255.255.0.0
  neighbor 10.0.0.2 route-map TO-R2 out
 exit-address-family
router ospf 1
 router-id 1.1.1.1
 network 10.0.0.0 0.0.0.255 area 0
 network 10.70.0.0 0.0.0.255 area 0
ip prefix-list R1-NETS seq 5 permit 10.50.0.0/16
ip community-list standard R1-TAG permit 65001:50
ip as-path access-list 1 permit ^$
route-map TO-R2 permit 10
 match ip address prefix-list R1-NETS
 set metric 77
 set community 65001:50
"""

R2 = """hostname R2
interface GigabitEthernet0/0
 ip address 10.0.0.2 255.255.255.0
 ip ospf network point-to-point
 no shutdown
ip route 10.80.0.0 255.255.0.0 10.0.0.1
router bgp 65002
 bgp router-id 2.2.2.2
 neighbor 10.0.0.1 remote-as 65001
router ospf 1
 router-id 2.2.2.2
 network 10.0.0.0 0.0.0.255 area 0
"""

# The route map R1 sends it through sets the MED, which R2 shows as the route's metric.
BGP_ROUTE = re.compile(r"^B        10\.50\.0\.0/16 \[20/77\] via 10\.0\.0\.1, \d\d:\d\d:\d\d$", re.M)
OSPF_ROUTE = re.compile(r"^O        10\.70\.0\.0/24 \[110/\d+\] via 10\.0\.0\.1, \d\d:\d\d:\d\d, GigabitEthernet0/0$", re.M)


def host_frr_state():
    """What of the host's FRR a test must leave alone: its config and run directories, and the
    FRR processes that are not routerd's."""
    files = sorted(glob.glob("/etc/frr/*") + glob.glob("/run/frr/*") + glob.glob("/var/run/frr/*"))
    procs = subprocess.run(["pgrep", "-a", "-f", "/usr/lib/frr/"], capture_output=True, text=True).stdout
    theirs = sorted(l.split(" ", 1)[1] for l in procs.splitlines() if "routerd-frr" not in l)
    return files, theirs


def wait_for(fn, timeout, what):
    return wait_until(fn, timeout, what, step=0.5)


@unittest.skipUnless(os.geteuid() == 0, "needs root for network namespaces")
class RoutingThroughFrr(unittest.TestCase):
    def setUp(self):
        if not os.access("/usr/lib/frr/bgpd", os.X_OK):
            self.fail("missing Debian package frr (scripts/setup.sh installs it): no /usr/lib/frr/bgpd")
        self.host_before = host_frr_state()
        self.pair = NetnsPair()
        self.addCleanup(self.pair.close)
        self.r1 = Routerd(startup_config=R1, interfaces="GigabitEthernet0/0 veth-a\n", netns=self.pair.a).start()
        self.addCleanup(self.r1.cleanup)
        self.r2 = Routerd(startup_config=R2, interfaces="GigabitEthernet0/0 veth-b\n", netns=self.pair.b).start()
        self.addCleanup(self.r2.cleanup)

    def routes(self):
        return self.r2.commands("show ip route")

    def learned(self):
        out = self.routes()
        return out if BGP_ROUTE.search(out) and OSPF_ROUTE.search(out) else None

    def test_routes_learned_withdrawn_and_restored_after_restart(self):
        out = wait_for(self.learned, 60, "R2 to learn 10.50.0.0/16 by BGP and 10.70.0.0/24 by OSPF")
        # The routes are zebra's in R2's kernel, not a rendering of the configuration.
        kernel = subprocess.run(["ip", "-n", self.pair.b, "route", "show", "10.50.0.0/16"], capture_output=True,
                                text=True).stdout
        self.assertIn("proto bgp", kernel)
        # ntc-templates reads them as IOS's.
        parsed = subprocess.run([sys.executable, PARSE_SHOW, "show ip route", "-"], input=out, capture_output=True,
                                text=True)
        self.assertEqual(parsed.returncode, 0, parsed.stderr)
        by_network = {(r["network"], r["prefix_length"]): r for r in json.loads(parsed.stdout)}
        self.assertEqual(by_network[("10.50.0.0", "16")]["protocol"], "B")
        self.assertEqual(by_network[("10.50.0.0", "16")]["distance"], "20")
        self.assertEqual(by_network[("10.50.0.0", "16")]["nexthop_ip"], "10.0.0.1")
        self.assertEqual(by_network[("10.70.0.0", "24")]["protocol"], "O")
        self.assertEqual(by_network[("10.70.0.0", "24")]["nexthop_if"], "GigabitEthernet0/0")
        self.assertEqual(by_network[("10.80.0.0", "16")]["protocol"], "S")
        self.assertEqual(by_network[("10.0.0.0", "24")]["protocol"], "C")
        # IOS's BGP and OSPF views, from FRR's state.
        bgp = self.r2.commands("show ip bgp summary")
        self.assertRegex(bgp, r"BGP router identifier 2\.2\.2\.2, local AS number 65002")
        self.assertRegex(bgp, r"(?m)^10\.0\.0\.1\s+4\s+65001\s+\d+\s+\d+\s+\d+\s+0\s+0 \S+\s+1$")
        self.assertRegex(self.r2.commands("show ip ospf neighbor"),
                         r"(?m)^1\.1\.1\.1\s+\d+\s+FULL/  -\s+00:00:\d\d\s+10\.0\.0\.1\s+GigabitEthernet0/0$")
        summary = self.r2.commands("show ip route summary")
        self.assertRegex(summary, r"bgp 65002\s+0\s+1\s")
        self.assertRegex(summary, r"ospf 1\s+0\s+1\s")

        # `no network` withdraws the route from the neighbour.
        self.r1.paste("enable\nconfigure terminal\nrouter bgp 65001\naddress-family ipv4\n"
                      "no network 10.50.0.0 mask 255.255.0.0\nend\n")
        wait_for(lambda: not BGP_ROUTE.search(self.routes()), 30, "the withdrawn route to leave R2")
        self.assertNotIn("network 10.50.0.0", self.r1.commands("enable", "show running-config"))
        self.r1.paste("enable\nconfigure terminal\nrouter bgp 65001\naddress-family ipv4\n"
                      "network 10.50.0.0 mask 255.255.0.0\nexit-address-family\nend\nwrite memory\n")
        wait_for(lambda: BGP_ROUTE.search(self.routes()), 30, "the route announced again")

        # A restart from the saved configuration brings FRR back with it.
        self.r1.stop()
        self.assertEqual(subprocess.run(["ip", "netns", "pids", self.pair.a], capture_output=True,
                                        text=True).stdout.strip(), "", "FRR's daemons go with routerd")
        self.r1 = Routerd(config_dir=self.r1.config_dir, interfaces="GigabitEthernet0/0 veth-a\n",
                          netns=self.pair.a).start()
        self.addCleanup(self.r1.cleanup)
        wait_for(self.learned, 60, "R2 to learn the routes again from the restarted R1")
        files, procs = host_frr_state()
        self.assertEqual(files, self.host_before[0])
        # Every FRR process that was not routerd's still runs (others may have started since).
        self.assertTrue(set(self.host_before[1]) <= set(procs))

    def test_frr_goes_with_a_killed_routerd(self):
        wait_for(lambda: "bgpd" in subprocess.run(["ip", "netns", "exec", self.pair.a, "pgrep", "-l", "bgpd"],
                                                  capture_output=True, text=True).stdout, 20, "R1's bgpd")
        self.r1.kill(signal.SIGKILL)
        # The daemons drop to the frr user (which clears a parent-death signal); their root
        # guardians die with routerd and end them.
        wait_for(lambda: subprocess.run(["ip", "netns", "pids", self.pair.a], capture_output=True,
                                        text=True).stdout.strip() == "", 10, "R1's FRR daemons to end")

    def test_running_config_round_trip(self):
        shown = self.r1.commands("enable", "show running-config")
        blocks = re.findall(r"^(?:router .*|ip route .*|route-map .*|ip prefix-list .*|ip community-list .*|"
                            r"ip as-path .*)\n(?:[ !].*\n)*", shown, re.M)
        self.assertEqual(len([b for b in blocks if not b.startswith("ip route")]), 6, shown)
        self.assertTrue(any(b.startswith("router bgp 65001") for b in blocks), shown)
        with Routerd() as fresh:
            fresh.paste("enable\nconfigure terminal\n" + "".join(blocks) + "end\n")
            again = fresh.commands("enable", "show running-config")
        for block in blocks:
            self.assertIn(block, again)
        self.assertIn(" address-family ipv4\n  network 10.50.0.0 mask 255.255.0.0\n  neighbor 10.0.0.2 route-map TO-R2 out\n"
                      " exit-address-family\n", again)


if __name__ == "__main__":
    unittest.main()
