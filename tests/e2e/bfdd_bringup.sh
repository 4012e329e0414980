#!/bin/bash
# bfdd brings sessions up between two daemons (spec S1, S2 and IPv4):
# a link-local single hop session with default timers (the table row
# reads 0.300/0.900, gaps between packets 225-300 ms), a global one with
# the asymmetric timers of BIRD's documentation example (S2: each side's
# Interval and Timeout, the detail view's local and remote parameters,
# and the same numbers in `bfdctl -j`), and an IPv4 one.  On the wire,
# dissected by tshark without a malformed packet: UDP 3784, one source
# port per session, constant and in 49152-65535, hop limit (TTL) 255,
# traffic class 0xc0, version 1, length 24, no C/D/M/A bit, never P with
# F, Required Min Echo RX 0, nonzero My Discriminator, Your Discriminator
# the peer's; B's kernel finds no UDP checksum wrong.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

bfdt_t1
cat > "$(bfdd_conf A)" <<CONF
interface "a0" { min-rx-interval 20ms; min-tx-interval 50ms;
    idle-tx-interval 1s; multiplier 5; };
neighbor $LL_B%a0 { interval 300ms; multiplier 3; };
neighbor 2001:db8:1::b;
neighbor 192.0.2.2 { interval 30ms; multiplier 3; };
CONF
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { min-rx-interval 10ms; min-tx-interval 100ms; multiplier 5; };
neighbor $LL_A interface "b0" { interval 300ms; multiplier 3; };
neighbor 2001:db8:1::a;
neighbor 192.0.2.1 { interval 30ms; multiplier 3; };
CONF
cap=$T6_TMP/a0.pcap
t6_capture A a0 "$cap" "udp"
bfdd_start A
bfdd_start B
for p in "$LL_B" 2001:db8:1::b 192.0.2.2; do
	bfdd_wait_state 5 A "$p" Up
done
for p in "$LL_A" 2001:db8:1::a 192.0.2.1; do
	bfdd_wait_state 5 B "$p" Up
done

# the rows (the peer's Up timers arrive with its first Up packet, a
# moment after the session is Up here)
row() { bfdctl "$1" show sessions | grep -Eq -- "$2"; }
# S1: default timers on the link-local session
t6_wait 5 "S1 row" row A "^$LL_B +a0 +Up +[0-9:.]+ +0\.300 +0\.900\$"
# S2: Interval = max(own min-tx, peer's min-rx); Timeout = peer's mult
# x max(own min-rx, peer's min-tx)
t6_wait 5 "S2 row in A" row A \
    "^2001:db8:1::b +a0 +Up +[0-9:.]+ +0\.050 +0\.500\$"
t6_wait 5 "S2 row in B" row B \
    "^2001:db8:1::a +b0 +Up +[0-9:.]+ +0\.100 +0\.250\$"
t6_wait 5 "IPv4 row in A" row A \
    "^192\.0\.2\.2 +a0 +Up +[0-9:.]+ +0\.030 +0\.090\$"
detail=$(bfdctl A show session 2001:db8:1::b)
t6_assert_match "Session type: +Direct" "$detail"
t6_assert_match "Remote state: +Up" "$detail"
want="  Local parameters:
    Min TX interval:     0.050
    Min RX interval:     0.020
    Demand mode:         No
    Multiplier:          5
  Remote parameters:
    Min TX interval:     0.100
    Min RX interval:     0.010
    Demand mode:         No
    Multiplier:          5"
printf '%s\n' "$detail" | grep -A9 '^  Local parameters:' > "$T6_TMP/params"
t6_assert_eq "$want" "$(cat "$T6_TMP/params")" "S2 detail view"
# the same in JSON
for kv in state=Up tx_interval_us=50000 detect_time_us=500000 \
    min_tx_us=50000 min_rx_us=20000 multiplier=5 remote_min_tx_us=100000 \
    remote_min_rx_us=10000 remote_multiplier=5 type=direct family=ipv6 \
    interface=a0 local=2001:db8:1::a auth=none; do
	t6_assert_eq "${kv#*=}" "$(bfdd_field A 2001:db8:1::b "${kv%%=*}")" \
	    "JSON ${kv%%=*} of A's S2 session"
done
t6_assert_eq 100000 "$(bfdd_field B 2001:db8:1::a tx_interval_us)" \
    "JSON tx interval in B"
t6_assert_eq 250000 "$(bfdd_field B 2001:db8:1::a detect_time_us)" \
    "JSON detection time in B"
t6_assert_eq ipv4 "$(bfdd_field A 192.0.2.2 family)" "JSON family"
t6_assert_eq "$LL_A" "$(bfdd_field A "$LL_B" local)" "link-local source"
# bfdctl -j is JSON a parser reads, a list of one object per session
n=$(bfdctl A -j show sessions | python3 -c \
    'import json,sys; print(len(json.load(sys.stdin)))')
t6_assert_eq 3 "$n" "sessions in bfdctl -j"

# a few seconds of Up traffic: 8 or more gaps of the 300 ms session
periodic="ipv6.src == $LL_A && bfd.sta == 3 && bfd.flags.p == 0 && \
    bfd.flags.f == 0"
# (counted by bfdd: polling tshark would load the machine and the timing)
sent_ge() { [ "$(bfdd_field A "$LL_B" tx)" -ge "$1" ]; }
t6_wait 10 "the link-local session to send 14 packets" sent_ge 14
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 50

# every packet A sent
sent="ipv6.src == 2001:db8:1::a || ipv6.src == $LL_A || ip.src == 192.0.2.1"
bad=$(bfdt_fields "$cap" "($sent) && !(udp.dstport == 3784 && \
    udp.srcport >= 49152 && (ipv6.hlim == 255 || ip.ttl == 255) && \
    (ipv6.tclass == 0xc0 || ip.dsfield == 0xc0) && bfd.version == 1 && \
    bfd.message_length == 24 && bfd.flags.c == 0 && bfd.flags.a == 0 && \
    bfd.flags.d == 0 && bfd.flags.m == 0 && \
    !(bfd.flags.p == 1 && bfd.flags.f == 1) && \
    bfd.required_min_echo_interval == 0 && bfd.my_discriminator != 0 && \
    bfd.detect_time_multiplier > 0)" frame.number udp.srcport)
[ -z "$bad" ] || t6_fail "packets from A break RFC 5880 6.8.7/5881: $bad"
# the UDP checksums are right: B's kernel took every packet (a capture
# on a veth cannot tell: what a UDP socket sends there carries a partial
# checksum the receiver does not verify, while what the raw socket sends
# carries bfdd's own, which it does)
for f in Udp6InCsumErrors Udp6InErrors; do
	t6_assert_eq 0 "$(nsx B awk -v f=$f '$1 == f { print $2 }' /proc/net/snmp6)" \
	    "$f in B"
done
t6_assert_eq "0 0" "$(nsx B awk '$1 == "Udp:" && $2 ~ /^[0-9]/ { print $4, $8 }' \
    /proc/net/snmp)" "IPv4 UDP InErrors, InCsumErrors in B"
nbad=$(tshark -n -r "$cap" -o udp.check_checksum:TRUE \
    -Y "($sent) && udp.checksum.status != 1" 2>/dev/null | wc -l)
t6_log "$nbad packets of A's with a checksum tshark cannot verify (offload)"
n4=$(bfdt_fields "$cap" "ip.src == 192.0.2.1 && bfd" frame.number | wc -l)
[ "$n4" -ge 10 ] || t6_fail "only $n4 IPv4 packets from A"
# one source port per session (My Discriminator), different ones
pairs=$(bfdt_fields "$cap" "($sent) && bfd" bfd.my_discriminator \
    udp.srcport | sort -u)
t6_assert_eq 3 "$(printf '%s\n' "$pairs" | wc -l)" \
    "(discriminator, source port) pairs: $pairs"
t6_assert_eq 3 "$(printf '%s\n' "$pairs" | cut -f2 | sort -u | wc -l)" \
    "distinct source ports"
# Your Discriminator in Up is the peer's My Discriminator
yd=$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::a && bfd.sta == 3" \
    bfd.your_discriminator | sort -u)
t6_assert_eq "$(bfdd_field B 2001:db8:1::a local_disc)" "$((yd))" \
    "Your Discriminator"
# the 300 ms session paces at 75-100% of 300 ms while Up
gaps=$(bfdt_fields "$cap" "$periodic" frame.time_relative |
    awk 'NR > 1 { printf "%d\n", ($1 - prev) * 1000 } { prev = $1 }')
t6_log "gaps of the link-local session (ms): $(echo $gaps)"
[ "$(printf '%s\n' "$gaps" | wc -l)" -ge 8 ] || t6_fail "too few gaps"
# early is a bug (never below 225); late may be the machine (the event
# loop's 1 ms, a loaded machine: at most a quarter of them)
printf '%s\n' "$gaps" | awk '$1 < 224 { bad = 1 } $1 > 301 { late++ }
    END { exit bad || late > NR / 4 }' || t6_fail "gaps outside 225-300 ms"
t6_pass
