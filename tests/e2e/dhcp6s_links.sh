#!/bin/bash
# One dhcp6s serves two links, each with its own pools and settings
# (interface blocks): a client on each gets an address and a prefix
# from its own link's pools, the preference of its link, and rapid
# commit only where it is allowed.  A client that moves links with its
# address Confirms it: NotOnLink on the other link, Success back home
# (RFC 8415 18.3.3; spec: confirm after moving links).  Messages on a
# third, unserved link get nothing (one sent to the server's address
# there is counted as dropped for its interface).
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3

d6s_lab
t6_link srv srv1 cli cli1
t6_link srv srv2 cli cli2
t6_wait_dad srv
t6_wait_dad cli
cat > "$(d6s_conf srv)" <<CONF
pool a { range 2001:db8:a::10 to 2001:db8:a::ff; };
pool b { range 2001:db8:b::10 to 2001:db8:b::ff; };
pool pa { prefix 2001:db8:a000::/40 delegated-length 56; };
pool pb { prefix 2001:db8:b000::/40 delegated-length 60; };
interface srv0 { address-pool a 100 200; prefix-pool pa 300 600;
	preference 10; };
interface srv1 { address-pool b 110 210; prefix-pool pb 310 610;
	preference 20; allow rapid-commit; };
CONF
d6s_start srv srv0 srv1
ll2=$(t6_lladdr srv srv2)
out=$(nsx cli python3 - "$T6_TOP/tests/lib" "$ll2" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
me = duid_llt("02:00:00:00:aa:01")
fail = []
def check(c, what):
    if not c:
        fail.append(what)
        print("FAIL:", what)
p0, p1, p2 = Probe("cli0"), Probe("cli1"), Probe("cli2")
def ask(p, x, *o):
    p.send(msg(SOLICIT, x, clientid(me), opt(RAPID_COMMIT), *o))
    return p.reply(x, 1.0)
r0 = ask(p0, 1, ia_na(1), ia_pd(2))
r1 = ask(p1, 2, ia_na(3), ia_pd(4))
check(r0 and r0.type == ADVERTISE and r0.opt(PREFERENCE) == b"\x0a",
      "link 0: Advertise (no rapid commit there), preference 10: %s" % r0)
check(r1 and r1.type == REPLY and r1.opt(PREFERENCE) == b"\x14",
      "link 1: rapid commit Reply, preference 20: %s" % r1)
l0 = [l for ia in r0.ias() for l in ia.leases] if r0 else []
l1 = [l for ia in r1.ias() for l in ia.leases] if r1 else []
check(("2001:db8:a::10", 128, 100, 200) in l0 and
      ("2001:db8:a000::", 56, 300, 600) in l0, "link 0 pools: %s" % l0)
check(("2001:db8:b::10", 128, 110, 210) in l1 and
      ("2001:db8:b000::", 60, 310, 610) in l1, "link 1 pools: %s" % l1)
# moved from link 1 to link 0 with its address: NotOnLink; home: Success
p0.send(msg(CONFIRM, 5, clientid(me), ia_na(3, iaaddr("2001:db8:b::10"))))
r = p0.reply(5, 1.0)
check(r and r.status() == NOTONLINK, "moved: NotOnLink: %s" % r)
p1.send(msg(CONFIRM, 6, clientid(me), ia_na(3, iaaddr("2001:db8:b::10"))))
r = p1.reply(6, 1.0)
check(r and r.status() == SUCCESS, "home: Success: %s" % r)
p2.send(msg(SOLICIT, 7, clientid(me), ia_na(1)))
check(p2.reply(7, 0.5) is None, "no answer on an unserved link")
# sent to the server's own address there: seen, and dropped
p2.send(msg(REQUEST, 8, clientid(me), ia_na(1)), dst=sys.argv[2] + "%cli2")
check(p2.reply(8, 0.5) is None, "no answer to unicast on an unserved link")
sys.exit(1 if fail else 0)
PY
) || t6_fail "$out"
t6_assert_match "# dropped interface 1" "$(d6s_dump srv)" "the unserved link"
t6_pass
