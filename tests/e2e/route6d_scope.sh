#!/bin/bash
# route6d, two neighbours with the same link-local address on two links
# (S2, Fig 1-41/1-46): the zone keeps them apart, so both routes install
# through "fe80::1", each on its own link.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init

t6_ns U; t6_ns R; t6_ns L
t6_link U ne0 R ne0
t6_link R ne1 L ne0
for n in U L; do
	nsx "$n" ip -6 addr flush dev ne0 scope link
	t6_addr "$n" ne0 fe80::1/64
done
t6_addr R ne1 2001:db8:0:1000::2/64
t6_addr L ne0 2001:db8:0:1000::1/64
nsx L ip link add name ne1 type veth peer name stubp
nsx L ip link set ne1 up; nsx L ip link set stubp up
t6_addr L ne1 2001:db8:0:2000::1/64
for r in U R L; do t6_wait_dad "$r"; done
ll_r=$(t6_lladdr R ne0)

r6_start U -T ne0
r6_start L
r6_start R
t6_wait 15 "R's default through fe80::1 on ne0" \
    r6_fib_has R "^default via fe80::1 dev ne0 "
t6_wait 15 "R's 2000::/64 through fe80::1 on ne1" \
    r6_fib_has R "^2001:db8:0:2000::/64 via fe80::1 dev ne1 "
dump=$(r6_dump R)
t6_assert_match '^    ::/0 if\([0-9]+:ne0\) gw\(fe80::1\) \[2\] age' "$dump"
t6_assert_match '^    2001:db8:0:2000::/64 if\([0-9]+:ne1\) gw\(fe80::1\) \[2\] age' "$dump"
t6_assert_match '^    2001:db8:0:1000::/64 if\([0-9]+:ne1\) gw\(2001:db8:0:1000::2\) \[1\] age\(0\)$' "$dump"
t6_wait 15 "U learns 1000::/64 through R" \
    r6_fib_has U "^2001:db8:0:1000::/64 via $ll_r dev ne0"
t6_wait 15 "U learns 2000::/64 through R" \
    r6_fib_has U "^2001:db8:0:2000::/64 via $ll_r dev ne0"
t6_assert_nomatch '^default' "$(r6_fib U)" "U hears its own default back"
t6_pass
