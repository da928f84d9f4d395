"""`show inventory` against a live routerd (issue 17): the chassis entry is what the firmware
says in /sys/class/dmi/id, read here by the test itself, with empty fields where a file is
missing or unreadable; a veth port is no hardware and is not listed."""
import os
import re
import shutil
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from routerd_harness import Routerd  # noqa: E402

DMI = "/sys/class/dmi/id"
LINKS = "ip link set lo up; ip link add eth0 type veth peer name eth1; ip link set eth0 up; ip link set eth1 up"

# ntc-templates' cisco_ios_show_inventory, its two line patterns.
NAME_LINE = re.compile(r'NAME: "(?P<name>.*)",\s+DESCR: "(?P<descr>.*)"')
PID_LINE = re.compile(r"PID: (?P<pid>.*?)\s*,\s+VID: (?P<vid>.*?)\s*,\s+SN: (?P<sn>.*)")


def dmi(field):
    try:
        with open(os.path.join(DMI, field)) as f:
            return f.readline().strip()
    except OSError:
        return ""


def parse(text):
    items = []
    blocks = text.split("\n\n")
    for block in blocks:
        if not block.strip():
            continue
        lines = block.split("\n")
        name, pid = NAME_LINE.fullmatch(lines[0]), PID_LINE.fullmatch(lines[1])
        assert name and pid and len(lines) == 2, block
        items.append({**name.groupdict(), **pid.groupdict()})
    return items


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("unshare"), "needs its own network namespace (root)")
class Inventory(unittest.TestCase):
    def test_chassis_from_dmi_and_no_virtual_ports(self):
        with Routerd(links_script=LINKS, interfaces="GigabitEthernet0/0 eth0\n") as r:
            out = r.commands("show inventory")
        self.assertTrue(out.endswith("\n\n"), out)  # IOS: a blank line after every entry
        items = parse(out)
        vendor, product = dmi("sys_vendor"), dmi("product_name")
        self.assertEqual(items, [{"name": "Chassis", "descr": " ".join(x for x in (vendor, product) if x),
                                  "pid": product, "vid": dmi("product_version"), "sn": dmi("product_serial")}])
        # The PID column is 18 wide and the VID 4, as IOS pads them even when empty.
        self.assertRegex(out.splitlines()[1], r"^PID: .{18}, VID: .{4,}, SN: ")

    def test_user_exec_filter_and_completion(self):
        with Routerd() as r:
            out = r.paste("show inventory | include NAME\nshow inv?\n")
        self.assertIn('Router>show inventory | include NAME\nNAME: "Chassis", DESCR: "', out)
        self.assertIn("Router>show inv?\ninventory\n", out)


if __name__ == "__main__":
    unittest.main()
