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


if __name__ == "__main__":
    unittest.main()
