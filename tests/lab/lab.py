#!/usr/bin/env python3
"""The kernel lab, host side: run scenarios, report results, open a router shell.

    lab.py run [SCENARIO.lab...]       boot the VMs once, run the scenarios (default: scenarios/ and
                                       selftest/), leave artifacts in build/lab/results/<scenario>/
    lab.py result NAME                 print a scenario's log; exit 0 PASS, 1 FAIL/ERROR, 77 SKIP
    lab.py result NAME --must-fail-at TEXT   exit 0 only if it FAILed at the step TEXT (harness self-test)
    lab.py shell [--router R1] [--batch]     Lab 13-1 topology, then R1's routersh on this terminal
    lab.py check SCENARIO.lab...       parse only
    lab.py run --env NAME=VALUE ...    NAME=VALUE in every shell step's environment, in the VM too
                                       (a scenario's parameter: bench/recovery.py sets RECOVERY_TUNNELS)

Where it runs: on a host whose kernel does ESP, directly in namespaces (root needed); otherwise in
Debian's kernel under qemu (tests/lab/prepare.sh makes the image). LAB_MODE=vm|direct forces one.
Environment: LAB_DIR (image cache, default build/lab), LAB_BIN_DIR (routerd/routersh, default build/bin),
LAB_TIMEOUT (VM wall-clock limit in seconds, default 1800), LAB_VMS (VMs sharing the scenarios, default 2),
LAB_SMP (vCPUs per VM), LAB_MEM_MB (memory per VM, default 1024; bench/in_lab.py asks for more).
"""

import argparse
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import labvm  # noqa: E402
import runner  # noqa: E402
import scenario as scn  # noqa: E402

RUNNER = os.path.join(HERE, "runner.py")
TOPOLOGY = os.path.join(REPO, "examples", "lab13-1", "topology.lab")
GUEST_STATE = "/tmp/lab"          # tmpfs inside the VM
GUEST_PYTHON = "/usr/bin/python3"  # Debian's, on the shared root: no pyenv shims inside the VM


def lab_dir():
    return os.path.abspath(os.environ.get("LAB_DIR") or os.path.join(REPO, "build", "lab"))


def bin_dir():
    return os.path.abspath(os.environ.get("LAB_BIN_DIR") or os.path.join(REPO, "build", "bin"))


def host_has_esp() -> bool:
    """Can this kernel hold an ESP SA? Tried in a throwaway namespace so the host is not touched."""
    if os.geteuid() != 0 or not shutil.which("ip"):
        return False
    ns = f"labprobe{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", ns], capture_output=True).returncode:
        return False
    try:
        p = subprocess.run(["ip", "-n", ns, "xfrm", "state", "add", "src", "192.0.2.1", "dst", "192.0.2.2",
                            "proto", "esp", "spi", "0x100", "enc", "cbc(aes)", "0x" + "00" * 16],
                           capture_output=True)
        return p.returncode == 0
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def choose_mode(requested):
    mode = requested or os.environ.get("LAB_MODE") or "auto"
    if mode == "auto":
        mode = "direct" if host_has_esp() else "vm"
    return mode


def prepare():
    subprocess.run([os.path.join(HERE, "prepare.sh"), lab_dir()], check=True)


def vm_timeout():
    return float(os.environ.get("LAB_TIMEOUT", "1800"))


def vm_count(n_scenarios):
    return max(1, min(int(os.environ.get("LAB_VMS", "2")), n_scenarios))


def boot_job(job_text, out_dir, extra_visible=(), interactive=False, tag="", smp=2):
    """Boot the VM once to run `job_text` (sh) with `out_dir` writable at its own path. `tag` names
    this VM's job and console files (and prefixes its echoed lines) when several VMs share out_dir."""
    job = os.path.join(out_dir, f"job{tag}.sh")
    with open(job, "w") as f:
        f.write(job_text)
    visible = [REPO, bin_dir(), os.path.join(lab_dir(), "kernel")] + list(extra_visible)
    if os.path.isdir(libreswan_dir()):      # prepare.sh leaves none when Libreswan could not be had
        visible.append(libreswan_dir())
    argv = labvm.qemu_command(lab_dir(), job, out_dir, visible, smp=smp,
                              mem_mb=int(os.environ.get("LAB_MEM_MB", "1024")))
    if interactive:
        return labvm.boot_interactive(argv)
    return labvm.boot_batch(argv, os.path.join(out_dir, f"console{tag}.log"), vm_timeout(),
                            echo=sys.stdout if os.environ.get("LAB_VERBOSE", "1") != "0" else None,
                            prefix=f"{tag} " if tag else "")


def libreswan_dir():
    return os.path.join(lab_dir(), "libreswan")


def runner_cmd(python, out_dir, state, scenarios, keep=False, modprobe=None, claims=None, env=()):
    argv = [python, RUNNER, "--out", out_dir, "--state", state, "--bin", bin_dir(), "--libreswan", libreswan_dir()]
    for pair in env:
        argv += ["--env", pair]
    if keep:
        argv.append("--keep")
    if claims:
        argv += ["--claims", claims]
    cmd = " ".join(shlex.quote(a) for a in argv + list(scenarios))
    return cmd + (' --modprobe "$LAB_MODPROBE"' if modprobe == "guest" else "")


# ---------------------------------------------------------------------------------------------------

def cmd_run(a):
    try:
        runner.parse_env(a.env)       # refused here, before a VM boots for nothing
    except ValueError as e:
        sys.exit(f"lab: {e}")
    scenarios = [os.path.abspath(s) for s in a.scenarios] or default_scenarios()
    names = [os.path.splitext(os.path.basename(s))[0] for s in scenarios]
    if len(set(names)) != len(names):
        sys.exit("lab: two scenarios share a name: " + " ".join(sorted(names)))
    out = os.path.abspath(a.out or os.path.join(lab_dir(), "results"))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    mode = choose_mode(a.mode)
    print(f"lab: {len(scenarios)} scenario(s), mode {mode}, artifacts in {out}", flush=True)
    if mode == "vm":
        prepare()
        ran = run_in_vms(scenarios, out, a.env)
    else:
        state = tempfile.mkdtemp(prefix="routerd-lab-")
        rc = subprocess.call([sys.executable, RUNNER, "--out", out, "--state", state, "--bin", bin_dir(),
                              "--libreswan", libreswan_dir()] + [x for p in a.env for x in ("--env", p)]
                             + scenarios)
        shutil.rmtree(state, ignore_errors=True)
        ran = True
    results = [load_result(out, n) for n in names]
    print("lab: results")
    for r in results:
        print(f"  {r['status']:5} {r['name']}  ({r.get('seconds', 0)}s)"
              + (f"  {r['where'] or 'setup'}: {r['message'].splitlines()[0]}" if r["status"] not in ("PASS", "SKIP")
                 and r["message"] else ""))
    if a.fixture:           # ctest setup: success means every scenario ran; verdicts are per-scenario tests
        return 0 if ran else 1
    return 0 if all(r["status"] in ("PASS", "SKIP") for r in results) else 1


def run_in_vms(scenarios, out, env=()):
    """Boot LAB_VMS VMs (default 2) side by side; their runners share the scenario list, longest
    declared timeout first, each taking the next one nobody has taken. Most of a scenario's time is
    waiting (retransmissions, lifetimes, DPD, routing protocols' timers), so two VMs on two cores
    roughly halve the lab's wall time; each VM keeps its own kernel, namespaces and /tmp, so the
    scenarios cannot see each other. True when every VM's runner finished."""
    order = scenario_order(scenarios)
    n = vm_count(len(order))
    claims = os.path.join(out, ".claims")
    os.makedirs(claims)
    visible = [os.path.dirname(s) for s in order] + config_dirs(order)
    tags = [f"vm{i + 1}" for i in range(n)] if n > 1 else [""]
    rcs = {}

    def boot(tag):
        rc_file = os.path.join(out, f"guest-rc{tag}")
        job = ("cd /\n" + runner_cmd(GUEST_PYTHON, out, GUEST_STATE, order, modprobe="guest",
                                     claims=claims if n > 1 else None, env=env)
               + f"\necho $? > {shlex.quote(rc_file)}\n")
        rcs[tag] = boot_job(job, out, extra_visible=visible, tag=tag,
                            smp=int(os.environ.get("LAB_SMP", "2" if n == 1 else "1")))

    threads = [threading.Thread(target=boot, args=(t,)) for t in tags]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ran = True
    for tag in tags:
        if not os.path.exists(os.path.join(out, f"guest-rc{tag}")):
            print(f"lab: VM {tag or '1'} did not finish (qemu rc={rcs.get(tag)}); see {out}/console{tag}.log",
                  flush=True)
            ran = False
    return ran


def scenario_order(scenarios):
    """Longest declared timeout first (the longest scenarios start first: the VMs end together)."""
    return sorted(scenarios, key=lambda s: (-declared_timeout(s), s))


def declared_timeout(path):
    try:
        return scn.load(path).timeout
    except scn.ScenarioError:
        return 0


def config_dirs(scenarios):
    """Folders of the routers' and peers' configurations: the guest must see them (a project folder
    under /tmp is hidden there unless shared). Unparsable scenarios are reported by the runner."""
    dirs = set()
    for s in scenarios:
        try:
            sc = scn.load(s)
        except scn.ScenarioError:
            continue
        for n in sc.nodes.values():
            if n.config:
                dirs.add(n.config if n.kind == "peer" else os.path.dirname(n.config))
    return sorted(dirs)


def default_scenarios():
    return sorted(glob.glob(os.path.join(HERE, "scenarios", "*.lab"))) + \
        sorted(glob.glob(os.path.join(HERE, "selftest", "*.lab")))


def load_result(out, name):
    path = os.path.join(out, name, "result.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"name": name, "status": "ERROR", "where": "", "step": "", "seconds": 0,
                "message": f"no result (the VM or runner stopped before it; see {out}/console*.log)"}


def cmd_result(a):
    out = os.path.abspath(a.out or os.path.join(lab_dir(), "results"))
    r = load_result(out, a.name)
    try:
        with open(os.path.join(out, a.name, "log.txt")) as f:
            sys.stdout.write(f.read())
    except OSError:
        print(r["message"])
    arts = sorted(glob.glob(os.path.join(out, a.name, "*")))
    print("artifacts: " + " ".join(arts))
    if a.must_fail_at is not None:
        # Harness self-test: the scenario is built to fail at one step; anything else is a harness bug.
        ok = r["status"] == "FAIL" and r.get("step", "").strip() == a.must_fail_at.strip()
        print(f"self-test: harness reported {r['status']} at {r.get('step')!r}; wanted FAIL at "
              f"{a.must_fail_at!r}: {'OK' if ok else 'WRONG'}")
        return 0 if ok else 1
    return {"PASS": 0, "SKIP": 77}.get(r["status"], 1)


def cmd_check(a):
    rc = 0
    for s in a.scenarios:
        try:
            sc = scn.load(s)
            print(f"ok {sc.name}: {len(sc.nodes)} nodes, {len(sc.steps)} steps")
        except scn.ScenarioError as e:
            print(e)
            rc = 1
    return rc


def cmd_shell(a):
    topo = os.path.abspath(a.topology)
    sc = scn.load(topo)
    if a.router not in {r.name for r in sc.routers}:
        sys.exit(f"lab: {a.router} is not a router of {topo}")
    for b in ("routerd", "routersh"):
        if not os.access(os.path.join(bin_dir(), b), os.X_OK):
            sys.exit(f"lab: {bin_dir()}/{b} not found: build the project first (see README.md)")
    mode = choose_mode(a.mode)
    batch_input = sys.stdin.read() if a.batch else None
    if mode == "direct":
        return shell_direct(sc, a.router, batch_input)
    return shell_vm(sc, a.router, batch_input)


def shell_vm(sc, router, batch_input):
    prepare()
    out = os.path.join(lab_dir(), "shell")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    q = shlex.quote
    sock = f"{GUEST_STATE}/{router}/routerd.sock"
    routersh = os.path.join(bin_dir(), "routersh")
    job = ["cd /",
           "dmesg -n 1",      # no kernel messages on the console the person types into
           runner_cmd(GUEST_PYTHON, out, GUEST_STATE, [sc.path], keep=True, modprobe="guest")
           + f" > {q(out)}/setup.txt 2>&1 || {{ echo 'lab: setting up {sc.name} failed:'; "
           f"cat {q(out)}/{sc.name}/log.txt; echo 1 > {q(out)}/shell-rc; exit 1; }}"]
    if batch_input is None:
        cols, rows = shutil.get_terminal_size((80, 24))
        term = os.environ.get("TERM", "vt100")
        if term in ("", "dumb", "unknown"):
            term = "vt100"
        job += [f"stty -F /dev/ttyS0 rows {rows} cols {cols} sane",
                f"export TERM={q(term)}",
                f"echo; echo {q(banner(sc, router))}; echo",
                # The serial port must become the controlling tty of routersh's session, so readline,
                # Ctrl-C and the window size work. /dev/console cannot be one; ttyS0 can.
                f"setsid -c -w {q(routersh)} --socket {q(sock)} -c enable -i <>/dev/ttyS0 >&0 2>&1",
                f"echo $? > {q(out)}/shell-rc"]
        print("lab: booting the lab VM (Debian's kernel under qemu, no network device); about 15 s...",
              flush=True)
        rc = boot_job("\n".join(job) + "\n", out, extra_visible=[os.path.dirname(sc.path)], interactive=True)
        return rc or shell_rc(out)
    with open(os.path.join(out, "input.txt"), "w") as f:
        f.write(batch_input)
    job += [f"{q(routersh)} --socket {q(sock)} -c enable -i < {q(out)}/input.txt > {q(out)}/transcript.txt 2>&1",
            f"echo $? > {q(out)}/shell-rc"]
    os.environ.setdefault("LAB_VERBOSE", "0")
    boot_job("\n".join(job) + "\n", out, extra_visible=[os.path.dirname(sc.path)])
    return print_transcript(out)


def shell_rc(out):
    """routersh's exit status inside the VM (1 if the guest never got that far)."""
    try:
        with open(os.path.join(out, "shell-rc")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return 1


def print_transcript(out):
    try:
        with open(os.path.join(out, "transcript.txt")) as f:
            sys.stdout.write(f.read())
        return shell_rc(out)
    except OSError:
        for f in ("setup.txt", "console.log"):
            p = os.path.join(out, f)
            if os.path.exists(p):
                sys.stdout.write(open(p).read())
        print("lab: the shell did not run; see the output above", file=sys.stderr)
        return 1


def shell_direct(sc, router, batch_input):
    state = tempfile.mkdtemp(prefix="routerd-lab-")
    out = os.path.join(state, "artifacts")
    try:
        rc = subprocess.call([sys.executable, RUNNER, "--keep", "--out", out, "--state", state,
                              "--bin", bin_dir(), sc.path], stdout=subprocess.DEVNULL)
        if rc:
            sys.stdout.write(open(os.path.join(out, sc.name, "log.txt")).read())
            return rc
        argv = [os.path.join(bin_dir(), "routersh"), "--socket", os.path.join(state, router, "routerd.sock"),
                "-c", "enable", "-i"]
        if batch_input is None:
            print("\n" + banner(sc, router) + "\n")
            return subprocess.call(argv)
        p = subprocess.run(argv, input=batch_input, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        sys.stdout.write(p.stdout)
        return p.returncode
    finally:
        subprocess.call([sys.executable, RUNNER, "--teardown", state])
        shutil.rmtree(state, ignore_errors=True)


def banner(sc, router):
    others = ", ".join(r.name for r in sc.routers if r.name != router)
    # examples/<lab>/topology.lab is named after its folder
    title = os.path.basename(os.path.dirname(sc.path)) if sc.name == "topology" else sc.name
    return (f"{title}: routers {', '.join(r.name for r in sc.routers)} are up, each in its own network "
            f"namespace. This is {router}'s console" + (f" ({others} runs beside it)" if others else "")
            + ". `exit` leaves and powers the lab off.")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run", help="run scenarios (one VM boot)")
    p.add_argument("scenarios", nargs="*")
    p.add_argument("--out")
    p.add_argument("--mode", choices=("auto", "vm", "direct"))
    p.add_argument("--fixture", action="store_true", help="exit 0 when all scenarios ran (ctest setup)")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                   help="put NAME=VALUE in every shell step's environment (a scenario's parameter)")
    p = sub.add_parser("result", help="one scenario's verdict and log")
    p.add_argument("name")
    p.add_argument("--out")
    p.add_argument("--must-fail-at", metavar="STEP")
    p = sub.add_parser("check", help="parse scenarios")
    p.add_argument("scenarios", nargs="+")
    p = sub.add_parser("shell", help="the Lab 13-1 routers, and a router's shell on this terminal")
    p.add_argument("--router", default="R1")
    p.add_argument("--topology", default=TOPOLOGY)
    p.add_argument("--mode", choices=("auto", "vm", "direct"))
    p.add_argument("--batch", action="store_true", help="read the lines to type from stdin, print the transcript")
    a = ap.parse_args()
    return {"run": cmd_run, "result": cmd_result, "check": cmd_check, "shell": cmd_shell}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
