#!/bin/bash
# route6d, the book's simple loop (S5, Fig 1-56): A, B and C share a
# bridged link, B and C also have a link of their own, UP gives A a
# default (-T).  B and C take the default through A, not through each
# other; A keeps one of the equal paths to 1001::/64 and does not flap;
# nothing loops.  Then the derived scenarios: a link goes down and B
# reroutes through C at once (D10) and back when it returns; a router
# dies silently and A switches to the other equal path at half the
# timeout, without a gap (D11).
# t6-timeout: 180
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init
t6_need tshark tcpdump

t6_ns UP; t6_ns A; t6_ns B; t6_ns C; t6_switch sw
t6_link UP ne0 A ne0 00:02:b3:3a:87:d9 00:11:25:32:d9:8c
t6_port sw A ne1 00:02:b3:3a:85:03
t6_port sw B ne0 00:0a:95:f3:0a:96
t6_port sw C ne0 00:40:63:cb:ce:bc
t6_link B ne1 C ne1 00:0a:95:d0:6c:ec 00:02:b3:3a:8a:6f
t6_addr UP ne0 2001:db8:0:ffff::1/64
t6_addr A ne0 2001:db8:0:ffff::1000/64
t6_addr A ne1 2001:db8:0:1000::1/64
t6_addr B ne0 2001:db8:0:1000::2/64
t6_addr C ne0 2001:db8:0:1000::3/64
t6_addr B ne1 2001:db8:0:1001::2/64
t6_addr C ne1 2001:db8:0:1001::3/64
for r in UP A B C; do t6_wait_dad "$r"; done

ll_a1=fe80::202:b3ff:fe3a:8503		# A's ne1
ll_b0=fe80::20a:95ff:fef3:a96		# B's ne0
ll_c0=fe80::240:63ff:fecb:cebc		# C's ne0
ll_c1=fe80::202:b3ff:fe3a:8a6f		# C's ne1
ll_up=fe80::202:b3ff:fe3a:87d9

t6_capture C ne0 "$T6_TMP/c-ne0.pcap" "udp port 521"
r6_start UP -T ne0
r6_start A -R "$T6_TMP/A/routelog"
r6_start B
r6_start C

t6_wait 15 "A's default via UP" r6_fib_has A "^default via $ll_up dev ne0"
for r in B C; do
	t6_wait 15 "$r's default via A" \
	    r6_fib_has "$r" "^default via $ll_a1 dev ne0"
done
t6_wait 15 "A's route to 1001::/64" \
    r6_fib_has A "^2001:db8:0:1001::/64 via ($ll_b0|$ll_c0) dev ne1"
first=$(r6_fib A | grep '^2001:db8:0:1001::/64')
# UP learns everything through A and reaches both ends of 1001::/64
t6_wait 10 "UP learns 1001::/64" r6_fib_has UP "^2001:db8:0:1001::/64 via"
t6_wait 10 "UP reaches B across the loop" \
    nsx UP ping -6 -c1 -W1 2001:db8:0:1001::2
t6_wait 10 "UP reaches C across the loop" \
    nsx UP ping -6 -c1 -W1 2001:db8:0:1001::3
# stable over several update periods (equal paths do not flap)
a_keeps() { r6_fib A | grep -qxF "$first"; }
t6_wait_quiet 4 eval '! a_keeps' && t6_fail "A's choice changed: $(r6_fib A)"
t6_assert_eq 0 "$(grep -c 'CHANGE: 2001:db8:0:1001::/64' "$T6_TMP/A/routelog")" \
    "A switched between equal paths"

# split horizon: C does not offer the default on the link it came from
t6_capture_stop "$T6_TMP/c-ne0.pcap"
t6_dissect_clean "$T6_TMP/c-ne0.pcap" 2
from_c=$(tshark -n -r "$T6_TMP/c-ne0.pcap" -Y "ipv6.src == $ll_c0 && ripng.cmd == 2" \
    -T fields -e ripng.rte.ipv6_prefix -E occurrence=a -E aggregator=' ' \
    2>/dev/null | tr ' ' '\n' | sort -u | grep -v '^$')
t6_assert_match '^2001:db8:0:1001::$' "$from_c" "C advertises 1001:: on ne0"
t6_assert_nomatch '^::$' "$from_c" "C advertises the default on ne0"

# D10: B's link to A goes down: B reroutes through C at once (metric 4)
nsx B ip link set ne0 down
t6_wait 5 "B's default through C" r6_fib_has B "^default via $ll_c1 dev ne1"
t6_assert_match '^::/0 +4 ' "$(r6ctl B show routes)" "B's default metric"
nsx B ip link set ne0 up
t6_wait 15 "B's default back through A" \
    r6_fib_has B "^default via $ll_a1 dev ne0"

# D11: the router A uses for 1001::/64 dies without a word; A switches
# to the other one when the route is half way to its timeout, so the
# route never leaves the kernel
t6_wait 15 "A's route to 1001::/64 settled" \
    r6_fib_has A "^2001:db8:0:1001::/64 via ($ll_b0|$ll_c0) dev ne1"
if r6_fib_has A "^2001:db8:0:1001::/64 via $ll_b0"; then
	dead=B other=$ll_c0
else
	dead=C other=$ll_b0
fi
r6_stop "$dead" KILL
start=$(date +%s%N)
t6_wait 8 "A switches to the surviving path" \
    r6_fib_has A "^2001:db8:0:1001::/64 via $other dev ne1"
took=$((($(date +%s%N) - start) / 1000000))
# half the 6 s timeout is 3 s; the dead router's last update may be up
# to 1.5 s older than the kill, and deadlines have a ~100 ms grain
[ "$took" -ge 1300 ] || t6_fail "switched after ${took} ms: before half-life"
[ "$took" -le 6000 ] || t6_fail "switched after ${took} ms: after timeout"
t6_assert_eq 0 "$(grep -c 'DEL: 2001:db8:0:1001::/64' "$T6_TMP/A/routelog")" \
    "A deleted 1001::/64 on the way"
t6_log "A switched from $dead after ${took} ms"
t6_pass
