"""Load for the durability test: rapid-commit Solicits from many
clients as fast as the server answers (a window of messages in flight),
SIGKILL to the server once `kill_after` replies have come back, then
whatever still arrives.  Every lease a Reply gave is written to OUT as
"<duid hex> <address>".

    python3 d6s_load.py IF CLIENTS KILL_AFTER PID OUT
"""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from dhcp6probe import *  # noqa: E402,F403

ifname, nclients, kill_after, pid, out = sys.argv[1:6]
nclients, kill_after, pid = int(nclients), int(kill_after), int(pid)

p = Probe(ifname)
duids = {}
got = {}
sent = 0
window = 32
killed = False
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    while sent < nclients and sent - len(got) < window:
        d = duid_llt("02:00:%08x" % sent, t=0x10000000 + sent)
        x = sent + 1
        duids[x] = d
        p.send(msg(SOLICIT, x, clientid(d), opt(RAPID_COMMIT), ia_na(1)))
        sent += 1
    for x, r in p.replies(0.05 if not killed else 0.5).items():
        if x in duids and r.type == REPLY:
            for ia in r.ias():
                for lease in ia.leases:
                    got[x] = lease[0]
    if not killed and len(got) >= kill_after:
        os.kill(pid, signal.SIGKILL)
        killed = True
        continue
    if killed or (sent >= nclients and len(got) >= nclients):
        break
if not killed:
    sys.exit("the server answered %d of %d before the kill" % (len(got),
                                                               kill_after))
with open(out, "w") as f:
    for x, a in sorted(got.items()):
        f.write("%s %s\n" % (duids[x].hex(), a))
print("%d sent, %d leases replied" % (sent, len(got)))
