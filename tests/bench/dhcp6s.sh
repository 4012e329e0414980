#!/bin/bash
# DHCPv6 server throughput, side by side with Kea and WIDE-DHCPv6 in the
# same run.  For each server and each offered rate, in fresh namespaces
# (perfdhcp in C -- server in S over a veth), perfdhcp -6 runs full
# Solicit-Advertise-Request-Reply exchanges for BENCH_SECS seconds from
# a million simulated clients (so every exchange makes a new lease, from
# one pool); we report completed exchanges a second (Replies received),
# the drop percentage of the Request-Reply stage, the server's CPU time
# per exchange (every thread, from /proc), its peak RSS (VmHWM) and the
# memory per lease (peak RSS less the RSS at start, over the leases).  Durability is
# stated next to each: dhcp6s appends every lease to its database before
# the Reply (write, no fsync: lease-fsync off); Kea's memfile back end
# with persist true appends to its CSV file (no fsync); WIDE's dhcp6s
# keeps bindings in memory only.
#
#	tests/bench/dhcp6s.sh [--build DIR] [-v]	(needs root)
#
# Environment: BENCH_SECS (30), BENCH_RATES ("500 1000 2000 5000
# 10000"), BENCH_IMPLS ("dhcp6s kea wide"), T6_KEEP=1 keeps the logs.
# Exit status: 0 when every measurement ran (goals met or not), 1 on a
# setup failure, 77 skipped.

set -u
set -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/bench.sh
. "$TOP/tests/lib/bench.sh"
bench_args "$@"
[ -z "$REPORT_ONLY" ] || { echo "$0: no --report here" >&2; exit 2; }
bench_build
# shellcheck source=../lib/t6.sh
. "$TOP/tests/lib/t6.sh"
# shellcheck source=../lib/wide.sh
. "$TOP/tests/lib/wide.sh"

SECS=${BENCH_SECS:-30}
RATES=${BENCH_RATES:-500 1000 2000 5000 10000}
IMPLS=${BENCH_IMPLS:-dhcp6s kea wide}

t6_init
t6_need perfdhcp
results=$T6_TMP/results
: > "$results"

clk=$(getconf CLK_TCK)
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
hwm_kb() {
	awk '/^VmHWM/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

start_dhcp6s() {
	cat > "$T6_TMP/S/dhcp6s.conf" <<CONF
pool p1 { range 2001:db8:1::100 to 2001:db8:1::ffff:ffff; };
interface s0 { address-pool p1 3000 4000; };
CONF
	t6_daemon S dhcp6s "$T6_BIN/dhcp6s" -f -c "$T6_TMP/S/dhcp6s.conf" \
	    -P "$T6_TMP/S/pid" -l "$T6_TMP/S/leases" -u "$T6_TMP/S/duid" \
	    -o "$T6_TMP/S/dump" -s "$T6_TMP/S/status.sock" s0
	SPID=$T6_PID
	t6_wait 10 "dhcp6s to start" grep -q "started on" "$T6_TMP/S/dhcp6s.log"
}

start_kea() {
	cat > "$T6_TMP/S/kea.json" <<CONF
{ "Dhcp6": {
    "interfaces-config": { "interfaces": [ "s0" ] },
    "lease-database": { "type": "memfile", "persist": true,
        "name": "$T6_TMP/S/kea-leases6.csv", "lfc-interval": 0 },
    "preferred-lifetime": 3000, "valid-lifetime": 4000,
    "renew-timer": 1000, "rebind-timer": 2000,
    "server-id": { "type": "LLT", "persist": false },
    "subnet6": [ { "subnet": "2001:db8:1::/64", "interface": "s0",
        "pools": [ { "pool": "2001:db8:1::100 - 2001:db8:1::ffff:ffff" } ] } ],
    "loggers": [ { "name": "kea-dhcp6", "severity": "WARN",
        "output_options": [ { "output": "$T6_TMP/S/kea.log" } ] } ]
} }
CONF
	t6_daemon S kea env KEA_PIDFILE_DIR="$T6_TMP/S" \
	    KEA_LOCKFILE_DIR="$T6_TMP/S" kea-dhcp6 -c "$T6_TMP/S/kea.json"
	SPID=$T6_PID
	# ready when it has joined ff02::1:2 on s0
	t6_wait 15 "kea to listen" sh -c "ip netns exec $(t6_nsname S) ss -uln | grep -q ':547 '"
}

start_wide() {
	cat > "$T6_TMP/S/wide.conf" <<CONF
pool p1 { range 2001:db8:1::100 to 2001:db8:1::ffff:ffff; };
interface s0 { address-pool p1 3000 4000; };
CONF
	wide_run S wide /usr/sbin/dhcp6s -f -c "$T6_TMP/S/wide.conf" \
	    -P "$T6_TMP/S/wide.pid" s0
	t6_wait 10 "WIDE dhcp6s to listen" sh -c "ip netns exec $(t6_nsname S) ss -ulnp | grep -q dhcp6s"
	SPID=$(ip netns exec "$(t6_nsname S)" ss -ulnp |
	    sed -n 's/.*"dhcp6s",pid=\([0-9]*\).*/\1/p' | head -1)
}

# one server at one rate, in fresh namespaces
run() {
	local impl=$1 rate=$2 c0 c1 out replies drops base
	T6_NSLIST=()
	t6_ns S
	t6_ns C host
	t6_nodad S
	t6_nodad C
	t6_link S s0 C c0
	t6_addr S s0 2001:db8:1::1/64 nodad
	t6_wait 10 "a link-local address on c0" sh -c \
	    "ip -n $(t6_nsname C) -6 addr show dev c0 scope link | grep -q inet6"
	rm -f "$T6_TMP/S/leases" "$T6_TMP/S/kea-leases6.csv"*
	"start_$impl" || return 1
	base=$(awk '/^VmRSS/ { print $2 }' "/proc/$SPID/status")
	c0=$(cpu_ticks "$SPID")
	out=$T6_TMP/perfdhcp.$impl.$rate
	nsx C perfdhcp -6 -l c0 -r "$rate" -R 1000000 -p "$SECS" \
	    >"$out" 2>&1
	c1=$(cpu_ticks "$SPID")
	replies=$(awk '/REQUEST-REPLY/ { rr = 1 } rr && /received packets/ {
	    print $3; exit }' "$out")
	drops=$(awk '/REQUEST-REPLY/ { rr = 1 } rr && /drops ratio/ {
	    print $3; exit }' "$out")
	[ -n "$replies" ] || { t6_log "perfdhcp: $(tail -3 "$out")"; replies=0; drops=100; }
	printf '%s %s %s %s %s %s %s\n' "$impl" "$rate" "$replies" "$drops" \
	    "$((c1 - c0))" "$(hwm_kb "$SPID")" "$base" >> "$results"
	[ "$VERBOSE" = 1 ] && t6_log "$impl @$rate: $replies replies," \
	    "drops $drops%, $((c1 - c0)) ticks, HWM $(hwm_kb "$SPID") kB"
	# WIDE's server can be too busy to see SIGTERM for a long while
	kill "$SPID" 2>/dev/null
	t6_wait_quiet 5 t6__gone "$SPID" || kill -KILL "$SPID" 2>/dev/null
	t6_wait 10 "$impl to exit" t6__gone "$SPID"
	for n in "${T6_NSLIST[@]}"; do ip netns del "$n"; done
	T6_NSLIST=()
}

for impl in $IMPLS; do
	case $impl in
	kea) command -v kea-dhcp6 >/dev/null || { t6_log "no kea-dhcp6"; continue; } ;;
	wide) [ -x /usr/sbin/dhcp6s ] || { t6_log "no WIDE dhcp6s"; continue; } ;;
	esac
	for rate in $RATES; do
		run "$impl" "$rate" || t6_fail "$impl at $rate/s did not run"
	done
done

awk -v secs="$SECS" -v clk="$clk" '
function durab(i) {
	if (i == "dhcp6s")
		return "lease db, written before the Reply"
	if (i == "kea")
		return "memfile persist, no fsync"
	return "memory only"
}
{
	impl[NR] = $1; rate[NR] = $2; n = NR
	got = $3 / secs
	cpu = $3 > 0 ? ($5 / clk) * 1000 / $3 : 0
	kb = $3 > 0 ? ($6 - $7) / $3 : 0
	fmt = "%-7s %6d/s  %8.0f/s done  drops %7s%%  CPU %.3f ms/exch"
	fmt = fmt "  peak RSS %6d kB (%.2f kB/lease)  [%s]\n"
	printf fmt, $1, $2, got, $4, cpu, $6, kb, durab($1)
	key = $1 " " $2; C[key] = cpu; D[key] = $4; K[key] = kb
	R[key] = got
}
END {
	print ""
	for (i = 1; i <= n; i++) {
		if (impl[i] != "dhcp6s")
			continue
		r = rate[i]; o = "dhcp6s " r; k = "kea " r
		if (!(k in C))
			continue
		fmt = "@%5d/s  dhcp6s/Kea: CPU %.2f  memory/lease %.2f"
		fmt = fmt "  done %.2f  drops %s%% vs %s%%\n"
		cr = C[k] > 0 ? C[o] / C[k] : 0
		kr = K[k] > 0 ? K[o] / K[k] : 0
		rr = R[k] > 0 ? R[o] / R[k] : 0
		printf fmt, r, cr, kr, rr, D[o], D[k]
	}
}' "$results"
t6_pass
