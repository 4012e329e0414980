#!/bin/bash
# Failure detection (spec S3, S15, S16), at 30 ms x 3 (90 ms):
# - the link cut behind a switch: A goes Down with diag 1 one detection
#   time after the last packet it heard (measured on the wire, within a
#   margin for a loaded machine), its client gets 600 ... down=1 and
#   `bfdctl monitor` prints the change; the session returns when the
#   link does;
# - packets lost (nftables drop) towards A, then towards B: the side
#   that hears nothing says diag 1, the other diag 3 (it was told),
#   both clients get down=1, in time;
# - two links with the same link-local peer address (S15): two
#   sessions, and a cut of one leaves the other Up;
# - A's own interface down (S16): the session stays, Down with diag 5,
#   silent, and comes back Up without any new request when the link
#   does; an interface deleted and made again likewise;
# - A's daemon stopped for 40 ms: tx_late counts the packet it sent
#   late, and its log says so; for 300 ms: B's log says how long it heard nothing, and A
#   reads B's Down before judging silence (it used to time out).
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump nft

for n in A B B2; do
	t6_ns $n
	t6_nodad $n
	nsx $n sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1 \
	    net.ipv6.conf.default.keep_addr_on_down=1
done
t6_switch SW
t6_port SW A a0 02:00:00:00:00:0a
t6_port SW B b0 02:00:00:00:00:0b
# B2 has B's MAC, so the same link-local address, on another link
t6_link A a1 B2 b0 02:00:00:00:00:0c 02:00:00:00:00:0b
t6_addr A a0 2001:db8:1::a/64 nodad
t6_addr B b0 2001:db8:1::b/64 nodad
t6_wait 10 "link-local addresses" sh -c "ip -n $(t6_nsname B2) -6 addr \
    show dev b0 scope link | grep -q inet6"
LL_A0=$(t6_lladdr A a0)
LL_A1=$(t6_lladdr A a1)
LL_B=$(t6_lladdr B b0)
t6_assert_eq "$LL_B" "$(t6_lladdr B2 b0)" "B2's link-local address"

cat > "$(bfdd_conf A)" <<CONF
interface "a*" { interval 30ms; multiplier 3; };
neighbor $LL_B%a0;
neighbor $LL_B%a1;
CONF
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 30ms; multiplier 3; };
neighbor 2001:db8:1::a;
neighbor $LL_A0%b0;
CONF
cat > "$(bfdd_conf B2)" <<CONF
interface "b0" { interval 30ms; multiplier 3; };
neighbor $LL_A1%b0;
CONF
for n in A B B2; do
	bfdd_start $n
done
# A's session to B's global address comes from a client
bfdt_client A c1
bfdt_say A c1 "HELLO t1"
bfdt_expect 5 A c1 '^200 hello t1'
bfdt_say A c1 "ADD x 2001:db8:1::b"
bfdt_expect 5 A c1 '^201 x state='
bfdt_client B c1
bfdt_say B c1 "HELLO t1"
bfdt_say B c1 "ADD y 2001:db8:1::a"
bfdt_expect 5 B c1 '^201 y state='
t6_daemon A monitor "$T6_BIN/bfdctl" -s "$(t6_path A bfdd.sock)" monitor

bfdd_wait_state 5 A 2001:db8:1::b Up
bfdt_expect 5 A c1 '^600 x peer=2001:db8:1::b%a0 state=Up .* down=0$'
# B's client asked for the session B's configuration has: they share it
bfdt_expect 5 B c1 '^(201 y state=Up|600 y peer=2001:db8:1::a%b0 state=Up )'
t6_assert_eq 2 "$(bfdd_count B sessions)" "B's sessions"
n_up() { [ "$(bfdctl "$1" show sessions | grep -c ' Up ')" = "$2" ]; }
t6_wait 5 "A's sessions Up" n_up A 3
# S15: two sessions to the same address, one per link
t6_assert_match "^$LL_B +a0 +Up " "$(bfdctl A show sessions)"
t6_assert_match "^$LL_B +a1 +Up " "$(bfdctl A show sessions)"
bfdd_wait_state 5 B2 "$LL_A1" Up

# detection time of A's session to B: 3 x max(30 ms, 30 ms)
# (once B's first Up packet, with its fast interval, has come)
detect_is() { [ "$(bfdd_field A 2001:db8:1::b detect_time_us)" = 90000 ]; }
t6_wait 5 "A's detection time to be 90 ms" detect_is
cap=$T6_TMP/a0.pcap
t6_capture A a0 "$cap" "udp port 3784"
# B's packets are in the capture before the cut (its last one counts)
from_b() {
	[ "$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::b && bfd" \
	    frame.number | wc -l)" -ge 3 ]
}
t6_wait 5 "B's packets in the capture" from_b

# down_gap FILE FROM-ADDR TO-ADDR DIAG SINCE: ms between the first Down
# packet with DIAG that FROM-ADDR sent at or after the time SINCE and the
# last packet from TO-ADDR before it ("none" if the capture has none):
# the tshark view of "time to Down".
down_gap() {
	tshark -n -r "$1" -Y "bfd" -T fields \
	    -e frame.time_epoch -e ipv6.src -e bfd.sta -e bfd.diag 2>/dev/null |
	    awk -v me="$2" -v him="$3" -v diag="$4" -v since="$5" '
	    { sta = $3; sub("^0x0*", "", sta); if (sta == "") sta = 0 }
	    $2 == him && !done { last = $1 }
	    $2 == me && sta == 1 && $4 == diag && $1 >= since && !done {
		done = 1
		if (last) printf "%d\n", ($1 - last) * 1000
		else print "none" }'
}

# 1. the link cut behind the switch: A hears nothing, its carrier stays
tcut=$(date +%s.%N)
nsx B ip link set b0 down
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 1 "$(bfdd_field A 2001:db8:1::b local_diag)" "diag after the cut"
bfdt_expect 5 A c1 '^600 x peer=2001:db8:1::b%a0 state=Down old=Up diag=1 remote=Down rdiag=0 down=1$'
t6_wait 5 "bfdctl monitor to print the failure" grep -q \
    "2001:db8:1::b%a0 Up -> Down diag=Control Detection Time Expired remote=Down down" \
    "$(t6_daemon_log A monitor)"
t6_assert_match "session 2001:db8:1::b%a0: Up -> Down \(Control Detection Time Expired\), nothing received for [0-9.]+ ms \(detection time [0-9.]+ ms\)" \
    "$(cat "$(t6_daemon_log A bfdd)")"
# the silence it reports is at least the detection time, and not much more
grep 'b%a0: Up -> Down (Control Detection Time Expired)' \
    "$(t6_daemon_log A bfdd)" | tail -1 |
    sed -E 's/.*nothing received for ([0-9.]+) ms \(detection time ([0-9.]+) ms\).*/\1 \2/' |
    awk '{ exit !($1 >= $2 && $1 < $2 + 100) }' ||
    t6_fail "the silence in the log is not the detection time"
# B lost its own link: Path Down, and its client hears of it
bfdd_wait_state 5 B 2001:db8:1::a Down
t6_assert_eq 5 "$(bfdd_field B 2001:db8:1::a local_diag)" "B's diag"
bfdt_expect 5 B c1 '^600 y .*state=Down old=Up diag=5 .*down=1$'
# the other link's session did not notice
t6_assert_eq Up "$(bfdd_state B2 "$LL_A1")" "B2's session"
t6_assert_match "^$LL_B +a1 +Up " "$(bfdctl A show sessions)"
nsx B ip link set b0 up
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 B 2001:db8:1::a Up

# 2. B's packets lost on the way into A: A detects, B is told (diag 3)
bfdd_nft_drop A
t0=$(date +%s.%N)
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 1 "$(bfdd_field A 2001:db8:1::b local_diag)" "A's diag"
bfdd_wait_state 5 B 2001:db8:1::a Down
t6_assert_eq 3 "$(bfdd_field B 2001:db8:1::a local_diag)" "B's diag"
bfdt_expect 5 A c1 '^600 x .*state=Down old=Up diag=1 .*down=1$'
bfdt_expect 5 B c1 '^600 y .*state=Down old=Up diag=3 remote=Down .*down=1$'
# A's first Down packet after the rule: within the detection time
# (the last packet got in at most one interval before the rule)
t1=$(tshark -n -r "$cap" -Y "ipv6.src == 2001:db8:1::a && bfd.sta == 1 && \
    bfd.diag == 1 && frame.time_epoch > $t0 - 0.2" -T fields \
    -e frame.time_epoch 2>/dev/null | head -1)
[ -n "$t1" ] || t6_fail "A sent no Down packet with diag 1"
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')
t6_log "A detected the loss ${took} ms after the drop rule"
# (a loaded machine may be late; never by half a second)
[ "$took" -le 600 ] || t6_fail "detection took ${took} ms (90 ms expected)"
bfdd_nft_clear A
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 B 2001:db8:1::a Up

# 3. and the other way: B detects, A is told
bfdd_nft_drop B
bfdd_wait_state 5 B 2001:db8:1::a Down
t6_assert_eq 1 "$(bfdd_field B 2001:db8:1::a local_diag)" "B's diag"
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 3 "$(bfdd_field A 2001:db8:1::b local_diag)" "A's diag"
bfdt_expect 5 A c1 '^600 x .*state=Down old=Up diag=3 remote=Down .*down=1$'
bfdt_expect 5 B c1 '^600 y .*state=Down old=Up diag=1 .*down=1$'
bfdd_nft_clear B
bfdd_wait_state 5 A 2001:db8:1::b Up
t6_capture_stop "$cap"

# the link cut, on the wire: the gap between B's last packet and A's
# Down (diag 1) is the detection time, 90 ms, not less; late by the
# machine's load at most
gap=$(down_gap "$cap" 2001:db8:1::a 2001:db8:1::b 1 "$tcut" | head -1)
t6_log "A said Down ${gap} ms after B's last packet (detection time 90)"
[ -n "$gap" ] || t6_fail "no Down packet after the cut in the capture"
[ "$gap" != none ] || t6_fail "no packet of B before A's Down in the capture"
[ "$gap" -ge 89 ] || t6_fail "A declared B down after ${gap} ms < 90 ms"
# (late by the machine: allow most of another detection time, not more)
[ "$gap" -le 165 ] || t6_fail "A took ${gap} ms to declare B down"
t6_dissect_clean "$cap" 20

# 4. S15: B2's link goes: only A's session on a1 goes Down (Path Down:
# a1 lost its carrier), the one on a0 stays Up
nsx B2 ip link set b0 down
bfdt_wait_if 5 A "$LL_B" a1 Down
t6_assert_eq 5 "$(bfdt_kv A "$LL_B" a1 local_diag)" "diag on a1"
t6_assert_eq Up "$(bfdt_state_if A "$LL_B" a0)" "the session on a0"
nsx B2 ip link set b0 up
bfdt_wait_if 5 A "$LL_B" a1 Up
t6_assert_eq Up "$(bfdt_state_if A "$LL_B" a0)" "the session on a0"

# 5. S16: A's own interface goes down: the session stays, Down, diag 5,
# and A sends nothing on it
nsx A ip link set a0 down
bfdd_wait_state 5 A 2001:db8:1::b Down
t6_assert_eq 5 "$(bfdd_field A 2001:db8:1::b local_diag)" "diag, a0 down"
bfdt_expect 5 A c1 '^600 x .*state=Down old=Up diag=5 .*down=1$'
tx=$(bfdd_field A 2001:db8:1::b tx)
t6_assert_eq 0 "$(bfdd_field A 2001:db8:1::b tx_interval_us)" \
    "transmit interval with a0 down"
tx_moved() { [ "$(bfdd_field A 2001:db8:1::b tx)" != "$tx" ]; }
t6_wait_quiet 1 tx_moved &&
    t6_fail "A still transmits with a0 down"
t6_assert_match "^2001:db8:1::b +a0 +Down " "$(bfdctl A show sessions)"
nsx A ip link set a0 up
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdt_expect 5 A c1 '^600 x .*state=Up old=(Init|Down) diag=0 '
# nobody asked again: still the one request
t6_assert_eq 1 "$(bfdt_heard A c1 '^(ADD|201 )' | wc -l)" "requests"

# 6. an interface deleted and made again: the session waits, then
# returns on the new one
nsx A ip link del a1
waits() { [ "$(bfdt_kv A "$LL_B" a1 waiting)" = 1 ]; }
t6_wait 5 "A's session on a1 to wait for its path" waits
t6_assert_match "^$LL_B +a1 +Down " "$(bfdctl A show sessions)"
t6_link A a1 B2 b0 02:00:00:00:00:0c 02:00:00:00:00:0b
bfdt_wait_if 10 A "$LL_B" a1 Up
bfdd_wait_state 5 B2 "$LL_A1" Up

# 7. A's daemon stopped for 40 ms, less than the detection time: a
# packet it owed goes out late, and its counters say so
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 B 2001:db8:1::a Up
bfdctl A clear counters || t6_fail "bfdctl clear counters"
kill -STOP "${BFDD_PID[A]}"
sleep 0.04
kill -CONT "${BFDD_PID[A]}"
counted() { [ "$(bfdd_count A tx_late)" -ge 1 ]; }
t6_wait 5 "A to count a late packet" counted
late=$(bfdd_count A tx_late)
max=$(bfdd_count A tx_late_max_us)
# due at most 30 ms after the stop began, sent after it ended
[ "${max:-0}" -ge 7500 ] || t6_fail "A's latest packet: $max us late"
t6_log "after a 40 ms stop: A sent $late packets late, the latest by $max us"
# and says so in its log (the first late packet is logged at once)
t6_assert_match "bfdd: sending late: [0-9]+ periodic packets? so far left more than a quarter of the interval after (its|their) time, the latest [0-9.]+ ms late" \
    "$(cat "$(t6_daemon_log A bfdd)")" "A's log of its late packets"

# 8. stopped for 300 ms (a starved host): B goes Down for silence and
# logs how long it heard nothing; A, once it runs again, reads what
# waited in its socket before it judges any silence, so it learns of
# B's Down (diag 3) instead of timing out (diag 1)
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 B 2001:db8:1::a Up
# lines of NAME's log for PEER going Down for silence
expired() {
	grep -c "$2: Up -> Down (Control Detection Time Expired)" \
	    "$(t6_daemon_log "$1" bfdd)"
}
a0=$(expired A 'b%a0')
b0=$(expired B 'a%b0')
told=$(grep -c 'b%a0: Up -> Down (Neighbor Signaled Session Down)' \
    "$(t6_daemon_log A bfdd)")
kill -STOP "${BFDD_PID[A]}"
sleep 0.3
kill -CONT "${BFDD_PID[A]}"
b_expired() { [ "$(expired B 'a%b0')" -gt "$b0" ]; }
t6_wait 5 "B's Down for silence in its log" b_expired
grep 'a%b0: Up -> Down (Control Detection Time Expired)' \
    "$(t6_daemon_log B bfdd)" | tail -1 |
    sed -E 's/.*nothing received for ([0-9.]+) ms.*/\1/' |
    awk '{ exit !($1 >= 90 && $1 < 300) }' ||
    t6_fail "B's log does not say how long it heard nothing"
a_told() {
	[ "$(grep -c 'b%a0: Up -> Down (Neighbor Signaled Session Down)' \
	    "$(t6_daemon_log A bfdd)")" -gt "$told" ]
}
t6_wait 5 "A to hear B's Down" a_told
# A was silent longer than B's detection time: its counters say so,
# and its log within a second of the line before (not a minute later,
# as for packets a few ms late)
a_silent() {
	grep -Eq "bfdd: sending late: .*[0-9]+ sessions? sent nothing for longer than the peer's detection time, up to [0-9.]+ ms \\(the peer took (it|them) down\\)" \
	    "$(t6_daemon_log A bfdd)"
}
t6_wait 5 "A's log of its silence past B's detection time" a_silent
[ "$(bfdd_count A tx_silent)" -ge 1 ] || t6_fail "A's tx_silent counter"
gap=$(bfdd_count A tx_silent_max_us)
[ "${gap:-0}" -ge 250000 ] || t6_fail "A's longest silence: $gap us (stopped 300 ms)"
t6_log "after a 300 ms stop: A's longest silence $gap us"
t6_assert_eq "$a0" "$(expired A 'b%a0')" \
    "A's Downs for silence (B's packets were waiting for it)"
bfdd_wait_state 5 A 2001:db8:1::b Up
t6_pass
