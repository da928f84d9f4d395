"""Starts a real routerd for tests and talks to it through routersh.

routerd runs in a network namespace of its own (unshare -n, as root), so what it reads of the
links is what the test put there, never the host's. The control socket is a path, which
reaches across namespaces.
"""
import os
import socket as socketlib
import re
import shutil
import signal
import subprocess
import tempfile
import time

BUILD = os.environ.get("ROUTERD_BUILD", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
ROUTERD = os.path.join(BUILD, "bin", "routerd")
ROUTERSH = os.path.join(BUILD, "bin", "routersh")
# The sanitizer tree's routerd is several times slower (scripts/sanitize.sh sets 4): it may take
# that much longer to load a big startup-config or to answer.
TIMEOUT_SCALE = float(os.environ.get("ROUTERD_TIMEOUT_SCALE", "1"))


class Routerd:
    def __init__(self, config_dir=None, links_script="", startup_config=None, interfaces=None, netns=None,
                 args=()):
        self.tmp = tempfile.mkdtemp(prefix="routerd-test-")
        self.config_dir = config_dir or os.path.join(self.tmp, "cfg")
        self.socket = os.path.join(self.tmp, "routerd.sock")
        self.links_script = links_script
        self.netns = netns  # a named namespace the test made (NetnsPair), instead of unshare -n
        self.args = list(args)  # more of routerd's options (--socket-group)
        self.proc = None
        self.stderr_path = os.path.join(self.tmp, "routerd.stderr")
        os.makedirs(self.config_dir, exist_ok=True)
        if startup_config is not None:
            with open(os.path.join(self.config_dir, "startup-config"), "w") as f:
                f.write(startup_config)
        if interfaces is not None:
            with open(os.path.join(self.config_dir, "interfaces"), "w") as f:
                f.write(interfaces)

    def start(self, wait=10):
        """`wait`: seconds (times TIMEOUT_SCALE) routerd may take to be ready, its startup-config
        loaded."""
        cmd = [ROUTERD, "--config-dir", self.config_dir, "--socket", self.socket, "--foreground"] + self.args
        if self.netns:
            cmd = ["ip", "netns", "exec", self.netns] + cmd
        elif os.geteuid() == 0 and shutil.which("unshare"):
            # The kernel makes a link's operational state UP a moment after its carrier (linkwatch
            # runs deferred, up to a second): routerd must not start, and `show ip interface
            # brief` say "up down", before the links the script brought up are up (seen under a
            # full CI run).
            settle = ("i=0; while [ $i -lt 100 ] && ip -o link | grep LOWER_UP | grep -qv -e 'state UP' "
                      "-e 'state UNKNOWN'; do sleep 0.05; i=$((i+1)); done\n")
            script = (self.links_script + "\n" + settle if self.links_script else "") + 'exec "$@"'
            cmd = ["unshare", "-n", "sh", "-c", script, "routerd"] + cmd
        self.stderr = open(self.stderr_path, "w")
        self.proc = subprocess.Popen(cmd, stderr=self.stderr, stdout=subprocess.DEVNULL)
        try:
            wait_for_socket(self.proc, self.socket, self.read_stderr, timeout=wait)
        except Exception:
            # No __exit__ follows a start that failed: a routerd still loading its config would
            # be left running (one from a sanitizer pass outlived its CI by an hour).
            self.proc.kill()
            self.proc.wait()
            raise
        return self

    def read_stderr(self):
        with open(self.stderr_path) as f:
            return f.read()

    def paste(self, text, timeout=30):
        """Feeds lines to one routersh session, like a paste; returns the transcript."""
        r = subprocess.run([ROUTERSH, "--socket", self.socket], input=text, capture_output=True,
                           text=True, timeout=timeout * TIMEOUT_SCALE)
        if r.returncode != 0:
            raise RuntimeError("routersh failed: " + r.stderr)
        return r.stdout

    def commands(self, *cmds, timeout=30):
        args = [ROUTERSH, "--socket", self.socket]
        for c in cmds:
            args += ["-c", c]
        r = subprocess.run(args, capture_output=True, text=True, timeout=timeout * TIMEOUT_SCALE,
                           stdin=subprocess.DEVNULL)
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


def as_local_user(socket, uid=65534, in_group=True):
    """The command prefix (as root) that runs a program as an unprivileged local user (nobody by
    default) with no groups but, when `in_group`, the control socket's group: a user routerd's
    socket lets in (platform/control_socket.hpp), for tests of what routerd itself then allows.
    The socket's folder must let that user through (chmod 0711)."""
    groups = ["--groups=%d" % os.stat(socket).st_gid] if in_group else ["--clear-groups"]
    return ["setpriv", "--reuid=%d" % uid, "--regid=65534"] + groups


class NetnsPair:
    """Two network namespaces of the test's own, joined by a veth pair (`a_link` in the first,
    `b_link` in the second), for two routerd that must reach each other (IKE on UDP 500).
    Nothing of the host's own links, routes or firewall is touched; `close` deletes both."""

    def __init__(self, a_link="veth-a", b_link="veth-b"):
        tag = "%d-%d" % (os.getpid(), int(time.time() * 1000) % 100000)
        self.a, self.b = "rtd-a-" + tag, "rtd-b-" + tag
        self.a_link, self.b_link = a_link, b_link
        for ns in (self.a, self.b):
            subprocess.run(["ip", "netns", "add", ns], check=True)
        try:
            subprocess.run(["ip", "-n", self.a, "link", "add", a_link, "type", "veth", "peer", "name", b_link,
                            "netns", self.b], check=True)
            for ns in (self.a, self.b):
                subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True)
        except Exception:
            self.close()
            raise

    def close(self):
        for ns in (self.a, self.b):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# What differs from run to run and is not under test: clock readings, uptimes, random salts.
_NORMALIZE = [
    (re.compile(r"\d\d:\d\d:\d\d(\.\d\d\d)? UTC \w{3} \w{3} [ \d]\d \d{4}"), "<TIME>"),
    (re.compile(r"\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d\d\d: "), "<STAMP>: "),
    (re.compile(r"\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}"), "<TYPE9>"),
    (re.compile(r"uptime is [\w ,]+"), "uptime is <UPTIME>"),
    (re.compile(r"\d\d:\d\d:\d\d(?=\s*$)", re.M), "<IDLE>"),
    (re.compile(r"Current configuration : \d+ bytes"), "Current configuration : <N> bytes"),
    (re.compile(r"Using \d+ out of"), "Using <N> out of"),
    (re.compile(r"\(elapsed time was \d+ seconds\)"), "(elapsed time was <N> seconds)"),
]


def wait_until(fn, timeout, what, step=0.1):
    """fn()'s first true value within `timeout` seconds (times TIMEOUT_SCALE); else AssertionError
    with `what` and the last value."""
    deadline = time.time() + timeout * TIMEOUT_SCALE
    last = None
    while time.time() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(step)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def wait_for_socket(proc, socket, read_stderr, timeout=10):
    """routerd opens its control socket once it is ready; it may also die trying. The socket file
    appears at bind(), a moment before listen(): a client connecting in between is refused (CI
    saw it once under load), so ready means a connection is accepted."""
    deadline = time.time() + timeout * TIMEOUT_SCALE
    while not _accepts(socket):
        if proc.poll() is not None:
            raise RuntimeError("routerd exited: " + read_stderr())
        if time.time() > deadline:
            raise RuntimeError("routerd did not create its socket" if not os.path.exists(socket)
                               else "routerd's socket accepts no connection")
        time.sleep(0.02)


def _accepts(path):
    if not os.path.exists(path):
        return False
    s = socketlib.socket(socketlib.AF_UNIX, socketlib.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def normalize(text):
    for pattern, repl in _NORMALIZE:
        text = pattern.sub(repl, text)
    return text


_PROMPT = re.compile(r"[A-Za-z][\w.-]*(\([\w-]+\))?[#>]")


def split_transcript(transcript, inputs, first_prompt_end):
    """Pairs each pasted line with the output it produced.

    `transcript` is what routersh printed for `inputs` (one per line), starting right after
    the prompt that precedes inputs[0] (`first_prompt_end` is that offset)."""
    outputs = []
    pos = first_prompt_end
    for i, line in enumerate(inputs):
        echo = line + "\n"
        if not transcript.startswith(echo, pos):
            raise AssertionError("transcript out of step at %r:\n%s" % (line, transcript[pos:pos + 300]))
        pos += len(echo)
        if i + 1 == len(inputs):
            outputs.append(transcript[pos:])
            break
        nxt = inputs[i + 1] + "\n"
        # The next line starts after a prompt (or after nothing, while a banner is collected).
        cut = pos
        while True:
            k = transcript.find(nxt, cut)
            if k < 0:
                raise AssertionError("never saw %r echoed" % inputs[i + 1])
            line_start = transcript.rfind("\n", 0, k) + 1
            head = transcript[max(line_start, pos):k]
            if head == "" or _PROMPT.fullmatch(head):
                outputs.append(transcript[pos:max(line_start, pos)])
                pos = k
                break
            cut = k + 1
    return outputs


# Output that is information, not a complaint about the line.
_INFORMATIONAL = ("% NOTE: This new crypto map", "\tand a valid access list", "Enter TEXT message.")


def complaints(output):
    return [l for l in output.splitlines() if l.strip() and not l.startswith(_INFORMATIONAL)
            and not _PROMPT.fullmatch(l)]


def paste_config(r, lines):
    """Pastes lines in config mode; returns [(line, complaints)] and the running-config body."""
    head = "enable\nconfigure terminal\n"
    transcript = r.paste(head + "".join(l + "\n" for l in lines) + "end\nterminal length 0\nshow running-config\n")
    start = transcript.index("(config)#") + len("(config)#")
    outs = split_transcript(transcript, lines + ["end", "terminal length 0", "show running-config"], start)
    results = [(line, complaints(out)) for line, out in zip(lines, outs)]
    run = outs[-1]
    body = run[run.index("!\n"):run.rindex("end\n") + 4]
    return results, body
