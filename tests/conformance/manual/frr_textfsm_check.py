"""The routing protocols' show output (rendered by engine/show from JSON a real FRR gave:
tests/show/data/expected/, which show_tests checks against the renderers) parses with the
ntc-templates TextFSM templates netmiko's use_textfsm=True picks for it.

The templates are looked up in the vendored kit (ntc/, through its index, as netmiko does),
then in $NTC_TEMPLATES_DIR, then in an installed ntc_templates package. The kit has no BGP or
OSPF template yet, so this is a manual check, not part of the test command (a test that would
only skip there proves nothing): run it with NTC_TEMPLATES_DIR pointing at ntc-templates'
templates folder. It passed so on 2026-12-05 for all four templates."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PARSE_SHOW = os.path.join(HERE, "ntc", "parse_show.py")
VENDORED = os.path.join(HERE, "ntc", "ntc-templates", "ntc_templates", "templates")
EXPECTED = os.path.join(HERE, "..", "show", "data", "expected")


def template_dirs():
    dirs = [VENDORED]
    if os.environ.get("NTC_TEMPLATES_DIR"):
        dirs.append(os.environ["NTC_TEMPLATES_DIR"])
    try:
        import ntc_templates  # noqa: PLC0415
        dirs.append(os.path.join(os.path.dirname(ntc_templates.__file__), "templates"))
    except ImportError:
        pass
    return dirs


def vendored_index_names(template):
    try:
        with open(os.path.join(VENDORED, "index"), encoding="utf-8") as fh:
            return any(line.startswith(template + ",") for line in fh)
    except OSError:
        return False


class FrrShowTextFsm(unittest.TestCase):
    def parse(self, command, template, golden):
        with open(os.path.join(EXPECTED, golden), encoding="utf-8") as fh:
            text = fh.read()
        if vendored_index_names(template):
            args = [command, "-"]  # netmiko's way: the index picks the template
        else:
            found = [os.path.join(d, template) for d in template_dirs() if os.path.exists(os.path.join(d, template))]
            if not found:
                self.skipTest("ntc-templates' %s is not vendored in tests/conformance/ntc/" % template)
            args = ["--template", found[0], command, "-"]
        r = subprocess.run([sys.executable, PARSE_SHOW] + args, input=text, capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError("%s did not parse (%s):\n%s" % (command, r.stderr, text))
        return json.loads(r.stdout)

    def test_show_ip_bgp_summary(self):
        rows = self.parse("show ip bgp summary", "cisco_ios_show_ip_bgp_summary.textfsm", "r1-show_ip_bgp_summary.txt")
        by_neighbor = {row["bgp_neigh"]: row for row in rows}
        self.assertEqual(set(by_neighbor), {"10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.1.2"})
        self.assertEqual({row["router_id"] for row in rows}, {"1.1.1.1"})
        self.assertEqual({row["local_as"] for row in rows}, {"65001"})
        self.assertEqual(by_neighbor["10.0.0.2"]["neigh_as"], "65002")
        self.assertEqual(by_neighbor["10.0.0.2"]["up_down"], "00:01:54")
        self.assertEqual(by_neighbor["10.0.0.2"]["state_pfxrcd"], "2")
        self.assertEqual(by_neighbor["10.0.0.3"]["state_pfxrcd"], "Active")
        self.assertEqual(by_neighbor["10.0.0.4"]["state_pfxrcd"], "Idle (Admin)")
        self.assertEqual(by_neighbor["10.0.0.4"]["up_down"], "never")

    def test_show_ip_bgp(self):
        rows = self.parse("show ip bgp", "cisco_ios_show_ip_bgp.textfsm", "r1-show_ip_bgp.txt")
        paths = {(row["network"], row["next_hop"]): row for row in rows}
        self.assertEqual(len(rows), 7)
        best = paths[("2.2.2.2/32", "10.0.0.2")]
        self.assertEqual((best["status"], best["path_selection"], best["as_path"], best["origin"]), ("*", ">", "65002", "i"))
        self.assertEqual(paths[("2.2.2.2/32", "10.0.1.2")]["path_selection"], "m")
        local = paths[("192.168.1.0", "0.0.0.0")]
        self.assertEqual((local["weight"], local["metric"], local["as_path"]), ("32768", "0", ""))
        self.assertIn(("172.16.0.0", "0.0.0.0"), paths)  # the aggregate, classful: no length

    def test_show_ip_ospf_neighbor(self):
        for golden, state in (("r1-show_ip_ospf_neighbor.txt", "FULL/BDR"), ("r2-show_ip_ospf_neighbor.txt", "FULL/DR")):
            rows = self.parse("show ip ospf neighbor", "cisco_ios_show_ip_ospf_neighbor.textfsm", golden)
            by_interface = {row["interface"]: row for row in rows}
            self.assertEqual(set(by_interface), {"GigabitEthernet0/0", "GigabitEthernet0/1"})
            self.assertEqual(by_interface["GigabitEthernet0/0"]["state"], state)
            self.assertEqual(by_interface["GigabitEthernet0/1"]["state"], "FULL/  -")
            self.assertRegex(by_interface["GigabitEthernet0/1"]["dead_time"], r"^00:00:\d\d$")

    def test_show_ip_ospf_interface_brief(self):
        rows = self.parse("show ip ospf interface brief", "cisco_ios_show_ip_ospf_interface_brief.textfsm",
                          "r1-show_ip_ospf_interface_brief.txt")
        by_interface = {row["interface"]: row for row in rows}
        self.assertEqual(set(by_interface), {"Gi0/0", "Gi0/1", "Lo0"})
        self.assertEqual((by_interface["Gi0/0"]["state"], by_interface["Gi0/0"]["neighbors_fc"]), ("DR", "1/1"))
        self.assertEqual((by_interface["Gi0/1"]["ip_address"], by_interface["Gi0/1"]["prefix_length"]), ("10.0.1.1", "30"))
        self.assertEqual({row["area"] for row in rows}, {"0"})
        self.assertEqual({row["process"] for row in rows}, {"1"})


if __name__ == "__main__":
    unittest.main()
