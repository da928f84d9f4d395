#!/usr/bin/env python3
"""Unit tests of the lab harness itself, without a VM: the scenario parser and the step semantics,
run against a fake lab whose commands print scripted output. The point that matters most: a wrong
expectation must make the harness report a failure, never a pass."""

import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402
import scenario as scn  # noqa: E402


TMP = tempfile.TemporaryDirectory(prefix="lab-harness-test-")   # removed when the tests end


def parse(text, name="t"):
    d = tempfile.mkdtemp(dir=TMP.name)
    path = os.path.join(d, name + ".lab")
    with open(path, "w") as f:
        f.write(text)
    return scn.load(path)


class FakeLab:
    """Each command returns the next of its scripted outputs (the last one repeats)."""

    def __init__(self, outputs):
        self.outputs = {k: list(v) for k, v in outputs.items()}
        self.calls = []

    def _next(self, key):
        self.calls.append(key)
        seq = self.outputs[key]
        return seq.pop(0) if len(seq) > 1 else seq[0]

    def sh(self, node, lines, timeout, cwd=None):
        out = self._next((node, "\n".join(lines)))
        if isinstance(out, Exception):
            raise out
        return out

    def router(self, node, lines, enable, timeout):
        return self._next((node + ("#" if enable else ">"), "\n".join(lines)))

    def kill_router(self, name):
        self.calls.append(("kill", name))

    def restart_router(self, name):
        self.calls.append(("start", name))

    def respawn_router(self, name):
        self.calls.append(("spawn", name))
        return lambda: self.calls.append(("ready", name))


def execute(sc, lab, timeout=10.0):
    """Run all steps; return (status, failing step or None, message)."""
    ex = runner.Executor(lab, log=lambda t: None, deadline=time.monotonic() + timeout)
    for st in sc.steps:
        try:
            ex.run_step(st)
        except runner.StepFailed as e:
            return "FAIL", st, str(e)
    try:
        ex.finish()
    except runner.StepFailed as e:
        return "FAIL", sc.steps[-1], str(e)
    return "PASS", None, ""


class ParserTests(unittest.TestCase):
    def test_topology_and_steps(self):
        sc = parse("# comment\nhost a\nrouter R1 config r1.cfg\n"
                   "link a eth0 10.0.0.1/24 <-> R1 Gi0 10.0.0.2/24\n"
                   "loopback R1 lo0 1.1.1.1/32\nroute a 1.1.1.1/32 via 10.0.0.2\n"
                   "a$ ping -c1 1.1.1.1\nexpect /1 received/ within 5s\n"
                   "R1# show crypto isakmp sa\n    show crypto ipsec sa\n"
                   "count enc /encaps: (\\d+)/\ngrows enc by 3 within 2s\nwait 500ms\n")
        self.assertEqual(list(sc.nodes), ["a", "R1"])
        self.assertTrue(sc.nodes["R1"].config.endswith("/r1.cfg"))
        self.assertEqual((sc.links[0].b.node, sc.links[0].b.ifname, sc.links[0].b.addr), ("R1", "Gi0", "10.0.0.2/24"))
        kinds = [s.kind for s in sc.steps]
        self.assertEqual(kinds, ["sh", "expect", "router", "count", "grows", "wait"])
        self.assertEqual(sc.steps[1].within, 5.0)
        self.assertTrue(sc.steps[2].enable)
        self.assertEqual(sc.steps[2].lines, ["show crypto isakmp sa", "show crypto ipsec sa"])
        self.assertEqual((sc.steps[4].by, sc.steps[4].within), (3, 2.0))
        self.assertAlmostEqual(sc.steps[5].seconds, 0.5)

    def test_kill_and_start_a_router(self):
        sc = parse("router R1\nR1$ ip xfrm state\nkill R1\nstart R1\nR1# show logging\n")
        self.assertEqual([(s.kind, s.node) for s in sc.steps],
                         [("sh", "R1"), ("kill", "R1"), ("start", "R1"), ("router", "R1")])
        lab = FakeLab({("R1", "ip xfrm state"): [""], ("R1#", "show logging"): [""]})
        self.assertEqual(execute(sc, lab)[0], "PASS")
        self.assertEqual(lab.calls[1:3], [("kill", "R1"), ("start", "R1")])
        for text, msg in {"host a\nkill a\n": "not a router", "router R1\nstart\n": "expected: start ROUTER"}.items():
            with self.assertRaises(scn.ScenarioError, msg=text) as cm:
                parse(text)
            self.assertIn(msg, str(cm.exception), text)

    def test_start_after_a_file(self):
        # Each router starts the moment its file exists; the routers are waited for together,
        # at the first step that is not such a start.
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.killed"), os.path.join(d, "b.killed")
            sc = parse(f"router R1\nrouter R2\nR1$ true\nstart R1 after {a} within 5s\n"
                       f"start R2 after {b}\nR1# show logging\n")
            self.assertEqual([(s.kind, s.node, s.name) for s in sc.steps[1:3]], [("start", "R1", a), ("start", "R2", b)])
            self.assertEqual((sc.steps[1].within, sc.steps[2].within), (5.0, 60.0))
            lab = FakeLab({("R1", "true"): [""], ("R1#", "show logging"): [""]})
            for f in (a, b):
                open(f, "w").close()
            self.assertEqual(execute(sc, lab)[0], "PASS")
            self.assertEqual(lab.calls[1:5], [("spawn", "R1"), ("spawn", "R2"), ("ready", "R1"), ("ready", "R2")])
            # A start that is the last step is waited for all the same.
            lab = FakeLab({("R1", "true"): [""]})
            self.assertEqual(execute(parse(f"router R1\nR1$ true\nstart R1 after {a}\n"), lab)[0], "PASS")
            self.assertEqual(lab.calls[-2:], [("spawn", "R1"), ("ready", "R1")])
            # A file that never appears fails the step, and nothing is started.
            os.unlink(b)
            lab = FakeLab({("R1", "true"): [""]})
            sc = parse(f"router R1\nR1$ true\nstart R1 after {b} within 200ms\n")
            status, step, message = execute(sc, lab)
            self.assertEqual((status, step.line), ("FAIL", 3))
            self.assertIn("did not appear within 0.2s", message)
            self.assertNotIn(("spawn", "R1"), lab.calls)
        with self.assertRaises(scn.ScenarioError) as cm:
            parse("router R1\nstart R1 after\n")
        self.assertIn("expected: start ROUTER after FILE", str(cm.exception))

    def test_regex_runs_to_last_slash(self):
        sc = parse("host a\na$ ip route\nexpect /10.0.0.0/24 dev eth0/\n")
        self.assertEqual(sc.steps[1].regex.pattern, "10.0.0.0/24 dev eth0")

    def test_errors_name_the_line(self):
        bad = {
            "host a\nb$ true\n": "b is not declared",
            "host a\nexpect /x/\n": "expect before any command",
            "host a\na$ true\ngrows n\n": "no counter 'n'",
            "host a\na$ true\nexpect x\n": "expected /REGEX/",
            "host a\na$ true\ncount n /no group/\n": "needs a group",
            "host a\nfrobnicate\n": "unknown statement",
            "host a\nhost a\n": "declared twice",
            "host a\na# show version\n": "not a router",
            "  indented first\n": "continues nothing",
        }
        for text, msg in bad.items():
            with self.assertRaises(scn.ScenarioError, msg=text) as cm:
                parse(text)
            self.assertIn(msg, str(cm.exception), text)
            self.assertRegex(str(cm.exception), r"\.lab:\d+:")

    def test_shipped_scenarios_parse(self):
        here = os.path.dirname(os.path.abspath(__file__))
        root = os.path.dirname(os.path.dirname(here))
        files = [os.path.join(here, d, f) for d in ("scenarios", "selftest")
                 for f in sorted(os.listdir(os.path.join(here, d))) if f.endswith(".lab")]
        files.append(os.path.join(root, "examples", "lab13-1", "topology.lab"))
        for f in files:
            scn.load(f)


class PeerTests(unittest.TestCase):
    def test_strongswan_peer_declaration(self):
        d = tempfile.mkdtemp(dir=TMP.name)
        os.makedirs(os.path.join(d, "sw"))
        open(os.path.join(d, "sw", "swanctl.conf"), "w").close()
        path = os.path.join(d, "p.lab")
        with open(path, "w") as f:
            f.write("peer SW strongswan sw\nSW$ swanctl --list-sas\nexpect /ESTABLISHED/\n")
        sc = scn.load(path)
        self.assertEqual((sc.nodes["SW"].kind, sc.nodes["SW"].peer_kind), ("peer", "strongswan"))
        self.assertEqual(sc.nodes["SW"].config, os.path.join(d, "sw"))
        self.assertEqual(sc.steps[0].kind, "sh")

    def test_strongswan_peer_needs_swanctl_conf(self):
        with self.assertRaises(scn.ScenarioError) as cm:
            parse("peer SW strongswan nowhere\n")
        self.assertIn("no swanctl.conf", str(cm.exception))

    def test_peer_is_not_a_router(self):
        d = tempfile.mkdtemp(dir=TMP.name)
        open(os.path.join(d, "swanctl.conf"), "w").close()
        with self.assertRaises(scn.ScenarioError):
            parse(f"peer SW strongswan {d}\nSW# show version\n")

    def test_strongswan_conf_is_private(self):
        text = runner.strongswan_conf("SW", "/tmp/lab/x/SW/charon.vici", "/out/x/SW.charon.log")
        # charon and swanctl both use the private socket; no plugin config from /etc is included
        self.assertEqual(text.count("socket = unix:///tmp/lab/x/SW/charon.vici"), 2)
        self.assertIn("load_modular = no", text)
        self.assertNotIn("include", text)
        self.assertIn("path = /out/x/SW.charon.log", text)
        self.assertIn("install_routes = no", text)

    def test_strongswan_conf_includes_the_peer_folders_own(self):
        text = runner.strongswan_conf("SW", "/tmp/lab/x/SW/charon.vici", "/out/x/SW.charon.log",
                                      "/src/examples/interop/x/strongswan.conf")
        # last, so that its settings merge over the generated ones
        self.assertTrue(text.endswith("}\ninclude /src/examples/interop/x/strongswan.conf\n"))
        self.assertEqual(text.count("include"), 1)

    def test_peer_steps_get_swanctl_environment(self):
        lab = runner.Lab("/state", "/bin-dir")
        lab.node_env["SW"] = {"STRONGSWAN_CONF": "/state/SW/strongswan.conf", "SWANCTL_DIR": "/state/SW/swanctl"}
        seen = []
        lab.run = lambda argv, **kw: (seen.append(argv), (0, "ok"))[1]
        lab.sh("SW", ["swanctl --list-sas"], 5)
        lab.sh("R1", ["true"], 5)
        self.assertIn("STRONGSWAN_CONF=/state/SW/strongswan.conf", seen[0])
        self.assertIn("SWANCTL_DIR=/state/SW/swanctl", seen[0])
        self.assertEqual(seen[0][:4], ["ip", "netns", "exec", "SW"])
        self.assertFalse([a for a in seen[1] if a.startswith(("STRONGSWAN_CONF=", "SWANCTL_DIR="))])


class LibreswanPeerTests(unittest.TestCase):
    def peer_dir(self, files=("ipsec.conf", "ipsec.secrets")):
        d = tempfile.mkdtemp(dir=TMP.name)
        os.makedirs(os.path.join(d, "ls"))
        for f in files:
            open(os.path.join(d, "ls", f), "w").close()
        return d

    def test_libreswan_peer_declaration(self):
        d = self.peer_dir()
        path = os.path.join(d, "p.lab")
        with open(path, "w") as f:
            f.write("peer LS libreswan ls\nLS$ ipsec trafficstatus\nexpect /routerd/\n")
        sc = scn.load(path)
        self.assertEqual((sc.nodes["LS"].kind, sc.nodes["LS"].peer_kind), ("peer", "libreswan"))
        self.assertEqual(sc.nodes["LS"].config, os.path.join(d, "ls"))

    def test_libreswan_peer_needs_conf_and_secrets(self):
        for present, missing in ((("ipsec.conf",), "ipsec.secrets"), (("ipsec.secrets",), "ipsec.conf")):
            d = self.peer_dir(present)
            with self.assertRaises(scn.ScenarioError) as cm:
                parse(f"peer LS libreswan {d}/ls\n")
            self.assertIn(f"no {missing}", str(cm.exception))

    def test_peer_steps_find_the_generated_ipsec_first(self):
        lab = runner.Lab("/state", "/bin-dir")
        lab.node_path["LS"] = "/state/LS/bin"
        lab.node_env["LS"] = {"IPSEC_RUNDIR": "/state/LS/run"}
        seen = []
        lab.run = lambda argv, **kw: (seen.append(argv), (0, "ok"))[1]
        lab.sh("LS", ["ipsec trafficstatus"], 5)
        lab.sh("R1", ["true"], 5)
        path = [a for a in seen[0] if a.startswith("PATH=")][0]
        self.assertTrue(path.startswith("PATH=/state/LS/bin:/bin-dir:"), path)
        self.assertIn("IPSEC_RUNDIR=/state/LS/run", seen[0])
        self.assertNotIn("/state/LS/bin", [a for a in seen[1] if a.startswith("PATH=")][0])

    def test_ipsec_wrapper_is_private(self):
        env = {"IPSEC_RUNDIR": "/s/LS/run", "IPSEC_CONF": "/s/LS/conf/ipsec.conf", "IPSEC_EXECDIR": "/s/LS/libexec/ipsec"}
        text = runner.libreswan_ipsec("LS", "/lab/libreswan/usr", env)
        self.assertIn("IPSEC_RUNDIR=/s/LS/run", text)
        self.assertIn("IPSEC_EXECDIR=/s/LS/libexec/ipsec", text)
        self.assertIn("exec /lab/libreswan/usr/sbin/ipsec \"$@\"", text)
        self.assertNotIn("/etc/", text.replace("# ", "").split("\n", 2)[2])

    def test_addconn_wrapper_reads_the_peer_config_and_reports_autoall(self):
        # The wrapper around a fake addconn that prints its arguments and exits 3.
        d = tempfile.mkdtemp(dir=TMP.name)
        fake = os.path.join(d, "addconn.real")
        runner._write_script(fake, "#!/bin/sh\necho \"args: $*\"\nexit 3\n")
        wrapper, done = os.path.join(d, "addconn"), os.path.join(d, "autoall")
        runner._write_script(wrapper, runner.libreswan_addconn("LS", fake, "/libs", "/peer/ipsec.conf", done))
        import subprocess
        p = subprocess.run([wrapper, "--ctlsocket", "/x/pluto.ctl", "--autoall"], capture_output=True, text=True,
                           env={})      # pluto starts it with an empty environment
        self.assertEqual(p.returncode, 3)
        self.assertIn("args: --config /peer/ipsec.conf --ctlsocket /x/pluto.ctl --autoall", p.stdout)
        self.assertEqual(runner._read(done).strip(), "3")
        self.assertIn("--autoall", runner._read(done + ".out"))
        # Given its own --config (ipsec auto --config F ...), the wrapper adds none; no --autoall, no report.
        os.unlink(done)
        p = subprocess.run([wrapper, "--config", "/other.conf", "routerd"], capture_output=True, text=True)
        self.assertEqual(p.stdout.strip(), "args: --config /other.conf routerd")
        self.assertFalse(os.path.exists(done))


class MissingPeerTests(unittest.TestCase):
    """A peer package that could not be had fails the scenarios needing it, each in one line; the
    harness never touches the system for them (no namespace is made)."""

    def scenario(self, kind):
        d = tempfile.mkdtemp(dir=TMP.name)
        for f in scn.PEER_FILES[kind]:
            open(os.path.join(d, f), "w").close()
        return parse(f"peer P {kind} {d}\nP$ true\n", name=f"needs-{kind}")

    def run_it(self, sc, libreswan):
        out, state = tempfile.mkdtemp(dir=TMP.name), tempfile.mkdtemp(dir=TMP.name)
        return runner.run_scenario(sc, out, state, "/no-bin", "modprobe", libreswan=libreswan)

    def test_missing_libreswan_fails_naming_the_package(self):
        res = self.run_it(self.scenario("libreswan"), "/nowhere/libreswan")
        self.assertEqual(res["status"], "FAIL")
        self.assertEqual(res["message"].count("\n"), 0)
        self.assertEqual(res["message"], "needs Libreswan: /nowhere/libreswan/usr/libexec/ipsec/pluto missing "
                         "(package libreswan, unpacked into /nowhere/libreswan by tests/lab/prepare.sh)")

    def test_missing_strongswan_fails_naming_the_package(self):
        saved = runner.CHARON
        runner.CHARON = "/nowhere/ipsec/charon"
        try:
            res = self.run_it(self.scenario("strongswan"), "/nowhere/libreswan")
        finally:
            runner.CHARON = saved
        self.assertEqual(res["status"], "FAIL")
        self.assertEqual(res["message"], "needs strongSwan: /nowhere/ipsec/charon missing "
                         "(package strongswan-charon, installed by tests/lab/prepare.sh)")

    def test_scenarios_without_that_peer_are_not_concerned(self):
        sc = parse("router R1\nhost h\nR1# show version\n")
        self.assertIsNone(runner.missing_peer(sc, "/nowhere/libreswan"))
        self.assertIsNotNone(runner.missing_peer(self.scenario("libreswan"), "/nowhere/libreswan"))

    def test_prepare_goes_on_without_the_peer_packages(self):
        """prepare.sh with the package archive unreachable (apt-get and apt-cache fail) and strongSwan
        not installed: one line for each peer, and the lab (kernel, initramfs: already there) is ready."""
        import subprocess
        here = os.path.dirname(os.path.abspath(__file__))
        lab = tempfile.mkdtemp(dir=TMP.name)
        shims = tempfile.mkdtemp(dir=TMP.name)
        with open(os.path.join(lab, "kver"), "w") as f:
            f.write("9.9-test\n")
        os.makedirs(os.path.join(lab, "kernel", "boot"))
        open(os.path.join(lab, "kernel", "boot", "vmlinuz-9.9-test"), "w").close()
        with open(os.path.join(lab, "initramfs.gz"), "w") as f:
            f.write("not empty")
        future = time.time() + 3600          # newer than guest/init and prepare.sh: not rebuilt
        os.utime(os.path.join(lab, "initramfs.gz"), (future, future))
        # Every package is installed but strongSwan's; the archive answers nothing.
        runner._write_script(os.path.join(shims, "dpkg-query"),
                             '#!/bin/sh\ncase "$*" in (*strongswan*) exit 1;; esac\necho "install ok installed"\n')
        for tool in ("apt-get", "apt-cache"):
            runner._write_script(os.path.join(shims, tool),
                                 "#!/bin/sh\necho 'E: Failed to fetch (archive unreachable)' >&2\nexit 100\n")
        p = subprocess.run([os.path.join(here, "prepare.sh"), lab], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PATH=shims + ":" + os.environ["PATH"]))
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        lines = p.stdout.splitlines()
        swan = [line for line in lines if "strongSwan not installed" in line]
        lsw = [line for line in lines if "Libreswan not available" in line]
        self.assertEqual(len(swan), 1, p.stdout)
        self.assertEqual(len(lsw), 1, p.stdout)
        self.assertIn("the scenarios with a strongSwan peer will FAIL, the others run", swan[0])
        self.assertIn("the scenarios with a Libreswan peer will FAIL, the others run", lsw[0])
        self.assertIn("[prepare] ready: kernel 9.9-test", lines[-1])
        self.assertFalse(os.path.exists(os.path.join(lab, "libreswan")))


class SemanticsTests(unittest.TestCase):
    def test_matching_expectation_passes(self):
        sc = parse("host a\na$ echo hi\nexpect /hi/\nexpect-not /bye/\n")
        self.assertEqual(execute(sc, FakeLab({("a", "echo hi"): ["hi\n"]}))[0], "PASS")

    def test_wrong_expectation_fails(self):
        sc = parse("host a\na$ echo hi\nexpect /hi/\nexpect /this is not printed/\nexpect /hi/\n")
        status, step, msg = execute(sc, FakeLab({("a", "echo hi"): ["hi\n"]}))
        self.assertEqual(status, "FAIL")
        self.assertEqual(step.line, 4)
        self.assertIn("did not match", msg)

    def test_expect_not_fails_on_match(self):
        sc = parse("host a\na$ echo hi\nexpect-not /h./\n")
        self.assertEqual(execute(sc, FakeLab({("a", "echo hi"): ["hi\n"]}))[0], "FAIL")

    def test_within_reruns_until_match(self):
        sc = parse("router R1\nR1# show crypto isakmp sa\nexpect /QM_IDLE/ within 5s\n")
        lab = FakeLab({("R1#", "show crypto isakmp sa"): ["MM_NO_STATE", "MM_NO_STATE", "QM_IDLE ACTIVE"]})
        runner.RETRY_INTERVAL = 0.01
        self.assertEqual(execute(sc, lab)[0], "PASS")
        self.assertEqual(len(lab.calls), 3)

    def test_within_gives_up(self):
        sc = parse("router R1\nR1> show x\nexpect /never/ within 0.2s\n")
        runner.RETRY_INTERVAL = 0.01
        status, step, msg = execute(sc, FakeLab({("R1>", "show x"): ["nothing"]}))
        self.assertEqual(status, "FAIL")
        self.assertIn("within 0.2s", msg)

    def test_counter_must_grow(self):
        sc = parse("host a\na$ stats\ncount p /(\\d+)\\(packets\\)/\ngrows p by 3\ngrows p\n")
        lab = FakeLab({("a", "stats"): ["0(packets)", "3(packets)", "3(packets)"]})
        status, step, msg = execute(sc, lab)
        self.assertEqual((status, step.line), ("FAIL", 5))        # 0 -> 3 passes, 3 -> 3 does not
        self.assertIn("3 -> 3", msg)

    def test_counter_growing_too_little_fails(self):
        sc = parse("host a\na$ stats\ncount p /n=(\\d+)/\ngrows p by 5\n")
        status, _, msg = execute(sc, FakeLab({("a", "stats"): ["n=1", "n=4"]}))
        self.assertEqual(status, "FAIL")
        self.assertIn("expected at least 6", msg)

    def test_count_without_number_fails(self):
        sc = parse("host a\na$ stats\ncount p /n=(\\d+)/\n")
        self.assertEqual(execute(sc, FakeLab({("a", "stats"): ["nothing here"]}))[0], "FAIL")

    def test_transcript_masks_spis_and_uptimes_and_fails_on_any_other_difference(self):
        sc = parse("router R1\nR1# show crypto ikev2 session\ntranscript session.txt\n")
        with open(os.path.join(os.path.dirname(sc.path), "session.txt"), "w") as f:
            f.write("      Life/Active Time: 86400/<T> sec\n          ESP spi in/out: 0x<SPI>/0x<SPI>\n")
        show = "      Life/Active Time: 86400/%d sec\n          ESP spi in/out: 0x%s/0x1F\n"
        self.assertEqual(execute(sc, FakeLab({("R1#", "show crypto ikev2 session"): [show % (3, "C0FFEE")]}))[0], "PASS")
        # Any unmasked difference (here the lifetime) fails, with a diff naming the file.
        wrong = show.replace("86400", "3600") % (3, "C0FFEE")
        art = tempfile.mkdtemp(dir=TMP.name)
        ex = runner.Executor(FakeLab({("R1#", "show crypto ikev2 session"): [wrong]}), log=lambda t: None,
                             deadline=time.monotonic() + 10, artifacts=art)
        ex.run_step(sc.steps[0])
        with self.assertRaises(runner.StepFailed) as failed:
            ex.run_step(sc.steps[1])
        self.assertIn("differs from session.txt", str(failed.exception))
        self.assertIn("-      Life/Active Time: 86400/<T> sec", str(failed.exception))
        with open(os.path.join(art, "session.txt.got")) as f:
            self.assertEqual(f.read(), "      Life/Active Time: 3600/<T> sec\n          ESP spi in/out: 0x<SPI>/0x<SPI>\n")
        # A missing file fails too.
        sc = parse("router R1\nR1# show x\ntranscript none.txt\n")
        status, step, msg = execute(sc, FakeLab({("R1#", "show x"): ["x"]}))
        self.assertEqual((status, step.line), ("FAIL", 3))
        self.assertIn("cannot read", msg)

    def test_failing_command_fails(self):
        sc = parse("host a\na$ false\nexpect /x/\n")
        status, step, _ = execute(sc, FakeLab({("a", "false"): [runner.StepFailed("exit status 1")]}))
        self.assertEqual((status, step.line), ("FAIL", 2))

    def test_scenario_timeout(self):
        sc = parse("host a\na$ true\nwait 1s\na$ true\n")
        ex = runner.Executor(FakeLab({("a", "true"): [""]}), log=lambda t: None, deadline=time.monotonic() + 0.1)
        ex.run_step(sc.steps[0])
        ex.run_step(sc.steps[1])
        with self.assertRaises(runner.StepFailed):
            ex.run_step(sc.steps[2])


class VmTests(unittest.TestCase):
    def test_vm_has_no_network_device(self):
        import labvm
        d = tempfile.mkdtemp(dir=TMP.name)
        with open(os.path.join(d, "kver"), "w") as f:
            f.write("1.0\n")
        os.makedirs(os.path.join(d, "kernel", "boot"))
        for p in ("kernel/boot/vmlinuz-1.0", "initramfs.gz"):
            open(os.path.join(d, p), "w").close()
        argv = labvm.qemu_command(d, os.path.join(d, "job.sh"), d, ["/tmp/somewhere"])
        self.assertIn("-nodefaults", argv)
        self.assertEqual(argv[argv.index("-nic") + 1], "none")
        self.assertFalse([a for a in argv if "netdev" in a or "-net" == a or "-device" == a])
        # a folder that the guest's tmpfs /tmp would hide comes in as its own share
        self.assertIn("ro1:/tmp/somewhere", argv[-1])


class RunEnvironmentTests(unittest.TestCase):
    """`lab.py run --env NAME=VALUE`: a scenario's parameter reaches every shell step, in the VM too."""

    def test_shell_steps_get_the_runs_environment_and_a_peers_own_wins(self):
        lab = runner.Lab("/state", "/bin-dir", env={"RECOVERY_TUNNELS": "1000", "SWANCTL_DIR": "/wrong"})
        lab.node_env["SW"] = {"SWANCTL_DIR": "/state/SW/swanctl"}
        seen = []
        lab.run = lambda argv, **kw: (seen.append(argv), (0, "ok"))[1]
        lab.sh("R1", ["true"], 5)
        lab.sh("SW", ["true"], 5)
        self.assertIn("RECOVERY_TUNNELS=1000", seen[0])
        self.assertIn("RECOVERY_TUNNELS=1000", seen[1])
        # `env` takes the last assignment of a name: the peer's own must come after the run's
        sw = [a for a in seen[1] if a.startswith("SWANCTL_DIR=")]
        self.assertEqual(sw[-1], "SWANCTL_DIR=/state/SW/swanctl")
        self.assertFalse(runner.Lab("/state", "/bin-dir").run_env)

    def test_names_a_shell_cannot_take_are_refused(self):
        self.assertEqual(runner.parse_env(["A=1", "B_2=x y", "C="]), {"A": "1", "B_2": "x y", "C": ""})
        for bad in ("A", "=1", "1A=2", "A-B=3", "A B=4"):
            with self.assertRaises(ValueError, msg=bad):
                runner.parse_env([bad])

    def test_the_vms_runner_is_given_the_environment(self):
        import lab
        cmd = lab.runner_cmd("/usr/bin/python3", "/out", "/tmp/lab", ["/s/a.lab"],
                             env=["RECOVERY_TUNNELS=1000", "X=a b"])
        self.assertIn("--env RECOVERY_TUNNELS=1000 --env 'X=a b' /s/a.lab", cmd)
        self.assertNotIn("--env", lab.runner_cmd("/usr/bin/python3", "/out", "/tmp/lab", ["/s/a.lab"]))


class SharedListTests(unittest.TestCase):
    """Two runners (one per VM) share one scenario list: each scenario is taken exactly once."""

    def test_a_scenario_is_taken_once(self):
        claims = tempfile.mkdtemp(dir=TMP.name)
        self.assertTrue(runner.claim(claims, "/x/scenarios/vti.lab"))
        self.assertFalse(runner.claim(claims, "/y/other/vti.lab"))
        self.assertTrue(runner.claim(claims, "/x/scenarios/dvti.lab"))

    def test_longest_declared_timeout_first(self):
        import lab
        d = tempfile.mkdtemp(dir=TMP.name)
        paths = []
        for name, t in (("short", "60s"), ("long", "5m"), ("default", None)):
            p = os.path.join(d, name + ".lab")
            with open(p, "w") as f:
                f.write((f"timeout {t}\n" if t else "") + "host H\nH$ true\n")
            paths.append(p)
        self.assertEqual([os.path.basename(p) for p in lab.scenario_order(paths)], ["long.lab", "default.lab", "short.lab"])


if __name__ == "__main__":
    unittest.main()
