#!/bin/bash
# Reception validation (spec S8, RFC 5880 6.8.6, RFC 5881 5): packets
# crafted in B's namespace, sent to A's port 3784 with hop limit 255
# unless the hop limit is the point, while A's session to B is Up.  Each
# is dropped and counted once, under its own counter of `bfdctl show
# counters` and no other; A logs it; A's session does not notice (no
# state change, B's packets keep it Up) and bfdd keeps running.  The
# datagram short of 24 bytes, version 0, Length 23, Length 40 in a
# 24-byte datagram, Length 25 with A set, an authentication section past
# Length, Auth Len 1, Detect Mult 0, M set, P and F both, My
# Discriminator 0, an unknown Your Discriminator, A's own discriminator
# on the multihop port, Your Discriminator 0 in Up and in Init, Your
# Discriminator 0 from an address with no session, A set on a session
# without authentication, hop limit 64 and 254 (IPv6) and TTL 254
# (IPv4) on the single hop port.  A zero UDP checksum (IPv6): dropped
# by the kernel, unless zero-udp6-checksum-rx is set (then it reaches
# bfdd, here to be counted as a bad Detect Mult).
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init

bfdt_t1
t6_addr B b0 2001:db8:1::bb/64 nodad
cat > "$(bfdd_conf A)" <<CONF
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b;
neighbor 192.0.2.2;
CONF
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::a local 2001:db8:1::b;
neighbor 192.0.2.1;
CONF
bfdd_start A
bfdd_start B
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 A 192.0.2.2 Up
bfdd_wait_state 5 B 2001:db8:1::a Up
ldisc=$(bfdd_field A 2001:db8:1::b local_disc)
rdisc=$(bfdd_field A 2001:db8:1::b remote_disc)
[ -n "$ldisc" ] && [ "$ldisc" != 0 ] || t6_fail "no discriminator"

# the drop counters (not rx/tx), "name value" lines
drops() {
	bfdctl A show counters | grep -Ev '^(rx_packets|tx_[a-z_]*|sessions) '
}
# try COUNTER SEND-ARGS...: the packet is counted under COUNTER only
try() {
	local want=$1 before after diff
	shift
	before=$(drops)
	bfdt_send B "$@"
	t6_wait 5 "A to count the packet as $want" bfdt_count_eq A "$want" \
	    $(($(printf '%s\n' "$before" | awk -v c="$want" '$1 == c { print $2 }') + 1))
	after=$(drops)
	diff=$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") |
	    grep '^>' | cut -c3- | cut -d' ' -f1 | tr '\n' ' ')
	t6_assert_eq "$want " "$diff" "counters moved by a packet for $want"
	t6_log "dropped as $want: $*"
}
B6=2001:db8:1::b
A6=2001:db8:1::a
up=(--state 3 --my "$rdisc" --your "$ldisc")

try ttl --hlim 64 "${up[@]}" $B6 $A6
try ttl --hlim 254 "${up[@]}" $B6 $A6
try ttl --hlim 254 --my 7 --your "$(bfdd_field A 192.0.2.2 local_disc)" \
    --state 3 192.0.2.2 192.0.2.1
try short --size 20 "${up[@]}" $B6 $A6
try short --size 0 "${up[@]}" $B6 $A6
try version --vers 0 "${up[@]}" $B6 $A6
try version --vers 2 "${up[@]}" $B6 $A6
try length --length 23 "${up[@]}" $B6 $A6
try length --length 40 --size 24 "${up[@]}" $B6 $A6
try length --flags A --length 25 --size 26 "${up[@]}" $B6 $A6
# a simple password section of 9 bytes in a Length of 30
try length --flags A --auth 010901736563726574 --length 30 --size 33 \
    "${up[@]}" $B6 $A6
try authlen --flags A --auth 0101 "${up[@]}" $B6 $A6
try mult --mult 0 "${up[@]}" $B6 $A6
try flags --flags M "${up[@]}" $B6 $A6
try flags --flags PF "${up[@]}" $B6 $A6
try mydisc --my 0 --state 3 --your "$ldisc" $B6 $A6
try nosession --state 3 --my "$rdisc" --your 0xdeadbeef $B6 $A6
# A's own discriminator, but to the multihop port: no such session there
try nosession --dport 4784 "${up[@]}" $B6 $A6
try initstate --state 3 --your 0 --my "$rdisc" $B6 $A6
try initstate --state 2 --your 0 --my "$rdisc" $B6 $A6
# a Down packet from B's other address: it matches no session, and
# bfdd makes none
try nomatch --state 1 --your 0 --my 0x1234 2001:db8:1::bb $A6
try authmismatch --flags A --auth 010901736563726574 "${up[@]}" $B6 $A6
# and a run of them together (the receive loop reads many at once)
before=$(bfdd_count A mult)
bfdt_send B --count 50 --mult 0 "${up[@]}" $B6 $A6
t6_wait 5 "A to count 50 more" bfdt_count_eq A mult $((before + 50))

# A logged what it dropped (rate limited, so not every packet)
for why in ttl short version length mult flags mydisc nosession initstate \
    nomatch authmismatch authlen; do
	t6_assert_match "bad packet from [0-9a-f:.]+: $why" \
	    "$(cat "$(t6_daemon_log A bfdd)")" "log of $why"
done
# nothing of it reached a session (each was counted as dropped before
# the state machine), nor made one, nor gave it a remote discriminator;
# the sessions are Up
t6_assert_eq 2 "$(bfdd_count A sessions)" "A's sessions"
for p in 2001:db8:1::b 192.0.2.2; do
	bfdd_wait_state 5 A $p Up
done
t6_assert_eq "$rdisc" "$(bfdd_field A 2001:db8:1::b remote_disc)" \
    "A's remote discriminator"

# a zero UDP checksum over IPv6: the kernel drops it before bfdd ...
csum_errors() {
	nsx A awk '$1 == "Udp6InCsumErrors" { print $2 }' /proc/net/snmp6
}
c0=$(csum_errors)
m0=$(bfdd_count A mult)
bfdt_send B --zero-csum --mult 0 "${up[@]}" $B6 $A6
csum_moved() { [ "$(csum_errors)" -gt "$c0" ]; }
t6_wait 5 "A's kernel to drop the zero checksum" csum_moved
t6_assert_eq "$m0" "$(bfdd_count A mult)" "A's mult drops, zero checksum"
# ... unless bfdd asks for them (a reload reopens its sockets)
echo 'options { zero-udp6-checksum-rx yes; };' >> "$(bfdd_conf A)"
reloads=$(grep -c reloaded "$(t6_daemon_log A bfdd)")
bfdd_hup A
reloaded() {
	[ "$(grep -c reloaded "$(t6_daemon_log A bfdd)")" -gt "$reloads" ]
}
t6_wait 5 "A to reload" reloaded
c0=$(csum_errors)
bfdt_send B --zero-csum --mult 0 "${up[@]}" $B6 $A6
t6_wait 5 "A to count the zero-checksum packet" bfdt_count_eq A mult \
    $((m0 + 1))
t6_assert_eq "$c0" "$(csum_errors)" "checksum errors with the option"
bfdd_wait_state 5 A 2001:db8:1::b Up

bfdt_timeouts_note A
t6_alive "${BFDD_PID[A]}" || t6_fail "A's bfdd died"
t6_pass
