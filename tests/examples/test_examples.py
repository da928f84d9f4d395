"""Every example configuration pastes as IOS would take it: the lines listed in
out-of-scope.txt are rejected with IOS's error and nothing else complains; the
running-config then shows back what was pasted, and pasting that again changes nothing."""
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from routerd_harness import Routerd, paste_config  # noqa: E402

EXAMPLES = os.path.join(HERE, "..", "..", "examples")


def example_configs():
    for name in sorted(os.listdir(EXAMPLES)):
        d = os.path.join(EXAMPLES, name)
        if os.path.isfile(os.path.join(d, "config.txt")):
            yield name, os.path.join(d, "config.txt"), os.path.join(d, "out-of-scope.txt")
    for lab, routers in (("lab13-1", ("R1", "R2")), ("two-peers", ("R1", "R2", "R3"))):
        for router in routers:
            yield lab + "/" + router, os.path.join(EXAMPLES, lab, router + ".cfg"), None


def comparable(body):
    body = re.sub(r"^! Last configuration change.*\n", "", body, flags=re.M)
    return body


class Examples(unittest.TestCase):
    def test_examples(self):
        names = []
        for name, path, out_of_scope in example_configs():
            names.append(name)
            with self.subTest(example=name):
                with open(path) as f:
                    lines = [l.rstrip("\n") for l in f]
                while lines and lines[-1].strip() in ("", "end"):
                    lines.pop()
                expected_rejects = []
                if out_of_scope and os.path.exists(out_of_scope):
                    with open(out_of_scope) as f:
                        expected_rejects = [l.rstrip("\n") for l in f if l.strip()]
                with Routerd() as r:
                    results, body = paste_config(r, lines)
                rejected = [line for line, c in results if any("% Invalid input detected" in x for x in c)]
                self.assertEqual(rejected, expected_rejects)
                for line, c in results:
                    # Lines kept without effect say so once; nothing else may complain.
                    other = [x for x in c if "% Invalid input detected" not in x and x.strip() != "^"
                             and not x.startswith("%CONFIG-4-NOT_APPLIED:")
                             and not x.startswith("% Not applied: the line this one is indented under")]
                    self.assertEqual(other, [], "line %r complained" % line)
                # Round trip: the running-config pasted again gives the same running-config.
                body_lines = [l for l in body.splitlines() if l.strip() != "end"]
                with Routerd() as r2:
                    again, body2 = paste_config(r2, body_lines)
                self.assertEqual([(l, c) for l, c in again
                                  if [x for x in c if not x.startswith("%CONFIG-4-NOT_APPLIED:")]], [])
                self.assertEqual(comparable(body), comparable(body2))
        self.assertGreaterEqual(len(names), 10)

    def test_lab13_1_shows_back_as_pasted(self):
        # R1.cfg is the book's configuration in show running-config order: every line of it
        # comes back, in order (IOS adds lines such as ` mode tunnel`, none is lost).
        for router in ("R1", "R2"):
            with open(os.path.join(EXAMPLES, "lab13-1", router + ".cfg")) as f:
                lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("!") and l.strip() != "end"]
            with Routerd() as r:
                _, body = paste_config(r, lines)
            shown = [l.rstrip() for l in body.splitlines()]
            pos = 0
            for line in lines:
                if line.strip() == "no shutdown":
                    continue
                try:
                    pos = shown.index(line.rstrip(), pos) + 1
                except ValueError:
                    self.fail("%s: %r not shown back in order:\n%s" % (router, line, body))


if __name__ == "__main__":
    unittest.main()
