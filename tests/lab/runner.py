#!/usr/bin/env python3
"""Run lab scenarios on the live kernel: inside the lab VM, or directly on a host whose kernel has ESP.

For each scenario: fresh namespaces, links and addresses, routerd per router, the steps in order,
then everything torn down. Artifacts land in OUT/<scenario>/:
    log.txt               every step, its output, and the verdict
    result.json           {"status": PASS|FAIL|ERROR|SKIP, "message", "where", "step", "seconds"}
    <R>.transcript.txt    everything typed into and printed by router R's routersh sessions
    <R>.routerd.log       router R's routerd stderr (its `debug` output lands here)

    runner.py --out DIR [--state DIR] [--bin DIR] [--modprobe CMD] SCENARIO.lab...
    runner.py --keep ...     set up the first scenario, run its steps, leave it running (lab-shell)
    runner.py --teardown STATE   stop what a --keep run left behind
"""

import argparse
import json
import os
import signal
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario as scn  # noqa: E402

STEP_TIMEOUT = 60.0          # one command; the scenario's own timeout still applies
ROUTER_START_TIMEOUT = 30.0
RETRY_INTERVAL = 1.0         # between re-runs for `within`


class StepFailed(Exception):
    """An expectation did not hold (the scenario FAILs)."""


class LabError(Exception):
    """The lab itself could not do what the scenario asked (the scenario is an ERROR)."""


class Skip(Exception):
    pass


# ---------------------------------------------------------------------------------------------------
# The live system: namespaces, links, routerd processes.

class Lab:
    def __init__(self, state_dir, bin_dir, modprobe="modprobe", log=None):
        self.state_dir, self.bin_dir, self.modprobe = state_dir, bin_dir, modprobe
        self.log = log or (lambda text: None)
        self.namespaces, self.procs, self.sessions = [], {}, {}
        self.art_dir = None

    # -- helpers ------------------------------------------------------------------------------------
    def run(self, argv, input_text=None, timeout=STEP_TIMEOUT, check=True, cwd=None):
        try:
            p = subprocess.run(argv, input=input_text, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=timeout, text=True, errors="replace")
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            raise StepFailed(f"timed out after {timeout:.0f}s: {' '.join(argv[:6])}...\n{out}")
        if check and p.returncode != 0:
            raise LabError(f"`{' '.join(argv)}` failed (rc={p.returncode}):\n{p.stdout}"
                           + (f"\ninput:\n{input_text}" if input_text else ""))
        return p.returncode, p.stdout

    def ip_batch(self, lines, netns=None):
        if lines:
            self.run(["ip"] + (["-n", netns] if netns else []) + ["-batch", "-"], "\n".join(lines) + "\n")

    def load_modules(self):
        # xfrm_user: netlink XFRM API; esp4: ESP; veth/dummy: links. Crypto algorithms load on demand.
        # One modprobe for all: each run costs ~0.4 s under TCG. Built-in or missing is not fatal here;
        # a scenario that needs a missing one fails where it is used, with the kernel's own error.
        rc, out = self.run([self.modprobe, "-a", "xfrm_user", "esp4", "veth", "dummy"], check=False)
        if rc:
            self.log(f"modprobe: rc={rc} {out.strip()}")

    # -- topology -------------------------------------------------------------------------------------
    def setup(self, sc, art_dir):
        self.art_dir = art_dir
        for name in sc.nodes:
            if os.path.exists(f"/run/netns/{name}"):
                raise LabError(f"network namespace {name} already exists (left over from another run?)")
        root = []
        for name in sc.nodes:
            root.append(f"netns add {name}")
            self.namespaces.append(name)
        for ln in sc.links:
            # Created straight inside both namespaces, so names like eth0 never clash in the root one.
            root.append(f"link add {ln.a.ifname} netns {ln.a.node} type veth peer name {ln.b.ifname} "
                        f"netns {ln.b.node}")
        self.ip_batch(root)
        per_ns = {name: ["link set lo up"] for name in sc.nodes}
        for ln in sc.links:
            for end in (ln.a, ln.b):
                if end.addr:
                    per_ns[end.node].append(f"addr add {end.addr} dev {end.ifname}")
                per_ns[end.node].append(f"link set {end.ifname} up")
        for lo in sc.loopbacks:
            per_ns[lo.node] += [f"link add {lo.ifname} type dummy", f"addr add {lo.addr} dev {lo.ifname}",
                                f"link set {lo.ifname} up"]
        for r in sc.routes:   # after addresses: `src` and `via` need them
            per_ns[r.node].append("route add " + " ".join(r.args))
        for name, lines in per_ns.items():
            self.ip_batch(lines, netns=name)
        self.log("topology: " + "; ".join(
            [f"netns {' '.join(sc.nodes)}"]
            + [f"{ln.a.node}:{ln.a.ifname} {ln.a.addr or ''} <-> {ln.b.node}:{ln.b.ifname} {ln.b.addr or ''}"
               for ln in sc.links]))
        for node in sc.nodes.values():
            if node.kind == "router":
                self.start_router(node)
            elif node.kind == "peer":
                raise LabError(f"peer {node.name} ({node.peer_kind}): peers are not supported by the harness yet")

    def node_dir(self, name):
        return os.path.join(self.state_dir, name)

    def socket(self, name):
        return os.path.join(self.node_dir(name), "routerd.sock")

    def start_router(self, node):
        routerd = os.path.join(self.bin_dir, "routerd")
        d = self.node_dir(node.name)
        os.makedirs(d, exist_ok=True)
        if node.config:
            with open(node.config, encoding="utf-8") as src, open(os.path.join(d, "startup-config"), "w") as dst:
                dst.write(src.read())
        log = open(os.path.join(self.art_dir, f"{node.name}.routerd.log"), "w")
        argv = ["ip", "netns", "exec", node.name, routerd, "--config-dir", d, "--socket", self.socket(node.name),
                "--foreground"]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        log.close()
        self.procs[node.name] = proc
        t0 = time.monotonic()
        while time.monotonic() - t0 < ROUTER_START_TIMEOUT:
            if _is_socket(self.socket(node.name)):
                self.log(f"router {node.name}: routerd up in {time.monotonic() - t0:.1f}s "
                         f"(pid {proc.pid}, config {node.config or 'none'})")
                return
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        tail = _tail(os.path.join(self.art_dir, f"{node.name}.routerd.log"))
        raise LabError(f"routerd for {node.name} did not open {self.socket(node.name)} "
                       f"(exit status {proc.poll()}); its log ends:\n{tail}")

    def teardown(self):
        for name, proc in self.procs.items():
            if proc.poll() is None:
                proc.terminate()
        for name, proc in self.procs.items():
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs = {}
        if self.namespaces:
            self.run(["ip", "-batch", "-"], "".join(f"netns del {n}\n" for n in self.namespaces), check=False)
        self.namespaces = []

    # -- what steps do --------------------------------------------------------------------------------
    def sh(self, node, lines, timeout, cwd=None):
        """A shell script in the node's namespace; `sh -e`, so the first failing line fails the step.
        It runs in `cwd` (the scenario file's folder), so a scenario can use files beside it."""
        env_path = f"{self.bin_dir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        argv = ["ip", "netns", "exec", node, "env", f"PATH={env_path}", "sh", "-ec", "\n".join(lines)]
        rc, out = self.run(argv, timeout=timeout, check=False, cwd=cwd)
        if rc != 0:
            raise StepFailed(f"exit status {rc}\n{out}")
        return out

    def router(self, node, lines, enable, timeout):
        """Lines pasted into a fresh routersh session (stdin not a tty: routersh prints a transcript)."""
        routersh = os.path.join(self.bin_dir, "routersh")
        typed = (["enable"] if enable else []) + lines
        try:
            p = subprocess.run([routersh, "--socket", self.socket(node)], input="\n".join(typed) + "\n",
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, text=True,
                               errors="replace")
        except subprocess.TimeoutExpired:
            raise StepFailed(f"routersh on {node} did not finish within {timeout:.0f}s")
        out = p.stdout + (f"(stderr) {p.stderr}" if p.stderr else "")
        self.sessions[node] = self.sessions.get(node, 0) + 1
        with open(os.path.join(self.art_dir, f"{node}.transcript.txt"), "a", encoding="utf-8") as f:
            f.write(f"!--- session {self.sessions[node]} (routersh exit status {p.returncode})\n")
            f.write(out if out.endswith("\n") else out + "\n")
        # A router session has no exit status of its own: it failed only if it printed no transcript
        # (routersh could not reach routerd, say).
        if p.returncode != 0 and not p.stdout.strip():
            raise StepFailed(f"routersh exit status {p.returncode}: {p.stderr.strip()}")
        return out


def _is_socket(path):
    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def _tail(path, n=20):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------------------------------------------
# Steps: the semantics of the scenario language, independent of how commands are executed.

class Executor:
    """Runs a scenario's steps against `lab` (anything with sh() and router()); `log` takes text."""

    def __init__(self, lab, log, deadline):
        self.lab, self.log, self.deadline = lab, log, deadline
        self.last = None          # (step that produced the last output, the output)
        self.counters = {}        # name -> [producer step, regex, value]

    def remaining(self):
        return self.deadline - time.monotonic()

    def produce(self, step):
        """Run a command step (again) and return its output."""
        timeout = max(1.0, min(STEP_TIMEOUT, self.remaining()))
        if step.kind == "sh":
            return self.lab.sh(step.node, step.lines, timeout, cwd=os.path.dirname(step.path))
        return self.lab.router(step.node, step.lines, step.enable, timeout)

    def retry(self, within, attempt):
        """Call attempt() (-> (ok, detail)) until ok or `within` seconds have passed."""
        t_end = min(time.monotonic() + within, self.deadline)
        while True:
            ok, detail = attempt()
            if ok or time.monotonic() + RETRY_INTERVAL > t_end:
                return ok, detail
            time.sleep(RETRY_INTERVAL)

    def run_step(self, st):
        if self.remaining() <= 0:
            raise StepFailed("scenario timeout")
        if st.kind in ("sh", "router"):
            out = self.produce(st)
            self.last = (st, out)
            self.log(_indent(out))
        elif st.kind == "expect":
            producer, out = self.last
            state = {"out": out, "runs": 0}

            def attempt():
                if state["runs"]:
                    state["out"] = self.produce(producer)
                state["runs"] += 1
                found = st.regex.search(state["out"]) is not None
                return found != st.negate, state["out"]
            ok, out = self.retry(st.within, attempt) if st.within else attempt()
            self.last = (producer, out)
            if state["runs"] > 1:
                self.log(f"  (re-ran {producer.where} {state['runs'] - 1} times)\n" + _indent(out))
            if not ok:
                verb = "matched" if st.negate else f"did not match{f' within {st.within:g}s' if st.within else ''}"
                raise StepFailed(f"/{st.regex.pattern}/ {verb} the output of {producer.where}")
        elif st.kind == "count":
            producer, out = self.last
            value = _number(st.regex, out)
            if value is None:
                raise StepFailed(f"/{st.regex.pattern}/ captured no number in the output of {producer.where}")
            self.counters[st.name] = [producer, st.regex, value]
            self.log(f"  {st.name} = {value}")
        elif st.kind == "grows":
            producer, regex, before = self.counters[st.name]

            def attempt():
                out = self.produce(producer)
                return (_number(regex, out) or 0) >= before + st.by, out
            ok, out = self.retry(st.within, attempt) if st.within else attempt()
            now = _number(regex, out)
            self.log(_indent(out) + f"  {st.name}: {before} -> {now}")
            self.last = (producer, out)
            if not ok:
                raise StepFailed(f"counter {st.name} went {before} -> {now}, expected at least {before + st.by}")
            self.counters[st.name][2] = now
        elif st.kind == "wait":
            time.sleep(max(0.0, min(st.seconds, self.remaining())))


def _number(regex, text):
    m = regex.search(text)
    if not m:
        return None
    try:
        return int(m.group(1))
    except (TypeError, ValueError):
        return None


def _indent(text):
    return "".join(f"  | {line}\n" for line in text.rstrip("\n").split("\n")) if text.strip() else ""


# ---------------------------------------------------------------------------------------------------

def run_scenario(sc, out_dir, state_dir, bin_dir, modprobe, keep=False):
    """Run one scenario; returns its result dict (also written to OUT/<name>/result.json)."""
    art = os.path.join(out_dir, sc.name)
    os.makedirs(art, exist_ok=True)
    for f in os.listdir(art):
        os.unlink(os.path.join(art, f))
    t0 = time.monotonic()
    logf = open(os.path.join(art, "log.txt"), "w", encoding="utf-8")

    def log(text):
        if text:
            logf.write(text if text.endswith("\n") else text + "\n")
            logf.flush()

    log(f"== scenario {sc.name} ({sc.path})")
    lab = Lab(os.path.join(state_dir, sc.name) if not keep else state_dir, bin_dir, modprobe,
              log=lambda t: log(f"[{time.monotonic() - t0:6.2f}] {t}"))
    result = {"name": sc.name, "status": "PASS", "message": "", "where": "", "step": ""}
    step = None
    try:
        if sc.routers and not all(os.access(os.path.join(bin_dir, b), os.X_OK) for b in ("routerd", "routersh")):
            raise Skip(f"needs {bin_dir}/routerd and routersh (not built)")
        lab.setup(sc, art)
        ex = Executor(lab, log, deadline=t0 + sc.timeout)
        for step in sc.steps:
            log(f"[{time.monotonic() - t0:6.2f}] {step.where}: {step.text.strip()}")
            ex.run_step(step)
        step = None
    except Skip as e:
        result.update(status="SKIP", message=str(e))
    except StepFailed as e:
        result.update(status="FAIL", message=str(e))
    except (LabError, OSError) as e:
        result.update(status="ERROR", message=str(e))
    finally:
        if step is not None:
            result.update(where=step.where, step=step.text.strip())
        if not keep or result["status"] != "PASS":
            lab.teardown()
    result["seconds"] = round(time.monotonic() - t0, 2)
    verdict = result["status"] + (f" at {result['where']}: {result['step']}" if result["where"] else "")
    log(f"\n{verdict}\n{result['message']}\n({result['seconds']}s)")
    logf.close()
    with open(os.path.join(art, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    if keep and result["status"] == "PASS":
        with open(os.path.join(state_dir, "keep.json"), "w") as f:
            json.dump({"pids": [p.pid for p in lab.procs.values()], "namespaces": lab.namespaces}, f)
    return result


def teardown_kept(state_dir):
    try:
        with open(os.path.join(state_dir, "keep.json")) as f:
            kept = json.load(f)
    except OSError:
        return
    for pid in kept["pids"]:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    time.sleep(0.5)
    subprocess.run(["ip", "-batch", "-"], input="".join(f"netns del {n}\n" for n in kept["namespaces"]),
                   text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.unlink(os.path.join(state_dir, "keep.json"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenarios", nargs="*")
    ap.add_argument("--out", help="artifacts folder")
    ap.add_argument("--state", default="/tmp/lab", help="scratch folder for sockets and router config dirs")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                  "build", "bin"), help="folder with routerd and routersh")
    ap.add_argument("--modprobe", default=os.environ.get("LAB_MODPROBE", "modprobe"))
    ap.add_argument("--keep", action="store_true", help="leave the (single) scenario running")
    ap.add_argument("--teardown", metavar="STATE", help="stop what --keep left in STATE")
    a = ap.parse_args()
    if a.teardown:
        teardown_kept(a.teardown)
        return 0
    if not a.out or not a.scenarios:
        ap.error("--out and at least one scenario are required")
    print(f"LAB_RUNNER_START {len(a.scenarios)} scenario(s)", flush=True)
    bin_dir = os.path.abspath(a.bin)
    os.makedirs(a.state, exist_ok=True)
    t0 = time.monotonic()
    lab = Lab(a.state, bin_dir, a.modprobe, log=lambda t: print(f"lab: {t}", flush=True))
    lab.load_modules()
    counts = {}
    for path in a.scenarios:
        try:
            sc = scn.load(path)
        except scn.ScenarioError as e:
            name = os.path.splitext(os.path.basename(path))[0]
            art = os.path.join(a.out, name)
            os.makedirs(art, exist_ok=True)
            res = {"name": name, "status": "ERROR", "message": str(e), "where": "", "step": "", "seconds": 0}
            with open(os.path.join(art, "result.json"), "w") as f:
                json.dump(res, f, indent=1)
        else:
            res = run_scenario(sc, a.out, a.state, bin_dir, a.modprobe, keep=a.keep)
        counts[res["status"]] = counts.get(res["status"], 0) + 1
        print(f"LAB_SCENARIO {res['name']} {res['status']} {res['seconds']}s"
              + (f"  {res['where'] or 'setup'}: {res['message'].splitlines()[0]}" if res["status"] != "PASS"
                 and res["message"] else ""), flush=True)
        if a.keep:
            break
    print(f"LAB_SUMMARY {' '.join(f'{k}={v}' for k, v in sorted(counts.items()))} "
          f"in {time.monotonic() - t0:.1f}s", flush=True)
    return 0 if set(counts) <= {"PASS", "SKIP"} else 1


if __name__ == "__main__":
    sys.exit(main())
