"""Starts a real routerd for tests and talks to it through routersh.

routerd runs in a network namespace of its own (unshare -n, as root), so what it reads of the
links is what the test put there, never the host's. The control socket is a path, which
reaches across namespaces.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time

BUILD = os.environ.get("ROUTERD_BUILD", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
ROUTERD = os.path.join(BUILD, "bin", "routerd")
ROUTERSH = os.path.join(BUILD, "bin", "routersh")


class Routerd:
    def __init__(self, config_dir=None, links_script="", startup_config=None, interfaces=None):
        self.tmp = tempfile.mkdtemp(prefix="routerd-test-")
        self.config_dir = config_dir or os.path.join(self.tmp, "cfg")
        self.socket = os.path.join(self.tmp, "routerd.sock")
        self.links_script = links_script
        self.proc = None
        self.stderr_path = os.path.join(self.tmp, "routerd.stderr")
        os.makedirs(self.config_dir, exist_ok=True)
        if startup_config is not None:
            with open(os.path.join(self.config_dir, "startup-config"), "w") as f:
                f.write(startup_config)
        if interfaces is not None:
            with open(os.path.join(self.config_dir, "interfaces"), "w") as f:
                f.write(interfaces)

    def start(self):
        cmd = [ROUTERD, "--config-dir", self.config_dir, "--socket", self.socket, "--foreground"]
        if os.geteuid() == 0 and shutil.which("unshare"):
            script = (self.links_script + "\n" if self.links_script else "") + 'exec "$@"'
            cmd = ["unshare", "-n", "sh", "-c", script, "routerd"] + cmd
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(cmd, stderr=self.stderr, stdout=subprocess.DEVNULL)
        deadline = time.time() + 10
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None:
                raise RuntimeError("routerd exited: " + self.read_stderr())
            if time.time() > deadline:
                raise RuntimeError("routerd did not create its socket")
            time.sleep(0.02)
        return self

    def read_stderr(self):
        with open(self.stderr_path) as f:
            return f.read()

    def paste(self, text, timeout=30):
        """Feeds lines to one routersh session, like a paste; returns the transcript."""
        r = subprocess.run([ROUTERSH, "--socket", self.socket], input=text, capture_output=True,
                           text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError("routersh failed: " + r.stderr)
        return r.stdout

    def commands(self, *cmds, timeout=30):
        args = [ROUTERSH, "--socket", self.socket]
        for c in cmds:
            args += ["-c", c]
        r = subprocess.run(args, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise RuntimeError("routersh failed: " + r.stderr)
        return r.stdout

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=10)
        self.stderr.close()

    def stop(self):
        self.kill(signal.SIGTERM)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()


# What differs from run to run and is not under test: clock readings, uptimes, random salts.
_NORMALIZE = [
    (re.compile(r"\d\d:\d\d:\d\d(\.\d\d\d)? UTC \w{3} \w{3} [ \d]\d \d{4}"), "<TIME>"),
    (re.compile(r"\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d\d\d: "), "<STAMP>: "),
    (re.compile(r"\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}"), "<TYPE9>"),
    (re.compile(r"uptime is [\w ,]+"), "uptime is <UPTIME>"),
    (re.compile(r"\d\d:\d\d:\d\d(?=\s*$)", re.M), "<IDLE>"),
    (re.compile(r"Current configuration : \d+ bytes"), "Current configuration : <N> bytes"),
    (re.compile(r"Using \d+ out of"), "Using <N> out of"),
]


def normalize(text):
    for pattern, repl in _NORMALIZE:
        text = pattern.sub(repl, text)
    return text
