#!/bin/bash
# route6d under bad input (D13 and the issue's list): responses from a
# global source, from a port other than 521, at hop limit 254, with
# version 2 or command 3, truncated or ragged, with RTEs for multicast,
# loopback and link-local destinations, metrics 0 and 20, prefix length
# 129, a next hop naming R itself, and a burst of 10,000 routes into a
# table limited to 5,000: each is counted under its reason and dropped,
# the kernel table does not change, and route6d keeps running.
# t6-timeout: 180
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init
t6_need /usr/bin/python3

t6_ns R; t6_ns Y host
t6_link R ne1 Y ne0 02:00:00:00:00:01 02:00:00:00:00:02
t6_addr R ne1 2001:db8:1::1/64
t6_wait_dad R; t6_wait_dad Y
# long timers: the injected routes are never refreshed
R6_TIMERS=5,120,60 r6_start R -M 5000
ll_r=fe80::ff:fe00:1
inj() { nsx Y /usr/bin/python3 "$T6_TOP/tests/lib/ripng.py" inject ne0 "$@" \
    >/dev/null 2>&1 || t6_fail "inject $*"; }
stat() { r6ctl R show stats | awk -v k="$1" '$1 == k { print $2 }'; }
# expect COUNTER DELTA: wait for the counter to grow by DELTA
declare -A base
snap() { local k; for k in $(r6ctl R show stats | awk '{ print $1 }'); do
    base[$k]=$(stat "$k"); done; }
expect() {
	t6_wait 5 "$1 to grow by $2" \
	    test "$(stat "$1")" -ge $((${base[$1]:-0} + $2))
	t6_assert_eq $((${base[$1]:-0} + $2)) "$(stat "$1")" "$1"
}

snap
inj --src 2001:db8:1::bad --rte 2001:db8:a::/48/1
expect drop_source-not-link-local 1
inj --sport 520 --rte 2001:db8:a::/48/1
expect drop_source-port 1
inj --hlim 254 --rte 2001:db8:a::/48/1
expect drop_hop-limit 1
# a unicast response to a global address must come at 255 too
inj --dst 2001:db8:1::1 --hlim 64 --rte 2001:db8:a::/48/1
expect drop_hop-limit 2
inj --version 2 --rte 2001:db8:a::/48/1
expect drop_bad-version 1
inj --command 3 --rte 2001:db8:a::/48/1
expect drop_bad-command 1
inj --rte 2001:db8:a::/48/1 --trailer 0a0b0c
expect drop_bad-length 1
inj --trailer ""
expect drop_short 1
inj --rte ff02::/16/1 --rte ::1/128/1 --rte fe80::/64/1
expect drop_rte-prefix 3
inj --rte 2001:db8:a::/48/0 --rte 2001:db8:b::/48/20
expect drop_rte-metric 2
inj --rte 2001:db8:a::/129/1
expect drop_rte-prefix-length 1
inj --nexthop "$ll_r" --rte 2001:db8:c::/48/1
expect drop_rte-next-hop-self 1
t6_assert_eq "" "$(r6_fib R)" "kernel routes after bad input"

# the same path takes a good RTE (so the drops above are not vacuous)
inj --rte 2001:db8:a::/48/1
t6_wait 5 "the good RTE" r6_fib_has R "^2001:db8:a::/48 via fe80::bad dev ne1"

# 10,000 routes back to back into a table capped at 5,000 routes
inj --routes 10000 --base 2001:db8:100::/48
t6_wait 30 "5,000 routes in the RIB" sh -c \
    "'$T6_BIN/route6ctl' -s '$(t6_path R route6d.sock)' show stats |
    grep -Eq '^routes +5000$'"
t6_wait 30 "table-full drops counted" \
    test "$(stat drop_rte-table-full)" -ge 5001
# the RIB's 5,000 are R's own prefix and 4,999 learned ones
t6_wait 30 "4,999 routes in the kernel" sh -c \
    "[ \$(ip -n $(t6_nsname R) -6 route show proto rip | wc -l) = 4999 ]"
t6_alive "${R6_PID[R]}" || t6_fail "route6d died"
t6_assert_match 'routing table full' "$(cat "$(t6_daemon_log R route6d)")"
t6_pass
