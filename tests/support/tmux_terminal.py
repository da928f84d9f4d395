"""routersh in a real terminal (tmux), as an engineer's vty: type, press keys, read the screen."""
import os
import subprocess
import time


class Tmux:
    # Each terminal gets a tmux server of its own: `kill-server` returns before the old server
    # has gone, and a next test's new-session on the same socket name could meet it dying (a
    # failure in about 6 s, under the load of a full run, once on 2026-12-06).
    count = 0

    def __init__(self, routersh, socket, prompt, name="routersh-test", width=100, height=40, history=200):
        Tmux.count += 1
        self.sock = "-L%s-%d-%d" % (name, os.getpid(), Tmux.count)
        self.history = history
        subprocess.run(["tmux", self.sock, "new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height),
                        routersh + " --socket " + socket + "; sleep 30"], check=True)
        self.wait_for(prompt)

    def type(self, text):
        subprocess.run(["tmux", self.sock, "send-keys", "-t", "t", "-l", text], check=True)

    def key(self, *keys):
        subprocess.run(["tmux", self.sock, "send-keys", "-t", "t"] + list(keys), check=True)

    def screen(self):
        return subprocess.run(["tmux", self.sock, "capture-pane", "-t", "t", "-p", "-S", "-%d" % self.history],
                              capture_output=True, text=True, check=True).stdout

    def wait_for(self, text, timeout=10):
        # Scaled as the harness scales its waits (ROUTERD_TIMEOUT_SCALE: the sanitizer build is
        # several times slower, and slower still beside the lab's VMs).
        deadline = time.time() + timeout * float(os.environ.get("ROUTERD_TIMEOUT_SCALE", "1"))
        while time.time() < deadline:
            s = self.screen()
            if text in s:
                return s
            time.sleep(0.05)
        raise AssertionError("never saw %r on screen:\n%s" % (text, self.screen()))

    def close(self):
        subprocess.run(["tmux", self.sock, "kill-server"], capture_output=True)
