"""The golden show outputs of the reference (A.3, appendix F) reproduced from configuration
alone: examples/golden/NAME.config is pasted, its `! golden: COMMAND` is run, and the output
must equal NAME.expected byte for byte. Where ntc-templates has a template, it must parse."""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from routerd_harness import Routerd, paste_config  # noqa: E402

GOLDEN = os.path.join(HERE, "..", "..", "examples", "golden")
PARSE_SHOW = os.path.join(HERE, "..", "conformance", "ntc", "parse_show.py")


class Golden(unittest.TestCase):
    def test_golden_outputs(self):
        pairs = sorted(f[:-7] for f in os.listdir(GOLDEN) if f.endswith(".config"))
        self.assertGreaterEqual(len(pairs), 9)
        for name in pairs:
            with self.subTest(golden=name):
                with open(os.path.join(GOLDEN, name + ".config")) as f:
                    config = f.read()
                with open(os.path.join(GOLDEN, name + ".expected")) as f:
                    expected = f.read()
                command = config.splitlines()[0].split("golden:", 1)[1].strip()
                lines = [l for l in config.splitlines() if l.strip() != "end"]
                with Routerd() as r:
                    results, _ = paste_config(r, lines)
                    self.assertEqual([(l, c) for l, c in results if c], [], "the configuration must apply cleanly")
                    got = r.commands("enable", "terminal length 0", command)
                self.assertEqual(got, expected)
                if command.startswith(("show access-lists", "show ip access-lists")):
                    p = subprocess.run([sys.executable, PARSE_SHOW, command, "-"], input=got, capture_output=True,
                                       text=True)
                    self.assertEqual(p.returncode, 0, p.stderr)
                    self.assertGreater(len(json.loads(p.stdout)), 0)


if __name__ == "__main__":
    unittest.main()
