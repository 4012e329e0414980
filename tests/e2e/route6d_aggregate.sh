#!/bin/bash
# route6d, the book's hierarchy with aggregation (S6, Fig 1-57): B and C
# summarise their leaves as /56s toward A (-A), A summarises both as a
# /52 toward the monitor M (-q); each aggregate is a reject route in its
# owner's kernel, is advertised only where its -A is, and suppresses what
# it covers there.
# t6-timeout: 180
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init

for r in M A B C D E F G H I; do t6_ns "$r"; done
t6_link M ne0 A up0
t6_addr M ne0 2001:db8:ffff::2/64
t6_addr A up0 2001:db8:ffff::1/64
t6_link A ne0 B ne0
t6_link A ne1 C ne0
i=1
for leaf in D E F; do
	t6_link B "ne$i" "$leaf" ne0
	nsx "$leaf" ip link add name stub type veth peer name stubp
	nsx "$leaf" ip link set stub up
	nsx "$leaf" ip link set stubp up
	t6_addr "$leaf" stub "2001:db8:0:$i::1/64"
	i=$((i + 1))
done
i=1
for leaf in G H I; do
	t6_link C "ne$i" "$leaf" ne0
	nsx "$leaf" ip link add name stub type veth peer name stubp
	nsx "$leaf" ip link set stub up
	nsx "$leaf" ip link set stubp up
	t6_addr "$leaf" stub "2001:db8:0:10$i::1/64"
	i=$((i + 1))
done
for r in M A B C D E F G H I; do t6_wait_dad "$r"; done

r6_start M -q
r6_start A -A 2001:db8:0::/52,up0
r6_start B -A 2001:db8:0::/56,ne0
r6_start C -A 2001:db8:0:100::/56,ne0
for r in D E F G H I; do r6_start "$r"; done

ll_b=$(t6_lladdr B ne0)
ll_c=$(t6_lladdr C ne0)
ll_a=$(t6_lladdr A up0)
t6_wait 20 "A learns B's /56" r6_fib_has A "^2001:db8::/56 via $ll_b dev ne0"
t6_wait 20 "A learns C's /56" \
    r6_fib_has A "^2001:db8:0:100::/56 via $ll_c dev ne1"
t6_wait 20 "M learns A's /52" r6_fib_has M "^2001:db8::/52 via $ll_a dev ne0"
t6_wait 20 "B learns its three leaves" sh -c \
    "[ \$(ip -n $(t6_nsname B) -6 route show proto rip | grep -Ec '^2001:db8:0:[123]::/64 (nhid [0-9]+ )?via') = 3 ]"
t6_wait 20 "D learns C's /56 through B" \
    r6_fib_has D "^2001:db8:0:100::/56 via"

# A holds no leaf /64, only the aggregates, and its own reject /52
fib_a=$(r6_fib A)
t6_assert_nomatch '::/64' "$fib_a" "A's kernel routes"
t6_assert_match '^unreachable 2001:db8::/52 ' "$fib_a" "A's aggregate"
# M hears only the /52, at metric 2
t6_assert_eq "2001:db8::/52" "$(r6_fib M | awk '{ print $1 }')" "M's routes"
t6_assert_match '^2001:db8::/52 +2 +rip ' "$(r6ctl M show routes)"
# B: its reject /56, and in its dump the aggregate and the filter
t6_assert_match '^unreachable 2001:db8::/56 ' "$(r6_fib B)" "B's aggregate"
dump=$(r6_dump B)
t6_assert_match '^    2001:db8::/56 if\(1:lo\) gw\(::1\) \[1\] age\(0\)$' "$dump"
t6_assert_match '^		Aggregate\(2001:db8::/56\)$' "$dump"
# the aggregate is not sent down to the leaves
for r in D E F; do
	t6_assert_nomatch '^2001:db8::/56 ' "$(r6_fib "$r")" \
	    "$r must not hear B's aggregate"
done
# reject semantics: a hole in an aggregate is unreachable, no loop
t6_assert_match 'No route to host' \
    "$(nsx B ip -6 route get 2001:db8:0:ff::1 2>&1)" "B's reject route"
out=$(nsx M ping -6 -c1 -W2 2001:db8:0:200::1 2>&1)
t6_assert_match 'From 2001:db8:ffff::1 .*[Uu]nreachable' "$out" \
    "A answers for the hole in its /52"

# a new leaf prefix under B changes nothing above B
t6_addr D stub 2001:db8:0:4::1/64
t6_wait 10 "B learns 4::/64" r6_fib_has B "^2001:db8:0:4::/64 via"
t6_wait_quiet 3 r6_fib_has A "2001:db8:0:4::" &&
    t6_fail "A learned a prefix that B's aggregate covers"

# SIGTERM: B's reject route leaves B's kernel with the rest
r6_stop B || t6_fail "B did not exit 0"
t6_assert_eq "" "$(r6_fib B)" "B's routes after SIGTERM"
t6_pass
