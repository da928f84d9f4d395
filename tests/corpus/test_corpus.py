"""Public IOS configurations (tests/corpus/configs, sources in SOURCES.md) pasted whole into a
fresh routerd, as an engineer pastes a router's `show running-config`:

- every line is applied, kept with `%CONFIG-4-NOT_APPLIED` (stored, shown, saved), or rejected;
  the rejected lines of each file are exactly those listed in expected/NAME.rejected;
- no line lands in a mode it does not belong to: the lines indented under a rejected line are
  rejected too;
- `show running-config`, pasted again into another fresh routerd, is accepted whole and gives
  the same running-config.

  test_corpus.py            run (exit 1 on any mismatch), print the figures
  test_corpus.py --update   rewrite expected/*.rejected (read the diff before committing)
"""
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from routerd_harness import Routerd, paste_config  # noqa: E402

CONFIGS = os.path.join(HERE, "configs")
EXPECTED = os.path.join(HERE, "expected")
NOT_APPLIED = "%CONFIG-4-NOT_APPLIED:"
UPDATE = "--update" in sys.argv


def config_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [l.rstrip("\r\n") for l in f]
    # Blank lines and `!` comments are nothing to IOS (and a comment ending in `?` would ask
    # the terminal for help); `end` closes the paste (the harness sends its own).
    lines = [l for l in lines if l.strip() and not l.lstrip().startswith("!")]
    while lines and lines[-1].strip() == "end":
        lines.pop()
    return lines


def indent_of(line):
    return len(line) - len(line.lstrip(" \t"))


def classify(results):
    """[(line, 'applied'|'kept'|'rejected')] from paste_config's results."""
    out = []
    for line, complaints in results:
        errors = [c for c in complaints if not c.startswith(NOT_APPLIED)
                  and not c.startswith("% Not applied: the line this one is indented under")]
        if errors:
            out.append((line, "rejected"))
        elif complaints:
            out.append((line, "kept"))
        else:
            out.append((line, "applied"))
    return out


def comparable(body):
    return re.sub(r"^! Last configuration change.*\n", "", body, flags=re.M)


class Corpus(unittest.TestCase):
    def test_corpus(self):
        names = sorted(n for n in os.listdir(CONFIGS) if n.endswith(".cfg"))
        if not UPDATE:
            self.assertGreaterEqual(len(names), 50, "the corpus holds at least 50 public configurations")
        totals = {"applied": 0, "kept": 0, "rejected": 0}
        for name in names:
            with self.subTest(config=name):
                lines = config_lines(os.path.join(CONFIGS, name))
                with Routerd() as r:
                    results, body = paste_config(r, lines)
                kinds = classify(results)
                for _, k in kinds:
                    totals[k] += 1
                rejected = [l for l, k in kinds if k == "rejected"]
                expected_file = os.path.join(EXPECTED, name[:-4] + ".rejected")
                if UPDATE:
                    if rejected:
                        with open(expected_file, "w") as f:
                            f.write("".join(l + "\n" for l in rejected))
                    elif os.path.exists(expected_file):
                        os.remove(expected_file)
                expected = []
                if os.path.exists(expected_file):
                    with open(expected_file) as f:
                        expected = [l.rstrip("\n") for l in f if l.strip()]
                self.assertEqual(rejected, expected)
                # Under a rejected line, every deeper line is rejected: none reaches the mode the
                # session was in before it.
                for i, (line, k) in enumerate(kinds):
                    if k != "rejected":
                        continue
                    for follower, fk in kinds[i + 1:]:
                        if indent_of(follower) <= indent_of(line):
                            break
                        self.assertEqual(fk, "rejected", "%r, under the rejected %r, was taken" % (follower, line))
                # Round trip.
                body_lines = [l for l in body.splitlines() if l.strip() != "end"]
                with Routerd() as r2:
                    again, body2 = paste_config(r2, body_lines)
                self.assertEqual([l for l, k in classify(again) if k == "rejected"], [])
                self.assertEqual(comparable(body), comparable(body2))
        n = sum(totals.values())
        print("corpus: %d configurations, %d lines: %d applied, %d kept without effect, %d rejected"
              % (len(names), n, totals["applied"], totals["kept"], totals["rejected"]))


if __name__ == "__main__":
    argv = [a for a in sys.argv if a != "--update"]
    unittest.main(argv=argv)
