#!/usr/bin/env python3
"""Runs one transcript test: NAME.in is pasted into routersh against a fresh routerd, and the
transcript must equal NAME.expected after normalising clock readings and random salts.

  run_transcript.py NAME            compare (exit 1 with a diff on mismatch)
  run_transcript.py --update NAME   rewrite NAME.expected (read the diff before committing)
"""
import difflib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from routerd_harness import Routerd, normalize  # noqa: E402


def main():
    args = sys.argv[1:]
    update = "--update" in args
    names = [a for a in args if a != "--update"]
    if len(names) != 1:
        print(__doc__)
        return 2
    name = names[0]
    with open(os.path.join(HERE, name + ".in")) as f:
        paste = f.read()
    links = ""
    links_file = os.path.join(HERE, name + ".links")
    if os.path.exists(links_file):
        with open(links_file) as f:
            links = f.read()
    with Routerd(links_script=links) as r:
        got = normalize(r.paste(paste))
    expected_path = os.path.join(HERE, name + ".expected")
    if update:
        with open(expected_path, "w") as f:
            f.write(got)
        print("updated", expected_path)
        return 0
    with open(expected_path) as f:
        expected = f.read()
    if got == expected:
        print("1 passed, 0 failed")
        return 0
    sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                               "expected", "got"))
    print("0 passed, 1 failed")
    return 1


if __name__ == "__main__":
    sys.exit(main())
