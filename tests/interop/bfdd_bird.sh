#!/bin/bash
# bfdd against BIRD 2 (protocol bfd), A (bfdd) and B (BIRD) on links of
# their own, and through a router R for multihop:
# - single hop over IPv6 link-local, IPv6 global and IPv4 comes Up, with
#   timers negotiated as RFC 5880 6.8.2-6.8.4 say, as both sides see
#   them (asymmetric values, so that each side's maximum picks the
#   remote value once and its own once): bfdctl -j and birdc agree;
#   A's IPv4 address comes after bfdd started: that session waits for
#   it, then takes the interface's timers too;
# - multihop over IPv6 and IPv4 through R, with meticulous keyed SHA1
#   and key id 7, and bfdd's min-ttl 63: BIRD sends multihop packets
#   with hop limit 64 (spec 8.4), ours leave with 255;
# - each of the five authentication types comes Up on a link of its
#   own; on five more links a wrong key (same id, same length) keeps
#   both sides Down for the whole test, counted as authpassword and
#   authdigest drops;
# - timer change under a poll sequence in both directions without a
#   flap: bfdd reload (SIGHUP) with new intervals, then BIRD configure
#   with new ones; the P of each side is answered with F by the other
#   (every P from BIRD within 100 ms), and the new values show in both
#   views;
# - detection in both directions (nftables drop): bfdd detects BIRD's
#   silence (diag 1; BIRD, hearing our Down, says diag 3), BIRD detects
#   ours (BIRD's diag 1 reaches bfdd, which goes Down with diag 3); the
#   times, from the capture, lie between the detection time and the
#   detection time plus one peer interval (and scheduling slack);
# - graceful shutdown: bfdd SIGTERM sends AdminDown (diag 7, 3 packets
#   at least) on every session and BIRD goes Down saying diag 3, not 1;
#   BIRD stopped sends no AdminDown at all (BIRD 2.0.12 deletes its
#   sessions silently: see below), so bfdd detects a failure (diag 1)
#   and its client gets down=1;
# - every packet dissects cleanly; ours carry hop limit/TTL 255 and a
#   source port in 49152-65535 (BIRD's are the system's ephemeral ones,
#   logged).
# t6-timeout: 150
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/peers.sh"
. "$T6_TOP/tests/lib/bfdwire.sh"
t6_init
t6_need tshark tcpdump nft python3
bird_need

AUTH_TYPES="simple keyed-md5 meticulous-keyed-md5 keyed-sha1 meticulous-keyed-sha1"
SLACK=300	# ms a loaded machine may add to a detection

for n in A B R; do
	t6_ns $n
	t6_nodad $n
done
nsx R sysctl -qw net.ipv4.ip_forward=1
# the direct link
t6_link A eth0 B eth0
t6_addr A eth0 2001:db8:1::a/64
t6_addr B eth0 2001:db8:1::b/64
t6_addr B eth0 192.0.2.2/24
# a link per authentication type, good (au) and wrong (ax) keys
for i in 1 2 3 4 5; do
	t6_link A au$i B au$i
	t6_addr A au$i 2001:db8:1$i::a/64
	t6_addr B au$i 2001:db8:1$i::b/64
	t6_link A ax$i B ax$i
	t6_addr A ax$i 2001:db8:2$i::a/64
	t6_addr B ax$i 2001:db8:2$i::b/64
done
# multihop: A - R - B
bfdw_multihop_lab
ll_a=$(t6_lladdr A eth0)
ll_b=$(t6_lladdr B eth0)

# Timers on the direct link: bfdd min-tx 100 ms, min-rx 300 ms, x5;
# BIRD min tx 200 ms, min rx 250 ms, x5.  bfdd sends every max(100,
# 250) = 250 ms and detects in 5 x max(300, 200) = 1.5 s; BIRD sends
# every max(200, 300) = 300 ms and detects in 5 x max(250, 100) = 1.25 s.
# (Detection times well above the intervals: a loaded machine with
# sanitizers may hold a daemon back a few hundred ms.)
bfdd_config() {	# min-tx min-rx
	cat <<EOF
interface "eth0" { min-tx-interval $1; min-rx-interval $2; multiplier 5; };
multihop { interval 300ms; multiplier 5; min-ttl 63;
	authentication meticulous-keyed-sha1; key 7 "mh-secret"; };
neighbor $ll_b%eth0;
neighbor 2001:db8:1::b;
neighbor 192.0.2.2;
neighbor 2001:db8:32::b multihop local 2001:db8:31::a;
neighbor 203.0.113.2 multihop local 198.51.100.1;
EOF
	i=0
	for t in $AUTH_TYPES; do
		i=$((i + 1))
		cat <<EOF
interface "au$i" { authentication $t; key 1 "secret$i"; multiplier 5; };
neighbor 2001:db8:1$i::b;
interface "ax$i" { authentication $t; key 1 "secreX$i"; };
neighbor 2001:db8:2$i::b;
EOF
	done
}
bird_config() {	# min-tx min-rx
	cat <<EOF
router id 10.0.0.2;
protocol device { scan time 1; }
protocol bfd bfd1 {
	debug { states, events };
	interface "eth0" { min tx interval $1; min rx interval $2;
	    multiplier 5; };
	multihop { interval 300 ms; multiplier 5;
	    authentication meticulous keyed sha1;
	    password "mh-secret" { id 7; }; };
	neighbor $ll_a dev "eth0";
	neighbor 2001:db8:1::a;
	neighbor 192.0.2.1;
	neighbor 2001:db8:31::a local 2001:db8:32::b multihop;
	neighbor 198.51.100.1 local 203.0.113.2 multihop;
EOF
	i=0
	for t in $AUTH_TYPES; do
		i=$((i + 1))
		cat <<EOF
	interface "au$i" { authentication ${t//-/ };
	    password "secret$i" { id 1; }; };
	neighbor 2001:db8:1$i::a;
	interface "ax$i" { authentication ${t//-/ };
	    password "secret$i" { id 1; }; };
	neighbor 2001:db8:2$i::a;
EOF
	done
	echo "}"
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
# bird_field PEER COLUMN: BIRD's view of its session to PEER (3 state,
# 5 interval, 6 timeout)
bird_field() {
	birdc B show bfd sessions | awk -v p="$1" -v c="$2" \
	    '$1 == p { print $c; exit }'
}
bird_is() {	# PEER STATE
	[ "$(bird_field "$1" 3)" = "$2" ]
}
bird_timers_are() {	# PEER "INTERVAL TIMEOUT"
	[ "$(birdc B show bfd sessions | awk -v p="$1" \
	    '$1 == p { print $5, $6; exit }')" = "$2" ]
}
refused() {	# PEER DROP: bfdd's last drop on the session was DROP
	bfdctl A show session "$1" |
	    grep -Eq "auth-fail [1-9][0-9]* last-drop $2\$"
}
bfdd_is_field() {	# PEER KEY VALUE
	[ "$(bfdd_field A "$1" "$2")" = "$3" ]
}

PCAP=$T6_TMP/a.pcap
bfdw_capture A any "$PCAP" "udp port 3784 or udp port 4784"
bfdd_config 100ms 300ms >"$(bfdd_conf A)"
bfdd_start A
# A's IPv4 address comes after bfdd: the session to 192.0.2.2 waits for
# it, and then takes eth0's timers like the others
t6_addr A eth0 192.0.2.1/24
bird_start B "$(bird_config "200 ms" "250 ms")"
# a client of bfdd shares the global session of the direct link
WATCH=$(t6_path A watch.log)
t6_daemon A watch python3 "$T6_TOP/tests/lib/bfdwatch.py" \
    "$(t6_path A bfdd.sock)" interop "w1:2001:db8:1::b/interface=eth0"
t6_wait 10 "the client's request" grep -q '^[0-9.]* 201 w1 ' "$WATCH"

# 1. single hop and multihop come Up, on both sides
DIRECT="$ll_b 2001:db8:1::b 192.0.2.2"
MULTI="2001:db8:32::b 203.0.113.2"
GOOD="2001:db8:11::b 2001:db8:12::b 2001:db8:13::b 2001:db8:14::b 2001:db8:15::b"
BAD="2001:db8:21::b 2001:db8:22::b 2001:db8:23::b 2001:db8:24::b 2001:db8:25::b"
for p in $DIRECT $MULTI $GOOD; do
	bfdd_wait_state 10 A "$p" Up
done
for p in $ll_a 2001:db8:1::a 192.0.2.1 2001:db8:31::a 198.51.100.1 \
    ${GOOD//::b/::a}; do
	t6_wait 5 "BIRD's session to $p to be Up" bird_is "$p" Up
done
t6_log "sessions Up: 3 direct, 2 multihop, 5 authenticated"

# timers as negotiated, in both views (BIRD's DesiredMinTx leaves its
# 1 s idle value by a poll after Up: wait for it)
for p in $DIRECT; do
	t6_wait 5 "bfdd's view of BIRD's timers to $p" \
	    bfdd_is_field "$p" remote_min_tx_us 200000
	t6_assert_eq "250000 1500000" "$(fields "$p" tx_interval_us \
	    detect_time_us)" "bfdd's interval and detection time to $p"
	t6_assert_eq "100000 300000 5 250000 5" "$(fields "$p" min_tx_us \
	    min_rx_us multiplier remote_min_rx_us remote_multiplier)" \
	    "bfdd's parameters to $p"
done
bfdw_assert_match "^2001:db8:1::b +eth0 +Up +[0-9:.]+ +0\.250 +1\.500$" \
    "$(bfdctl A show sessions)" "bfdctl's table"
for p in $ll_a 2001:db8:1::a 192.0.2.1; do
	t6_wait 5 "BIRD's view of bfdd's timers to $p" \
	    bird_timers_are "$p" "0.300 1.250"
done
for p in $MULTI; do
	t6_assert_eq "multihop 300000 1500000" "$(fields "$p" type \
	    tx_interval_us detect_time_us)" "bfdd's multihop session to $p"
	t6_assert_eq meticulous-keyed-sha1 "$(bfdd_field A "$p" auth)"
done
for p in 2001:db8:31::a 198.51.100.1; do
	t6_assert_eq "0.300 1.500" "$(bird_field $p 5) $(bird_field $p 6)" \
	    "BIRD's multihop session to $p"
done

# 2. authentication: the good keys are Up (above), with each type; the
# wrong ones Down on both sides, refused by both
i=0
for t in $AUTH_TYPES; do
	i=$((i + 1))
	t6_assert_eq "$t Up" "$(fields 2001:db8:1$i::b auth state)" "au$i"
	why="authentication code" drop=digest
	[ $t = simple ] && why=password drop=password
	t6_wait 5 "bfdd to refuse BIRD's packets on ax$i" \
	    refused 2001:db8:2$i::b auth$drop
	t6_wait 5 "BIRD to refuse ours on ax$i" grep -q \
	    "Authentication failed for 2001:db8:2$i::a - wrong $why" \
	    "$(t6_daemon_log B bird)"
done

# 3. timer change under a poll, bfdd first (SIGHUP): min-tx 350 ms,
# min-rx 400 ms; then bfdd sends every max(350, 250) = 350 ms and
# detects in 5 x max(400, 200) = 2 s; BIRD sends every max(200, 400)
# and detects in 5 x max(250, 350) = 1.75 s
t_poll1=$(bfdw_now)
bfdd_config 350ms 400ms >"$(bfdd_conf A)"
bfdd_hup A
for p in $DIRECT; do
	t6_wait 5 "bfdd's new timers to $p" \
	    bfdd_is_field "$p" detect_time_us 2000000
	# the slower transmit holds once BIRD's Final came (6.8.3); the P
	# rides on the next periodic packet
	t6_wait 5 "bfdd's slower transmit to $p" \
	    bfdd_is_field "$p" tx_interval_us 350000
done
for p in $ll_a 2001:db8:1::a 192.0.2.1; do
	t6_wait 5 "BIRD's view of bfdd's new timers to $p" \
	    bird_timers_are "$p" "0.400 1.750"
done
# then BIRD: min tx 500 ms, min rx 150 ms; bfdd now sends every
# max(350, 150) ms and detects in 5 x max(400, 500) = 2.5 s; BIRD
# sends every max(500, 400) and detects in 5 x max(150, 350) = 1.75 s
t_poll2=$(bfdw_now)
bird_configure B "$(bird_config "500 ms" "150 ms")"
for p in $DIRECT; do
	t6_wait 5 "bfdd's view of BIRD's new timers to $p" \
	    bfdd_is_field "$p" detect_time_us 2500000
	t6_assert_eq "350000 500000 150000" "$(fields "$p" tx_interval_us \
	    remote_min_tx_us remote_min_rx_us)" "bfdd's view of BIRD's timers to $p"
done
for p in $ll_a 2001:db8:1::a 192.0.2.1; do
	t6_wait 5 "BIRD's new timers to $p" \
	    bird_timers_are "$p" "0.500 1.750"
done
# no flap, either side, on any session
for p in $DIRECT $MULTI $GOOD; do
	t6_assert_eq "Up 1 0" "$(fields "$p" state up down)" \
	    "bfdd's session to $p after the polls"
done
n=$(grep -c "changed state from Up" "$(t6_daemon_log B bird)")
t6_assert_eq 0 "$n" "BIRD's sessions leaving Up during the polls"
t_cut1=$(bfdw_now)

# 4a. bfdd detects: BFD from BIRD on eth0 is dropped in A
bfdw_cut A eth0
for p in $DIRECT; do
	t6_wait 5 "bfdd to detect the silence of $p" bfdd__is A "$p" Down
	t6_assert_eq 1 "$(bfdd_field A "$p" local_diag)" "bfdd's diag to $p"
done
t6_wait 5 "the client to hear the failure" grep -Eq \
    ' 600 w1 peer=2001:db8:1::b%eth0 state=Down old=Up diag=1 .* down=1$' \
    "$WATCH"
t6_wait 5 "BIRD to hear bfdd's Down" grep -q \
    "Session to 2001:db8:1::a changed state from Up to Down" \
    "$(t6_daemon_log B bird)"
bfdw_heal A
t_heal1=$(bfdw_now)
for p in $DIRECT; do
	bfdd_wait_state 10 A "$p" Up
done
t_cut2=$(bfdw_now)

# 4b. BIRD detects: BFD from bfdd on eth0 is dropped in B
bfdw_cut B eth0
# (bfdd, Down, goes Init at BIRD's next Down: its log has the change)
for p in $DIRECT; do
	t6_wait 5 "bfdd to hear BIRD's Down from $p" grep -qF \
	    "session $p%eth0: Up -> Down (Neighbor Signaled Session Down)" \
	    "$(t6_daemon_log A bfdd)"
	t6_assert_eq "1 Down" "$(fields "$p" remote_diag remote_state)" \
	    "BIRD's diag and state to $p"
done
t6_wait 5 "the client to hear the failure" grep -Eq \
    ' 600 w1 peer=2001:db8:1::b%eth0 state=Down old=Up diag=3 remote=Down rdiag=1 down=1$' \
    "$WATCH"
bfdw_heal B
for p in $DIRECT; do
	bfdd_wait_state 10 A "$p" Up
done
for p in $ll_a 2001:db8:1::a 192.0.2.1; do
	t6_wait 5 "BIRD's session to $p to be Up again" bird_is "$p" Up
done

# the wrong keys have not come Up, all this while
for p in $BAD; do
	t6_assert_eq "Down 0" "$(fields "$p" state up)" \
	    "bfdd's session to $p (wrong key)"
done

# 5a. bfdd stops (SIGTERM): AdminDown everywhere; BIRD goes Down at once
t_term=$(bfdw_now)
bfdd_stop A || t6_fail "bfdd did not exit 0 on SIGTERM"
t6_wait 5 "the client to hear bfdd leave" grep -q ' 602 shutdown$' "$WATCH"
for p in $ll_a 2001:db8:1::a 192.0.2.1 2001:db8:31::a 198.51.100.1 \
    ${GOOD//::b/::a}; do
	t6_wait 3 "BIRD's session to $p to go Down" bird_is "$p" Down
done

# 5b. BIRD stops: bfdd, back, sees a failure (no AdminDown from BIRD).
# (The new bfdd writes a fresh log and the first one's is kept as
# bfdd.log.1, which teardown checks for sanitizer reports: read its exit
# first.)
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
t_birdstop=$(bfdw_now)
bird_stop B
for p in $DIRECT $MULTI; do
	t6_wait 5 "bfdd to time out $p" bfdd__is A "$p" Down
	t6_assert_eq 1 "$(bfdd_field A "$p" local_diag)" "bfdd's diag to $p"
done
t6_wait 5 "the client to hear a failure" grep -Eq \
    ' 600 w2 peer=2001:db8:1::b%eth0 state=Down old=Up diag=1 remote=Down .* down=1$' \
    "$WATCH2"

# the wrong keys never came Up, on either side
for p in $BAD; do
	t6_assert_eq "Down 0" "$(fields "$p" state up)" \
	    "the new bfdd's session to $p (wrong key)"
done
n=$(grep -Ec "Session to 2001:db8:2[1-5]::a changed state" "$(t6_daemon_log B bird)")
t6_assert_eq 0 "$n" "state changes of BIRD's sessions with wrong keys"
c=$(bfdctl A show counters)
t6_log "bfdd's counters: $(echo $c)"
t6_capture_stop "$PCAP"

# 6. the wire (the table's columns: tests/lib/bfdwire.sh)
bfdw_capture_complete "$PCAP"
t6_dissect_clean "$PCAP" 100
bfdw_table "$PCAP"
pk() {
	bfdw_pk "$1"
}
ours='$2 ~ /^(2001:db8:[0-9]+::a|198\.51\.100\.1|192\.0\.2\.1|fe80::)/ && $2 != "'$ll_b'"'
# ours: hop limit 255, source port in range, one port per session
t6_assert_eq "" "$(pk "$ours"' && ($6 != 255 || $4 < 49152) { print }' | head -3)" \
    "our packets with a hop limit under 255 or a low source port"
t6_assert_eq 0 "$(pk "$ours"' && $1 < '$t_term' {
    p[$2 " " $3] = p[$2 " " $3] " " $4 }
    END { for (k in p) { n = split(p[k], a, " "); for (i = 2; i <= n; i++)
	if (a[i] != a[1]) { print k; break } } }' | wc -l)" \
    "sessions that changed source port"
# BIRD: single hop at 255, multihop at 64 (63 here, one hop away)
t6_assert_eq "255" "$(pk '$2 == "2001:db8:1::b" { print $6 }' | sort -u)"
t6_assert_eq "63" "$(pk '$2 == "2001:db8:32::b" || $2 == "203.0.113.2" { print $6 }' |
    sort -u | tr '\n' ' ' | sed 's/ $//')" "hop limit of BIRD's multihop packets here"
# BIRD's source ports are the system's ephemeral ones (32768-60999 by
# default on Linux), not 49152-65535 as RFC 5881 4 and RFC 5883 5 say
# (spec 5.1); counted here, not asserted (they are random)
t6_log "BIRD's source ports: $(pk '$2 ~ /::b$|\.2$/ { print $4 }' | sort -un |
    tr '\n' ' ')($(pk '$2 ~ /::b$|\.2$/ && $4 < 49152 { print $4 }' | sort -u |
    wc -l) below 49152)"
# authentication types and lengths, both ways (simple: 24 + 3 + 7)
i=0
for len in 34 48 48 52 52; do
	i=$((i + 1))
	for d in "2001:db8:1$i::a 2001:db8:1$i::b" "2001:db8:1$i::b 2001:db8:1$i::a"; do
		set -- $d
		t6_assert_eq "$i $len" "$(pk '$2 == "'$1'" && $3 == "'$2'" {
		    print $14, $15 }' | sort -u)" "auth type and length $1 -> $2"
	done
done
t6_assert_eq "5 52" "$(pk '$2 == "2001:db8:32::b" { print $14, $15 }' | sort -u)" \
    "BIRD's multihop authentication"

# the polls: bfdd's P with its new values, answered by BIRD's F; BIRD's
# P with its new ones (answered: below); nothing but Up on the direct
# link meanwhile
pf() {	# FROM TO SINCE UNTIL DESIRED-TX
	pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$3' && $1 < '$4' &&
	    $9 == 1 && $11 == '$5' { p = $1; exit } END { print p }'
}
fin() {	# FROM TO SINCE: time of the first F after SINCE
	pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$3' && $10 == 1 {
	    print $1; exit }'
}
for d in "2001:db8:1::a 2001:db8:1::b" "192.0.2.1 192.0.2.2"; do
	set -- $d
	p=$(pf $1 $2 $t_poll1 $t_poll2 350000)
	[ -n "$p" ] || t6_fail "no P from bfdd after the reload ($1)"
	f=$(fin $2 $1 $p)
	[ -n "$f" ] || t6_fail "BIRD did not answer bfdd's P ($1)"
	t6_log "$1: bfdd's P at +$(bfdw_ms $t_poll1 $p) ms, BIRD's F $(bfdw_ms $p $f) ms later"
	p=$(pf $2 $1 $t_poll2 $t_cut1 500000)
	[ -n "$p" ] || t6_fail "no P from BIRD after its reconfiguration ($2)"
	t6_assert_eq "3" "$(pk '($2 == "'$1'" || $2 == "'$2'") && $1 > '$t_poll1' &&
	    $1 < '$t_cut1' { print $7 }' | sort -u)" "states during the polls ($1)"
done

# every P from BIRD (at Up, on its reconfiguration, after the cuts) is
# answered with an F within 100 ms (not while BFD from BIRD was dropped,
# in the first cut, nor after bfdd stopped)
for d in "2001:db8:1::a 2001:db8:1::b" "192.0.2.1 192.0.2.2" "$ll_a $ll_b" \
    "2001:db8:31::a 2001:db8:32::b" "198.51.100.1 203.0.113.2" \
    "2001:db8:11::a 2001:db8:11::b" "2001:db8:15::a 2001:db8:15::b"; do
	set -- $d
	n1="" n2=""
	n1=$(bfdw_finals $1 $2 0 $t_cut1) &&
	    n2=$(bfdw_finals $1 $2 $t_heal1 $t_term) ||
	    t6_fail "a P from $2 not answered at once: $n1 $n2"
	[ $((n1 + n2)) -ge 1 ] || t6_fail "no P from $2 at all"
	t6_log "$2: $((n1 + n2)) polls answered at once"
done

# detection times: from the peer's last packet before the cut to the
# detecting side's first Down packet
bfdw_detect 2001:db8:1::a 2001:db8:1::b $t_cut1 2500 500 $SLACK "bfdd, IPv6"
bfdw_detect 192.0.2.1 192.0.2.2 $t_cut1 2500 500 $SLACK "bfdd, IPv4"
bfdw_detect 2001:db8:1::b 2001:db8:1::a $t_cut2 1750 350 $SLACK "BIRD, IPv6"
bfdw_detect 192.0.2.2 192.0.2.1 $t_cut2 1750 350 $SLACK "BIRD, IPv4"
# BIRD's first Down after each cut: diag 3 when it heard ours, 1 when it
# timed out itself
t6_assert_eq 3 "$(pk '$2 == "2001:db8:1::b" && $1 > '$t_cut1' && $7 == 1 {
    print $8; exit }')" "BIRD's diag on hearing bfdd's Down"
t6_assert_eq 1 "$(pk '$2 == "2001:db8:1::b" && $1 > '$t_cut2' && $7 == 1 {
    print $8; exit }')" "BIRD's diag on its own detection"

# bfdd's goodbye: at least 3 AdminDown (diag 7) on each session; BIRD
# then says Down with diag 3 (it heard us), never 1 (a timeout)
for d in "2001:db8:1::a 2001:db8:1::b" "192.0.2.1 192.0.2.2" \
    "2001:db8:31::a 2001:db8:32::b" "198.51.100.1 203.0.113.2" \
    "2001:db8:13::a 2001:db8:13::b"; do
	set -- $d
	n=$(pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$t_term' &&
	    $1 < '$t_birdstop' && $7 == 0 && $8 == 7' | wc -l)
	[ "$n" -ge 3 ] || t6_fail "bfdd sent $n AdminDown packets to $2"
	t6_assert_eq 3 "$(pk '$2 == "'$2'" && $3 == "'$1'" && $1 > '$t_term' &&
	    $7 == 1 { print $8; exit }')" "BIRD's diag after bfdd's AdminDown ($2)"
done
# BIRD 2.0.12 never says AdminDown: when it stops its sessions vanish
# and the peer sees a failure (diag 1, down=1), though RFC 5880 6.8.16
# and RFC 5882 3.2 mean AdminDown for exactly this (the same on "birdc
# disable", spec 5.2).  The capture is the evidence.
t6_assert_eq "" "$(pk '$2 ~ /::b$|\.2$/ && $7 == 0' | head -3)" \
    "AdminDown from BIRD"
t6_assert_eq "" "$(pk '$2 == "2001:db8:1::b" && $1 > '$t_birdstop' { print }' |
    tail -n +2)" "BIRD's packets after it was told to stop (one may cross)"
t6_pass
