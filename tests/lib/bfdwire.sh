# BFD on the wire, for interop tests: cuts with nftables, and checks on
# a capture as a table; source after t6.sh.
#
#	bfdw_cut B eth0			# BFD arriving on B's eth0 is dropped
#	bfdw_heal B
#	bfdw_table "$pcap"		# then bfdw_pk 'AWK-CONDITION'
#
# The table has one line a BFD packet, every field a number or an
# address ("-" when absent):
#	$1 time (s, epoch)  $2 source  $3 destination  $4 source port
#	$5 destination port  $6 hop limit/TTL  $7 state  $8 diag  $9 P
#	$10 F  $11 desired min TX (µs)  $12 required min RX (µs)
#	$13 detect mult  $14 auth type  $15 BFD length
#	$16 your discriminator

BFDW_TABLE=""

# bfdw_capture NAME IF FILE [FILTER]: t6_capture, with a ring that holds
# a burst (bfdd's goodbye to every session at once).  t6_capture's full
# snap length (-s 0) with --immediate-mode leaves libpcap a ring of few
# frames: of 100 small UDP packets sent at once, it lost 29 ("dropped by
# kernel"); with -s 256 -B 16384, none.  Registered like t6_capture's,
# so t6_capture_stop and the teardown handle it.
bfdw_capture() {
	local n=$1 ifname=$2 file=$3 filter=${4:-} log pid
	t6_need tcpdump
	log="$file.log"
	# shellcheck disable=SC2086
	ip netns exec "$(t6_nsname "$n")" tcpdump -n -U --immediate-mode \
	    -Z root -s 256 -B 16384 -i "$ifname" -w "$file" $filter \
	    >"$log" 2>&1 &
	pid=$!
	T6_CAPS+=("$pid:$file")
	t6_wait 10 "capture on $n:$ifname" grep -q "listening on" "$log"
}

# bfdw_capture_complete FILE: fail unless the stopped capture of FILE
# lost nothing (the checks on the table need every packet).
bfdw_capture_complete() {
	grep -q "^0 packets dropped by kernel" "$1.log" ||
	    t6_fail "the capture lost packets: $(tail -3 "$1.log")"
}

# Wall-clock time, as in captures.
bfdw_now() {
	date +%s.%N
}

# bfdw_ms FROM TO: whole milliseconds from one time to another.
bfdw_ms() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%d", (b - a) * 1000 }'
}

# bfdw_select PEER KEY...: from a JSON array of objects on stdin
# (bfdctl -j show sessions, vtysh "show bfd peers json"), the values of
# the KEYs in the first object whose "peer" is PEER, on one line
# (booleans as true/false, "-" for a missing key); nothing if no object
# matches.  One python for many keys: it takes a while to start.
bfdw_select() {
	python3 -c '
import json, sys
def text(v):
    return ("true" if v else "false") if isinstance(v, bool) else str(v)
try:
    data = json.load(sys.stdin)
except ValueError as e:
    print("not JSON: %s" % e); sys.exit(1)
for s in data:
    if s.get("peer") == sys.argv[1]:
        print(" ".join(text(s.get(k, "-")) for k in sys.argv[2:])); break
' "$@"
}

# bfdw_assert_match REGEX TEXT [WHAT]: t6_assert_match without its pipe
# (printf into grep -q, under pipefail: when grep has matched and gone
# before printf is done, printf's SIGPIPE fails the assertion; bash's
# printf writes to a pipe line by line, and it happened here once).
bfdw_assert_match() {
	grep -Eq -- "$1" <<<"$2" ||
	    t6_fail "${3:-no match}: /$1/ not found in:
$2"
}

# bfdw_cut NAME IF: drop BFD control packets (single hop) arriving on
# NAME's IF; nothing else is touched.
bfdw_cut() {
	nsx "$1" nft add table inet t6cut &&
	nsx "$1" nft add chain inet t6cut in \
	    '{ type filter hook input priority 0; }' &&
	nsx "$1" nft add rule inet t6cut in iifname "$2" udp dport 3784 drop ||
	    t6_fail "nft in $1"
}

bfdw_heal() {
	nsx "$1" nft delete table inet t6cut || t6_fail "nft in $1"
}

# bfdw_table PCAP: dissect PCAP (stopped) into the table.
bfdw_table() {
	BFDW_TABLE=$1.txt
	tshark -n -r "$1" -Y bfd -T fields -E separator=/t \
	    -e frame.time_epoch -e ipv6.src -e ip.src -e ipv6.dst -e ip.dst \
	    -e udp.srcport -e udp.dstport -e ipv6.hlim -e ip.ttl -e bfd.sta \
	    -e bfd.diag -e bfd.flags.p -e bfd.flags.f \
	    -e bfd.desired_min_tx_interval -e bfd.required_min_rx_interval \
	    -e bfd.detect_time_multiplier -e bfd.auth.type \
	    -e bfd.message_length -e bfd.your_discriminator 2>/dev/null | python3 -c '
import sys
for l in sys.stdin:
    f = l.rstrip("\n").split("\t")
    v = [f[0], f[1] or f[2], f[3] or f[4], f[5], f[6], f[7] or f[8]]
    v += [str(int(x, 0)) if x else "-" for x in f[9:]]
    print(" ".join(v))' >"$BFDW_TABLE" || t6_fail "tshark on $1"
	[ -s "$BFDW_TABLE" ] || t6_fail "no BFD packets in $1"
}

# bfdw_pk AWK-PROGRAM: run it over the table.
bfdw_pk() {
	awk "$1" "$BFDW_TABLE"
}

# bfdw_detect DETECTOR SILENT CUT DETECT-MS PEER-INTERVAL-MS SLACK-MS WHAT:
# the time from the last packet SILENT sent DETECTOR before CUT (the
# time the cut began) to DETECTOR's first Down packet after it must lie
# between the detection time and the detection time plus one interval
# of the peer (the last packet may have come that much before the cut)
# plus SLACK-MS.  Logs it.
bfdw_detect() {
	local last down gap
	last=$(bfdw_pk '$2 == "'$2'" && $3 == "'$1'" && $1 < '$3' { t = $1 }
	    END { print t }')
	down=$(bfdw_pk '$2 == "'$1'" && $3 == "'$2'" && $1 > '$3' &&
	    $7 == 1 { print $1; exit }')
	[ -n "$last" ] && [ -n "$down" ] ||
	    t6_fail "$7: no packets around the cut"
	gap=$(bfdw_ms "$last" "$down")
	t6_log "$7: Down ${gap} ms after the last packet heard (detection time $4 ms)"
	[ "$gap" -ge $(($4 - 1)) ] && [ "$gap" -le $(($4 + $5 + $6)) ] ||
	    t6_fail "$7: Down after $gap ms, expected $4 to $(($4 + $5 + $6))"
}

# bfdw_finals US PEER FROM UNTIL: every P PEER sent US between FROM and
# UNTIL is answered by a packet from US to PEER with F within 100 ms
# (RFC 5880 6.8.7: at once; our rate limit may hold an F back 10 ms, a
# busy machine some more; an F forgotten waits for the peer's next P, a
# periodic packet, 225 ms later at the very least in these tests).
# Prints the number of answers, or, failing, the P left unanswered.
bfdw_finals() {
	bfdw_pk '
	    want && $1 - at > 0.100 { exit 1 }
	    $2 == "'$2'" && $3 == "'$1'" && $1 >= '$3' && $1 < '$4' &&
		$9 == 1 { if (!want) { want = 1; at = $1 } next }
	    $2 == "'$1'" && $3 == "'$2'" && want && $10 == 1 { want = 0; n++ }
	    END { if (want) { printf "P at %s not answered within 100 ms\n",
		at; exit 1 } print n + 0 }'
}

# bfdw_multihop_lab: A eth1 - R - eth1 B, for multihop sessions over
# both families (R forwards; A and B route the far subnet through it):
# A 2001:db8:31::a and 198.51.100.1, B 2001:db8:32::b and 203.0.113.2.
bfdw_multihop_lab() {
	t6_link A eth1 R eth0
	t6_link R eth1 B eth1
	t6_addr A eth1 2001:db8:31::a/64
	t6_addr R eth0 2001:db8:31::1/64
	t6_addr R eth1 2001:db8:32::1/64
	t6_addr B eth1 2001:db8:32::b/64
	t6_addr A eth1 198.51.100.1/24
	t6_addr R eth0 198.51.100.254/24
	t6_addr R eth1 203.0.113.254/24
	t6_addr B eth1 203.0.113.2/24
	nsx A ip -6 route add 2001:db8:32::/64 via 2001:db8:31::1
	nsx B ip -6 route add 2001:db8:31::/64 via 2001:db8:32::1
	nsx A ip route add 203.0.113.0/24 via 198.51.100.254
	nsx B ip route add 198.51.100.0/24 via 203.0.113.254
}
