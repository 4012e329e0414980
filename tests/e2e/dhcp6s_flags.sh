#!/bin/bash
# dhcp6s's command line and reload, as an operator meets them: no
# interface or an unknown flag prints the usage (exit 1); WIDE's
# obsolete -n gets WIDE's message; -t prints the configuration back
# and exits 0, or names each error as file:line (exit 1); an interface
# that does not exist and a lease database that cannot be opened are
# fatal with a message; a second server with the same pid file refuses
# to start.  SIGHUP rereads the configuration and keeps the bindings:
# an address taken out of a host entry comes back to its client's Renew
# with lifetimes 0 and leaves the binding, a changed lifetime is given
# at the next Renew, and a configuration with an error is refused while
# the running one goes on.
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3

S=$T6_BIN/dhcp6s
out=$("$S" 2>&1) && t6_fail "no interface accepted"
t6_assert_match "^usage: dhcp6s" "$out"
out=$("$S" -x eth0 2>&1) && t6_fail "-x accepted"
t6_assert_match "usage: dhcp6s" "$out"
out=$("$S" -n 2001:db8::1 eth0 2>&1) && t6_fail "-n accepted"
t6_assert_match "^dhcp6s: -n dnsserv option was obsoleted. use configuration file.$" "$out"
conf=$(t6_path x bad.conf)
printf 'host a {\n\tduid 01;\n\taddress 2001:db8::1 10 5;\n};\noption refreshtime 10;\n' > "$conf"
out=$("$S" -t -c "$conf" 2>&1) && t6_fail "a bad configuration passed -t"
t6_assert_match "bad.conf:3: preferred lifetime 10 is longer than the valid lifetime 5" "$out"
t6_assert_match "bad.conf:5: refresh time is too small" "$out"
t6_assert_match "2 error\\(s\\) in $conf" "$out"

d6s_lab
KAME=00:01:00:01:09:5f:93:76:00:03:47:a5:30:85
cat > "$(d6s_conf srv)" <<CONF
host kame {
	duid $KAME;
	address 2001:db8:ffff::1 100 200;
	address 2001:db8:ffff::2 100 200;
};
CONF
out=$("$S" -t -c "$(d6s_conf srv)") || t6_fail "-t: $out"
t6_assert_match "address 2001:db8:ffff::2/128 100 200;" "$out" "-t prints"
out=$(nsx srv "$S" -f -s "$(t6_path srv s2)" -c "$(d6s_conf srv)" -P "$(t6_path srv p2)" \
    -l "$(t6_path srv l2)" -u "$(t6_path srv d2)" nosuch0 2>&1) &&
    t6_fail "an unknown interface accepted"
t6_assert_match "nosuch0: no such interface" "$out"
out=$(nsx srv "$S" -f -s "$(t6_path srv s2)" -c "$(d6s_conf srv)" -P "$(t6_path srv p3)" \
    -l /nonexistent/dir/leases -u "$(t6_path srv d3)" srv0 2>&1) &&
    t6_fail "an unusable lease database accepted"
t6_assert_match "lease database /nonexistent/dir/leases cannot be used" "$out"

d6s_start srv srv0
out=$(nsx srv "$S" -f -s "$(t6_path srv s2)" -c "$(d6s_conf srv)" -P "$(t6_path srv dhcp6s.pid)" \
    -l "$(t6_path srv l4)" -u "$(t6_path srv d4)" srv0 2>&1) &&
    t6_fail "a second server started"
t6_assert_match "dhcp6s already running \\(pid $D6S_PID" "$out"

sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n')
probe() {
	nsx cli python3 - "$T6_TOP/tests/lib" "$sduid" "$@" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
sd, what, x = bytes.fromhex(sys.argv[2]), sys.argv[3], int(sys.argv[4])
kame = duid_llt("00:03:47:a5:30:85")
p = Probe("cli0")
if what == "request":
    m = msg(REQUEST, x, clientid(kame), serverid(sd), ia_na(1,
        iaaddr("2001:db8:ffff::1"), iaaddr("2001:db8:ffff::2")))
else:
    m = msg(RENEW, x, clientid(kame), serverid(sd), ia_na(1,
        iaaddr("2001:db8:ffff::1"), iaaddr("2001:db8:ffff::2")))
p.send(m)
r = p.reply(x, 1.0)
for ia in (r.ias() if r else []):
    for l in sorted(ia.leases):
        print("%s %d %d" % (l[0], l[2], l[3]))
PY
}
t6_assert_eq "2001:db8:ffff::1 100 200
2001:db8:ffff::2 100 200" "$(probe request 1)" "both addresses bound"
# ::2 taken out, ::1's lifetimes changed
sed -i 's/address 2001:db8:ffff::2 100 200;//; s/::1 100 200/::1 300 400/' \
    "$(d6s_conf srv)"
kill -HUP "$D6S_PID"
t6_wait 5 "the reload" grep -q "server reloaded" "$(d6s_log srv)"
t6_assert_eq "2001:db8:ffff::1 300 400
2001:db8:ffff::2 0 0" "$(probe renew 2)" "after the reload"
t6_assert_match "^$KAME NA 1 2001:db8:ffff::1/128 300 400 " "$(d6s_dump srv)"
t6_assert_nomatch "ffff::2/128" "$(d6s_dump srv)" "::2 left the binding"
# an error: refused, the running configuration kept
echo "host broken {" >> "$(d6s_conf srv)"
kill -HUP "$D6S_PID"
t6_wait 5 "the refused reload" grep -q "the running configuration is kept" \
    "$(d6s_log srv)"
t6_assert_eq "2001:db8:ffff::1 300 400
2001:db8:ffff::2 0 0" "$(probe renew 3)" "after the refused reload"
t6_alive "$D6S_PID" || t6_fail "dhcp6s died"
t6_pass
