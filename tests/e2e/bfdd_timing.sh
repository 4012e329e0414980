#!/bin/bash
# Transmission timing on the wire (spec S21, RFC 5880 6.8.7, 6.8.3):
# - jitter with Detect Mult 1 (A, 100 ms): the gaps between A's periodic
#   packets are 75-90% of the interval: never less, and more only by the
#   machine's lateness (the event loop's 1 ms, a loaded machine: at most
#   a quarter of them), and they vary (s.d. > 1 ms);
# - with Detect Mult 3 (B, 100 ms) the gaps are 75-100%, and some lie
#   above 90% (the stricter range is for multiplier 1 only);
# - a session whose peer does not answer sends at its idle interval,
#   1 s less jitter, not faster (6.8.3: at most one a second when not Up).
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

bfdt_t1
cat > "$(bfdd_conf A)" <<CONF
neighbor 2001:db8:1::b { interval 100ms; multiplier 1; };
neighbor 192.0.2.2;
CONF
cat > "$(bfdd_conf B)" <<CONF
neighbor 2001:db8:1::a { interval 100ms; multiplier 3; };
CONF
cap=$T6_TMP/a0.pcap
t6_capture A a0 "$cap" "udp port 3784"
bfdd_start A
bfdd_start B
bfdd_wait_state 5 A 2001:db8:1::b Up
periodic() {
	printf '%s && bfd.sta == 3 && bfd.flags.p == 0 && bfd.flags.f == 0' "$1"
}
# (counted by bfdd: tshark is too heavy to poll while timing is measured)
many() {
	[ "$(bfdd_field "$1" "$2" tx)" -ge "$3" ]
}
t6_wait 20 "70 packets from A" many A 2001:db8:1::b 70
t6_wait 5 "70 packets from B" many B 2001:db8:1::a 70
t6_capture_stop "$cap"
# gaps SRC: the gaps (ms, 0.1 ms precision) between SRC's periodic Up
# packets, where both are such packets with no other packet of SRC
# (an immediate one, a Final) between them
gaps() {
	bfdt_fields "$cap" "ipv6.src == $1 && bfd" frame.time_epoch bfd.sta \
	    bfd.flags.p bfd.flags.f | awk '
	    { periodic = ($2 == "0x03" || $2 == 3) && $3 == 0 && $4 == 0 }
	    periodic && prev { printf "%.1f\n", ($1 - last) * 1000 }
	    { prev = periodic; last = $1 }'
}
# stats: n, min, max, mean, sd, how many above HI, how many above 90
stats() {
	awk -v hi="$1" '{ n++; s += $1; q += $1 * $1
	    if (n == 1 || $1 < min) min = $1; if ($1 > max) max = $1
	    if ($1 > hi) late++; if ($1 > 90.5) above90++ }
	    END { m = s / n; printf "%d %.1f %.1f %.1f %.1f %d %d\n", n, min,
	    max, m, sqrt(q / n - m * m), late, above90 }'
}
read -r n min max mean sd late above <<<"$(gaps 2001:db8:1::a | stats 91.5)"
t6_log "A (mult 1): $n gaps, min $min max $max mean $mean sd $sd ms, $late over 91.5 ms"
[ "$n" -ge 50 ] || t6_fail "too few gaps from A: $n"
# early would be ours; late is the machine's, and not the rule
awk -v v="$min" 'BEGIN { exit !(v >= 74.9) }' || t6_fail "a gap of $min ms < 75%"
[ "$late" -le $((n / 4)) ] || t6_fail "$late of $n gaps from A above 90%"
awk -v v="$sd" 'BEGIN { exit !(v > 1) }' || t6_fail "A's gaps do not vary"
read -r n min max mean sd late above <<<"$(gaps 2001:db8:1::b | stats 101.5)"
t6_log "B (mult 3): $n gaps, min $min max $max mean $mean sd $sd ms, $above over 90.5 ms"
awk -v v="$min" 'BEGIN { exit !(v >= 74.9) }' || t6_fail "a gap of $min ms < 75%"
[ "$late" -le $((n / 4)) ] || t6_fail "$late of $n gaps from B above 100%"
[ "$above" -ge $((n / 10)) ] || t6_fail "B's gaps hardly use 90-100%: $above"
# the IPv4 session nobody answers: about a second apart
g=$(bfdt_fields "$cap" "ip.src == 192.0.2.1 && bfd" frame.time_epoch |
    awk 'NR > 1 { printf "%d\n", ($1 - last) * 1000 } { last = $1 }')
t6_log "the unanswered session's gaps (ms): $(echo $g)"
[ "$(printf '%s\n' "$g" | grep -c .)" -ge 4 ] || t6_fail "too few idle packets"
printf '%s\n' "$g" | awk '$1 < 749 || $1 > 1300 { bad = 1 } END { exit bad }' ||
    t6_fail "idle packets not 0.75-1 s apart"
t6_assert_eq 1000000 "$(bfdt_fields "$cap" "ip.src == 192.0.2.1 && bfd" \
    bfd.desired_min_tx_interval | sort -u)" "Desired Min TX while Down"
t6_pass
