#!/bin/bash
# route6d against FRR 8 ripngd (with zebra), both directions, on a line
# F1 - R - F2 (FRR, route6d, FRR) where F1, R and a daemon-less router X
# share a bridged link:
# - R learns F1's stub prefix ("redistribute connected") and F2's
#   ("network" statement) and installs them (proto rip) via their
#   link-local addresses; zebra installs R's prefix (proto ripng);
# - transit: what R learns from one FRR reaches the other with the
#   metric plus one at each hop (1 from the origin, 2 at R, 3 beyond);
# - next-hop RTEs both ways: R's static route via X (-S) reaches F1 with
#   a next-hop RTE naming X and F1 installs it via X; F1's kernel route
#   via X ("redistribute kernel") reaches R the same way and R installs
#   it via X; beyond R, F2 gets both through R;
# - FRR answers R's request with a unicast response at hop limit 64
#   (its updates use 255): R accepts it, RFC 2080 2.4.2 asks 255 only
#   of multicast;
# - withdrawal: a prefix removed on F1 leaves R's kernel (and F2's) on
#   FRR's metric 16, long before the 20 s timeout; R's prefix removed
#   leaves both FRRs at once; ripngd stopped (SIGTERM) says nothing, so
#   R times its routes out (documented FRR behaviour); then route6d
#   stopped (SIGTERM) and its routes leave F1 at once;
# - every RIPng packet on R's two links dissects cleanly.
# t6-timeout: 240
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
. "$T6_TOP/tests/lib/peers.sh"
t6_init
t6_need tshark tcpdump
frr_need zebra ripngd

# timeouts far above the time a withdrawal may take, so a route that
# goes away in time went away on a metric 16, not by timing out
R6_TIMERS=1,20,4
TIMEOUT=20
# seconds a withdrawal may take at most: FRR holds a triggered update
# back 1-5 s after the one before (RFC 2080 2.5.1), and its regular
# updates (every 1-2 s here) carry the metric 16 too
PROMPT=6

t6_ns F1; t6_ns R; t6_ns F2; t6_ns X; t6_switch sw
t6_port sw F1 eth0
t6_port sw R eth0
t6_port sw X eth0
t6_link R eth1 F2 eth0
t6_addr F1 eth0 2001:db8:1::f1/64
t6_addr R eth0 2001:db8:1::1/64
t6_addr X eth0 2001:db8:1::c/64
t6_addr R eth1 2001:db8:2::1/64
t6_addr F2 eth0 2001:db8:2::f2/64

# stub prefixes on veths kept inside one namespace (no dummy driver)
stub() {
	nsx "$1" ip link add name "$2" type veth peer name "$2p"
	nsx "$1" ip link set "$2" up
	nsx "$1" ip link set "$2p" up
	t6_addr "$1" "$2" "$3"
}
stub F1 s0 2001:db8:f1::1/64
stub R s0 2001:db8:a::1/64
stub F2 s0 2001:db8:f2::1/64
stub X s0 2001:db8:77::1/64
stub X s1 2001:db8:88::1/64
for n in F1 R F2 X; do t6_wait_dad "$n"; done

ll_f1=$(t6_lladdr F1 eth0)
ll_r0=$(t6_lladdr R eth0)
ll_r1=$(t6_lladdr R eth1)
ll_f2=$(t6_lladdr F2 eth0)
ll_x=$(t6_lladdr X eth0)

# R's static route through X on the shared link: advertised with -S;
# F1's kernel route through X: redistributed by ripngd
nsx R ip -6 route add 2001:db8:77::/64 via "$ll_x" dev eth0
nsx F1 ip -6 route add 2001:db8:88::/64 via "$ll_x" dev eth0

t6_capture R eth0 "$T6_TMP/eth0.pcap" "udp port 521"
t6_capture R eth1 "$T6_TMP/eth1.pcap" "udp port 521"
frr_start F1 "zebra ripngd" "
router ripng
 network eth0
 redistribute connected
 redistribute kernel
 timers basic 1 $TIMEOUT 4
exit
"
frr_start F2 "zebra ripngd" "
router ripng
 network 2001:db8:2::/64
 network 2001:db8:f2::/64
 timers basic 1 $TIMEOUT 4
exit
"
# ripngd runs on an interface once zebra has told it the link-local
# address: wait until it speaks on each link, so that R's first request
# finds it listening
speaks() {	# CAPTURE SOURCE
	tshark -n -r "$T6_TMP/$1.pcap" -Y "ipv6.src == $2" 2>/dev/null |
	    grep -q .
}
t6_wait 20 "ripngd on F1's eth0" speaks eth0 "$ll_f1"
t6_wait 20 "ripngd on F2's eth0" speaks eth1 "$ll_f2"
r6_start R -S

# frr_rip NAME PREFIX: "via NEXTHOP on IF metric M" of NAME's RIPng
# route to PREFIX if it learned one ("show ipv6 ripng": a line with the
# prefix, then one with next hop, interface, metric)
frr_rip() {
	vtysh "$1" "show ipv6 ripng" | awk -v p="$2" '
	    want { print "via " $1 " on " $2 " metric " $3; exit }
	    $1 == "R(n)" && $2 == p { want = 1 }'
}
frr_has() {	# NAME PREFIX REGEX
	frr_rip "$1" "$2" | grep -Eq -- "$3"
}
# kernel routes zebra installed for ripngd (proto ripng, 190)
kfib_has() {	# NAME REGEX
	ip -n "$(t6_nsname "$1")" -6 route show proto ripng | grep -Eq -- "$2"
}
kfib_lacks() {
	! kfib_has "$@"
}
NH='(nhid [0-9]+ )?'

# 1. both directions on each link
t6_wait 20 "R learns F1's prefix" \
    r6_fib_has R "^2001:db8:f1::/64 via $ll_f1 dev eth0 metric 1024"
t6_wait 20 "R learns F2's prefix" \
    r6_fib_has R "^2001:db8:f2::/64 via $ll_f2 dev eth1 metric 1024"
t6_wait 20 "F1 installs R's prefix" \
    kfib_has F1 "^2001:db8:a::/64 ${NH}via $ll_r0 dev eth0 metric 20"
t6_wait 20 "F2 installs R's prefix" \
    kfib_has F2 "^2001:db8:a::/64 ${NH}via $ll_r1 dev eth0 metric 20"
t6_assert_eq "via $ll_r0 on eth0 metric 2" "$(frr_rip F1 2001:db8:a::/64)" \
    "F1's RIPng route to R's prefix"
t6_assert_eq "via $ll_r1 on eth0 metric 2" "$(frr_rip F2 2001:db8:a::/64)" \
    "F2's RIPng route to R's prefix"
t6_assert_match "^R>\* 2001:db8:a::/64 \[120/2\] via $ll_r0, eth0" \
    "$(vtysh F1 "show ipv6 route ripng")" "zebra's route on F1"
t6_assert_match "^2001:db8:f1::/64 +2 +rip +$ll_f1 +eth0 " \
    "$(r6ctl R show routes)" "R's route to F1's prefix"
t6_assert_match "^2001:db8:f2::/64 +2 +rip +$ll_f2 +eth1 " \
    "$(r6ctl R show routes)" "R's route to F2's prefix"

# 2. transit through R: metric 1 at the origin, 2 at R, 3 beyond
t6_wait 15 "F2 learns F1's prefix through R" \
    frr_has F2 2001:db8:f1::/64 "^via $ll_r1 on eth0 metric 3$"
t6_wait 15 "F1 learns F2's prefix through R" \
    frr_has F1 2001:db8:f2::/64 "^via $ll_r0 on eth0 metric 3$"
t6_wait 5 "F2's kernel route to F1's prefix" \
    kfib_has F2 "^2001:db8:f1::/64 ${NH}via $ll_r1 dev eth0 metric 20"
t6_wait 5 "F1's kernel route to F2's prefix" \
    kfib_has F1 "^2001:db8:f2::/64 ${NH}via $ll_r0 dev eth0 metric 20"
t6_wait 10 "F2 learns the shared link's prefix from R" \
    frr_has F2 2001:db8:1::/64 "^via $ll_r1 on eth0 metric 2$"
t6_wait 10 "F2 reaches F1's stub across R" \
    nsx F2 ping -6 -c1 -W1 -I 2001:db8:f2::1 2001:db8:f1::1

# 4. next-hop RTEs.  R -> F1: R's static route via X; F1 installs it via
# X (ripngd honours next-hop RTEs), F2 (another link) via R at metric 2
t6_wait 15 "F1 installs R's static route via X" \
    kfib_has F1 "^2001:db8:77::/64 ${NH}via $ll_x dev eth0 metric 20"
t6_assert_eq "via $ll_x on eth0 metric 2" "$(frr_rip F1 2001:db8:77::/64)" \
    "F1's RIPng route to R's static prefix"
t6_wait 10 "F2 learns R's static route via R" \
    frr_has F2 2001:db8:77::/64 "^via $ll_r1 on eth0 metric 2$"
t6_wait 10 "F1 reaches X's stub directly" \
    nsx F1 ping -6 -c1 -W1 2001:db8:77::1
# F1 -> R: F1's kernel route via X; R installs it via X and passes it on
t6_wait 15 "R installs F1's kernel route via X" \
    r6_fib_has R "^2001:db8:88::/64 via $ll_x dev eth0 metric 1024"
t6_assert_match "^2001:db8:88::/64 +2 +rip +$ll_x +eth0 " \
    "$(r6ctl R show routes)" "R's route to F1's redistributed prefix"
t6_wait 10 "F2 learns F1's kernel route via R" \
    frr_has F2 2001:db8:88::/64 "^via $ll_r1 on eth0 metric 3$"
t6_wait 10 "R reaches X's other stub directly" \
    nsx R ping -6 -c1 -W1 2001:db8:88::1

# nothing FRR sent was refused
stats=$(r6ctl R show stats)
t6_assert_match '^drop_hop-limit +0$' "$stats" "R's hop-limit drops"
t6_assert_match '^drop_bad-length +0$' "$stats"
t6_assert_match '^drop_rte-prefix +0$' "$stats"
t6_assert_match '^drop_rte-metric +0$' "$stats"
# neighbours: responses and RTEs heard, none bad; no packet dropped
nb=$(r6ctl R show neighbors)
t6_assert_match "^$ll_f1 +eth0 +[0-9]+ +[0-9]+ +[1-9][0-9]* +[1-9][0-9]* +0 +off$" \
    "$nb" "F1 as R's neighbour"
t6_assert_match "^$ll_f2 +eth1 +[0-9]+ +[0-9]+ +[1-9][0-9]* +[1-9][0-9]* +0 +off$" \
    "$nb" "F2 as R's neighbour"
ifs=$(r6ctl R show interfaces)
t6_assert_match "^eth0 +[0-9]+ +running .* 0$" "$ifs" "R's drops on eth0"
t6_assert_match "^eth1 +[0-9]+ +running .* 0$" "$ifs" "R's drops on eth1"
# and R is FRR's: a neighbour without bad packets or routes
# ("Routing Information Sources": the address, then on the next line
# bad packets, bad routes, distance, last update)
peers=$(vtysh F1 "show ipv6 ripng status" | awk '
    /Routing Information Sources/ { s = 1; next }
    s && $1 ~ /^fe80:/ { a = $1; next }
    s && a != "" { print a, $1, $2, $3; a = "" }')
t6_assert_eq "$ll_r0 0 0 120" "$peers" "R in F1's RIPng sources"

# 3a. F1's prefix goes away: ripngd says metric 16, R deletes at once
# and tells F2 at once
start=$(date +%s%N)
nsx F1 ip addr del 2001:db8:f1::1/64 dev s0
t6_wait "$PROMPT" "R deletes F1's withdrawn prefix at once" \
    r6_fib_lacks R "^2001:db8:f1::/64"
took=$((($(date +%s%N) - start) / 1000000))
t6_wait 3 "F2 drops F1's withdrawn prefix at once" \
    kfib_lacks F2 "^2001:db8:f1::/64"
t6_log "R deleted F1's withdrawn prefix after $took ms (timeout ${TIMEOUT}s)"

# 3b. R's prefix goes away: both FRRs drop it at once
start=$(date +%s%N)
nsx R ip addr del 2001:db8:a::1/64 dev s0
t6_wait 3 "F1 drops R's withdrawn prefix at once" \
    kfib_lacks F1 "^2001:db8:a::/64"
t6_wait 3 "F2 drops R's withdrawn prefix at once" \
    kfib_lacks F2 "^2001:db8:a::/64"
took=$((($(date +%s%N) - start) / 1000000))
t6_log "FRRs dropped R's withdrawn prefix after $took ms"

# 3c. F2's ripngd stops gracefully (SIGTERM).  It sends no farewell:
# R keeps F2's prefix until the timeout, then deletes it and tells F1
start=$(date +%s%N)
frr_stop F2 ripngd
t6_wait 5 "zebra on F2 to remove ripngd's routes" \
    sh -c "[ -z \"\$(ip -n $(t6_nsname F2) -6 route show proto ripng)\" ]"
t6_wait_quiet "$PROMPT" r6_fib_lacks R "^2001:db8:f2::/64" &&
    t6_fail "R dropped F2's prefix before the timeout: ripngd said goodbye?"
t6_wait $((TIMEOUT + 3)) "R times F2's prefix out" \
    r6_fib_lacks R "^2001:db8:f2::/64"
took=$((($(date +%s%N) - start) / 1000000))
# F2's last update came at most ~2 s before it stopped
[ "$took" -ge $(((TIMEOUT - 3) * 1000)) ] ||
    t6_fail "R dropped F2's prefix after $took ms, before the timeout"
t6_wait 3 "F1 drops F2's prefix on R's metric 16" \
    kfib_lacks F1 "^2001:db8:f2::/64"
t6_log "R timed F2's prefix out after $took ms"

# 3d. route6d stops (SIGTERM): everything through R leaves F1 at once
r6_stop R || t6_fail "route6d did not exit 0 on SIGTERM"
t6_assert_eq "" "$(r6_fib R)" "R's kernel routes after SIGTERM"
start=$(date +%s%N)
for p in 2001:db8:2:: 2001:db8:77::; do
	t6_wait 3 "F1 drops $p/64 on route6d's farewell" \
	    kfib_lacks F1 "^$p/64 "
done
took=$((($(date +%s%N) - start) / 1000000))
t6_log "F1 dropped R's routes after $took ms"
t6_assert_eq "" "$(nsx F1 ip -6 route show proto ripng)" \
    "F1's RIPng routes after route6d left"

# 5/6. the wire
t6_capture_stop "$T6_TMP/eth0.pcap"
t6_capture_stop "$T6_TMP/eth1.pcap"
t6_dissect_clean "$T6_TMP/eth0.pcap" 10
t6_dissect_clean "$T6_TMP/eth1.pcap" 10
# rtes FILE FILTER: the RTEs of each response matching FILTER, one
# packet a line, "prefix/plen=metric" joined by commas
rtes() {
	tshark -n -r "$1" -Y "ripng.cmd == 2 && $2" -T fields \
	    -e ripng.rte.ipv6_prefix -e ripng.rte.prefix_length \
	    -e ripng.rte.metric -E occurrence=a -E separator=' ' \
	    -E aggregator=, 2>/dev/null |
	awk '{ n = split($1, p, ","); split($2, l, ","); split($3, m, ",");
	    s = ""; for (i = 1; i <= n; i++)
		s = s (i > 1 ? "," : "") p[i] "/" l[i] "=" m[i]; print s }'
}
from_r0=$(rtes "$T6_TMP/eth0.pcap" "ipv6.src == $ll_r0")
from_r1=$(rtes "$T6_TMP/eth1.pcap" "ipv6.src == $ll_r1")
from_f1=$(rtes "$T6_TMP/eth0.pcap" "ipv6.src == $ll_f1")
from_f2=$(rtes "$T6_TMP/eth1.pcap" "ipv6.src == $ll_f2")
# R's static route on the link of its gateway: a next-hop RTE naming X
# just before it (RFC 2080 2.1.1); elsewhere a plain RTE
t6_assert_match "(^|,)$ll_x/0=255,2001:db8:77::/64=1(,|$)" "$from_r0" \
    "R's next-hop RTE for 77::/64 on eth0"
t6_assert_match "(^|,)2001:db8:77::/64=1(,|$)" "$from_r1"
t6_assert_nomatch "=255" "$from_r1" "next-hop RTEs from R on eth1"
# transit metrics on the wire, withdrawals, route6d's farewell
t6_assert_match "(^|,)2001:db8:f1::/64=2(,|$)" "$from_r1"
t6_assert_match "(^|,)2001:db8:f2::/64=2(,|$)" "$from_r0"
t6_assert_match "(^|,)2001:db8:88::/64=2(,|$)" "$from_r1"
t6_assert_match "(^|,)2001:db8:f1::/64=16(,|$)" "$from_r1" \
    "R's withdrawal of F1's prefix"
t6_assert_match "(^|,)2001:db8:a::/64=16(,|$)" "$from_r0" \
    "R's withdrawal of its prefix"
t6_assert_match "(^|,)2001:db8:f2::/64=16(,|$)" "$from_r0" \
    "R's withdrawal of F2's timed-out prefix"
t6_assert_match "(^|,)2001:db8:2::/64=16(,|$)" "$from_r0" "R's farewell"
# FRR: its kernel route via X with a next-hop RTE, its withdrawal
t6_assert_match "(^|,)$ll_x/0=255,2001:db8:88::/64=1(,|$)" "$from_f1" \
    "F1's next-hop RTE for 88::/64"
t6_assert_match "(^|,)2001:db8:f1::/64=16(,|$)" "$from_f1" \
    "F1's withdrawal of its prefix"
t6_assert_match "(^|,)2001:db8:f2::/64=1(,|$)" "$from_f2"
# FRR's answers to R's requests (at start, and when R lost a route):
# unicast to R at hop limit 64, and R used them (no hop-limit drops
# above); multicast from everyone at 255
check_hlim() {	# CAPTURE FRR-ADDRESS R-ADDRESS
	local hl
	hl=$(tshark -n -r "$T6_TMP/$1.pcap" -T fields -e ipv6.hlim -Y \
	    "ripng.cmd == 2 && ipv6.src == $2 && ipv6.dst == $3" \
	    2>/dev/null | sort -u | tr '\n' ' ')
	t6_assert_eq "64 " "$hl" "hop limit of FRR's unicast answers on $1"
	hl=$(tshark -n -r "$T6_TMP/$1.pcap" -T fields -e ipv6.hlim -Y \
	    "ipv6.dst == ff02::9" 2>/dev/null | sort -u | tr '\n' ' ')
	t6_assert_eq "255 " "$hl" "hop limits of multicast on $1"
}
check_hlim eth0 "$ll_f1" "$ll_r0"
check_hlim eth1 "$ll_f2" "$ll_r1"
t6_pass
