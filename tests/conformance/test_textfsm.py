"""Our show output parses with the ntc-templates TextFSM templates real clients use
(netmiko use_textfsm=True), through parse_show.py and the templates vendored in ntc/ (from
../shared/conformance, so that a clone on its own runs them)."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from routerd_harness import Routerd  # noqa: E402

PARSE_SHOW = os.path.join(HERE, "ntc", "parse_show.py")
LINKS = """ip link add eth0 type veth peer name eth1
ip addr add 12.1.1.1/24 dev eth0
ip link set eth1 up
ip link set eth0 up
"""


def parse(command, text):
    r = subprocess.run([sys.executable, PARSE_SHOW, command, "-"], input=text, capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("%s did not parse (%s):\n%s" % (command, r.stderr, text))
    return json.loads(r.stdout)


class TextFsm(unittest.TestCase):
    def test_show_version(self):
        with Routerd(startup_config="hostname R1\n") as r:
            rows = parse("show version", r.commands("show version"))
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual(row["hostname"], "R1")
        self.assertEqual(row["version"], "15.7(3)RD1")
        self.assertEqual(row["hardware"], ["ROUTERD"])
        self.assertEqual(row["config_register"], "0x2102")
        self.assertEqual(row["running_image"], "routerd")
        self.assertRegex(row["uptime"], r"^\d+ minutes?$")

    def test_show_ip_interface_brief(self):
        with Routerd(links_script=LINKS, startup_config="interface GigabitEthernet0/2\n shutdown\n") as r:
            text = r.commands("show ip interface brief")
        rows = {row["interface"]: row for row in parse("show ip interface brief", text)}
        self.assertEqual(set(rows), {"GigabitEthernet0/0", "GigabitEthernet0/1", "GigabitEthernet0/2"})
        with_address = [row for row in rows.values() if row["ip_address"] == "12.1.1.1"]
        self.assertEqual(len(with_address), 1)
        self.assertEqual(with_address[0]["status"], "up")
        self.assertEqual(with_address[0]["proto"], "up")
        self.assertEqual(rows["GigabitEthernet0/2"]["status"], "administratively down")  # shutdown

    def test_show_ip_route(self):
        # Connected, local and static routes, read back from the kernel of routerd's namespace.
        config = ("interface GigabitEthernet0/0\n ip address 12.1.1.1 255.255.255.0\n no shutdown\n"
                  "ip route 2.2.2.2 255.255.255.255 12.1.1.2\nip route 0.0.0.0 0.0.0.0 12.1.1.2\n"
                  "ip route 10.9.0.0 255.255.0.0 12.1.1.2\n")
        with Routerd(links_script=LINKS, startup_config=config, interfaces="GigabitEthernet0/0 eth0\n") as r:
            text = r.commands("show ip route")
        self.assertIn("Gateway of last resort is 12.1.1.2 to network 0.0.0.0\n", text)
        rows = {(row["protocol"], row["network"], row["prefix_length"]): row for row in parse("show ip route", text)}
        self.assertEqual(rows[("C", "12.1.1.0", "24")]["nexthop_if"], "GigabitEthernet0/0")
        self.assertEqual(rows[("L", "12.1.1.1", "32")]["nexthop_if"], "GigabitEthernet0/0")
        self.assertEqual(rows[("S", "2.2.2.2", "32")]["nexthop_ip"], "12.1.1.2")
        self.assertEqual(rows[("S", "10.9.0.0", "16")]["nexthop_ip"], "12.1.1.2")
        default = rows[("S", "0.0.0.0", "0")]
        self.assertEqual((default["flag"], default["nexthop_ip"]), ("*", "12.1.1.2"))
        self.assertEqual(len(rows), 5, text)  # nothing of Linux's own (127/8 on lo) shows

    def test_show_interfaces_description(self):
        # Gi0/1 is the veth peer of Gi0/0 (shutting it would take Gi0/0's carrier); Gi0/2 has
        # no link behind it and is shut.
        config = ("interface GigabitEthernet0/0\n description uplink to R2\n no shutdown\n"
                  "interface GigabitEthernet0/2\n shutdown\n")
        with Routerd(links_script=LINKS, startup_config=config) as r:
            text = r.commands("show interfaces description")
        rows = {row["port"]: row for row in parse("show interfaces description", text)}
        self.assertEqual(rows["Gi0/0"]["description"], "uplink to R2")
        self.assertEqual((rows["Gi0/0"]["status"], rows["Gi0/0"]["protocol"]), ("up", "up"))
        self.assertEqual(rows["Gi0/2"]["status"], "admin down")
        self.assertEqual(rows["Gi0/1"]["description"], "")

    # The rest of the templates ntc-templates has for commands we answer (the vendored index):
    # one router with ACLs applied, static routes and a described port.
    ACL_CONFIG = ("interface GigabitEthernet0/0\n description uplink to R2\n ip address 12.1.1.1 255.255.255.0\n"
                  " ip access-group 101 in\n no shutdown\n"
                  "ip route 2.2.2.0 255.255.255.0 12.1.1.2\nip route 0.0.0.0 0.0.0.0 12.1.1.2\n"
                  "access-list 10 permit 10.0.0.0 0.255.255.255\n"
                  "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255\n"
                  "access-list 101 deny tcp any host 12.1.1.1 eq 22 log\n"
                  "ip access-list extended VPN\n permit ip 1.1.1.0 0.0.0.255 2.2.2.0 0.0.0.255\n"
                  " deny icmp any any echo\n"
                  "ip access-list standard MGMT\n permit host 12.1.1.2\n")

    def live(self, *commands):
        with Routerd(links_script=LINKS, startup_config=self.ACL_CONFIG, interfaces="GigabitEthernet0/0 eth0\n") as r:
            return [r.commands("enable", c) for c in commands]

    def test_access_lists(self):
        acl, ip_acl = self.live("show access-lists", "show ip access-lists")
        rows = [(r["name"], r["sn"], r["action"], r["protocol"], r["source"], r["destination"])
                for r in parse("show access-lists", acl)]
        self.assertIn(("10", "10", "permit", "", "10.0.0.0, wildcard bits 0.255.255.255", ""), rows)
        self.assertIn(("101", "10", "permit", "ip", "10.1.1.0 0.0.0.255", "10.2.2.0 0.0.0.255"), rows)
        self.assertIn(("VPN", "20", "deny", "icmp", "any", "any"), rows)
        self.assertEqual(len(rows), 6, acl)
        rows = [r for r in parse("show ip access-lists", ip_acl) if r["line_num"]]
        ssh = [r for r in rows if r["acl_name"] == "101" and r["line_num"] == "20"][0]
        self.assertEqual((ssh["action"], ssh["protocol"], ssh["src_any"], ssh["dst_host"], ssh["dst_port_match"],
                          ssh["dst_port"], ssh["log"]), ("deny", "tcp", "any", "12.1.1.1", "eq", "22", "log"))
        self.assertEqual({r["acl_name"] for r in rows}, {"10", "101", "VPN", "MGMT"})

    def test_show_interfaces_and_ip_interface(self):
        text, ip_text = self.live("show interfaces", "show ip interface")
        rows = {r["interface"]: r for r in parse("show interfaces", text)}
        gi0 = rows["GigabitEthernet0/0"]
        self.assertEqual((gi0["link_status"], gi0["protocol_status"]), ("up", "up"))
        self.assertEqual((gi0["description"], gi0["ip_address"], gi0["prefix_length"]), ("uplink to R2", "12.1.1.1", "24"))
        self.assertEqual((gi0["mtu"], gi0["bandwidth"], gi0["delay"], gi0["encapsulation"]),
                         ("1500", "1000000 Kbit", "10 usec", "ARPA"))
        self.assertRegex(gi0["mac_address"], r"^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$")
        self.assertEqual(gi0["bia"], gi0["mac_address"])
        self.assertEqual((gi0["input_rate"], gi0["output_rate"]), ("0", "0"))  # idle, and sampled every 5 s
        self.assertRegex(gi0["input_packets"], r"^\d+$")
        self.assertEqual(gi0["input_errors"], "0")
        rows = {r["interface"]: r for r in parse("show ip interface", ip_text)}
        self.assertEqual(rows["GigabitEthernet0/0"]["ip_address"], ["12.1.1.1"])
        self.assertEqual(rows["GigabitEthernet0/0"]["mtu"], "1500")
        self.assertEqual(rows["GigabitEthernet0/0"]["inbound_acl"], "101")  # enforced by nftables
        self.assertEqual(rows["GigabitEthernet0/0"]["outgoing_acl"], "")

    def test_show_ip_route_summary(self):
        (text,) = self.live("show ip route summary")
        rows = {r["route_source"]: r for r in parse("show ip route summary", text)}
        # connected: 12.1.1.0/24 and the local 12.1.1.1/32, both subnets of 12.0.0.0/8;
        # static: the default (a network) and 2.2.2.0/24 (a subnet); two subnetted parents.
        self.assertEqual((rows["connected"]["networks"], rows["connected"]["subnets"]), ("0", "2"))
        self.assertEqual((rows["static"]["networks"], rows["static"]["subnets"]), ("1", "1"))
        self.assertEqual(rows["internal"]["networks"], "2")
        self.assertEqual((rows["Total"]["networks"], rows["Total"]["subnets"]), ("3", "3"))

    def test_show_running_config_partition_access_list(self):
        (text,) = self.live("show running-config partition access-list")
        rows = parse("show running-config partition access-list", text)
        named = {(r["acl_name"], r["acl_type"], r["action"]) for r in rows if r["acl_type"]}
        self.assertIn(("VPN", "extended", "deny"), named)
        self.assertIn(("MGMT", "standard", "permit"), named)
        numbered = [r for r in rows if r["acl_name"] == "101"]
        self.assertEqual([(r["action"], r["protocol"], r["dst_port"]) for r in numbered],
                         [("permit", "ip", ""), ("deny", "tcp", "22")])
        self.assertNotIn("interface", text)  # the partition holds the access lists only

    def test_show_running_config_interface(self):
        (text,) = self.live("show running-config interface GigabitEthernet0/0")
        # IOS ends this output with `end` (no `!` before it), and ntc-templates' template has no
        # rule for that line (its sample is a trimmed capture): parsed as IOS prints it, the
        # template stops there. Everything before it must parse.
        self.assertTrue(text.rstrip("\n").endswith("\n ip access-group 101 in\nend"), text)
        rows = parse("show running-config interface", text.replace("\nend\n", "\n!\n"))
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row["interface"], row["description"], row["ip_address"], row["netmask"], row["access_group_in"]),
                         ("GigabitEthernet0/0", "uplink to R2", "12.1.1.1", "255.255.255.0", "101"))


if __name__ == "__main__":
    unittest.main()
