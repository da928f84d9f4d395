"""Boot the lab VM: Debian's kernel under qemu (TCG), the host's root read-only over 9p, no network.

One call = one boot: the guest runs one job script (guest/boot.sh runs it and powers off).
The VM never gets a network device (`-nodefaults -nic none`); all traffic stays in namespaces inside it.
"""

import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The guest puts tmpfs on these; a project folder below them must come in as its own 9p share.
SHADOWED = ("/tmp", "/run")


class BootError(Exception):
    pass


def kernel_files(lab_dir: str):
    try:
        kver = open(os.path.join(lab_dir, "kver")).read().strip()
    except OSError:
        raise BootError(f"no kernel in {lab_dir}: run tests/lab/prepare.sh first")
    kernel = os.path.join(lab_dir, "kernel", "boot", f"vmlinuz-{kver}")
    initrd = os.path.join(lab_dir, "initramfs.gz")
    for f in (kernel, initrd):
        if not os.path.exists(f):
            raise BootError(f"missing {f}: run tests/lab/prepare.sh first")
    return kernel, initrd


def _plain(path: str) -> str:
    # Paths travel on the kernel command line, space- and comma-separated, without quoting.
    if any(c in path for c in " ,:\"'\t\n"):
        raise BootError(f"the lab cannot use a path with spaces, commas, colons or quotes: {path!r}")
    return path


def qemu_command(lab_dir: str, job: str, out_dir: str, visible_dirs=(), smp: int = 2, mem_mb: int = 1024):
    """The qemu argv. `job` is a script inside `out_dir`; `visible_dirs` must be readable in the guest
    at their host paths (project source, binaries, kernel tree)."""
    kernel, initrd = kernel_files(lab_dir)
    out_dir = _plain(os.path.abspath(out_dir))
    shares = [("out", out_dir, False)]
    for d in sorted(set(os.path.abspath(d) for d in visible_dirs)):
        if d.startswith(tuple(s + "/" for s in SHADOWED)) and not any(
                d == p or d.startswith(p + "/") for _, p, _ in shares[1:]):
            shares.append((f"ro{len(shares)}", _plain(d), True))
    argv = [
        "qemu-system-x86_64",
        # KVM hangs at boot on these machines (nested virtualisation): always TCG.
        "-accel", "tcg,thread=multi" if smp > 1 else "tcg", "-smp", str(smp), "-m", str(mem_mb),
        "-nodefaults", "-nic", "none", "-no-reboot", "-display", "none",
        # Serial console on stdio; signal=off so Ctrl-C reaches the guest. The monitor escape moves
        # from Ctrl-A (beginning of line in readline and on IOS) to Ctrl-] (as in telnet): Ctrl-] x quits.
        "-chardev", "stdio,id=con,mux=on,signal=off", "-serial", "chardev:con",
        "-mon", "chardev=con,mode=readline", "-echr", "0x1d",
        "-kernel", kernel, "-initrd", initrd,
        "-virtfs", "local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap",
    ]
    for tag, path, ro in shares:
        argv += ["-virtfs", f"local,path={path},mount_tag={tag},security_model=none,multidevs=remap"
                 + (",readonly=on" if ro else "")]
    append = [
        "console=ttyS0", "panic=-1", "quiet", "loglevel=3", "edd=off", "tsc=unstable",
        f"lab.boot={_plain(os.path.join(HERE, 'guest', 'boot.sh'))}",
        f"lab.kroot={_plain(os.path.join(os.path.abspath(lab_dir), 'kernel'))}",
        f"lab.job={_plain(os.path.abspath(job))}",
        "lab.shares=" + ",".join(f"{t}:{p}" for t, p, _ in shares),
    ]
    argv += ["-append", " ".join(append)]
    return argv


def need_qemu():
    if not shutil.which("qemu-system-x86_64"):
        raise BootError("qemu-system-x86_64 not found: run tests/lab/prepare.sh first")


def boot_batch(argv, console_log: str, timeout: float, echo=sys.stdout, prefix: str = "") -> int:
    """Run qemu without a terminal: console lines are stamped with host seconds since start, written to
    console_log and echoed. Returns qemu's exit code; kills qemu after `timeout` seconds (-> 124)."""
    need_qemu()
    t0 = time.monotonic()
    with open(console_log, "w", encoding="utf-8", errors="replace") as log:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        killer = _Watchdog(proc, timeout)
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n").replace("\r", "")
            stamped = f"[{time.monotonic() - t0:7.2f}] {line}"
            log.write(stamped + "\n")
            log.flush()
            if echo:
                print(prefix + stamped, file=echo, flush=True)
        rc = proc.wait()
        killer.cancel()
        if killer.fired:
            log.write(f"[{time.monotonic() - t0:7.2f}] [host] qemu killed after {timeout:.0f}s\n")
            return 124
        log.write(f"[{time.monotonic() - t0:7.2f}] [host] qemu exited rc={rc}\n")
    return rc


def boot_interactive(argv) -> int:
    """Run qemu with the serial console on this terminal (a person types into the guest)."""
    need_qemu()
    return subprocess.call(argv)


class _Watchdog:
    def __init__(self, proc, timeout):
        import threading
        self.fired = False
        self._proc = proc
        self._timer = threading.Timer(timeout, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self):
        self.fired = True
        self._proc.kill()

    def cancel(self):
        self._timer.cancel()
