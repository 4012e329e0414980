#!/bin/bash
# route6d against BIRD 2 (protocol rip ng), both directions, on a line
# B1 - R - B2 (BIRD, route6d, BIRD) where B1, R and a daemon-less router
# X share a bridged link:
# - R learns the interface prefixes B1 and B2 export to RIP and installs
#   them (proto rip) via their link-local addresses; BIRD learns R's
#   prefix and installs it in the kernel (kernel protocol);
# - transit: what R learns from one BIRD reaches the other with the
#   metric plus one at each hop (1 from the origin, 2 at R, 3 beyond);
# - next-hop RTEs both ways: R's static route via X (-S) reaches B1 with
#   a next-hop RTE naming X and B1 installs it via X; B1's static route
#   via X reaches R the same way and R installs it via X; beyond R, B2
#   gets both through R;
# - withdrawal: a prefix removed on B1 leaves R's kernel (and B2's) at
#   once on BIRD's metric 16, long before the 20 s timeout; R's prefix
#   removed leaves both BIRDs at once; BIRD stopped (SIGTERM) says
#   nothing, so R times its routes out (documented BIRD behaviour); then
#   route6d stopped (SIGTERM) and its routes leave B1 at once;
# - every RIPng packet on R's two links dissects cleanly, at hop limit
#   255.
# t6-timeout: 240
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
. "$T6_TOP/tests/lib/peers.sh"
t6_init
t6_need tshark tcpdump
bird_need

# timeouts far above the time a withdrawal may take, so a route that
# goes away in time went away on a metric 16, not by timing out
R6_TIMERS=1,20,4
TIMEOUT=20
PROMPT=5	# seconds a withdrawal may take at most

t6_ns B1; t6_ns R; t6_ns B2; t6_ns X; t6_switch sw
t6_port sw B1 eth0
t6_port sw R eth0
t6_port sw X eth0
t6_link R eth1 B2 eth0
t6_addr B1 eth0 2001:db8:1::b1/64
t6_addr R eth0 2001:db8:1::1/64
t6_addr X eth0 2001:db8:1::c/64
t6_addr R eth1 2001:db8:2::1/64
t6_addr B2 eth0 2001:db8:2::b2/64

# stub prefixes on veths kept inside one namespace (no dummy driver)
stub() {
	nsx "$1" ip link add name "$2" type veth peer name "$2p"
	nsx "$1" ip link set "$2" up
	nsx "$1" ip link set "$2p" up
	t6_addr "$1" "$2" "$3"
}
stub B1 s0 2001:db8:b1::1/64
stub R s0 2001:db8:a::1/64
stub B2 s0 2001:db8:b2::1/64
stub X s0 2001:db8:77::1/64
stub X s1 2001:db8:88::1/64
for n in B1 R B2 X; do t6_wait_dad "$n"; done

ll_b1=$(t6_lladdr B1 eth0)
ll_r0=$(t6_lladdr R eth0)
ll_r1=$(t6_lladdr R eth1)
ll_b2=$(t6_lladdr B2 eth0)
ll_x=$(t6_lladdr X eth0)

# R's static route through X on the shared link: advertised with -S
nsx R ip -6 route add 2001:db8:77::/64 via "$ll_x" dev eth0

# BIRD: the stub's prefix (direct) and, on B1, a static route through
# X, exported to RIPng; RIP routes exported to the kernel
bird_conf() {	# router-id extra-protocols
	cat <<EOF
router id $1;
protocol device { scan time 1; }
protocol direct { ipv6; interface "s0"; }
protocol kernel { ipv6 { export where source = RTS_RIP; }; }
$2
protocol rip ng ripng1 {
	ipv6 { import all; export all; };
	interface "eth0" {
		update time 1;
		timeout time $TIMEOUT;
		garbage time 4;
	};
}
EOF
}

t6_capture R eth0 "$T6_TMP/eth0.pcap" "udp port 521"
t6_capture R eth1 "$T6_TMP/eth1.pcap" "udp port 521"
bird_start B1 "$(bird_conf 10.0.0.1 "protocol static via_x {
	ipv6;
	route 2001:db8:88::/64 via $ll_x%eth0;
}")"
bird_start B2 "$(bird_conf 10.0.0.2 "")"
r6_start R -S

# bird_rip NAME PREFIX: "via GATEWAY on IF metric M" of NAME's best
# route to PREFIX if it is a RIP route
bird_rip() {
	birdc "$1" show route for "$2" all | awk -v p="$2" '
	    $1 == p && /unicast \[ripng1 / { rip = 1; next }
	    rip && $1 == "via" { gw = $2 " on " $4 }
	    rip && $1 == "RIP.metric:" { print "via " gw " metric " $2; exit }'
}
bird_has() {	# NAME PREFIX REGEX
	bird_rip "$1" "$2" | grep -Eq -- "$3"
}
# kernel routes BIRD installed (proto bird)
kfib_has() {	# NAME REGEX
	ip -n "$(t6_nsname "$1")" -6 route show proto bird | grep -Eq -- "$2"
}
kfib_lacks() {
	! kfib_has "$@"
}

# 1. both directions on each link
t6_wait 20 "R learns B1's prefix" \
    r6_fib_has R "^2001:db8:b1::/64 via $ll_b1 dev eth0 metric 1024"
t6_wait 20 "R learns B2's prefix" \
    r6_fib_has R "^2001:db8:b2::/64 via $ll_b2 dev eth1 metric 1024"
t6_wait 20 "B1 installs R's prefix" \
    kfib_has B1 "^2001:db8:a::/64 via $ll_r0 dev eth0 metric 32"
t6_wait 20 "B2 installs R's prefix" \
    kfib_has B2 "^2001:db8:a::/64 via $ll_r1 dev eth0 metric 32"
t6_assert_eq "via $ll_r0 on eth0 metric 2" "$(bird_rip B1 2001:db8:a::/64)" \
    "B1's RIP route to R's prefix"
t6_assert_eq "via $ll_r1 on eth0 metric 2" "$(bird_rip B2 2001:db8:a::/64)" \
    "B2's RIP route to R's prefix"
t6_assert_match "^2001:db8:b1::/64 +2 +rip +$ll_b1 +eth0 " \
    "$(r6ctl R show routes)" "R's route to B1's prefix"
t6_assert_match "^2001:db8:b2::/64 +2 +rip +$ll_b2 +eth1 " \
    "$(r6ctl R show routes)" "R's route to B2's prefix"

# 2. transit through R: metric 1 at the origin, 2 at R, 3 beyond
t6_wait 15 "B2 learns B1's prefix through R" \
    bird_has B2 2001:db8:b1::/64 "^via $ll_r1 on eth0 metric 3$"
t6_wait 15 "B1 learns B2's prefix through R" \
    bird_has B1 2001:db8:b2::/64 "^via $ll_r0 on eth0 metric 3$"
kfib_has B2 "^2001:db8:b1::/64 via $ll_r1 dev eth0 metric 32" ||
    t6_fail "B2's kernel lacks B1's prefix: $(nsx B2 ip -6 route)"
kfib_has B1 "^2001:db8:b2::/64 via $ll_r0 dev eth0 metric 32" ||
    t6_fail "B1's kernel lacks B2's prefix: $(nsx B1 ip -6 route)"
t6_wait 10 "B2 learns the shared link's prefix from R" \
    bird_has B2 2001:db8:1::/64 "^via $ll_r1 on eth0 metric 2$"
t6_wait 10 "B2 reaches B1's stub across R" \
    nsx B2 ping -6 -c1 -W1 -I 2001:db8:b2::1 2001:db8:b1::1

# 4. next-hop RTEs.  R -> B1: R's static route via X; B1 installs it via
# X (BIRD honours next-hop RTEs), B2 (another link) via R at metric 2
t6_wait 15 "B1 installs R's static route via X" \
    kfib_has B1 "^2001:db8:77::/64 via $ll_x dev eth0 metric 32"
t6_assert_eq "via $ll_x on eth0 metric 2" "$(bird_rip B1 2001:db8:77::/64)" \
    "B1's RIP route to R's static prefix"
t6_wait 10 "B2 learns R's static route via R" \
    bird_has B2 2001:db8:77::/64 "^via $ll_r1 on eth0 metric 2$"
t6_wait 10 "B1 reaches X's stub directly" \
    nsx B1 ping -6 -c1 -W1 2001:db8:77::1
# B1 -> R: B1's static route via X; R installs it via X and passes it on
t6_wait 15 "R installs B1's static route via X" \
    r6_fib_has R "^2001:db8:88::/64 via $ll_x dev eth0 metric 1024"
t6_assert_match "^2001:db8:88::/64 +2 +rip +$ll_x +eth0 " \
    "$(r6ctl R show routes)" "R's route to B1's static prefix"
t6_wait 10 "B2 learns B1's static route via R" \
    bird_has B2 2001:db8:88::/64 "^via $ll_r1 on eth0 metric 3$"
t6_wait 10 "R reaches X's other stub directly" \
    nsx R ping -6 -c1 -W1 2001:db8:88::1

# nothing BIRD sent was refused
stats=$(r6ctl R show stats)
t6_assert_match '^drop_hop-limit +0$' "$stats" "R's hop-limit drops"
t6_assert_match '^drop_bad-length +0$' "$stats"
t6_assert_match '^drop_rte-prefix +0$' "$stats"
t6_assert_match '^drop_rte-metric +0$' "$stats"
# neighbours: responses and RTEs heard, none bad; no packet dropped
nb=$(r6ctl R show neighbors)
t6_assert_match "^$ll_b1 +eth0 +[0-9]+ +[0-9]+ +[1-9][0-9]* +[1-9][0-9]* +0 +off$" \
    "$nb" "B1 as R's neighbour"
t6_assert_match "^$ll_b2 +eth1 +[0-9]+ +[0-9]+ +[1-9][0-9]* +[1-9][0-9]* +0 +off$" \
    "$nb" "B2 as R's neighbour"
ifs=$(r6ctl R show interfaces)
t6_assert_match "^eth0 +[0-9]+ +running .* 0$" "$ifs" "R's drops on eth0"
t6_assert_match "^eth1 +[0-9]+ +running .* 0$" "$ifs" "R's drops on eth1"

# 3a. B1's prefix goes away: BIRD says metric 16, R deletes at once and
# tells B2 at once
start=$(date +%s%N)
nsx B1 ip addr del 2001:db8:b1::1/64 dev s0
t6_wait "$PROMPT" "R deletes B1's withdrawn prefix at once" \
    r6_fib_lacks R "^2001:db8:b1::/64"
took=$((($(date +%s%N) - start) / 1000000))
t6_wait "$PROMPT" "B2 drops B1's withdrawn prefix at once" \
    kfib_lacks B2 "^2001:db8:b1::/64"
t6_log "R deleted B1's withdrawn prefix after $took ms (timeout ${TIMEOUT}s)"

# 3b. R's prefix goes away: both BIRDs drop it at once
start=$(date +%s%N)
nsx R ip addr del 2001:db8:a::1/64 dev s0
t6_wait "$PROMPT" "B1 drops R's withdrawn prefix at once" \
    kfib_lacks B1 "^2001:db8:a::/64"
t6_wait "$PROMPT" "B2 drops R's withdrawn prefix at once" \
    kfib_lacks B2 "^2001:db8:a::/64"
took=$((($(date +%s%N) - start) / 1000000))
t6_log "BIRDs dropped R's withdrawn prefix after $took ms"

# 3c. B2 stops gracefully (SIGTERM).  BIRD sends no farewell when it
# stops (nor on "disable"; RFC 2080 asks for none): R keeps B2's prefix
# until the timeout, then deletes it and tells B1 at once
start=$(date +%s%N)
bird_stop B2
t6_assert_eq "" "$(nsx B2 ip -6 route show proto bird)" \
    "B2's kernel routes after BIRD stopped"
t6_wait_quiet "$PROMPT" r6_fib_lacks R "^2001:db8:b2::/64" &&
    t6_fail "R dropped B2's prefix before the timeout: BIRD said goodbye?"
t6_wait $((TIMEOUT + 3)) "R times B2's prefix out" \
    r6_fib_lacks R "^2001:db8:b2::/64"
took=$((($(date +%s%N) - start) / 1000000))
# B2's last update came at most ~1 s before it stopped
[ "$took" -ge $(((TIMEOUT - 2) * 1000)) ] ||
    t6_fail "R dropped B2's prefix after $took ms, before the timeout"
t6_wait "$PROMPT" "B1 drops B2's prefix on R's metric 16" \
    kfib_lacks B1 "^2001:db8:b2::/64"
t6_log "R timed B2's prefix out after $took ms"

# 3d. route6d stops (SIGTERM): everything through R leaves B1 at once
r6_stop R || t6_fail "route6d did not exit 0 on SIGTERM"
t6_assert_eq "" "$(r6_fib R)" "R's kernel routes after SIGTERM"
start=$(date +%s%N)
for p in 2001:db8:2:: 2001:db8:77::; do
	t6_wait "$PROMPT" "B1 drops $p/64 on route6d's farewell" \
	    kfib_lacks B1 "^$p/64 "
done
took=$((($(date +%s%N) - start) / 1000000))
t6_log "B1 dropped R's routes after $took ms"
t6_assert_eq "" "$(nsx B1 ip -6 route show proto bird)" \
    "B1's BIRD routes after route6d left"

# 5/6. the wire
t6_capture_stop "$T6_TMP/eth0.pcap"
t6_capture_stop "$T6_TMP/eth1.pcap"
t6_dissect_clean "$T6_TMP/eth0.pcap" 10
t6_dissect_clean "$T6_TMP/eth1.pcap" 10
# rtes FILE SRC: the RTEs of each response from SRC, one packet a line,
# "prefix/plen=metric" joined by commas
rtes() {
	tshark -n -r "$1" -Y "ripng.cmd == 2 && ipv6.src == $2" -T fields \
	    -e ripng.rte.ipv6_prefix -e ripng.rte.prefix_length \
	    -e ripng.rte.metric -E occurrence=a -E separator=' ' \
	    -E aggregator=, 2>/dev/null |
	awk '{ n = split($1, p, ","); split($2, l, ","); split($3, m, ",");
	    s = ""; for (i = 1; i <= n; i++)
		s = s (i > 1 ? "," : "") p[i] "/" l[i] "=" m[i]; print s }'
}
from_r0=$(rtes "$T6_TMP/eth0.pcap" "$ll_r0")
from_r1=$(rtes "$T6_TMP/eth1.pcap" "$ll_r1")
from_b1=$(rtes "$T6_TMP/eth0.pcap" "$ll_b1")
from_b2=$(rtes "$T6_TMP/eth1.pcap" "$ll_b2")
# R's static route on the link of its gateway: a next-hop RTE naming X
# just before it (RFC 2080 2.1.1); elsewhere a plain RTE
t6_assert_match "(^|,)$ll_x/0=255,2001:db8:77::/64=1(,|$)" "$from_r0" \
    "R's next-hop RTE for 77::/64 on eth0"
t6_assert_match "(^|,)2001:db8:77::/64=1(,|$)" "$from_r1"
t6_assert_nomatch "=255" "$from_r1" "next-hop RTEs from R on eth1"
# transit metrics on the wire, R's withdrawals and farewell (metric 16)
t6_assert_match "(^|,)2001:db8:b1::/64=2(,|$)" "$from_r1"
t6_assert_match "(^|,)2001:db8:b2::/64=2(,|$)" "$from_r0"
t6_assert_match "(^|,)2001:db8:88::/64=2(,|$)" "$from_r1"
t6_assert_match "(^|,)2001:db8:b1::/64=16(,|$)" "$from_r1" \
    "R's withdrawal of B1's prefix"
t6_assert_match "(^|,)2001:db8:a::/64=16(,|$)" "$from_r0" \
    "R's withdrawal of its prefix"
t6_assert_match "(^|,)2001:db8:b2::/64=16(,|$)" "$from_r0" \
    "R's withdrawal of B2's timed-out prefix"
t6_assert_match "(^|,)2001:db8:2::/64=16(,|$)" "$from_r0" "R's farewell"
# BIRD: its static route via X with a next-hop RTE, its withdrawal
t6_assert_match "(^|,)$ll_x/0=255,2001:db8:88::/64=1(,|$)" "$from_b1" \
    "B1's next-hop RTE for 88::/64"
t6_assert_match "(^|,)2001:db8:b1::/64=16(,|$)" "$from_b1" \
    "B1's withdrawal of its prefix"
t6_assert_match "(^|,)2001:db8:b2::/64=1(,|$)" "$from_b2"
# everyone at hop limit 255, multicast and unicast answers alike (BIRD's
# RIPng interfaces default to "ttl security on")
for f in eth0 eth1; do
	hl=$(tshark -n -r "$T6_TMP/$f.pcap" -T fields -e ipv6.hlim \
	    2>/dev/null | sort -u | tr '\n' ' ')
	t6_assert_eq "255 " "$hl" "hop limits on $f"
done
t6_pass
