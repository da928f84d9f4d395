"""How much of the corpus's routing configuration FRR carries out: each configuration with a
routing block is pasted into a fresh routerd (which starts its FRR), and the lines routerd
reports as not carried out (%ROUTING-4-NOT_APPLIED) are listed. A report, not a test:
`ROUTERD_BUILD=$PWD/build python3 tests/corpus/routing_report.py` (as root)."""
import collections
import glob
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.path.insert(0, HERE)
from routerd_harness import Routerd, paste_config
from test_corpus import config_lines
total = 0; refused = collections.Counter(); files = 0
for path in sorted(glob.glob(os.path.join(HERE, "configs", "*"))):
    lines = config_lines(path)
    if not any(l.startswith(("router bgp", "router ospf", "route-map", "ip prefix-list")) for l in lines):
        continue
    files += 1
    with Routerd() as r:
        paste_config(r, lines)
        time.sleep(2.5)
        err = r.read_stderr()
    for m in re.finditer(r'%ROUTING-\d-(\w+): "(.*?)" is kept but (.*)', err):
        refused[(m.group(1), m.group(3)[:70])] += 1
        print(os.path.basename(path), m.group(2), "|", m.group(3)[:100])
    for m in re.finditer(r'%ROUTING-3-\w+: .*', err):
        print(os.path.basename(path), m.group(0))
print("files with routing:", files)
print(sum(refused.values()), "lines not carried out")
