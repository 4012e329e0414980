#!/bin/bash
# 100 sessions between two bfdd at 50 ms x 3 (one pair of addresses
# each, chosen with `local`): all come Up, none flaps for three seconds,
# and B's packets lost (nftables drop in A) take every one Down, A with
# diag 1 and B with diag 3 (it was told), each within its detection time
# and a margin.  On the wire (S22): one source port per session, 100
# different ones, all in 49152-65535, none changing.  Each of A's
# sessions sends through a connected socket of its own; B runs with a
# limit of 100 descriptors, so that 36 of its sessions get one (64 are
# kept for the control socket and reloads) and the others send through
# the shared raw socket, from the same ports, and are counted.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need nft tshark tcpdump

N=100
bfdt_t1
for n in A B; do
	l=$(printf '%s' $n | tr AB ab)
	for i in $(seq 1 $N); do
		printf 'address add 2001:db8:1::%s:%x/64 dev %s0 nodad\n' "$l" "$i" "$l"
	done > "$T6_TMP/$n.batch"
	nsx $n ip -batch "$T6_TMP/$n.batch" || t6_fail "addresses in $n"
done
{
	echo 'interface "a0" { interval 50ms; multiplier 3; };'
	for i in $(seq 1 $N); do
		printf 'neighbor 2001:db8:1::b:%x local 2001:db8:1::a:%x;\n' "$i" "$i"
	done
} > "$(bfdd_conf A)"
{
	echo 'interface "b0" { interval 50ms; multiplier 3; };'
	for i in $(seq 1 $N); do
		printf 'neighbor 2001:db8:1::a:%x local 2001:db8:1::b:%x;\n' "$i" "$i"
	done
} > "$(bfdd_conf B)"
start=$(bfdt_ms)
bfdd_start A
BFDD_NOFILE=100 bfdd_start B
# count NAME STATE: sessions of NAME in STATE
count() {
	bfdctl "$1" show sessions | awk -v s="$2" '$3 == s { n++ } END { print n + 0 }'
}
all_in() { [ "$(count "$1" "$2")" = $N ]; }
t6_wait 20 "A's $N sessions Up" all_in A Up
t6_wait 10 "B's $N sessions Up" all_in B Up
t6_log "$N sessions Up in $(($(bfdt_ms) - start)) ms"
# sockets connected to a peer's port 3784, by owner
connected() {
	nsx "$1" ss -H -u -n -p state established |
	    awk -v p="pid=${BFDD_PID[$1]}," '$4 ~ /:3784$/ && index($0, p) { n++ }
		END { print n + 0 }'
}
t6_assert_eq $N "$(connected A)" "A's sessions with a socket of their own"
t6_assert_eq 36 "$(connected B)" "B's sessions with a socket of their own"
fails=$(bfdctl B show counters | awk '$1 == "tx_socket_fails" { print $2 }')
[ "${fails:-0}" -gt 0 ] || t6_fail "B counted no tx_socket_fails"
t6_wait 5 "B to log the fallback" grep -q 'no socket of its own' \
    "$(t6_daemon_log B bfdd)"

# three seconds Up: no flap anywhere
cap=$T6_TMP/a0.pcap
t6_capture A a0 "$cap" "udp port 3784"
flapped() {
	bfdt_json "$1" | python3 -c '
import json, sys
bad = [s["peer"] for s in json.load(sys.stdin)
       if s["state"] != "Up" or s["up"] != 1 or s["down"] != 0]
sys.exit(0 if bad else 1)'
}
t6_wait_quiet 3 flapped A && t6_fail "a session of A flapped"
flapped B && t6_fail "a session of B flapped"
t6_capture_stop "$cap"
# S22: a source port per session, all different, in range, constant;
# for B, whether its session has a socket of its own or not
all=$(bfdt_fields "$cap" "bfd" ipv6.src udp.srcport | sort -u)
for n in a b; do
	pairs=$(printf '%s\n' "$all" | grep "^2001:db8:1::$n:")
	t6_assert_eq $N "$(printf '%s\n' "$pairs" | cut -f1 | sort -u | wc -l)" \
	    "$n's sessions on the wire"
	t6_assert_eq $N "$(printf '%s\n' "$pairs" | wc -l)" \
	    "$n's (source address, port) pairs: a port changed"
	t6_assert_eq $N "$(printf '%s\n' "$pairs" | cut -f2 | sort -u | wc -l)" \
	    "$n's different source ports"
	printf '%s\n' "$pairs" |
	    awk '$2 < 49152 || $2 > 65535 { bad = 1 } END { exit bad }' ||
	    t6_fail "a source port of $n out of 49152-65535"
done

# cut: B's packets dropped in A; every session goes Down at once
bfdd_nft_drop A
t0=$(bfdt_ms)
t6_wait 5 "A's $N sessions Down" all_in A Down
took=$(($(bfdt_ms) - t0))
t6_wait 5 "B's $N sessions Down" all_in B Down
t6_log "A saw all $N sessions fail in ${took} ms (detection time 150 ms)"
[ "$took" -le 1000 ] || t6_fail "detection of $N sessions took ${took} ms"
diags=$(bfdt_json A | python3 -c 'import json, sys
print(" ".join(sorted({str(s["local_diag"]) for s in json.load(sys.stdin)})))')
t6_assert_eq 1 "$diags" "A's diagnostics"
diags=$(bfdt_json B | python3 -c 'import json, sys
print(" ".join(sorted({str(s["local_diag"]) for s in json.load(sys.stdin)})))')
t6_assert_eq 3 "$diags" "B's diagnostics"
bfdd_nft_clear A
t6_wait 20 "A's $N sessions Up again" all_in A Up
t6_pass
