"""Netmiko 2.4.2 (Debian python3-netmiko, device_type cisco_ios) against routerd's own sshd:
the calls clients.md §1 and §5.2 list, unchanged, as a network engineer's script makes them."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clients_harness as h  # noqa: E402

h.enter_private_netns()
netmiko = h.require("netmiko", "python3-netmiko")
h.require("textfsm", "python3-textfsm")
os.environ["NET_TEXTFSM"] = h.TEMPLATES

CRYPTO_MAP_BLOCK = [
    "crypto isakmp policy 10",
    " encryption aes 256",
    " hash sha256",
    " authentication pre-share",
    " group 14",
    "crypto isakmp key cisco123 address 12.1.1.2",
    "crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
    "access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
    "crypto map VPN 10 ipsec-isakmp",
    " set peer 12.1.1.2",
    " set transform-set TS",
    " match address 101",
]


class Netmiko(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = h.SshRouter().start()
        cls.r.wait_listening()
        cls.device = {"device_type": "cisco_ios", "host": "127.0.0.1", "port": cls.r.port, "username": h.USER,
                      "password": h.PASSWORD, "secret": h.ENABLE, "timeout": 30}
        cls.conn = netmiko.ConnectHandler(**cls.device)

    @classmethod
    def tearDownClass(cls):
        cls.conn.disconnect()
        cls.r.cleanup()

    def test_1_base_prompt_and_send_command(self):
        c = self.conn
        self.assertEqual(c.base_prompt, "R1")
        self.assertEqual(c.find_prompt(), "R1>")
        out = c.send_command("show version")
        # echo and prompt stripped: the output starts where IOS's does
        self.assertTrue(out.startswith("Cisco IOS Software"), out[:200])
        self.assertNotIn("R1>", out)
        self.assertIn("Configuration register is 0x2102", out)
        self.assertEqual(c.send_command("show privilege"), "Current privilege level is 1")

    def test_2_textfsm(self):
        rows = self.conn.send_command("show version", use_textfsm=True)
        self.assertIsInstance(rows, list, rows)
        self.assertEqual(rows[0]["hostname"], "R1")
        self.assertEqual(rows[0]["version"], "15.7(3)RD1")
        rows = self.conn.send_command("show ip interface brief", use_textfsm=True)
        self.assertIsInstance(rows, list, rows)
        by_ip = {row["ipaddr"] if "ipaddr" in row else row["ip_address"]: row for row in rows}
        self.assertIn("12.1.1.1", by_ip, rows)
        self.assertEqual(by_ip["12.1.1.1"]["status"], "up")

    def test_3_enable_config_set_and_error(self):
        c = self.conn
        c.enable()
        self.assertTrue(c.check_enable_mode())
        self.assertEqual(c.find_prompt(), "R1#")
        out = c.send_config_set(CRYPTO_MAP_BLOCK)
        self.assertNotIn("% Invalid", out)
        self.assertNotIn("% Incomplete", out)
        self.assertIn("R1(config-crypto-map)#", out)
        self.assertFalse(c.check_config_mode())  # back in EXEC
        run = c.send_command("show running-config | section crypto map")
        # (IOS ends some of these lines with a space; the comparison is on the words)
        self.assertEqual([l.rstrip() for l in run.splitlines()], ["crypto map VPN 10 ipsec-isakmp", " set peer 12.1.1.2",
                                            " set transform-set TS", " match address 101"])
        # an error: Netmiko returns it, the caller finds IOS's text
        out = c.send_config_set(["crypto map VPN 10 ipsec-isakmp", " set bogus 1"])
        self.assertIn("% Invalid input detected at '^' marker.", out)
        self.assertIn("% Invalid input detected at '^' marker.", c.send_command("show bogus"))

    def test_4_save_config(self):
        c = self.conn
        out = c.save_config()
        self.assertIn("Building configuration...", out)
        self.assertIn("[OK]", out)
        with open(os.path.join(self.r.config_dir, "startup-config")) as f:
            self.assertIn("crypto map VPN 10 ipsec-isakmp", f.read())
        out = c.save_config(cmd="copy running-config startup-config", confirm=True)
        self.assertIn("[OK]", out)
        self.assertEqual(c.find_prompt(), "R1#")

    def test_5_hostname_change_and_set_base_prompt(self):
        c = self.conn
        c.send_config_set(["hostname EDGE-7"])
        self.assertEqual(c.set_base_prompt(), "EDGE-7")
        self.assertEqual(c.find_prompt(), "EDGE-7#")
        self.assertEqual(c.send_command("show privilege"), "Current privilege level is 15")
        c.send_config_set(["hostname R1"])
        self.assertEqual(c.set_base_prompt(), "R1")
        self.assertTrue(c.send_command("show running-config", expect_string=r"R1#").rstrip().endswith("end"))

    def test_6_ssh_detect(self):
        from netmiko.ssh_autodetect import SSHDetect
        device = dict(self.device, device_type="autodetect")
        guesser = SSHDetect(**device)
        try:
            self.assertEqual(guesser.autodetect(), "cisco_ios")
        finally:
            guesser.connection.disconnect()


if __name__ == "__main__":
    unittest.main()
