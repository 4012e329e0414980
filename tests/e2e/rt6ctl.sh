#!/bin/bash
# Scenario S1 of route6d.md (the book's rtadd6) with rt6ctl, in a network
# namespace: add, duplicate add, host route, bad prefix length, zone-less
# link-local gateway, delete twice; then the rest of rt6ctl's commands.
# t6-timeout: 120

: "${T6_TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$T6_TOP/tests/lib/t6.sh"

t6_init
RT6CTL=$T6_BIN/rt6ctl
t6_need "$RT6CTL"
t6_ns R
t6_ns S host
t6_link R ne0 S ne1

rt() {
	nsx R "$RT6CTL" "$@"
}

# run CMD...: its output (stdout and stderr) in $out, status in $rc.
run() {
	out=$("$@" 2>&1)
	rc=$?
}

# 1. rtadd6 2001:db8:1234::/48 fe80::1%ne0
run rt add 2001:db8:1234::/48 fe80::1%ne0
t6_assert_eq 0 "$rc" "add: $out"
show=$(nsx R ip -6 route show 2001:db8:1234::/48)
t6_assert_match '^2001:db8:1234::/48 via fe80::1 dev ne0 ' "$show" \
    "the route is in the FIB"

# 2. the same again: EEXIST
run rt add 2001:db8:1234::/48 fe80::1%ne0
t6_assert_eq 1 "$rc" "exit status of a duplicate add"
t6_assert_match '^rt6ctl: add 2001:db8:1234::/48: File exists' "$out" \
    "a duplicate add says File exists"

# 3. no /plen: a host route
run rt add 2001:db8::1 fe80::1%ne0
t6_assert_eq 0 "$rc" "host route: $out"
show=$(nsx R ip -6 route show 2001:db8::1/128)
t6_assert_match '^2001:db8::1 via fe80::1 dev ne0 ' "$show" "a /128 entry"

# 4. /129
run rt add 2001:db8::/129 fe80::1%ne0
t6_assert_eq 1 "$rc" "exit status for /129"
t6_assert_eq "rt6ctl: prefix length is out of range: 129" "$out" \
    "the /129 message"

# 5. a link-local gateway without a zone
run rt add 2001:db8:5::/48 fe80::1
t6_assert_eq 1 "$rc" "exit status for a zone-less gateway"
t6_assert_match '^rt6ctl: fe80::1: a link-local gateway needs a zone' \
    "$out" "the zone-less gateway message"
show=$(nsx R ip -6 route show 2001:db8:5::/48)
t6_assert_eq "" "$show" "nothing installed without a zone"
# ... but dev gives it one
run rt add 2001:db8:5::/48 fe80::1 dev ne0
t6_assert_eq 0 "$rc" "gateway with dev: $out"

# 6. delete, then delete again: ESRCH
run rt del 2001:db8:1234::/48
t6_assert_eq 0 "$rc" "del: $out"
show=$(nsx R ip -6 route show 2001:db8:1234::/48)
t6_assert_eq "" "$show" "the route is gone"
run rt del 2001:db8:1234::/48
t6_assert_eq 1 "$rc" "exit status of a second delete"
t6_assert_match '^rt6ctl: del 2001:db8:1234::/48: No such process' "$out" \
    "a second delete says No such process"

# Usage errors exit 2 with the usage; unknown names exit 1.
run rt
t6_assert_eq 2 "$rc" "no command"
t6_assert_match '^usage: rt6ctl' "$out" "usage shown"
run rt frobnicate
t6_assert_eq 2 "$rc" "unknown command"
run rt add
t6_assert_eq 2 "$rc" "add without a destination"
run rt add 2001:db8:6::/48 fe80::1%ne0 bogus
t6_assert_eq 2 "$rc" "a stray word"
run rt add 2001:db8:6::/48 dev ne9
t6_assert_eq 1 "$rc" "unknown interface"
t6_assert_match '^rt6ctl: ne9: no such interface' "$out" \
    "unknown interface message"
run rt add 2001:db8:6::/48 fe80::1%ne9
t6_assert_eq 1 "$rc" "unknown zone"
t6_assert_match 'ne9: no such interface' "$out" "unknown zone message"
run rt add 2001:db8:6::1/48 fe80::1%ne0
t6_assert_eq 1 "$rc" "host bits set"
run rt add 2001:db8:6::/48 fe80::1%ne0 proto nonsense
t6_assert_eq 1 "$rc" "unknown protocol"

# Protocol, metric, reject types, multipath, get, dump, flush.
run rt add 2001:db8:7::/48 fe80::2%ne0 proto rip metric 20
t6_assert_eq 0 "$rc" "add proto rip: $out"
show=$(nsx R ip -6 route show 2001:db8:7::/48)
t6_assert_match 'proto rip metric 20' "$show" "proto and metric"
run rt add 2001:db8:7::/48 fe80::3%ne0 proto rip metric 30
t6_assert_eq 0 "$rc" "same prefix, other metric: $out"
run rt add 2001:db8:8::/48 type unreachable proto rip
t6_assert_eq 0 "$rc" "unreachable: $out"
show=$(nsx R ip -6 route show 2001:db8:8::/48)
t6_assert_match '^unreachable 2001:db8:8::/48' "$show" "an unreachable route"
run rt add 2001:db8:9::/48 type blackhole
t6_assert_eq 0 "$rc" "blackhole: $out"
run rt add 2001:db8:a::/48 type prohibit
t6_assert_eq 0 "$rc" "prohibit: $out"
nsx R ip link add name ne2 type veth peer name ne3
nsx R ip link set ne2 up
nsx R ip link set ne3 up
run rt add 2001:db8:b::/48 proto rip nexthop fe80::1%ne0 weight 3 \
    nexthop fe80::2 dev ne2
t6_assert_eq 0 "$rc" "multipath: $out"
show=$(nsx R ip -6 route show 2001:db8:b::/48)
t6_assert_match 'nexthop via fe80::1 dev ne0 weight 3' "$show" "first hop"
t6_assert_match 'nexthop via fe80::2 dev ne2 weight 1' "$show" "second hop"
run rt replace 2001:db8:1234::/48 fe80::9%ne0
t6_assert_eq 0 "$rc" "replace creates: $out"
run rt replace 2001:db8:1234::/48 fe80::a%ne0
t6_assert_eq 0 "$rc" "replace: $out"
show=$(nsx R ip -6 route show 2001:db8:1234::/48)
t6_assert_match '^2001:db8:1234::/48 via fe80::a dev ne0' "$show" \
    "replaced in place"

run rt get 2001:db8:1234::42
t6_assert_eq 0 "$rc" "get: $out"
t6_assert_eq "2001:db8:1234::/48 via fe80::a dev ne0 proto boot metric 1024" \
    "$out" "get prints the matching route"
run rt get 2001:db9::1
t6_assert_eq 1 "$rc" "get without a route"
t6_assert_match 'Network is unreachable' "$out" "no route"

run rt dump proto rip
t6_assert_eq 0 "$rc" "dump: $out"
t6_assert_eq 4 "$(printf '%s\n' "$out" | wc -l)" "four rip routes"
t6_assert_match '^2001:db8:7::/48 via fe80::2 dev ne0 proto rip metric 20$' \
    "$out" "dump line"
t6_assert_match '^unreachable 2001:db8:8::/48 proto rip' "$out" \
    "dump of a reject route"
run rt -j dump
t6_assert_eq 0 "$rc" "dump -j: $out"
if command -v python3 >/dev/null; then
	py=$(printf '%s' "$out" | python3 -c '
import json, sys
routes = json.load(sys.stdin)
mp = [r for r in routes if r["dst"] == "2001:db8:b::"][0]
print(mp["plen"], mp["proto"], mp["type"], len(mp["nexthops"]),
    sorted(h["weight"] for h in mp["nexthops"]),
    sorted(h["dev"] for h in mp["nexthops"]))
') || t6_fail "dump -j is not the expected JSON: $out"
	t6_assert_eq "48 rip unicast 2 [1, 3] ['ne0', 'ne2']" "$py" \
	    "the multipath route in JSON"
fi
run rt -t 100 add 2001:db8:c::/48 fe80::1%ne0 proto rip
t6_assert_eq 0 "$rc" "add to table 100: $out"
run rt dump table 100
t6_assert_match \
    '^2001:db8:c::/48 via fe80::1 dev ne0 proto rip metric 1024 table 100$' \
    "$out" "table 100"
run rt dump table all proto rip
t6_assert_eq 5 "$(printf '%s\n' "$out" | wc -l)" "rip routes in all tables"

run rt flush proto rip
t6_assert_eq 0 "$rc" "flush: $out"
show=$(nsx R ip -6 route show proto rip)
t6_assert_eq "" "$show" "no rip routes left in main"
show=$(nsx R ip -6 route show table 100 proto rip)
t6_assert_match 2001:db8:c:: "$show" "other tables untouched"
run rt flush proto rip table all
show=$(nsx R ip -6 route show table 100 proto rip)
t6_assert_eq "" "$show" "flushed in every table"
show=$(nsx R ip -6 route show 2001:db8:1234::/48)
t6_assert_match 'via fe80::a' "$show" "other protocols untouched"

# monitor: one line per change; SIGTERM ends it with status 0.
t6_daemon R monitor "$RT6CTL" monitor
mon=$T6_PID
log=$(t6_daemon_log R monitor)
# It is listening once a probe change shows up.
probe() {
	rt replace 2001:db8:ff::/48 dev ne0 >/dev/null 2>&1
	grep -q '2001:db8:ff::/48' "$log"
}
t6_wait 10 "rt6ctl monitor to listen" probe
nsx R ip -6 route add 2001:db8:d::/48 via fe80::5 dev ne0 proto static
t6_wait 10 "monitor to see the add" \
    grep -q '^add 2001:db8:d::/48 via fe80::5 dev ne0 proto static' "$log"
nsx R ip -6 route del 2001:db8:d::/48
t6_wait 10 "monitor to see the delete" grep -q '^del 2001:db8:d::/48' "$log"
t6_stop "$mon" TERM
t6_assert_eq 0 "$?" "monitor exit status after SIGTERM"

t6_pass
