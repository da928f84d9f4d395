"""A `write memory` killed before its rename leaves its temporary file (as large as the
configuration) in the config directory; the next routerd must remove it, or every crash in a
write adds one more copy of the configuration, for good (as it did while platform/files.cpp
named the file after the writer's pid).

(That the startup-config itself is never torn is test_torn_writes.py; this is what such a kill
leaves beside it.)
"""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from test_torn_writes import BIG, ROUTERSH, KillHelpers  # noqa: E402


class KilledWriteLeftovers(KillHelpers, unittest.TestCase):
    def test_restart_removes_what_a_killed_write_left(self):
        """Killed at the first sign of the write until a kill leaves a temporary file (most
        first tries do); the routerd started after it must have removed it once it is up."""
        r = self.start()
        self.configure(r, ["hostname LITTER"] + BIG)
        self.write_memory(r)
        d = r.config_dir
        for _ in range(10):
            before_names = set(os.listdir(d))
            st = os.stat(self.path(r))
            session = subprocess.Popen([ROUTERSH, "--socket", r.socket, "-c", "enable", "-c", "write memory"],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.wait_for_write(session, d, before_names, (st.st_ino, st.st_size, st.st_mtime_ns))
            r.kill()
            session.communicate(timeout=60)
            left = sorted(n for n in set(os.listdir(d)) - before_names if n.startswith("startup-config."))
            r = self.start(config_dir=d)
            if left:
                break
        else:
            self.skipTest("no kill of 10 came inside the write")
        r.commands("enable", "show running-config", timeout=60)  # routerd is up and has read its directory
        still = sorted(n for n in os.listdir(d) if n.startswith("startup-config."))
        self.assertEqual(still, [], "the killed write's %s is still in %s after the restart" % (left[0], d))


if __name__ == "__main__":
    unittest.main()
