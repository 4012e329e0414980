#!/bin/bash
# A binding lasts its shortest valid lifetime from the last Request,
# Renew or Rebind (spec S1a; KAME armed the timer of a new binding for
# ever, flaw 21): a host address with lifetimes 2/3 is bound by a
# Request; a Renew 2 s later restarts the 3 s, so 2.5 s after it the
# binding is still there; with no more renewals it is removed ("has
# expired", "remove a binding") 3 to 4.5 s after the renewal; the address is then free again, and a Renew gets
# NoBinding.  A prefix with an infinite lifetime never expires.
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3

d6s_lab
KAME=00:01:00:01:09:5f:93:76:00:03:47:a5:30:85
cat > "$(d6s_conf srv)" <<CONF
host kame {
	duid $KAME;
	address 2001:db8:ffff::1 2 3;
	prefix 2001:db8:1234::/48 infinity;
};
CONF
d6s_start srv srv0
sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n')
log=$(d6s_log srv)
out=$(nsx cli python3 - "$T6_TOP/tests/lib" "$sduid" "$log" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
sd = bytes.fromhex(sys.argv[2])
log = sys.argv[3]
kame = duid_llt("00:03:47:a5:30:85")
p = Probe("cli0")
def ask(t, x, *ias):
    extra = (serverid(sd),) if t in (REQUEST, RENEW) else ()
    p.send(msg(t, x, clientid(kame), *extra, *ias))
    return p.reply(x, 1.0)
def expired():
    return "remove a binding [IA: duid=00:01:00:01:09:5f:93:76:00:03:47:a5:30:85, type=NA" in open(log).read()
t0 = time.monotonic()
r = ask(REQUEST, 1, ia_na(1), ia_pd(2))
assert r and r.ias()[0].leases == [("2001:db8:ffff::1", 128, 2, 3)], r and r.ias()
time.sleep(max(0, 2 - (time.monotonic() - t0)))
r = ask(RENEW, 2, ia_na(1, iaaddr("2001:db8:ffff::1")))
assert r and r.ias()[0].leases == [("2001:db8:ffff::1", 128, 2, 3)], r and r.ias()
t1 = time.monotonic()
time.sleep(max(0, 2.5 - (time.monotonic() - t1)))
assert not expired(), "expired 2.5 s after the renewal (3 s lifetime)"
while time.monotonic() - t1 < 4.5 and not expired():
    time.sleep(0.05)
assert expired(), "not expired 4.5 s after the renewal"
print("expired %.1f s after the renewal" % (time.monotonic() - t1))
r = ask(RENEW, 3, ia_na(1, iaaddr("2001:db8:ffff::1")), ia_pd(2))
ias = {ia.iaid: ia for ia in r.ias()}
assert ias[1].status == NOBINDING, ias
assert ias[2].leases == [("2001:db8:1234::", 48, 0xffffffff, 0xffffffff)], ias
PY
) || t6_fail "$out"
t6_log "$out"
t6_assert_match "bound address 2001:db8:ffff::1/128 has expired" "$(cat "$log")"
t6_assert_match "^$KAME PD 2 2001:db8:1234::/48 4294967295 4294967295 -1\$" \
    "$(d6s_dump srv)" "the infinite prefix stays"
t6_pass
