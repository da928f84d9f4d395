"""Ansible (Debian `ansible` 7.7: cisco.ios 4.6.1 over ansible.netcommon's network_cli and
paramiko) against routerd's own sshd, logging in as a privilege-1 router user and becoming
privileged with `enable` (clients.md §2 and §5.2). Each playbook asserts what it needs; a
task meant to fail is checked to have failed for IOS's reason."""
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clients_harness as h  # noqa: E402

h.enter_private_netns()
PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ansible")


class Ansible(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        h.require_program("ansible-playbook", "ansible")
        cls.r = h.SshRouter().start()
        cls.r.configure(["access-list 101 permit ip 10.1.1.0 0.0.0.255 10.2.2.0 0.0.0.255",
                         "ip route 10.2.2.0 255.255.255.0 12.1.1.2"])
        cls.r.wait_listening()
        cls.dir = os.path.join(cls.r.tmp, "ansible")
        os.makedirs(cls.dir)
        with open(os.path.join(cls.dir, "inventory"), "w") as f:
            f.write("[routers]\nr1 ansible_host=127.0.0.1 ansible_port=%d\n\n[routers:vars]\n"
                    "ansible_user=%s\nansible_password=%s\n"
                    "ansible_connection=ansible.netcommon.network_cli\nansible_network_os=cisco.ios.ios\n"
                    "ansible_network_cli_ssh_type=paramiko\nansible_become=yes\nansible_become_method=enable\n"
                    "ansible_become_password=%s\nansible_python_interpreter=/usr/bin/python3\n"
                    % (cls.r.port, h.USER, h.PASSWORD, h.ENABLE))
        with open(os.path.join(cls.dir, "ansible.cfg"), "w") as f:
            f.write("[defaults]\nhost_key_checking = False\nretry_files_enabled = False\n"
                    "[paramiko_connection]\nhost_key_auto_add = True\nlook_for_keys = False\n"
                    "[persistent_connection]\ncommand_timeout = 60\nconnect_timeout = 60\n")

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def play(self, name):
        env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(self.dir, "ansible.cfg"),
                   ANSIBLE_LOCAL_TEMP=os.path.join(self.dir, "tmp"), HOME=self.dir, ANSIBLE_NOCOLOR="1",
                   ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=os.path.join(self.dir, "pc"))
        p = subprocess.run(["ansible-playbook", "-i", os.path.join(self.dir, "inventory"),
                            os.path.join(PLAYBOOKS, name)], capture_output=True, text=True, env=env, timeout=600)
        self.assertEqual(p.returncode, 0, "%s failed:\n%s\n%s" % (name, p.stdout[-6000:], p.stderr[-3000:]))
        return p.stdout

    def test_command(self):
        self.play("pb_command.yml")

    def test_config(self):
        self.play("pb_config.yml")
        run = self.r.privileged("show running-config")
        self.assertIn("crypto map VPN 10 ipsec-isakmp", run)
        self.assertIn(" set peer 12.1.1.2\n", run)

    def test_facts(self):
        self.play("pb_facts.yml")


if __name__ == "__main__":
    unittest.main()
