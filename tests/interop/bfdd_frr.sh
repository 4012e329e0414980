#!/bin/bash
# bfdd against FRR's bfdd (8.4), A (bfdd) and B (FRR: zebra and bfdd)
# on links of their own, and through a router R for multihop:
# - single hop over IPv6 link-local, IPv6 global and IPv4 comes Up, with
#   timers negotiated as RFC 5880 6.8.2-6.8.4 say, as both sides see
#   them: bfdctl -j and vtysh "show bfd peers json", and the intervals
#   between each side's packets on the wire;
# - multihop over IPv6 and IPv4 through R: FRR sends hop limit 255 and
#   so passes bfdd's min-ttl 254; ours arrive at 254 and pass FRR's
#   default minimum-ttl (254);
# - authentication: FRR 8.4 has none (vtysh refuses the command), so
#   bfdd with meticulous keyed SHA1 on a link stays Down, dropping FRR's
#   packets (authmismatch).  FRR, though, takes our authenticated
#   packets as if they were not (it goes Init on them): RFC 5880 6.8.6
#   says they MUST be discarded (FRR issue 13085);
# - timer change under a poll sequence in both directions without a
#   flap: bfdd reload (SIGHUP), then new intervals in FRR's config; every
#   P from FRR is answered with an F within 100 ms;
# - detection in both directions (nftables drop), timed on the capture:
#   FRR detecting says diag 1 and bfdd, hearing it, goes Down with 3;
#   bfdd detecting says 1, but FRR 8.4 does not hear that Down: it
#   carries Your Discriminator 0 (RFC 5880 6.8.1) and FRR discards such
#   packets while Up, against RFC 5880 6.8.6 (FRR PR 20324), so FRR
#   times out as well (diag 1, not 3);
# - graceful shutdown: FRR "shutdown" of a peer sends AdminDown (once,
#   with diag 0), bfdd goes Down (diag 3) and its client gets down=0;
#   bfdd SIGTERM sends AdminDown (diag 7) on every session and FRR sees
#   it ("administratively down"); FRR's bfdd stopped sends no AdminDown,
#   a failure (diag 1, down=1) for bfdd;
# - every packet dissects cleanly; ours carry hop limit/TTL 255 and a
#   source port in 49152-65535, FRR's too (from 49152 up).
# t6-timeout: 150
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/peers.sh"
. "$T6_TOP/tests/lib/bfdwire.sh"
t6_init
t6_need tshark tcpdump nft python3
frr_need zebra bfdd

SLACK=300	# ms a loaded machine may add to a detection

for n in A B R; do
	t6_ns $n
	t6_nodad $n
done
nsx R sysctl -qw net.ipv4.ip_forward=1
t6_link A eth0 B eth0
t6_addr A eth0 2001:db8:1::a/64
t6_addr B eth0 2001:db8:1::b/64
t6_addr A eth0 192.0.2.1/24
t6_addr B eth0 192.0.2.2/24
t6_link A au1 B au1
t6_addr A au1 2001:db8:11::a/64
t6_addr B au1 2001:db8:11::b/64
bfdw_multihop_lab
ll_a=$(t6_lladdr A eth0)
ll_b=$(t6_lladdr B eth0)

# Timers on the direct link: bfdd min-tx 100 ms, min-rx 300 ms, x5;
# FRR transmit-interval 200, receive-interval 250, detect-multiplier 5.
# bfdd sends every max(100, 250) = 250 ms and detects in 5 x max(300,
# 200) = 1.5 s; FRR sends every max(200, 300) = 300 ms and detects in
# 5 x max(250, 100) = 1.25 s.  (Detection times well above the intervals:
# a loaded machine with sanitizers may hold a daemon back a few hundred
# ms.)
bfdd_config() {	# min-tx min-rx
	cat <<EOF
interface "eth0" { min-tx-interval $1; min-rx-interval $2; multiplier 5; };
interface "au1" { authentication meticulous-keyed-sha1; key 1 "secret1"; };
multihop { interval 300ms; multiplier 5; min-ttl 254; };
neighbor $ll_b%eth0;
neighbor 2001:db8:1::b;
neighbor 192.0.2.2;
neighbor 2001:db8:11::b;
neighbor 2001:db8:32::b multihop local 2001:db8:31::a;
neighbor 203.0.113.2 multihop local 198.51.100.1;
EOF
}
# the direct peers of FRR, as its config names them
FRR_PEERS=("peer 2001:db8:1::a local-address 2001:db8:1::b interface eth0"
    "peer $ll_a local-address $ll_b interface eth0"
    "peer 192.0.2.1 local-address 192.0.2.2 interface eth0")
frr_config() {
	local p
	printf 'debug bfd peer\ndebug bfd network\nbfd\n'
	for p in "${FRR_PEERS[@]}"; do
		printf ' %s\n  transmit-interval 200\n  receive-interval 250\n' "$p"
		printf '  detect-multiplier 5\n !\n'
	done
	cat <<EOF
 peer 2001:db8:11::a local-address 2001:db8:11::b interface au1
 !
 peer 2001:db8:31::a multihop local-address 2001:db8:32::b
  transmit-interval 300
  receive-interval 300
  detect-multiplier 5
 !
 peer 198.51.100.1 multihop local-address 203.0.113.2
  transmit-interval 300
  receive-interval 300
  detect-multiplier 5
 !
!
EOF
}
# vtysh_peer PEER-LINE COMMAND...: configure one of FRR's peers
vtysh_peer() {
	local p=$1
	shift
	vtysh B "configure terminal" "bfd" "$p" "$@"
}
# frr_fields PEER KEY...: FRR's values for its session to PEER, on one
# line, from "show bfd peers json"; frr_counters, the same from "show
# bfd peers counters json"; frr_field PEER KEY, one of them
frr_fields() {
	vtysh B "show bfd peers json" | bfdw_select "$@"
}
frr_counters() {
	vtysh B "show bfd peers counters json" | bfdw_select "$@"
}
frr_field() {
	frr_fields "$1" "$2"
}
frr_is() {	# PEER KEY VALUE
	[ "$(frr_field "$1" "$2")" = "$3" ]
}
# fields PEER KEY...: bfdd's values for its session to PEER, on one line
# (from bfdctl -j show sessions; a failing bfdctl says why, in the value
# compared); bfdd_field NAME PEER KEY, one of them
fields() {
	local out
	out=$(bfdctl A -j show sessions 2>&1) ||
	    { echo "bfdctl failed: $out"; return 1; }
	printf '%s\n' "$out" | bfdw_select "$@"
}
bfdd_field() {
	fields "$2" "$3"
}
bfdd_is_not() {	# NAME PEER STATE
	! bfdd__is "$@"
}
bfdd_is_field() {	# PEER KEY VALUE
	[ "$(bfdd_field A "$1" "$2")" = "$3" ]
}

PCAP=$T6_TMP/a.pcap
bfdw_capture A any "$PCAP" "udp port 3784 or udp port 4784"
bfdd_config 100ms 300ms >"$(bfdd_conf A)"
bfdd_start A
frr_start B "bfdd" "$(frr_config)"
WATCH=$(t6_path A watch.log)
t6_daemon A watch python3 "$T6_TOP/tests/lib/bfdwatch.py" \
    "$(t6_path A bfdd.sock)" interop "w1:2001:db8:1::b/interface=eth0"
t6_wait 10 "the client's request" grep -q '^[0-9.]* 201 w1 ' "$WATCH"

# 1. Up, both views
DIRECT="$ll_b 2001:db8:1::b 192.0.2.2"
FDIRECT="$ll_a 2001:db8:1::a 192.0.2.1"
MULTI="2001:db8:32::b 203.0.113.2"
FMULTI="2001:db8:31::a 198.51.100.1"
for p in $DIRECT $MULTI; do
	bfdd_wait_state 10 A "$p" Up
done
for p in $FDIRECT $FMULTI; do
	t6_wait 5 "FRR's session to $p to be up" frr_is "$p" status up
done
t_up=$(bfdw_now)
for p in $DIRECT; do
	t6_wait 5 "bfdd's view of FRR's timers to $p" \
	    bfdd_is_field "$p" remote_min_tx_us 200000
	t6_assert_eq "250000 1500000 100000 300000 5 250000 5" "$(fields "$p" \
	    tx_interval_us detect_time_us min_tx_us min_rx_us multiplier \
	    remote_min_rx_us remote_multiplier)" "bfdd's timers to $p"
done
for p in $FDIRECT; do
	t6_assert_eq "200 250 5 100 300 5" "$(frr_fields "$p" transmit-interval \
	    receive-interval detect-multiplier remote-transmit-interval \
	    remote-receive-interval remote-detect-multiplier)" \
	    "FRR's timers to $p"
done
for p in $MULTI; do
	t6_assert_eq "multihop 300000 1500000" "$(fields "$p" type \
	    tx_interval_us detect_time_us)" "bfdd's multihop session to $p"
done
for p in $FMULTI; do
	t6_assert_eq "true 300 300" "$(frr_fields "$p" multihop \
	    remote-transmit-interval remote-receive-interval)" \
	    "FRR's multihop session to $p"
done
t6_log "sessions Up: 3 direct, 2 multihop"

# 2. authentication: FRR 8.4 has none to configure
out=$(vtysh_peer "peer 2001:db8:11::a local-address 2001:db8:11::b interface au1" \
    "authentication simple" 2>&1)
bfdw_assert_match "Unknown command" "$out" "FRR's answer to authentication"
# bfdd with authentication stays Down: FRR's plain packets are refused;
# FRR takes our authenticated ones (RFC 5880 6.8.6 says: discard) and
# goes Init on them.  (Two seconds: the other sessions took less than
# one to come Up.)
t6_wait 5 "FRR to go Init on our authenticated packets" \
    frr_is 2001:db8:11::a status init
t6_wait_quiet 2 bfdd__is A 2001:db8:11::b Up &&
    t6_fail "bfdd accepted FRR's unauthenticated packets"
t6_assert_eq "Down 0 meticulous-keyed-sha1" "$(fields 2001:db8:11::b state up auth)" \
    "bfdd's authenticated session"
n=$(bfdd_field A 2001:db8:11::b auth_fail)
[ "$n" -ge 1 ] || t6_fail "bfdd counted $n authentication failures"
bfdw_assert_match "^authmismatch [1-9]" "$(bfdctl A show counters)"
t6_assert_eq 0 "$(frr_counters 2001:db8:11::a session-up)" \
    "FRR's Up events on the authenticated link"

# 3. timer change under a poll, bfdd first (SIGHUP): min-tx 350 ms,
# min-rx 400 ms: bfdd sends every max(350, 250) = 350 ms and detects in
# 5 x max(400, 200) = 2 s; FRR sends every max(200, 400) and detects in
# 5 x max(250, 350) = 1.75 s
t_poll1=$(bfdw_now)
bfdd_config 350ms 400ms >"$(bfdd_conf A)"
bfdd_hup A
for p in $DIRECT; do
	t6_wait 5 "bfdd's new timers to $p" \
	    bfdd_is_field "$p" detect_time_us 2000000
	# the slower transmit holds once FRR's Final came (6.8.3); the P
	# rides on the next periodic packet
	t6_wait 5 "bfdd's slower transmit to $p" \
	    bfdd_is_field "$p" tx_interval_us 350000
done
for p in $FDIRECT; do
	t6_wait 5 "FRR to see bfdd's new timers ($p)" \
	    frr_is "$p" remote-receive-interval 400
	t6_assert_eq 350 "$(frr_field "$p" remote-transmit-interval)"
done
# then FRR: transmit-interval 500, receive-interval 150; bfdd sends every
# max(350, 150) ms and detects in 5 x max(400, 500) = 2.5 s; FRR sends
# every max(500, 400) and detects in 5 x max(150, 350) = 1.75 s
t_poll2=$(bfdw_now)
for p in "${FRR_PEERS[@]}"; do
	out=$(vtysh_peer "$p" "transmit-interval 500" "receive-interval 150" 2>&1)
	[ -z "$out" ] || t6_fail "FRR refused new timers: $out"
done
for p in $DIRECT; do
	t6_wait 5 "bfdd's view of FRR's new timers to $p" \
	    bfdd_is_field "$p" detect_time_us 2500000
	t6_assert_eq "350000 500000 150000" "$(fields "$p" tx_interval_us \
	    remote_min_tx_us remote_min_rx_us)" "bfdd's view of FRR's timers to $p"
done
# no flap, either side
for p in $DIRECT $MULTI; do
	t6_assert_eq "Up 1 0" "$(fields "$p" state up down)" \
	    "bfdd's session to $p after the polls"
done
for p in $FDIRECT $FMULTI; do
	t6_assert_eq "up 1 0" "$(frr_field "$p" status) $(frr_counters "$p" \
	    session-up session-down)" \
	    "FRR's session to $p after the polls"
done
t_cut1=$(bfdw_now)

# 4a. bfdd detects: BFD from FRR on eth0 is dropped in A.  Our Down
# (diag 1) then carries Your Discriminator 0, as RFC 5880 6.8.1 has it
# after a detection timeout, and FRR 8.4 discards such packets while Up
# ("'remote discriminator' is zero, not overridden" in its debug log),
# though RFC 5880 6.8.6 only asks for Sta Down or AdminDown then (FRR PR
# 20324 is about it): so FRR does not go Down on hearing us (diag 3, as
# BIRD does) but times out too (diag 1), a detection time after our
# last Up packet (checked on the capture below).
bfdw_cut A eth0
for p in $DIRECT; do
	t6_wait 5 "bfdd to detect the silence of $p" bfdd__is A "$p" Down
	t6_assert_eq 1 "$(bfdd_field A "$p" local_diag)" "bfdd's diag to $p"
done
t6_wait 5 "the client to hear the failure" grep -Eq \
    ' 600 w1 peer=2001:db8:1::b%eth0 state=Down old=Up diag=1 .* down=1$' \
    "$WATCH"
for p in $FDIRECT; do
	t6_wait 5 "FRR to time out ($p)" \
	    frr_is "$p" diagnostic "control detection time expired"
done
bfdw_assert_match "'remote discriminator' is zero, not overridden \[mhop:no peer:2001:db8:1::a " \
    "$(cat "$(t6_daemon_log B bfdd)")" "FRR's log"
bfdw_heal A
t_heal1=$(bfdw_now)
for p in $DIRECT; do
	bfdd_wait_state 10 A "$p" Up
done
t_cut2=$(bfdw_now)

# 4b. FRR detects: BFD from bfdd on eth0 is dropped in B (bfdd, Down,
# goes Init at FRR's next Down: its log has the change)
bfdw_cut B eth0
for p in $DIRECT; do
	t6_wait 5 "bfdd to hear FRR's Down from $p" grep -qF \
	    "session $p%eth0: Up -> Down (Neighbor Signaled Session Down)" \
	    "$(t6_daemon_log A bfdd)"
	t6_assert_eq "1 Down" "$(fields "$p" remote_diag remote_state)" \
	    "FRR's diag and state to $p"
done
for p in $FDIRECT; do
	t6_assert_eq "control detection time expired" "$(frr_field "$p" \
	    diagnostic)" "FRR's diagnostic to $p"
done
t6_wait 5 "the client to hear the failure" grep -Eq \
    ' 600 w1 peer=2001:db8:1::b%eth0 state=Down old=Up diag=3 remote=Down rdiag=1 down=1$' \
    "$WATCH"
bfdw_heal B
for p in $DIRECT; do
	bfdd_wait_state 10 A "$p" Up
done
for p in $FDIRECT; do
	t6_wait 5 "FRR's session to $p to be up again" frr_is "$p" status up
done

# 5a. FRR shuts its peer down: AdminDown; bfdd goes Down (diag 3) and
# its client hears no failure (down=0), then back
t_shut=$(bfdw_now)
vtysh_peer "${FRR_PEERS[0]}" shutdown
t6_wait 5 "bfdd to hear FRR's AdminDown" grep -Eq \
    ' 600 w1 peer=2001:db8:1::b%eth0 state=Down old=Up diag=3 remote=AdminDown rdiag=[0-9]+ down=0$' \
    "$WATCH"
t6_assert_eq "Down 3 AdminDown" "$(fields 2001:db8:1::b state local_diag remote_state)"
t6_assert_eq shutdown "$(frr_field 2001:db8:1::a status)" "FRR's status"
# FRR says AdminDown once and then nothing: still Down a detection time
# later, no timeout, no flapping
t6_wait_quiet 2 bfdd_is_not A 2001:db8:1::b Down &&
    t6_fail "bfdd left Down after FRR's AdminDown"
t6_assert_eq "Down 3" "$(fields 2001:db8:1::b state local_diag)"
t_noshut=$(bfdw_now)
vtysh_peer "${FRR_PEERS[0]}" "no shutdown"
bfdd_wait_state 10 A 2001:db8:1::b Up
t6_wait 5 "FRR's session to be up again" frr_is 2001:db8:1::a status up

# 5b. bfdd stops (SIGTERM): AdminDown everywhere; FRR sees it
t_term=$(bfdw_now)
bfdd_stop A || t6_fail "bfdd did not exit 0 on SIGTERM"
t6_wait 5 "the client to hear bfdd leave" grep -q ' 602 shutdown$' "$WATCH"
for p in $FDIRECT $FMULTI; do
	t6_wait 5 "FRR's session to $p to go down" frr_is "$p" status down
	t6_assert_eq "administratively down" "$(frr_field "$p" remote-diagnostic)" \
	    "FRR's view of bfdd's diagnostic ($p)"
	t6_assert_eq "neighbor signaled session down" "$(frr_field "$p" diagnostic)" \
	    "FRR's diagnostic to $p"
done

# 5c. FRR's bfdd stops: bfdd, back, sees a failure (no AdminDown)
log=$(t6_daemon_log A bfdd)
bfdw_assert_match "^bfdd: exiting$" "$(tail -1 "$log")" "the first bfdd's last words"
bfdd_start A
t6_daemon A watch2 python3 "$T6_TOP/tests/lib/bfdwatch.py" \
    "$(t6_path A bfdd.sock)" interop "w2:2001:db8:1::b/interface=eth0"
WATCH2=$(t6_path A watch2.log)
for p in $DIRECT $MULTI; do
	bfdd_wait_state 10 A "$p" Up
done
t6_wait 5 "the new client to see Up" grep -Eq ' (201 w2|600 w2 .*) state=Up ' \
    "$WATCH2"
t_frrstop=$(bfdw_now)
frr_stop B bfdd
for p in $DIRECT $MULTI; do
	t6_wait 5 "bfdd to time out $p" bfdd__is A "$p" Down
	t6_assert_eq 1 "$(bfdd_field A "$p" local_diag)" "bfdd's diag to $p"
done
t6_wait 5 "the client to hear a failure" grep -Eq \
    ' 600 w2 peer=2001:db8:1::b%eth0 state=Down old=Up diag=1 remote=Down .* down=1$' \
    "$WATCH2"
t6_assert_eq "Down 0" "$(fields 2001:db8:11::b state up)" \
    "bfdd's authenticated session at the end"
t6_log "bfdd's counters: $(bfdctl A show counters | tr '\n' ' ')"
t6_capture_stop "$PCAP"

# 6. the wire (the table's columns: tests/lib/bfdwire.sh)
bfdw_capture_complete "$PCAP"
t6_dissect_clean "$PCAP" 100
bfdw_table "$PCAP"
pk() {
	bfdw_pk "$1"
}
ours='($2 ~ /^(2001:db8:[0-9]+::a|198\.51\.100\.1|192\.0\.2\.1)$/ || $2 == "'$ll_a'")'
theirs='($2 ~ /^(2001:db8:[0-9]+::b|203\.0\.113\.2|192\.0\.2\.2)$/ || $2 == "'$ll_b'")'
t6_assert_eq "" "$(pk "$ours"' && ($6 != 255 || $4 < 49152) { print }' | head -3)" \
    "our packets with a hop limit under 255 or a low source port"
t6_assert_eq 0 "$(pk "$ours"' && $1 < '$t_term' {
    p[$2 " " $3] = p[$2 " " $3] " " $4 }
    END { for (k in p) { n = split(p[k], a, " "); for (i = 2; i <= n; i++)
	if (a[i] != a[1]) { print k; break } } }' | wc -l)" \
    "sessions that changed source port"
# FRR: from port 49152 up, hop limit 255 (254 here for multihop)
t6_assert_eq "" "$(pk "$theirs"' && $4 < 49152 { print }' | head -3)" \
    "FRR's packets from a low source port"
t6_assert_eq "255" "$(pk '$2 == "2001:db8:1::b" || $2 == "192.0.2.2" { print $6 }' |
    sort -u)" "FRR's single hop hop limit"
t6_assert_eq "254" "$(pk '$2 == "2001:db8:32::b" || $2 == "203.0.113.2" { print $6 }' |
    sort -u)" "FRR's multihop hop limit, one hop away"
t6_log "FRR's source ports: $(pk "$theirs"' { print $4 }' | sort -un | tr '\n' ' ')"
# the authenticated link: ours with A (type 5, 52 bytes), FRR's without
t6_assert_eq "5 52" "$(pk '$2 == "2001:db8:11::a" { print $14, $15 }' | sort -u)"
t6_assert_eq "- 24" "$(pk '$2 == "2001:db8:11::b" { print $14, $15 }' | sort -u)"
# FRR went Init on our Down packets, which carry authentication
bfdw_assert_match "^2$" "$(pk '$2 == "2001:db8:11::b" { print $7 }' | sort -u)" \
    "FRR's states on the authenticated link"

# negotiated intervals on the wire before the first poll: bfdd every
# 250 ms less 0-25%, FRR every 300 ms less 0-25% (FRR's jitter), so
# medians of about 220 and 260 ms (each side's own min-tx would give
# 75-100 and 150-200).  The median, because a busy machine makes a few
# gaps longer, and the one after shorter (a packet sent late, the next
# on time)
gaps() {	# FROM TO: count, shortest, median, longest ms between
		# periodic Up packets
	pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$t_up' && $1 < '$t_poll1' &&
	    $7 == 3 && $9 == 0 && $10 == 0 { if (t) print ($1 - t) * 1000
		t = $1 }' | sort -n | awk '{ g[NR] = $1 } END {
	    printf "%d %d %d %d\n", NR, g[1], g[int((NR + 1) / 2)], g[NR] }'
}
read -r n lo med hi <<<"$(gaps 2001:db8:1::a 2001:db8:1::b)"
t6_log "bfdd's intervals: $n gaps, $lo to $hi ms, median $med (negotiated 250)"
[ "$n" -ge 4 ] && [ "$med" -ge 187 ] && [ "$med" -le 250 ] ||
    t6_fail "bfdd's intervals: median $med ms, expected 187 to 250"
read -r n lo med hi <<<"$(gaps 2001:db8:1::b 2001:db8:1::a)"
t6_log "FRR's intervals: $n gaps, $lo to $hi ms, median $med (negotiated 300)"
[ "$n" -ge 3 ] && [ "$med" -ge 225 ] && [ "$med" -le 300 ] ||
    t6_fail "FRR's intervals: median $med ms, expected 225 to 300"

# the polls: bfdd's P with its new values answered by FRR's F; FRR's P
# with its new ones; every P from FRR answered by us within 100 ms (not
# while FRR's BFD was dropped, nor after bfdd stopped)
for d in "2001:db8:1::a 2001:db8:1::b" "192.0.2.1 192.0.2.2"; do
	set -- $d
	p=$(pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$t_poll1' &&
	    $1 < '$t_poll2' && $9 == 1 && $11 == 350000 { print $1; exit }')
	[ -n "$p" ] || t6_fail "no P from bfdd after the reload ($1)"
	f=$(pk '$2 == "'$2'" && $3 == "'$1'" && $1 > '$p' && $10 == 1 {
	    print $1; exit }')
	[ -n "$f" ] || t6_fail "FRR did not answer bfdd's P ($1)"
	t6_log "$1: bfdd's P at +$(bfdw_ms $t_poll1 $p) ms, FRR's F $(bfdw_ms $p $f) ms later"
	[ -n "$(pk '$2 == "'$2'" && $3 == "'$1'" && $1 > '$t_poll2' &&
	    $1 < '$t_cut1' && $9 == 1 && $11 == 500000 { print $1; exit }')" ] ||
	    t6_fail "no P from FRR after its change ($2)"
	t6_assert_eq "3" "$(pk '($2 == "'$1'" || $2 == "'$2'") && $1 > '$t_poll1' &&
	    $1 < '$t_cut1' { print $7 }' | sort -u)" "states during the polls ($1)"
done
for d in "2001:db8:1::a 2001:db8:1::b" "192.0.2.1 192.0.2.2" "$ll_a $ll_b" \
    "2001:db8:31::a 2001:db8:32::b" "198.51.100.1 203.0.113.2"; do
	set -- $d
	n1="" n2=""
	n1=$(bfdw_finals $1 $2 0 $t_cut1) &&
	    n2=$(bfdw_finals $1 $2 $t_heal1 $t_term) ||
	    t6_fail "a P from $2 not answered at once: $n1 $n2"
	[ $((n1 + n2)) -ge 1 ] || t6_fail "no P from $2 at all"
	t6_log "$2: $((n1 + n2)) polls answered at once"
done

# detection times, from the capture
bfdw_detect 2001:db8:1::a 2001:db8:1::b $t_cut1 2500 500 $SLACK "bfdd, IPv6"
bfdw_detect 192.0.2.1 192.0.2.2 $t_cut1 2500 500 $SLACK "bfdd, IPv4"
bfdw_detect 2001:db8:1::b 2001:db8:1::a $t_cut2 1750 350 $SLACK "FRR, IPv6"
bfdw_detect 192.0.2.2 192.0.2.1 $t_cut2 1750 350 $SLACK "FRR, IPv4"
t_ourdown=$(pk '$2 == "2001:db8:1::a" && $1 > '$t_cut1' && $7 == 1 {
    print $1; exit }')
t6_assert_eq "1 0" "$(pk '$2 == "2001:db8:1::a" && $1 == '$t_ourdown' {
    print $8, $16 }')" "diag and Your Discriminator of our first Down"
bfdw_detect 2001:db8:1::b 2001:db8:1::a $t_ourdown 1750 350 $SLACK \
    "FRR, deaf to our Down"
t6_assert_eq 1 "$(pk '$2 == "2001:db8:1::b" && $1 > '$t_cut1' && $7 == 1 {
    print $8; exit }')" "FRR's diag after the first cut"
t6_assert_eq 1 "$(pk '$2 == "2001:db8:1::b" && $1 > '$t_cut2' && $7 == 1 {
    print $8; exit }')" "FRR's diag on its own detection"

# FRR's shutdown: AdminDown, but with diag 0 (RFC 5880 6.8.16: "an
# appropriate value"; 7, Administratively Down, is the one there is) and
# only once, plus a Final when polled (FRR PR 22643 is about that); then
# silence until "no shutdown"
read -r n o d <<<"$(pk '$2 == "2001:db8:1::b" && $1 > '$t_shut' &&
    $1 < '$t_noshut' { if ($7 == 0) { n++; d = d (n > 1 ? "," : "") $8 }
    else if (n) o++ } END { print n + 0, o + 0, d }')"
t6_log "FRR's shutdown: $n AdminDown packets (diag $d), then $o others"
[ "$n" -ge 1 ] && [ "$n" -le 2 ] && [ "$o" = 0 ] ||
    t6_fail "FRR sent $n AdminDown and then $o other packets after shutdown"

# bfdd's goodbye: at least 3 AdminDown (diag 7) on each session; FRR
# then says Down with diag 3, not 1
for d in "2001:db8:1::a 2001:db8:1::b" "192.0.2.1 192.0.2.2" "$ll_a $ll_b" \
    "2001:db8:31::a 2001:db8:32::b" "198.51.100.1 203.0.113.2"; do
	set -- $d
	n=$(pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$t_term' &&
	    $1 < '$t_frrstop' && $7 == 0 && $8 == 7' | wc -l)
	[ "$n" -ge 3 ] || t6_fail "bfdd sent $n AdminDown packets to $2"
	t6_assert_eq 3 "$(pk '$2 == "'$2'" && $3 == "'$1'" && $1 > '$t_term' &&
	    $7 == 1 { print $8; exit }')" "FRR's diag after bfdd's AdminDown ($2)"
done
# FRR's bfdd stopped by SIGTERM says nothing: no AdminDown, so its peers
# see a failure, as with BIRD
t6_assert_eq "" "$(pk "$theirs"' && $1 > '$t_frrstop' && $7 == 0 { print }' |
    head -3)" "AdminDown from FRR as it stopped"
t6_pass
