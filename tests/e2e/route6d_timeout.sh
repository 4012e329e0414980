#!/bin/bash
# route6d, routes that stop being refreshed (D9) and restarts: when L
# dies without a word, R takes L's routes out of the kernel at the
# timeout (RFC 2080 2.3; KAME kept them 300 s), advertises them at 16
# through the garbage period, then forgets them.  A route6d killed with
# SIGKILL leaves its routes behind; the next one removes them at start.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init

t6_ns X; t6_ns R; t6_ns L
t6_link X ne0 R ne0
t6_link R ne1 L ne0
nsx L ip link add name stub type veth peer name stubp
nsx L ip link set stub up; nsx L ip link set stubp up
t6_addr L stub 2001:db8:1::1/64
for r in X R L; do t6_wait_dad "$r"; done
ll_l=$(t6_lladdr L ne0)

r6_start X
r6_start R
r6_start L
t6_wait 15 "R learns L's prefix" r6_fib_has R "^2001:db8:1::/64 via $ll_l"
t6_wait 15 "X learns L's prefix" r6_fib_has X "^2001:db8:1::/64 via"

# L dies silently: timeout 6 s after its last update (at most one
# update period, 1.5 s, before the kill)
r6_stop L KILL
start=$(date +%s%N)
t6_wait 12 "R drops the route from the kernel" r6_fib_lacks R "2001:db8:1::"
took=$((($(date +%s%N) - start) / 1000000))
[ "$took" -ge 4000 ] || t6_fail "route removed after ${took} ms, before the timeout"
t6_log "R dropped the route ${took} ms after L died"
# in the garbage period: still in the RIB at 16, told to X at 16
t6_assert_match '^2001:db8:1::/64 +16 .* garbage' "$(r6ctl R show routes)"
t6_wait 3 "X hears the route is gone" r6_fib_lacks X "2001:db8:1::"
# then forgotten after the garbage time (4 s)
t6_wait 8 "R forgets the route" sh -c "! '$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show routes | grep -q '2001:db8:1::/64'"

# and the silent neighbour itself is forgotten
t6_wait 8 "R forgets L as a neighbour" sh -c "! '$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show neighbors | grep -q '^$ll_l '"

# a route6d killed outright leaves its routes in the kernel ...
r6_start L
t6_wait 15 "R learns L's prefix again" r6_fib_has R "^2001:db8:1::/64 via $ll_l"
r6_stop R KILL
r6_stop L KILL
t6_assert_match "^2001:db8:1::/64 via $ll_l" "$(r6_fib R)" \
    "routes left by a killed route6d"
# ... and the next route6d removes them first thing
r6_start R
t6_assert_eq "" "$(r6_fib R)" "stale routes after a restart"
t6_assert_match 'removed 1 stale routes \(proto rip\)' \
    "$(cat "$(t6_daemon_log R route6d)")"
# a second instance with the same pid file refuses to start
out=$(nsx R "$T6_BIN/route6d" -d -p "$(t6_path R route6d.pid)" \
    -C "$T6_TMP/other.sock" -F "$T6_TMP/other.dump" 2>&1) && rc=0 || rc=$?
t6_assert_eq 1 "$rc" "exit status of a second instance"
t6_assert_match 'route6d already running \(pid [0-9]+' "$out"
t6_pass
