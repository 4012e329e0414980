#!/bin/bash
# Reload (SIGHUP, `bfdctl reload`) and the poll sequence (spec S7, S17):
# - B's min-tx goes from 50 to 300 ms: B's packets carry P and the new
#   Desired Min TX, A answers at once with F (and no P), B keeps its
#   50 ms pace until the F and then paces at 225-300 ms; A's detection
#   time becomes 5 x 300 ms; nobody changes state;
# - a reload of an unchanged file: no poll, no state change;
# - a file with a syntax error: "reload failed: FILE:LINE: ..." logged,
#   the running configuration kept (sessions Up, timers as they were);
# - a neighbor removed: its peer is told AdminDown and the session goes;
#   a neighbor added: a new session comes Up; the others do not flap;
# - `accept` changed (sockets made again): sessions stay Up;
# - a reload whose sockets cannot be made (port 4784 held by another
#   program): refused and logged, the daemon and its sessions go on;
# - a neighbor replaced under max-sessions: refused while the old one
#   says goodbye, then made once that one is gone.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

bfdt_t1
cat > "$(bfdd_conf A)" <<CONF
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b;
neighbor $LL_B%a0;
CONF
bconf() {
	cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 50ms; multiplier 5; $1 };
neighbor 2001:db8:1::a;
neighbor $LL_A interface "b0";
neighbor 192.0.2.1;
CONF
}
bconf ""
bfdd_start A
bfdd_start B
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdd_wait_state 5 A "$LL_B" Up
bfdd_wait_state 5 B 2001:db8:1::a Up
# Up once each, and it must stay so through every reload below
ups() {
	[ "$(bfdd_field "$1" "$2" up)" = 1 ] && [ "$(bfdd_field "$1" "$2" down)" = 0 ]
}
ups A 2001:db8:1::b || t6_fail "A's session flapped at the start"
ups B 2001:db8:1::a || t6_fail "B's session flapped at the start"

# S7: B slows down; a poll carries it
cap=$T6_TMP/s7.pcap
t6_capture A a0 "$cap" "udp port 3784"
bconf "min-tx-interval 300ms;"
t0=$(date +%s.%N)
bfdd_hup B
detect_is() { [ "$(bfdd_field A 2001:db8:1::b detect_time_us)" = "$1" ]; }
t6_wait 5 "A's detection time to become 1.5 s" detect_is 1500000
t6_assert_match "^2001:db8:1::b +a0 +Up +[0-9:.]+ +0\.050 +1\.500\$" \
    "$(bfdctl A show sessions)" "A's row after the poll"
t6_assert_eq 300000 "$(bfdd_field B 2001:db8:1::a min_tx_us)" "B's min tx"
# let a few slow packets through (bfdd counts them)
sent_ge() { [ "$(bfdd_field B 2001:db8:1::a tx)" -ge "$1" ]; }
t6_wait 5 "four slow packets" sent_ge $(($(bfdd_field B 2001:db8:1::a tx) + 4))
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 10
# the first packet with the new value has P; A's F follows at once
tshark -n -r "$cap" -Y "ipv6.src == 2001:db8:1::b || ipv6.src == 2001:db8:1::a" \
    -T fields -e frame.time_epoch -e ipv6.src -e bfd.flags.p -e bfd.flags.f \
    -e bfd.desired_min_tx_interval -e bfd.sta 2>/dev/null > "$T6_TMP/s7.txt"
awk -v t0="$t0" '
    function ms(t) { return int(t * 1000 + 0.5) }
    # (tshark prints the state in hex)
    $6 != "0x03" && $6 != "3" { print "a packet not Up: " $0; bad = 1 }
    $1 < t0 { next }
    $2 == "2001:db8:1::b" && $5 == 300000 && !p { p = $1
	if ($3 != 1 && $3 != "True") { print "first new value without P"; bad = 1 } }
    $2 == "2001:db8:1::a" && p && !f && ($4 == 1 || $4 == "True") { f = $1
	if ($3 == 1 || $3 == "True") { print "F with P"; bad = 1 } }
    # B before the Final: the old pace; after it: the new one
    $2 == "2001:db8:1::b" && ($3 == 0 || $3 == "False") && ($4 == 0 || $4 == "False") {
	if (last && !f) { g = ms($1 - last); if (g > 150) { print "slow before F: " g; bad = 1 } }
	# (never early; late only now and then, on a loaded machine)
	if (last && f && last > f) { g = ms($1 - last); n++
	    if (g < 224) { print "gap after F: " g; bad = 1 }
	    if (g > 310) late++ }
	last = $1 }
    $2 == "2001:db8:1::b" && ($3 == 1 || $3 == "True") { last = $1 }
    END {
	if (!p) { print "no poll from B"; bad = 1 }
	if (!f) { print "no final from A"; bad = 1 }
	if (p && f) printf "final %d ms after the poll\n", ms(f - p)
	if (p && f && ms(f - p) > 250) { print "final late"; bad = 1 }
	if (n < 2) { print "too few slow gaps: " n; bad = 1 }
	if (late > n / 2) { print late " of " n " slow gaps late"; bad = 1 }
	exit bad }' "$T6_TMP/s7.txt" > "$T6_TMP/s7.out" ||
    t6_fail "poll sequence on the wire: $(cat "$T6_TMP/s7.out")"
t6_log "$(cat "$T6_TMP/s7.out")"
ups A 2001:db8:1::b || t6_fail "A's session changed state in the poll"
ups B 2001:db8:1::a || t6_fail "B's session changed state in the poll"

# S17.1: the same file again: no poll at all, no change
cap=$T6_TMP/s17.pcap
t6_capture A a0 "$cap" "udp port 3784"
: > "$T6_TMP/mark"
bfdd_hup B
t6_wait 5 "B to reload" sh -c "[ \$(grep -c 'reloaded' '$(t6_daemon_log B bfdd)') -ge 2 ]"
bfdctl A reload || t6_fail "bfdctl reload"
t6_wait 5 "A to reload" bfdt_log_has A reloaded
# a second at 50 ms is plenty to see a poll
t6_wait_quiet 1 sh -c "tshark -n -r '$cap' -Y 'ipv6 && (bfd.flags.p == 1 || \
    bfd.flags.f == 1 || bfd.sta != 3)' 2>/dev/null | grep -q ." &&
    t6_fail "a reload of the same file changed something on the wire"

# S17.2: a syntax error: logged with file and line, nothing changes
good=$(cat "$(bfdd_conf B)")
printf '%s\n' "interface \"b0\" { interval 30ms; multiplier 3; };" \
    "neighbor 2001:db8:1::a;" "neighbor 2001:db8:1::99 { bogus 1; };" \
    > "$(bfdd_conf B)"
bfdd_hup B
t6_wait 5 "the reload error" bfdt_log_has B \
    "reload failed: $(bfdd_conf B):3: "
t6_log "$(grep 'reload failed' "$(t6_daemon_log B bfdd)" | head -2)"
b_tx_moved() { [ "$(bfdd_field B 2001:db8:1::a min_tx_us)" != 300000 ]; }
t6_wait_quiet 1 b_tx_moved && t6_fail "B applied a bad file"
t6_assert_eq 300000 "$(bfdd_field B 2001:db8:1::a min_tx_us)" "B's min tx"
t6_assert_eq Up "$(bfdd_state B "$LL_A")" "the session the bad file drops"
printf '%s\n' "$good" > "$(bfdd_conf B)"

# S17.3/4: a neighbor removed (AdminDown to it), one added (comes Up)
cat > "$(bfdd_conf A)" <<CONF
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b;
neighbor 192.0.2.2;
CONF
bfdd_hup A
bfdd_wait_state 5 B "$LL_A" Down
t6_assert_eq 3 "$(bfdd_field B "$LL_A" local_diag)" "B's diag"
t6_assert_eq 7 "$(bfdd_field B "$LL_A" remote_diag)" "A's diag"
gone() { [ -z "$(bfdd_state A "$LL_B")" ]; }
t6_wait 5 "the removed session to be gone" gone
bfdd_wait_state 5 A 192.0.2.2 Up
bfdd_wait_state 5 B 192.0.2.1 Up

# S17.5: accept changed: new sockets, the same sessions
cat > "$(bfdd_conf A)" <<CONF
options { accept ipv6 ipv4 direct; };
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b;
neighbor 192.0.2.2;
CONF
bfdd_hup A
t6_wait 5 "A to reload" sh -c "[ \$(grep -c 'reloaded' '$(t6_daemon_log A bfdd)') -ge 3 ]"
# a second of traffic through the new sockets, and no session falls
not_up() {
	[ "$(bfdd_state A 2001:db8:1::b)" != Up ] ||
	    [ "$(bfdd_state A 192.0.2.2)" != Up ]
}
t6_wait_quiet 1 not_up && t6_fail "a session fell after the accept change"

# S17.6: a reload whose sockets cannot be made (another program holds
# port 4784): refused, the running configuration and its sockets kept
holder=$(t6_path A holder.out)
nsx A python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", 4784))
print("bound", flush=True)
time.sleep(60)' >"$holder" 2>&1 &
T6_PIDS+=("$!:A/holder")
HOLDER=$!
t6_wait 5 "the holder of port 4784" grep -q bound "$holder"
cp "$(bfdd_conf A)" "$(t6_path A bfdd.conf.good)"
sed -i 's/accept ipv6 ipv4 direct;/accept ipv6 ipv4 direct multihop;/' \
    "$(bfdd_conf A)"
bfdd_hup A
refused() {
	grep -q 'reload failed: the new sockets cannot be opened' \
	    "$(t6_daemon_log A bfdd)"
}
t6_wait 5 "A to refuse the reload" refused
t6_alive "${BFDD_PID[A]}" || t6_fail "A's bfdd died on a failed reload"
t6_wait_quiet 1 not_up && t6_fail "a session fell after the failed reload"
# no socket of the refused configuration left behind, the old ones there
t6_assert_nomatch "pid=${BFDD_PID[A]}," \
    "$(nsx A ss -H -u -l -n -p | grep ':4784 ')" "bfdd on port 4784"
t6_assert_match "pid=${BFDD_PID[A]}," \
    "$(nsx A ss -H -u -l -n -p | grep '0.0.0.0:3784 ')" "bfdd on IPv4 3784"
kill "$HOLDER"
cp "$(t6_path A bfdd.conf.good)" "$(bfdd_conf A)"

t6_capture_stop "$cap"
ups A 2001:db8:1::b || t6_fail "A's session flapped in the reloads"
ups B 2001:db8:1::a || t6_fail "B's session flapped in the reloads"
t6_assert_nomatch "2001:db8:1::[ab]%[ab]0: Up -> " \
    "$(cat "$(t6_daemon_log A bfdd)" "$(t6_daemon_log B bfdd)")" \
    "a state change of the kept session"
# S17.7: a neighbor replaced under max-sessions: the new one is refused
# while the old one says goodbye, and gets its session once that is gone
cat > "$(bfdd_conf A)" <<CONF
options { accept ipv6 ipv4 direct; max-sessions 2; };
interface "a0" { interval 50ms; multiplier 5; };
neighbor $LL_B%a0;
neighbor 192.0.2.2;
CONF
bfdd_hup A
t6_wait 5 "A to refuse $LL_B at max-sessions" grep -q \
    "neighbor $LL_B (line 3): max-sessions reached" "$(t6_daemon_log A bfdd)"
bfdd_wait_state 10 A "$LL_B" Up
t6_assert_eq "" "$(bfdd_state A 2001:db8:1::b)" "the replaced session"
cp "$(t6_path A bfdd.conf.good)" "$(bfdd_conf A)"
t6_pass
