"""The router's SSH server as IOS users know it: `crypto key generate rsa` makes the key (IOS's
messages and preconditions), routerd runs its own sshd, `username` lines are the accounts,
the vty lines and aaa decide, and the terminal behaves as automation needs (clients.md §6)."""
import os
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clients_harness as h  # noqa: E402

h.enter_private_netns()
paramiko = h.require("paramiko", "python3-paramiko")


def shell(router, user, password):
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    c.connect("127.0.0.1", port=router.port, username=user, password=password, look_for_keys=False,
              allow_agent=False, timeout=10)
    ch = c.invoke_shell()  # vt100, 80x24, as Netmiko 2.4.2 asks
    ch.settimeout(10)
    return c, ch


def read_until(ch, suffix, timeout=10):
    out = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if ch.recv_ready():
            out += ch.recv(65536)
            if out.endswith(suffix):
                return out
        else:
            time.sleep(0.02)
    raise AssertionError("never ended with %r: %r" % (suffix, out))


class KeyAndServer(unittest.TestCase):
    def test_key_generation_as_ios(self):
        with h.SshRouter(config=None) as r:
            out = r.configure(["crypto key generate rsa modulus 2048"])
            self.assertIn("% Please define a hostname other than Router.", out)
            out = r.configure(["hostname R1", "crypto key generate rsa modulus 2048"])
            self.assertIn("% Please define a domain-name first.", out)
            # IOS refuses SSH before a key exists: nothing listens.
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", r.port), timeout=1).close()
            out = r.configure(["ip domain-name example.com", "crypto key generate rsa modulus 2048"])
            self.assertIn("The name for the keys will be: R1.example.com", out)
            self.assertIn("% The key modulus size is 2048 bits", out)
            self.assertRegex(out, r"\[OK\] \(elapsed time was \d+ seconds\)")
            r.wait_listening()
            ip_ssh = r.commands("show ip ssh")
            self.assertTrue(ip_ssh.startswith("SSH Enabled - version 1.99\n"), ip_ssh)
            self.assertIn("IOS Keys in SECSH format(ssh-rsa, base64 encoded): R1.example.com", ip_ssh)
            key = [l for l in ip_ssh.splitlines() if l.startswith("ssh-rsa ")][0]
            # The key is the one sshd serves.
            t = paramiko.Transport(("127.0.0.1", r.port))
            try:
                t.start_client(timeout=10)
                served = t.get_remote_server_key()
            finally:
                t.close()
            self.assertEqual(key, "ssh-rsa " + served.get_base64())
            self.assertEqual(served.get_bits(), 2048)
            # The key never appears in the configuration; it survives a restart (IOS keeps it
            # in private NVRAM).
            run = r.privileged("show running-config")
            self.assertNotIn("PRIVATE", run)
            self.assertNotIn("crypto key generate", run)
            r.privileged("write memory")
            r.stop()
            r.start()
            r.wait_listening()
            self.assertIn(key, r.commands("show ip ssh"))
            out = r.configure(["crypto key generate rsa modulus 1024"])
            self.assertIn("% You already have RSA keys defined named R1.example.com.", out)
            r.configure(["crypto key zeroize rsa"])
            self.assertIn("SSH Disabled", r.commands("show ip ssh"))
            time.sleep(0.3)
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", r.port), timeout=1).close()

    def test_ip_ssh_settings_render_and_reach_sshd(self):
        with h.SshRouter() as r:
            r.configure(["ip ssh version 2", "ip ssh time-out 60", "ip ssh authentication-retries 2",
                         "aaa new-model", "aaa authentication login default local",
                         "aaa authorization exec default local"])
            run = r.privileged("show running-config")
            for line in ("ip ssh time-out 60", "ip ssh authentication-retries 2", "ip ssh version 2",
                         "aaa new-model", "aaa authentication login default local",
                         "aaa authorization exec default local"):
                self.assertIn("\n" + line + "\n", run)
            self.assertTrue(r.commands("show ip ssh").startswith("SSH Enabled - version 2.0\n"))
            self.assertIn("Authentication timeout: 60 secs; Authentication retries: 2", r.commands("show ip ssh"))
            with open(os.path.join(r.config_dir, "ssh", "sshd_config")) as f:
                cfg = f.read()
            self.assertIn("LoginGraceTime 60\n", cfg)
            self.assertIn("MaxAuthTries 2\n", cfg)
            # `ip ssh port N rotary M`: SSH on that port too
            extra = 2222  # IOS takes 2000-10000; this namespace's loopback is ours alone
            r.configure(["ip ssh port %d rotary 1" % extra])
            self.assertIn("\nip ssh port %d rotary 1\n" % extra, r.privileged("show running-config"))
            with socket.create_connection(("127.0.0.1", extra), timeout=5) as s:
                self.assertTrue(s.recv(64).startswith(b"SSH-2.0-"))


    def test_a_new_listener_leaves_open_sessions_alone_and_routerd_ends_them(self):
        """A change sshd must restart for (here `ip ssh time-out`, typed in the session itself)
        replaces the listener; the session that typed it goes on, and new logins reach the new
        listener. routerd ending ends the session, as a reload ends IOS's vty sessions: sshd's
        per-connection processes live in a PID namespace of the listener's guardian
        (platform/process_family.hpp) and go with it."""
        with h.SshRouter() as r:
            r.wait_listening()
            c, ch = shell(r, h.ADMIN, h.ADMIN_PASSWORD)
            try:
                read_until(ch, b"R1#")
                ch.send("configure terminal\nip ssh time-out 90\nend\n")
                read_until(ch, b"R1#", timeout=15)
                with open(os.path.join(r.config_dir, "ssh", "sshd_config")) as f:
                    self.assertIn("LoginGraceTime 90\n", f.read())
                ch.send("show privilege\n")
                self.assertIn(b"Current privilege level is 15", read_until(ch, b"R1#"))
                p = r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show users")
                self.assertEqual(p.returncode, 0, p.stderr)
                # Both logins: the one that outlived its listener and this one.
                self.assertEqual(len([l for l in p.stdout.splitlines() if " vty " in l]), 2, p.stdout)
                r.stop()
                transport = c.get_transport()
                deadline = time.time() + 10
                while transport.is_active() and time.time() < deadline:
                    time.sleep(0.05)
                self.assertFalse(transport.is_active(), "the session outlived routerd")
            finally:
                c.close()


class Logins(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = h.SshRouter().start()
        cls.r.wait_listening()

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def test_exec_form_runs_one_command(self):
        p = self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith("Cisco IOS Software"), p.stdout)
        self.assertIn("R1 uptime is", p.stdout)

    def test_privilege_decides_the_prompt(self):
        for user, password, prompt, level in ((h.USER, h.PASSWORD, b"R1>", 1), (h.ADMIN, h.ADMIN_PASSWORD, b"R1#", 15)):
            c, ch = shell(self.r, user, password)
            try:
                first = read_until(ch, prompt)
                self.assertEqual(first, prompt)  # no banner, no escapes, nothing after the prompt
                ch.send("show privilege\n")
                out = read_until(ch, prompt)
                self.assertEqual(out, b"show privilege\r\nCurrent privilege level is %d\r\n%s" % (level, prompt))
            finally:
                c.close()

    def test_a_login_gets_the_control_group_and_no_other(self):
        # The control socket lets in root, routerd's user and its group only: a login's routersh
        # reaches it because sshd gave the login that group (routerd's DIR/group), and nothing
        # of the host's /etc/group.
        socket_gid = os.stat(self.r.socket).st_gid
        self.assertEqual(os.stat(self.r.socket).st_mode & 0o777, 0o660)
        c, ch = shell(self.r, h.USER, h.PASSWORD)
        try:
            read_until(ch, b"R1>")
            groups = None
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    with open("/proc/%s/status" % pid) as f:
                        status = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
                except OSError:
                    continue
                if status["Name"].strip() == "routersh" and int(status["Uid"].split()[0]) >= 2000000000:
                    groups = (int(status["Gid"].split()[0]), sorted(int(g) for g in status["Groups"].split()))
            self.assertEqual(groups, (65534, sorted({65534, socket_gid})))
        finally:
            c.close()

    def test_wrong_password_and_unknown_user_refused(self):
        for user, password in ((h.USER, "wrong"), ("nobody", h.PASSWORD), ("root", h.PASSWORD)):
            p = self.r.ssh(user, password, "show version")
            self.assertNotEqual(p.returncode, 0, (user, p.stdout))
            self.assertIn("Permission denied", p.stderr)

    def test_no_username_ends_access(self):
        self.r.configure(["username temp secret temp-pass-1"])
        self.assertEqual(self.r.ssh("temp", "temp-pass-1", "show privilege").returncode, 0)
        self.r.configure(["no username temp"])
        p = self.r.ssh("temp", "temp-pass-1", "show privilege")
        self.assertNotEqual(p.returncode, 0)

    def test_only_root_may_ask_routerd_to_check_a_password(self):
        # The PAM helper's question is answered for root only: a local user cannot use
        # routerd to guess router passwords.
        env = dict(os.environ, PAM_USER=h.ADMIN, PAM_RHOST="127.0.0.1")
        cmd = [h.ROUTERSH, "--socket", self.r.socket, "--check-login"]
        # nobody in the control group: the socket lets it in, routerd does not answer it.
        nobody = h.as_local_user(self.r.socket)
        for prefix, password, status in (([], h.ADMIN_PASSWORD, 0), ([], "wrong", 1), (nobody, h.ADMIN_PASSWORD, 1)):
            p = subprocess.run(prefix + cmd, input=password + "\0", env=env, text=True, capture_output=True, timeout=10)
            self.assertEqual(p.returncode, status, (prefix, password, p.stderr))
            self.assertEqual(p.stderr, "")  # it reached routerd, which refused

    def test_transport_input_none_refuses_ssh(self):
        try:
            self.r.configure(["line vty 0 4", " transport input none"])
            self.assertNotEqual(self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show privilege").returncode, 0)
        finally:
            self.r.configure(["line vty 0 4", " transport input ssh"])
        self.assertEqual(self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show privilege").returncode, 0)

    def test_access_class_decides_from_where(self):
        # The client comes from 127.0.0.1 (sshd listens on loopback in the test's namespace):
        # sshd hands that address to the login check as PAM_RHOST.
        try:
            self.r.configure(["access-list 12 permit 192.0.2.0 0.0.0.255", "line vty 0 4", " access-class 12 in"])
            p = self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show privilege")
            self.assertNotEqual(p.returncode, 0, p.stdout)
            self.assertIn("Permission denied", p.stderr)
            self.r.configure(["access-list 12 permit host 127.0.0.1"])
            p = self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show privilege")
            self.assertEqual(p.returncode, 0, p.stderr)
        finally:
            self.r.configure(["line vty 0 4", " no access-class 12 in", "no access-list 12"])

    def test_exec_timeout_closes_an_idle_vty_session(self):
        # IOS: a vty session idle for `exec-timeout` is closed; typing restarts the wait.
        self.r.configure(["line vty 0 4", " exec-timeout 0 2"])
        try:
            c, ch = shell(self.r, h.USER, h.PASSWORD)
            try:
                read_until(ch, b"R1>")
                time.sleep(1.2)
                ch.send("show privilege\n")  # within the 2 s: the wait starts again
                read_until(ch, b"R1>")
                time.sleep(1.2)
                self.assertFalse(ch.exit_status_ready())  # 2.4 s since login, 1.2 s idle
                deadline = time.time() + 5
                while not ch.exit_status_ready() and time.time() < deadline:
                    time.sleep(0.1)
                self.assertTrue(ch.exit_status_ready(), "the idle session was not closed")
            finally:
                c.close()
        finally:
            self.r.configure(["line vty 0 4", " no exec-timeout"])

    def test_aaa_without_exec_authorization_lands_at_user_exec(self):
        # IOS: with `aaa new-model`, the user's privilege applies only through `aaa
        # authorization exec default local`.
        try:
            self.r.configure(["aaa new-model", "aaa authentication login default local"])
            self.assertIn("Current privilege level is 1", self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show privilege").stdout)
            self.r.configure(["aaa authorization exec default local"])
            self.assertIn("Current privilege level is 15", self.r.ssh(h.ADMIN, h.ADMIN_PASSWORD, "show privilege").stdout)
        finally:
            self.r.configure(["no aaa authorization exec default", "no aaa authentication login default",
                              "no aaa new-model"])

    def test_show_users_and_show_ssh_list_the_session(self):
        c, ch = shell(self.r, h.ADMIN, h.ADMIN_PASSWORD)
        try:
            read_until(ch, b"R1#")
            ch.send("show users\n")
            out = read_until(ch, b"R1#").decode()
            self.assertRegex(out, r"\n\*\s+\d+ vty \d\s+admin\s+idle\s+\d\d:\d\d:\d\d 127\.0\.0\.1\r\n")
            ch.send("show ssh\n")
            out = read_until(ch, b"R1#").decode()
            self.assertIn("Connection Version Mode Encryption  Hmac         State                 Username", out)
            self.assertRegex(out, r"\n\d+\s+2\.0\s+IN\s+.*Session started\s+admin\r\n")
        finally:
            c.close()


class Terminal(unittest.TestCase):
    """clients.md §6 over a real pty behind sshd."""

    @classmethod
    def setUpClass(cls):
        cls.r = h.SshRouter().start()
        cls.r.wait_listening()

    @classmethod
    def tearDownClass(cls):
        cls.r.cleanup()

    def setUp(self):
        self.c, self.ch = shell(self.r, h.USER, h.PASSWORD)
        read_until(self.ch, b"R1>")

    def tearDown(self):
        self.c.close()

    def run_line(self, raw, prompt=b"R1>"):
        self.ch.send(raw)
        return read_until(self.ch, prompt)

    def test_cr_lf_crlf_are_one_enter_and_nul_is_dropped(self):
        for enter in (b"\r", b"\n", b"\r\n"):
            out = self.run_line(b"show privilege" + enter)
            self.assertEqual(out, b"show privilege\r\nCurrent privilege level is 1\r\nR1>", enter)
        out = self.run_line(b"\x00show privilege\n")
        self.assertEqual(out, b"show privilege\r\nCurrent privilege level is 1\r\nR1>")
        # a CR LF pair never makes a second, empty command: nothing more comes
        time.sleep(0.3)
        self.assertFalse(self.ch.recv_ready())

    def test_no_bracketed_paste_or_other_escapes(self):
        out = self.run_line(b"terminal length 0\n") + self.run_line(b"show version\n") + self.run_line(b"\n")
        self.assertNotIn(b"\x1b", out)
        self.assertEqual(out[-5:], b"\r\nR1>")

    def test_type_ahead_stays_in_order_without_early_echo(self):
        self.ch.send(b"show privilege\nshow clock\nshow privilege\n")
        out = b""
        deadline = time.time() + 10
        while out.count(b"R1>") < 3 and time.time() < deadline:
            out += read_until(self.ch, b"R1>")
        # each command's echo comes after its own prompt, never before it (no `R1>R1>`)
        self.assertRegex(out, rb"^show privilege\r\nCurrent privilege level is 1\r\nR1>show clock\r\n"
                              rb"[^\r\n]+\r\nR1>show privilege\r\nCurrent privilege level is 1\r\nR1>$")

    def test_terminal_length_and_width(self):
        self.assertEqual(self.run_line(b"terminal length 0\n"), b"terminal length 0\r\nR1>")
        self.assertEqual(self.run_line(b"terminal width 511\n"), b"terminal width 511\r\nR1>")
        self.assertEqual(self.run_line(b"terminal width 512\n"), b"terminal width 512\r\nR1>")
        self.assertIn(b"Length: 0 lines, Width: 512 columns", self.run_line(b"show terminal\n"))
        # At width 512 a long line comes back as typed, unwrapped (Netmiko strips exactly
        # len(command) + 1 characters of echo).
        long = b"show privilege " + b"x" * 120
        out = self.run_line(long + b"\n")
        self.assertTrue(out.startswith(long + b"\r\n"), out[:200])

    def test_no_paging_after_terminal_length_0(self):
        self.run_line(b"enable\n", b"Password: ")
        self.run_line(h.ENABLE.encode() + b"\n", b"R1#")
        self.run_line(b"terminal length 0\n", b"R1#")
        out = self.run_line(b"show running-config\n", b"R1#")
        self.assertNotIn(b"--More--", out)
        self.assertIn(b"\r\nend\r\n", out)

    def test_enable_password_is_not_echoed(self):
        out = self.run_line(b"enable\n", b"Password: ")
        self.assertEqual(out, b"enable\r\nPassword: ")
        out = self.run_line(h.ENABLE.encode() + b"\r", b"R1#")
        self.assertEqual(out, b"\r\nR1#")


if __name__ == "__main__":
    unittest.main()
