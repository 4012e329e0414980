#!/bin/bash
# route6d follows interfaces as they change (D16 and KAME's K12, K13,
# K16): it starts while link-local addresses are still tentative and
# takes the links into use when DAD is done; a link created later is
# used, and a -N filter given by pattern before it existed applies to it;
# an address added later is advertised and one removed is withdrawn; a
# link deleted and created again (same name) is joined to ff02::9 again.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init

t6_ns R; t6_ns X; t6_ns Y
t6_link R ne0 X ne0
nsx R ip link add name stub type veth peer name stubp
nsx R ip link set stub up; nsx R ip link set stubp up
igmp_has() { nsx "$1" cat /proc/net/igmp6 |
    grep -q "$2 *ff020000000000000000000000000009"; }
# start at once: R's and X's link-locals are still tentative (DAD ~2 s)
tentative=$(nsx R ip -6 addr show dev ne0 tentative)
r6_start R -N 'late*'
r6_start X
[ -n "$tentative" ] || t6_log "note: DAD was already over before the start"
t6_wait 15 "R uses ne0 once DAD is done" igmp_has R ne0
t6_assert_match '^ne0 +[0-9]+ +running ' "$(r6ctl R show interfaces)"
t6_alive "${R6_PID[R]}" || t6_fail "route6d stopped on a tentative address"

# an address added while running is advertised; removed, withdrawn
t6_addr R stub 2001:db8:10::1/64
ll_r=$(t6_lladdr R ne0)
t6_wait 10 "X learns the new prefix" r6_fib_has X "^2001:db8:10::/64 via $ll_r"
nsx R ip -6 addr del 2001:db8:10::1/64 dev stub
t6_wait 5 "X drops the removed prefix" r6_fib_lacks X "2001:db8:10::"

# a link that appears later
t6_link R ne1 Y ne0
nsx Y ip link add name stub type veth peer name stubp
nsx Y ip link set stub up; nsx Y ip link set stubp up
t6_addr Y stub 2001:db8:20::1/64
r6_start Y
t6_wait 15 "R learns Y's prefix on the new link" \
    r6_fib_has R "^2001:db8:20::/64 via .* dev ne1"
t6_wait 10 "X hears it through R" r6_fib_has X "^2001:db8:20::/64 via $ll_r"

# a filter by pattern binds to a link created after the start
t6_link R late0 Y late0
t6_wait 10 "late0 is up in R" sh -c "ip -n $(t6_nsname R) link show late0 | grep -q LOWER_UP"
t6_wait_dad R
t6_wait 5 "late0 listed as no-use" sh -c "'$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show interfaces | grep -Eq '^late0 +[0-9]+ +no-use'"

# the link goes away and comes back under the same name: joined again
nsx R ip link del ne1
t6_wait 5 "R drops Y's prefix with the link" r6_fib_lacks R "2001:db8:20::"
t6_wait 5 "X drops it too" r6_fib_lacks X "2001:db8:20::"
t6_link R ne1 Y ne1
t6_wait 15 "R joins ff02::9 on the new ne1" igmp_has R ne1
t6_wait 15 "R learns Y's prefix again" r6_fib_has R "^2001:db8:20::/64 via .* dev ne1"
# renamed while down: followed under its new name
nsx R ip link set ne1 down
nsx R ip link set ne1 name ne9
nsx R ip link set ne9 up
t6_wait 15 "R learns Y's prefix on ne9" r6_fib_has R "^2001:db8:20::/64 via .* dev ne9"
t6_assert_match '^ne9 +[0-9]+ +running ' "$(r6ctl R show interfaces)"
t6_pass
