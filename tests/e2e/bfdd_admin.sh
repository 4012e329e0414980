#!/bin/bash
# Administrative down, graceful exit and the passive role (spec S4, S5,
# S6):
# - `bfdctl disable` in B: B is AdminDown and says so (diag 7) for A's
#   detection time at the pace in force, then at its idle pace for as
#   long as it is disabled; A goes Down with
#   diag 3 and shows the remote AdminDown; A's client gets down=0 (not a
#   failure, RFC 5882 3.2); `bfdctl enable` brings it back Up;
# - SIGTERM to B: three or more AdminDown packets on the wire, clients
#   of B hear 602, B exits 0 within 2 s and removes its pid file, A's
#   client gets down=0; SIGKILL instead (the negative control): diag 1
#   and down=1;
# - passive A: silent until B speaks, Up then, silent again once B is
#   gone; both passive: nothing on the wire, both Down; the warning
#   about passive single hop sessions is logged.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

bfdt_t1
conf() {
	cat > "$(bfdd_conf "$1")" <<CONF
interface "${2}0" { interval 50ms; multiplier 5; $3 };
neighbor $4;
CONF
}
conf A a "" 2001:db8:1::b
conf B b "" 2001:db8:1::a
bfdd_start A
bfdd_start B
bfdt_client A c1
bfdt_say A c1 "HELLO t1"
bfdt_say A c1 "ADD x 2001:db8:1::b"
bfdt_expect 5 A c1 '^201 x '
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 B 2001:db8:1::a Up

# from A's side of the link: is there a packet matching FILTER?
seen() {
	[ -n "$(bfdt_fields "$1" "$2" frame.number 2>/dev/null | head -1)" ]
}
count() {
	bfdt_fields "$1" "$2" frame.number 2>/dev/null | wc -l
}

# S4: disable in B
cap=$T6_TMP/s4.pcap
t6_capture A a0 "$cap" "udp port 3784"
bfdctl B disable 2001:db8:1::a interface b0 || t6_fail "bfdctl disable"
bfdd_wait_state 5 B 2001:db8:1::a AdminDown
t6_assert_eq 7 "$(bfdd_field B 2001:db8:1::a local_diag)" "B's diag"
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 3 "$(bfdd_field A 2001:db8:1::b local_diag)" "A's diag"
bfdt_expect 5 A c1 '^600 x peer=2001:db8:1::b%a0 state=Down old=Up diag=3 remote=AdminDown rdiag=7 down=0$'
detail=$(bfdctl A show session 2001:db8:1::b)
t6_assert_match "Remote state: +AdminDown" "$detail"
t6_assert_match "Remote diagnostic: +Admin down" "$detail"
# B says AdminDown for A's detection time at the pace in force (A's
# multiplier 5 + 1 = 6 packets at 50 ms), then at its idle pace (1 s)
# for as long as it is disabled, every packet advertising a Desired Min
# TX of 1 s (RFC 5880 6.8.3: not Up); A stays Down meanwhile
# (counted on the wire, as the capture is written packet by packet: a
# count of B's packets sent since before the disable also holds the Up
# ones that left while bfdctl was on its way, more of them on a loaded
# machine)
admindowns() {
	[ "$(count "$cap" 'ipv6.src == 2001:db8:1::b && bfd.sta == 0 && bfd.diag == 7')" -ge "$1" ]
}
t6_wait 12 "ten AdminDown packets from B" admindowns 10
t6_capture_stop "$cap"
slow=$(count "$cap" 'ipv6.src == 2001:db8:1::b && bfd.sta == 0 && bfd.desired_min_tx_interval < 1000000')
t6_assert_eq 0 "$slow" "AdminDown packets advertising under 1 s"
gaps=$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::b && bfd.sta == 0 && \
    bfd.flags.f == 0" frame.time_relative | awk 'NR > 1 {
    printf "%d\n", ($1 - prev) * 1000 } { prev = $1 }')
t6_log "AdminDown gaps (ms): $(echo $gaps)"
# the goodbye: 5 gaps at 50 ms less jitter (and scheduling slack)
printf '%s\n' "$gaps" | head -5 | awk '$1 > 80 { bad = 1 } END { exit bad }' ||
    t6_fail "AdminDown goodbye not at the pace in force: $gaps"
printf '%s\n' "$gaps" | tail -n +7 | awk '$1 < 749 || $1 > 1300 { bad = 1 } END { exit bad }' ||
    t6_fail "AdminDown not sent at the idle pace: $gaps"
t6_assert_eq 0 "$(count "$cap" "ipv6.src == 2001:db8:1::b && bfd.sta != 0 && \
    frame.time_relative > 0.5")" "packets from B not AdminDown"
t6_assert_eq Down "$(bfdd_state A 2001:db8:1::b)" "A while B is disabled"
t6_assert_eq 1 "$(bfdt_heard A c1 '^600 x ' | grep -c 'state=Down')" \
    "A's events while B is disabled"
bfdctl B enable 2001:db8:1::a interface b0 || t6_fail "bfdctl enable"
bfdd_wait_state 3 A 2001:db8:1::b Up
bfdd_wait_state 3 B 2001:db8:1::a Up
bfdt_expect 5 A c1 '^600 x .*state=Up '

# S5: SIGTERM to B
bfdt_client B c1
bfdt_say B c1 "HELLO t1"
bfdt_expect 5 B c1 '^200 hello'
cap=$T6_TMP/s5.pcap
t6_capture A a0 "$cap" "udp port 3784"
pidfile=$(t6_path B bfdd.pid)
[ -s "$pidfile" ] || t6_fail "B has no pid file"
start=$(bfdt_ms)
bfdd_stop B
rc=$?
took=$(($(bfdt_ms) - start))
t6_log "B exited with $rc in ${took} ms"
t6_assert_eq 0 "$rc" "B's exit status after SIGTERM"
[ "$took" -le 2500 ] || t6_fail "B took ${took} ms to exit"
[ -e "$pidfile" ] && t6_fail "B left its pid file"
bfdt_expect 5 B c1 '^602 shutdown$'
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 3 "$(bfdd_field A 2001:db8:1::b local_diag)" "A's diag"
bfdt_expect 5 A c1 '^600 x .*state=Down old=Up diag=3 remote=AdminDown rdiag=7 down=0$'
t6_capture_stop "$cap"
n=$(count "$cap" "ipv6.src == 2001:db8:1::b && bfd.sta == 0 && bfd.diag == 7")
t6_log "B said AdminDown $n times before leaving"
[ "$n" -ge 3 ] || t6_fail "B sent $n AdminDown packets at exit, wants 3"
t6_dissect_clean "$cap" 3

# the negative control: SIGKILL is a failure to A
bfdd_start B
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_stop B KILL
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 1 "$(bfdd_field A 2001:db8:1::b local_diag)" "diag after KILL"
bfdt_expect 5 A c1 '^600 x .*state=Down old=Up diag=1 .*down=1$'
bfdt_close A c1

# S6: A passive; B not running
bfdd_stop A
conf A a "passive;" 2001:db8:1::b
cap=$T6_TMP/s6.pcap
t6_capture B b0 "$cap" "udp port 3784"
bfdd_start A
t6_wait 5 "the passive warning" bfdt_log_has A \
    "passive on a single hop session"
from_a="ipv6.src == 2001:db8:1::a && bfd"
# (bfdd's count, polled; the capture is read once after)
t6_wait_quiet 2 sent A 2001:db8:1::b 1 && t6_fail "passive A transmits"
seen "$cap" "$from_a" && t6_fail "passive A transmits (on the wire)"
bfdd_start B
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 B 2001:db8:1::a Up
# B gone without a word: A times out and is silent again
bfdd_stop B KILL
bfdd_wait_state 5 A 2001:db8:1::b Down
t0=$(date +%s.%N)
t6_wait_quiet 2 sent A 2001:db8:1::b $(($(bfdd_field A 2001:db8:1::b tx) + 1)) &&
    t6_fail "passive A still transmits after the timeout"
t6_capture_stop "$cap"
seen "$cap" "$from_a && frame.time_epoch > $t0 + 0.1" &&
    t6_fail "passive A still transmits after the timeout (on the wire)"
seen "$cap" "$from_a && bfd.sta == 3" || t6_fail "A never sent Up"

# both passive: silence, both Down
conf B b "passive;" 2001:db8:1::a
cap=$T6_TMP/s6b.pcap
t6_capture B b0 "$cap" "udp port 3784"
atx=$(bfdd_field A 2001:db8:1::b tx)
bfdd_start B
either_sent() { sent A 2001:db8:1::b $((atx + 1)) || sent B 2001:db8:1::a 1; }
t6_wait_quiet 2 either_sent && t6_fail "passive peers transmit"
t6_capture_stop "$cap"
seen "$cap" "bfd" && t6_fail "passive peers transmit (on the wire)"
t6_assert_eq Down "$(bfdd_state A 2001:db8:1::b)" "A, both passive"
t6_assert_eq Down "$(bfdd_state B 2001:db8:1::a)" "B, both passive"
t6_pass
