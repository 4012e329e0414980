#!/bin/bash
# The control socket as clients use it (spec S13, S14, 2.7):
# - HELLO/ADD/DEL: 201 with the current state, 600 events to Up, 202 on
#   DEL, after which the peer hears AdminDown (diag 7) and then nothing;
# - a client that hangs up and comes back (same name, tag and peer)
#   within client-hold-time takes its session back with no AdminDown on
#   the wire; one that does not come back loses it after the hold time
#   (AdminDown then, not before);
# - two clients on one session (S14): one row, the smallest min-tx of
#   the two in force, deleting one changes the timers by a poll and not
#   the state, deleting both says AdminDown;
# - a subscriber gets every session's events with tag "-";
# - errors: ADD before HELLO, a tag in use, an unknown tag, a bad peer,
#   a link-local peer without interface, an unknown command, a line too
#   long, a non-root DISABLE (403), LIST;
# - route6d (-B) as a client: it asks for the session A's configuration
#   has, shares it, and `show clients` and the detail view list it.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/route6d.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

bfdt_t1
cat > "$(bfdd_conf A)" <<CONF
options { client-hold-time 2s; control-mode 0666; };
interface "a0" { interval 50ms; multiplier 5; };
CONF
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 50ms; multiplier 5; };
neighbor $LL_A%b0;
neighbor 2001:db8:1::a;
CONF
bfdd_start A
bfdd_start B
cap=$T6_TMP/a0.pcap
t6_capture A a0 "$cap" "udp port 3784"
# told_admin NAME PEER: NAME's session went Down because the peer said
# AdminDown (diag 7 heard, diag 3 its own; the remote state itself
# reads AdminDown only until the detection time runs out)
told_admin() {
	t6_assert_eq "3 7" "$(bfdd_field "$1" "$2" local_diag) $(bfdd_field \
	    "$1" "$2" remote_diag)" "$1's and its peer's diag"
}

# S13: a session asked for, taken away
bfdt_client A c1
bfdt_say A c1 "ADD x $LL_B%a0"
bfdt_expect 5 A c1 '^400 HELLO first$'
bfdt_say A c1 "HELLO t1"
bfdt_expect 5 A c1 '^200 hello t1$'
bfdt_say A c1 "ADD x $LL_B%a0"
bfdt_expect 5 A c1 "^201 x state=Down remote=Down diag=0 ldisc=[1-9][0-9]*\$"
bfdt_expect 5 A c1 "^600 x peer=$LL_B%a0 state=Up old=(Init|Down) diag=0 remote=(Init|Up) rdiag=0 down=0\$"
bfdd_wait_state 5 B "$LL_A" Up
bfdt_say A c1 "ADD x 2001:db8:1::b"
bfdt_expect 5 A c1 '^409 tag in use$'
bfdt_say A c1 "ADD y fe80::1"
bfdt_expect 5 A c1 '^422 a link-local peer needs an interface$'
bfdt_say A c1 "ADD y not-an-address"
bfdt_expect 5 A c1 '^422 bad peer address$'
bfdt_say A c1 "ADD y 2001:db8:1::b interface=a/b"
bfdt_expect 5 A c1 '^422 bad interface name$'
bfdt_say A c1 "ADD y 2001:db8:1::b interface=$(printf 'a\001b')"
bfdt_expect 5 A c1 '^422 bad interface name$'
bfdt_say A c1 "DEL nosuchtag"
bfdt_expect 5 A c1 '^404 unknown tag$'
bfdt_say A c1 "FROB"
bfdt_expect 5 A c1 '^401 unknown command$'
bfdt_say A c1 "LIST"
bfdt_expect 5 A c1 "^210-x $LL_B%a0 Up\$"
bfdt_expect 5 A c1 '^210 1 requests$'
t0=$(date +%s.%N)
bfdt_say A c1 "DEL x"
bfdt_expect 5 A c1 '^202 x removed$'
bfdd_wait_state 5 B "$LL_A" Down
told_admin B "$LL_A"
gone() { [ -z "$(bfdd_state A "$LL_B")" ]; }
t6_wait 5 "the session to be freed" gone
# then silence from A on that session (B goes on, Down, at 1 s)
# (A has no other session: its global count of packets sent stands)
tx0=$(bfdd_count A tx_packets)
tx_moved() { [ "$(bfdd_count A tx_packets)" != "$tx0" ]; }
t6_wait_quiet 2 tx_moved && t6_fail "A still sends after DEL"
n=$(bfdt_fields "$cap" "ipv6.src == $LL_A && frame.time_epoch > $t0 && \
    bfd.sta == 0 && bfd.diag == 7" frame.number | wc -l)
[ "$n" -ge 3 ] || t6_fail "A said AdminDown $n times after DEL, wants 3"

# hang up and come back within the hold time: no AdminDown
bfdt_say A c1 "ADD x $LL_B%a0"
bfdt_expect 5 A c1 "^600 x peer=$LL_B%a0 state=Up "
bfdd_wait_state 5 B "$LL_A" Up
t0=$(date +%s.%N)
bfdt_close A c1
t6_assert_match "orphaned requests: 1" "$(bfdctl A show clients)"
bfdt_client A c2
bfdt_say A c2 "HELLO t1"
bfdt_say A c2 "ADD x $LL_B%a0"
bfdt_expect 5 A c2 '^201 x state=Up remote=Up diag=0 '
# ... and the hold time passes without its client: AdminDown
bfdt_close A c2
t1=$(bfdt_ms)
admin_heard() { [ "$(bfdd_field B "$LL_A" remote_diag)" = 7 ]; }
t6_wait 6 "the orphan to say AdminDown" admin_heard
took=$(($(bfdt_ms) - t1))
t6_log "the orphaned session said AdminDown after ${took} ms (hold 2 s)"
[ "$took" -ge 1500 ] || t6_fail "the hold time was not kept: ${took} ms"
bfdd_wait_state 5 B "$LL_A" Down
told_admin B "$LL_A"
t6_capture_stop "$cap"
n=$(bfdt_fields "$cap" "ipv6.src == $LL_A && bfd.sta == 0" frame.time_epoch |
    awk -v a="$t0" -v b="$t1" '$1 > a && $1 < b / 1000' | wc -l)
t6_assert_eq 0 "$n" "AdminDown packets while the client came back"

# S14: two clients, one session
bfdt_client A c3
bfdt_client A c4
bfdt_say A c3 "HELLO t3"
bfdt_say A c4 "HELLO t4"
bfdt_say A c3 "ADD s 2001:db8:1::b min-tx=100ms"
bfdt_say A c4 "ADD s 2001:db8:1::b min-tx=50ms multiplier=4"
bfdt_expect 5 A c3 '^201 s '
bfdt_expect 5 A c4 '^201 s '
bfdd_wait_state 5 A 2001:db8:1::b Up
t6_assert_eq 1 "$(bfdctl A show sessions | grep -c '^2001:db8:1::b ')" \
    "rows for the shared session"
tx_is() { [ "$(bfdd_field A 2001:db8:1::b min_tx_us)" = "$1" ]; }
t6_wait 5 "the smaller min-tx" tx_is 50000
t6_assert_eq 4 "$(bfdd_field A 2001:db8:1::b multiplier)" "the smaller multiplier"
t6_assert_match "Requests: +t3/s t4/s" "$(bfdctl A show session 2001:db8:1::b)"
admin0=$(bfdt_nlog A '2001:db8:1::b%a0: Up -> AdminDown')
bfdt_say A c4 "DEL s"
bfdt_expect 5 A c4 '^202 s removed$'
t6_wait 5 "the other request's min-tx" tx_is 100000
t6_assert_eq Up "$(bfdd_state A 2001:db8:1::b)" "after one DEL"
t6_assert_eq "$admin0" "$(bfdt_nlog A '2001:db8:1::b%a0: Up -> AdminDown')" \
    "AdminDown after one DEL of two"
bfdt_say A c3 "MOD s min-tx=200ms"
bfdt_expect 5 A c3 '^200 modified$'
t6_wait 5 "MOD to apply" tx_is 200000
bfdt_say A c3 "DEL s"
bfdd_wait_state 5 B 2001:db8:1::a Down
told_admin B 2001:db8:1::a

# a subscriber sees every session's events
bfdt_say A c4 "SUBSCRIBE all"
bfdt_expect 5 A c4 '^200 ok$'
bfdt_say A c3 "ADD z 2001:db8:1::b"
bfdt_expect 5 A c4 '^600 - peer=2001:db8:1::b%a0 state=Up '
# access: DISABLE is for root only; the socket's mode (and the test's
# directories) let nobody in
chmod o+x "$T6_TMP" "$T6_TMP/A"
out=$(nsx A setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$T6_BIN/bfdctl" -s "$(t6_path A bfdd.sock)" disable 2001:db8:1::b 2>&1)
rc=$?
t6_assert_eq 1 "$rc" "bfdctl disable as nobody"
t6_assert_match "403" "$out"
t6_assert_eq Up "$(bfdd_state A 2001:db8:1::b)" "after the refused disable"
# a line too long: 400 and the connection closed
bfdt_say A c4 "LIST $(printf 'x%.0s' $(seq 1 1100))"
bfdt_expect 5 A c4 '^400 line too long$'
bfdt_expect 5 A c4 '^!eof$'

# route6d asks for the session A's configuration has: one session
cat >> "$(bfdd_conf A)" <<CONF
neighbor $LL_B%a0;
CONF
bfdctl A reload || t6_fail "bfdctl reload"
bfdd_wait_state 5 A "$LL_B" Up
for n in A B; do
	nsx $n ip link add name stub type veth peer name stubp
	nsx $n ip link set stub up
	nsx $n ip link set stubp up
done
t6_addr A stub 2001:db8:6::1/64 nodad
t6_addr B stub 2001:db8:7::1/64 nodad
r6_start A -B "$(t6_path A bfdd.sock)"
r6_start B
t6_wait 15 "route6d's request" sh -c "'$T6_BIN/bfdctl' -s \
    '$(t6_path A bfdd.sock)' show session $LL_B interface a0 |
    grep -q 'Requests: .*route6d/nbr'"
t6_assert_match "^  route6d pid [0-9]+ uid 0 requests 1 " "$(bfdctl A show clients)"
t6_assert_eq 1 "$(bfdctl A show sessions | grep -c "^$LL_B ")" \
    "sessions to B's link-local address"
t6_assert_match "Requests: +config/line[0-9]+ route6d/nbr[0-9]+" \
    "$(bfdctl A show session "$LL_B" interface a0)"
t6_pass
