#!/bin/bash
# strict-bind: two bfdd in one namespace (A), each with an address of
# its own on a0 and strict-bind, both with a session to B's one bfdd.
# Each receives on a socket bound to its own address and interface, no
# wildcard socket exists, and all four sessions come Up (with wildcard
# sockets the second daemon's socket takes every packet).  A session
# removed by reload takes its address's socket with it; strict-bind
# turned off by reload brings back the wildcard sockets, sessions Up.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init

bfdt_t1
t6_addr A a0 2001:db8:1::aa/64 nodad
cat > "$(bfdd_conf A)" <<CONF
options { strict-bind; accept ipv6 direct; };
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b local 2001:db8:1::a;
CONF
# the second daemon in A: its own files, its own address
conf2=$(t6_path A bfdd2.conf)
cat > "$conf2" <<CONF
options { strict-bind; accept ipv6 direct;
    dump-file "$(t6_path A bfdd2.dump)"; };
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b local 2001:db8:1::aa;
CONF
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::a;
neighbor 2001:db8:1::aa;
CONF
bfdd_start A
t6_daemon A bfdd2 "$T6_BIN/bfdd" -d -c "$conf2" \
    -p "$(t6_path A bfdd2.pid)" -s "$(t6_path A bfdd2.sock)"
PID2=$T6_PID
ctl2() { "$T6_BIN/bfdctl" -s "$(t6_path A bfdd2.sock)" "$@"; }
t6_wait 10 "the second bfdd in A to answer" ctl2 show counters
bfdd_start B

state2() {
	ctl2 show sessions | awk '$1 == "2001:db8:1::b" { print $3 }'
}
up2() { [ "$(state2)" = Up ]; }
bfdd_wait_state 10 A 2001:db8:1::b Up
t6_wait 10 "the second daemon's session Up" up2
bfdd_wait_state 5 B 2001:db8:1::a Up
bfdd_wait_state 5 B 2001:db8:1::aa Up

# listening sockets on 3784 in A, "address%interface pid"
listeners() {
	nsx A ss -H -u -l -n -p | awk '$4 ~ /:3784$/ {
		match($0, /pid=[0-9]+/)
		print $4, substr($0, RSTART + 4, RLENGTH - 4) }' | sort
}
l=$(listeners)
t6_log "A's sockets on 3784: $(printf '%s' "$l" | tr '\n' ';')"
t6_assert_eq 2 "$(printf '%s\n' "$l" | grep -c .)" "sockets on 3784 in A"
t6_assert_match "^\[2001:db8:1::a\]%a0:3784 ${BFDD_PID[A]}$" "$l"
t6_assert_match "^\[2001:db8:1::aa\]%a0:3784 $PID2$" "$l"
t6_assert_nomatch "\*:3784|\[::\]:3784" "$l" "a wildcard socket"

# a second of traffic and nothing falls: each hears its own peer
down() {
	[ "$(bfdd_state A 2001:db8:1::b)" != Up ] || ! up2 ||
	    [ "$(bfdd_state B 2001:db8:1::a)" != Up ] ||
	    [ "$(bfdd_state B 2001:db8:1::aa)" != Up ]
}
t6_wait_quiet 1 down && t6_fail "a session fell"

# the second daemon's session removed: its socket goes with it
cat > "$conf2" <<CONF
options { strict-bind; accept ipv6 direct;
    dump-file "$(t6_path A bfdd2.dump)"; };
CONF
kill -HUP "$PID2"
gone() { ! listeners | grep -q '2001:db8:1::aa'; }
t6_wait 5 "the socket of 2001:db8:1::aa to close" gone

# strict-bind off in the first: back to the wildcard, the session kept
sed -i 's/strict-bind; //' "$(bfdd_conf A)"
bfdd_hup A
wild() { listeners | grep -Eq '^(\*|\[::\]):3784 '; }
t6_wait 5 "a wildcard socket in A" wild
a_down() { [ "$(bfdd_state A 2001:db8:1::b)" != Up ]; }
t6_wait_quiet 1 a_down && t6_fail "A's session fell with strict-bind off"
t6_assert_nomatch "2001:db8:1::b%a0: Up -> " \
    "$(cat "$(t6_daemon_log A bfdd)")" "a state change in the reloads"
t6_pass
