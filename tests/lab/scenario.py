"""Scenario files of the kernel lab: the format, its parser and its checks. No side effects.

A scenario is a small text file (`*.lab`), one statement per line; a full-line `#` starts a comment.
Declarations (anywhere, applied before the first step) describe the topology:

    host   NAME                          a bare network namespace
    router NAME [config FILE]            a namespace running routerd, FILE as its startup-config
    peer   NAME strongswan DIR           an IKE peer: strongSwan's charon in its own namespace, loaded
                                         with DIR/swanctl.conf; `NAME$ swanctl ...` steps talk to it
    peer   NAME libreswan DIR            an IKE peer: Libreswan's pluto in its own namespace, with
                                         DIR/ipsec.conf and DIR/ipsec.secrets; `NAME$ ipsec ...` steps
                                         talk to it
    link   A IFA [ADDR/LEN] <-> B IFB [ADDR/LEN]   a veth pair between two namespaces
    loopback NODE IFNAME ADDR/LEN        a dummy link holding an address (a "Loopback0")
    route  NODE ARGS...                  `ip route add ARGS` inside NODE
    modules NAME...                      kernel modules loaded before any namespace is made (a VPN
                                         host's: ip_vti, ip_gre, ipip and sit put their fallback
                                         devices, ip_vti0 gre0 tunl0 sit0..., in every namespace)
    include FILE                         the statements of another file, in place
    timeout DURATION                     limit for the whole scenario (default 120s)

Steps run in order; the first one that fails ends the scenario:

    NODE$ COMMAND                        a shell command in NODE's namespace (must exit 0)
    R1> COMMAND                          lines typed into a fresh routersh session on router R1
    R1# COMMAND                          the same, after `enable` (privileged EXEC, like a person at R1#)
        MORE LINES                       indented lines continue the command above (same shell
                                         script, run with `sh -e`, or same routersh session)
    expect /REGEX/ [within DURATION]     REGEX must match the last command's output; with `within`,
                                         the command is re-run until it matches or time runs out
    expect-not /REGEX/                   REGEX must not match the last command's output
    count NAME /REGEX/                   remember the number REGEX's first group captures in the last
                                         output, and the command that printed it
    grows NAME [by N] [within DURATION]  re-run NAME's command: the number must be at least N (default 1)
                                         above the remembered one, which is then updated
    transcript FILE                      the last command's output, its SPIs and uptimes masked, must
                                         equal FILE (relative to the scenario): a show's whole layout
    wait DURATION                        sleep (DURATION: `2`, `2s`, `1.5s`, `1m`)
    kill ROUTER                          SIGKILL ROUTER's routerd, as a crash would end it: what it put
                                         in the kernel stays
    start ROUTER                         start ROUTER's routerd again, in the same namespace and
                                         directory (its log goes on in the same file)

Regexes are Python `re` syntax, searched with MULTILINE; everything between the first and the last
`/` of the statement is the regex, so slashes inside it need no escaping. A trailing `i` after the
closing slash makes it case-insensitive.
"""

import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional

DEFAULT_TIMEOUT = 120.0
PEER_KINDS = ("strongswan", "libreswan")
PEER_FILES = {"strongswan": ("swanctl.conf",), "libreswan": ("ipsec.conf", "ipsec.secrets")}
NAME_RE = r"[A-Za-z][A-Za-z0-9_.-]*"
PROMPT_RE = re.compile(r"^(" + NAME_RE + r")([$#>])(?:\s+(.*))?$")


class ScenarioError(Exception):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Node:
    name: str
    kind: str                       # host | router | peer
    config: Optional[str] = None    # router: startup-config path; peer: config folder
    peer_kind: Optional[str] = None
    line: int = 0


@dataclass
class LinkEnd:
    node: str
    ifname: str
    addr: Optional[str]


@dataclass
class Link:
    a: LinkEnd
    b: LinkEnd
    line: int = 0


@dataclass
class Loopback:
    node: str
    ifname: str
    addr: str
    line: int = 0


@dataclass
class Route:
    node: str
    args: List[str]
    line: int = 0


@dataclass
class Step:
    kind: str                         # sh | router | expect | count | grows | wait | kill | start
    text: str                         # the statement as written, for logs
    line: int
    path: str
    node: Optional[str] = None
    lines: List[str] = field(default_factory=list)   # sh script lines / routersh input lines
    enable: bool = False              # router: `#` prompt
    regex: Optional[re.Pattern] = None
    negate: bool = False
    within: float = 0.0
    name: Optional[str] = None        # count / grows; start: the file it waits for
    by: int = 1
    seconds: float = 0.0              # wait

    @property
    def where(self) -> str:
        return f"{os.path.basename(self.path)}:{self.line}"


@dataclass
class Scenario:
    name: str
    path: str
    nodes: Dict[str, Node] = field(default_factory=dict)
    links: List[Link] = field(default_factory=list)
    loopbacks: List[Loopback] = field(default_factory=list)
    routes: List[Route] = field(default_factory=list)
    modules: List[str] = field(default_factory=list)
    steps: List[Step] = field(default_factory=list)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def routers(self) -> List[Node]:
        return [n for n in self.nodes.values() if n.kind == "router"]


def parse_duration(text: str) -> float:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", text.strip())
    if not m:
        raise ValueError(f"bad duration {text!r} (use 5, 5s, 500ms or 2m)")
    value, unit = float(m.group(1)), m.group(2) or "s"
    return value * {"ms": 0.001, "s": 1.0, "m": 60.0}[unit]


def split_regex(rest: str):
    """`/re/[i] tail` -> (compiled regex, tail). The regex runs to the LAST slash."""
    rest = rest.strip()
    end = rest.rfind("/")
    if not rest.startswith("/") or end == 0:
        raise ValueError("expected /REGEX/")
    pattern, tail = rest[1:end], rest[end + 1:]
    flags = re.MULTILINE
    if tail.startswith("i") and (len(tail) == 1 or tail[1].isspace()):
        flags |= re.IGNORECASE
        tail = tail[1:]
    try:
        return re.compile(pattern, flags), tail.strip()
    except re.error as e:
        raise ValueError(f"bad regex /{pattern}/: {e}")


def parse_options(tail: str, allowed: Dict[str, type]) -> dict:
    """`within 30s by 3` -> {'within': 30.0, 'by': 3}."""
    words, out = tail.split(), {}
    if len(words) % 2:
        raise ValueError(f"unexpected {tail!r}")
    for key, value in zip(words[::2], words[1::2]):
        if key not in allowed:
            raise ValueError(f"unknown option {key!r} (allowed: {', '.join(allowed)})")
        out[key] = parse_duration(value) if allowed[key] is float else int(value)
    return out


def load(path: str) -> Scenario:
    path = os.path.abspath(path)
    name = os.path.splitext(os.path.basename(path))[0]
    sc = Scenario(name=name, path=path)
    _parse_file(sc, path, depth=0)
    check(sc)
    return sc


def _parse_file(sc: Scenario, path: str, depth: int) -> None:
    if depth > 8:
        raise ScenarioError(path, 0, "include nested too deeply")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ScenarioError(path, 0, str(e))
    base = os.path.dirname(path)
    last_cmd: Optional[Step] = None     # the step indented lines continue
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue                    # blank lines and comments, indented or not
        try:
            if line[:1] in " \t":
                if last_cmd is None:
                    raise ValueError("indented line continues nothing (only commands take more lines)")
                last_cmd.lines.append(line.strip())
                last_cmd.text += "\n" + line
                continue
            last_cmd = None
            word, _, rest = line.partition(" ")
            rest = rest.strip()
            if word == "include":
                _parse_file(sc, os.path.join(base, rest), depth + 1)
            elif word in ("host", "router", "peer"):
                _declare(sc, word, rest.split(), base, no, path)
            elif word == "link":
                left, sep, right = rest.partition("<->")
                if not sep:
                    raise ValueError("expected: link A IF [ADDR] <-> B IF [ADDR]")
                sc.links.append(Link(_end(left), _end(right), no))
            elif word == "loopback":
                w = rest.split()
                if len(w) != 3:
                    raise ValueError("expected: loopback NODE IFNAME ADDR/LEN")
                sc.loopbacks.append(Loopback(w[0], w[1], w[2], no))
            elif word == "route":
                w = rest.split()
                if len(w) < 2:
                    raise ValueError("expected: route NODE PREFIX [via GW] ...")
                sc.routes.append(Route(w[0], w[1:], no))
            elif word == "modules":
                if not rest.split():
                    raise ValueError("expected: modules NAME...")
                sc.modules += rest.split()
            elif word == "timeout":
                sc.timeout = parse_duration(rest)
            elif word in ("expect", "expect-not"):
                regex, tail = split_regex(rest)
                opts = parse_options(tail, {"within": float} if word == "expect" else {})
                sc.steps.append(Step("expect", line, no, path, regex=regex, negate=word == "expect-not",
                                     within=opts.get("within", 0.0)))
            elif word == "count":
                cname, _, tail = rest.partition(" ")
                if not re.fullmatch(NAME_RE, cname):
                    raise ValueError("expected: count NAME /REGEX/")
                regex, tail = split_regex(tail)
                if tail:
                    raise ValueError(f"unexpected {tail!r}")
                if regex.groups < 1:
                    raise ValueError("the regex needs a group capturing the number, e.g. /(\\d+) packets/")
                sc.steps.append(Step("count", line, no, path, name=cname, regex=regex))
            elif word == "grows":
                cname, _, tail = rest.partition(" ")
                opts = parse_options(tail, {"by": int, "within": float})
                sc.steps.append(Step("grows", line, no, path, name=cname, by=opts.get("by", 1),
                                     within=opts.get("within", 0.0)))
            elif word == "transcript":
                if not rest or " " in rest:
                    raise ValueError("expected: transcript FILE")
                sc.steps.append(Step("transcript", line, no, path, name=os.path.join(os.path.dirname(path), rest)))
            elif word == "wait":
                sc.steps.append(Step("wait", line, no, path, seconds=parse_duration(rest)))
            elif word == "start" and " after " in f" {rest} ":
                # `start R1 after FILE [within 2m]`: as soon as FILE exists (a crash script's
                # signal that it killed R1 and saw what R1 left), not a harness poll later.
                m = re.fullmatch(r"(" + NAME_RE + r")\s+after\s+(\S+)(.*)", rest)
                if not m:
                    raise ValueError("expected: start ROUTER after FILE [within DURATION]")
                opts = parse_options(m.group(3), {"within": float})
                sc.steps.append(Step(word, line, no, path, node=m.group(1), name=m.group(2),
                                     within=opts.get("within", 60.0)))
            elif word in ("kill", "start"):
                if not re.fullmatch(NAME_RE, rest):
                    raise ValueError(f"expected: {word} ROUTER")
                sc.steps.append(Step(word, line, no, path, node=rest))
            else:
                m = PROMPT_RE.match(line)
                if not m:
                    raise ValueError(f"unknown statement {word!r}")
                node, prompt, cmd = m.group(1), m.group(2), (m.group(3) or "").strip()
                kind = "sh" if prompt == "$" else "router"
                step = Step(kind, line, no, path, node=node, enable=prompt == "#",
                            lines=[cmd] if cmd else [])
                sc.steps.append(step)
                last_cmd = step
        except ValueError as e:
            raise ScenarioError(path, no, str(e))


def _declare(sc: Scenario, kind: str, words: List[str], base: str, no: int, path: str) -> None:
    if not words or not re.fullmatch(NAME_RE, words[0]) or len(words[0]) > 15:
        raise ValueError(f"expected: {kind} NAME (letters, digits, _ . -; at most 15 characters)")
    name = words[0]
    if name in sc.nodes:
        raise ValueError(f"{name} is declared twice")
    node = Node(name, kind, line=no)
    if kind == "router":
        if len(words) == 3 and words[1] == "config":
            node.config = os.path.normpath(os.path.join(base, words[2]))
        elif len(words) != 1:
            raise ValueError("expected: router NAME [config FILE]")
    elif kind == "peer":
        if len(words) != 3 or words[1] not in PEER_KINDS:
            raise ValueError(f"expected: peer NAME {'|'.join(PEER_KINDS)} CONFIG_DIR")
        node.peer_kind, node.config = words[1], os.path.normpath(os.path.join(base, words[2]))
        for f in PEER_FILES[node.peer_kind]:
            if not os.path.isfile(os.path.join(node.config, f)):
                raise ValueError(f"no {f} in {node.config}")
    elif len(words) != 1:
        raise ValueError("expected: host NAME")
    sc.nodes[name] = node


def _end(text: str) -> LinkEnd:
    w = text.split()
    if len(w) not in (2, 3):
        raise ValueError("expected: link A IF [ADDR/LEN] <-> B IF [ADDR/LEN]")
    return LinkEnd(w[0], w[1], w[2] if len(w) == 3 else None)


def check(sc: Scenario) -> None:
    """Cross-statement checks: every name used is declared, counters exist before `grows`."""
    def need(node: str, no: int, kinds=("host", "router", "peer")):
        n = sc.nodes.get(node)
        if n is None:
            raise ScenarioError(sc.path, no, f"{node} is not declared (host/router/peer)")
        if n.kind not in kinds:
            raise ScenarioError(sc.path, no, f"{node} is a {n.kind}, not a {' or '.join(kinds)}")

    for link in sc.links:
        need(link.a.node, link.line)
        need(link.b.node, link.line)
    for lo in sc.loopbacks:
        need(lo.node, lo.line)
    for r in sc.routes:
        need(r.node, r.line)
    have_output, counters = False, set()
    for st in sc.steps:
        if st.kind == "sh":
            need(st.node, st.line)
            if not st.lines:
                raise ScenarioError(st.path, st.line, "empty command")
            have_output = True
        elif st.kind == "router":
            need(st.node, st.line, ("router",))
            if not st.lines:
                raise ScenarioError(st.path, st.line, "empty command")
            have_output = True
        elif st.kind in ("kill", "start"):
            need(st.node, st.line, ("router",))
        elif st.kind in ("expect", "count", "transcript") and not have_output:
            raise ScenarioError(st.path, st.line, f"{st.kind} before any command")
        if st.kind == "count":
            counters.add(st.name)
        elif st.kind == "grows" and st.name not in counters:
            raise ScenarioError(st.path, st.line, f"no counter {st.name!r} yet (define it with count)")
