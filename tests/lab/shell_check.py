#!/usr/bin/env python3
"""Check the run command the way a person uses it: tests/lab/lab-shell on a pseudo-terminal must land
at `R1#` (routersh with readline on the lab's serial console), and `exit` must end it (the VM powers off).

    shell_check.py [lab-shell args...]     exit 0 ok, 1 failed, 77 skipped (routerd/routersh not built)
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PROMPT_TIMEOUT = 180      # boot (~8 s), python and routerd start in the guest; generous for a loaded CI box
EXIT_TIMEOUT = 45         # both together stay below the ctest TIMEOUT, so a failure still prints its output
ANSI = rb"(?:\x1b\[[0-9;?]*[A-Za-z])*"   # readline may emit e.g. bracketed-paste mode before the prompt


def read_until(fd, pattern, timeout, buf):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if re.search(pattern, buf[0]):
            return True
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:       # EIO: the child closed the terminal
                return re.search(pattern, buf[0]) is not None
            if not data:
                return re.search(pattern, buf[0]) is not None
            buf[0] += data
    return False


def main():
    bin_dir = os.environ.get("LAB_BIN_DIR") or os.path.join(REPO, "build", "bin")
    if not all(os.access(os.path.join(bin_dir, b), os.X_OK) for b in ("routerd", "routersh")):
        print(f"skip: {bin_dir}/routerd and routersh are not built")
        return 77
    router = "R1"
    if "--router" in sys.argv:
        router = sys.argv[sys.argv.index("--router") + 1]
    cmd = [os.path.join(HERE, "lab-shell")] + sys.argv[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execv(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    buf = [b""]
    t0 = time.monotonic()
    ok = read_until(fd, rb"(^|\n)" + ANSI + router.encode() + rb"#\s*$", PROMPT_TIMEOUT, buf)
    t_prompt = time.monotonic() - t0
    if ok:
        os.write(fd, b"exit\r")
        read_until(fd, rb"(?!)", EXIT_TIMEOUT, buf)           # read to EOF: this pattern never matches
    status = None
    for _ in range(int(EXIT_TIMEOUT * 10)):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.write(fd, b"\x1dx")                                # qemu's monitor escape: Ctrl-] x quits
        time.sleep(2)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = None
    text = re.sub(ANSI, b"", buf[0]).decode("utf-8", "replace").replace("\r", "")
    sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    print("-" * 60)
    if not ok:
        print(f"FAIL: no {router}# prompt within {PROMPT_TIMEOUT}s")
        return 1
    print(f"reached {router}# after {t_prompt:.1f}s")
    if status is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        print(f"FAIL: lab-shell did not end cleanly after `exit` (wait status {status})")
        return 1
    print(f"`exit` ended the lab cleanly; total {time.monotonic() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
