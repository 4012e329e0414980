#!/bin/bash
# route6d, the book's route filters (S3, Fig 1-48): R listens only for
# the default on ne0 (-L ::/0: the default alone, not everything) and
# advertises only what falls in 2001:db8::/48 there (-O); what it hears
# elsewhere it still installs.  Variants: -L without ::/0 refuses the
# default; two -L accept both.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init

t6_ns U; t6_ns R; t6_ns L; t6_ns X host
t6_link U ne0 R ne0
t6_link R ne1 L ne0
t6_link U up0 X ne0 02:00:00:00:00:0a 02:00:00:00:00:0b
t6_addr R ne1 2001:db8:0:1000::2/64
t6_addr L ne0 2001:db8:0:1000::1/64
nsx L ip link add name stub type veth peer name stubp
nsx L ip link set stub up; nsx L ip link set stubp up
for p in 2001:db8:0:2000::1/64 2001:db8:5555::1/64; do
	t6_addr L stub "$p"
done
nsx U ip link add name stub type veth peer name stubp
nsx U ip link set stub up; nsx U ip link set stubp up
t6_addr U stub 2001:db8:ffff::1/64
nsx U ip -6 route add default via fe80::ff:fe00:b dev up0
for r in U R L; do t6_wait_dad "$r"; done

r6_start U -s
r6_start L
r6_start R -L ::/0,ne0 -O 2001:db8::/48,ne0
ll_u=$(t6_lladdr U ne0)
ll_r=$(t6_lladdr R ne0)

t6_wait 15 "R takes U's default" r6_fib_has R "^default via $ll_u dev ne0"
t6_wait 15 "R installs 5555::/64 from L" r6_fib_has R "^2001:db8:5555::/64 via"
t6_wait 15 "U learns 1000::/64" r6_fib_has U "^2001:db8:0:1000::/64 via $ll_r"
t6_wait 15 "U learns 2000::/64" r6_fib_has U "^2001:db8:0:2000::/64 via $ll_r"
# what -L kept out and -O kept back, over a few more update periods
t6_wait_quiet 3 r6_fib_has R "2001:db8:ffff::" &&
    t6_fail "R accepted U's ffff::/64 despite -L ::/0"
t6_wait_quiet 1 r6_fib_has U "2001:db8:5555::" &&
    t6_fail "R advertised 5555::/64 on ne0 despite -O"
t6_assert_match 'drop_rte-filtered +[1-9]' "$(r6ctl R show stats)"
dump=$(r6_dump R)
t6_assert_match '^		Listen-only\(::/0\)$' "$dump"
t6_assert_match '^		Advertise-only\(2001:db8::/48\)$' "$dump"

# -L without ::/0 refuses the default but takes what is inside
r6_stop R
r6_start R -L 2001:db8::/16,ne0
t6_wait 15 "R takes ffff::/64" r6_fib_has R "^2001:db8:ffff::/64 via $ll_u"
t6_wait_quiet 2 r6_fib_has R "^default" &&
    t6_fail "R took the default with -L 2001:db8::/16 only"
# both filters: both
r6_stop R
r6_start R -L ::/0,ne0 -L 2001:db8:ffff::/48,ne0
t6_wait 15 "R takes the default" r6_fib_has R "^default via $ll_u"
t6_wait 15 "R takes ffff::/64" r6_fib_has R "^2001:db8:ffff::/64 via $ll_u"
# and filters bind by name pattern
r6_stop R
r6_start R -L '::/0,ne[0-9]'
t6_wait 15 "R takes the default (pattern)" r6_fib_has R "^default via $ll_u"
t6_wait_quiet 2 r6_fib_has R "^2001:db8:ffff::" &&
    t6_fail "pattern filter ne[0-9] did not apply to ne0"
t6_pass
