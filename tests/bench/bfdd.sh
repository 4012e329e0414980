#!/bin/bash
# BFD at scale: bfdd side by side with BIRD 2 and FRR bfdd in the same
# run.  For each implementation, two namespaces A and B joined by one
# veth run it on both sides (both ends share the 2 CPUs, each on one of
# its own unless BFDBENCH_PIN=0); session i is single hop between
# 2001:db8:0:i::1 (A) and 2001:db8:0:i::2 (B), a static neighbour in
# each daemon's configuration, with static neighbour-cache entries (no
# NDP), transmit and receive intervals 10 ms, multiplier 3 (detection
# time 30 ms).  Measured:
#
#  1. the most sessions it holds: for each size (BFDBENCH_SIZES, in
#     increasing order; the first size not held ends the series) all
#     come Up at 10 ms on both sides, then a hold of BFDBENCH_HOLD
#     seconds must see no session of either side leave Up (the daemons'
#     logs, every 5 s, and at the end their counters where they have
#     them: bfdd, FRR; and every session Up).  A size gets BFDBENCH_TRIES
#     tries (a flap can come from the machine as well as the daemon);
#     a probe on each CPU (stallprobe_bench, SCHED_FIFO, a wake-up a
#     millisecond) records the times the CPU itself did not run, and a
#     try that fails says so when a CPU stopped for a third of the
#     detection time or more meanwhile, when its timed work took twice
#     its best time or more (the CPU ran slower), and how much time the
#     host gave to something else on a CPU that had work (steal time);
#  2. CPU per session: utime + stime of A's daemon (/proc/PID/stat, all
#     threads) over the hold, per session and second, in % of one CPU;
#     also B's, and the load average (other work on the machine);
#  3. detection latency: with the sessions Up at 10 ms, one nftables
#     transaction in A drops BFD both ways on A's end of the link
#     (netdev ingress and egress: the senders see no error); the cut is
#     stamped around the commit by nftcut_bench, and each of A's
#     sessions' Down time comes from bfdd's event stream (bfdwatch_bench,
#     a subscribed client, microseconds) or BIRD's and FRR's logs (time
#     stamps in microseconds).  p50/p99 over BFDBENCH_CUTS cuts of 10
#     sessions, and over the sessions of one cut after each hold of at
#     most BFDBENCH_BIG sessions (the report takes the largest).
#
# Then one table, the ratios bfdd/BIRD and bfdd/FRR, and the goals:
# bfdd holds at least 1000 sessions and twice BIRD's count; its CPU per
# session is under half of BIRD's (at the largest size both held); its
# p99 detection latency at 1000 sessions is within the detection time
# plus the time to notice (BFDBENCH_NOTICE_MS, 5 ms: a pass of a busy
# loop and the event's way to its reader).
#
#	tests/bench/bfdd.sh [--build DIR] [-v]	(needs root)
#	tests/bench/bfdd.sh --report FILE	(the report of a kept run)
#
# Environment: BFDBENCH_HOLD (60 s), BFDBENCH_SIZES ("100 250 500 1000 1500
# 2000"), BFDBENCH_IMPLS ("bfdd bird frr"; "alt" is a second bfdd,
# BFDBENCH_ALT the path of its binary, to compare two builds in one run), BFDBENCH_CUTS (5),
# BFDBENCH_BIG (1000), BFDBENCH_TRIES (2), BFDBENCH_NOTICE_MS (5),
# BFDBENCH_NICE (-10: the daemons' priority, against other load on the
# machine), BFDBENCH_RT (0; N runs them SCHED_RR N instead: steadier on
# a busy machine, but a round-robin slice of 100 ms between two
# threads or daemons of one implementation on one CPU hurts BIRD and
# FRR), BFDBENCH_PIN (1), BFDBENCH_AWAKE (1: a spinner at SCHED_IDLE on
# each CPU keeps it from halting; see below), T6_KEEP=1 keeps the logs
# and the raw figures ($T6_TMP/results).  -v prints each step.  A full run takes 10-20
# minutes.  Exit status: 0 when every measurement ran (goals met or
# not: a benchmark is not a test), 1 on a setup failure or a crash, 77
# skipped.

set -u
set -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/bench.sh
. "$TOP/tests/lib/bench.sh"
bench_args "$@"

HOLD=${BFDBENCH_HOLD:-60}
SIZES=${BFDBENCH_SIZES:-100 250 500 1000 1500 2000}
IMPLS=${BFDBENCH_IMPLS:-bfdd bird frr}
CUTS=${BFDBENCH_CUTS:-5}
BIG=${BFDBENCH_BIG:-1000}
NOTICE_MS=${BFDBENCH_NOTICE_MS:-5}
NICE=${BFDBENCH_NICE:--10}
PIN=${BFDBENCH_PIN:-1}
AWAKE=${BFDBENCH_AWAKE:-1}
RTPRIO=${BFDBENCH_RT:-0}
TRIES=${BFDBENCH_TRIES:-2}
SMALL=10
INTERVAL_MS=10
MULT=3

# Sizes are taken in turn: each size is tried with every implementation
# still in the series before the next size, so that what the machine
# does meanwhile falls on all of them alike.

# ---- the report --------------------------------------------------------

# Results, one line each:
#   #params HOLD INTERVAL_MS MULT NOTICE_MS BIG NICE|rtPRIO PIN TRIES AWAKE
#   hold IMPL N ok|fail TRY CPU_A_S CPU_B_S SECONDS DOWNS RXDROPS LOAD WHY
#   (for fail: the last try's CPU over its SECONDS, which end at most 5 s
#   after the first Down; 0 0 0 when the sessions never came Up)
#   lat IMPL N CUTS SAMPLES MISSING P50 P99 MAX BRACKET_US
report() {
awk '
function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
# % of one CPU per session, side A (or B)
function pct(impl, n) { return cpu[impl, n] / held_s[impl, n] / n * 100 }
function pctb(impl, n) { return cpub[impl, n] / held_s[impl, n] / n * 100 }
$1 == "#params" {
	hold = $2; ival = $3; mult = $4; notice = $5; big = $6; nice = $7
	pin = $8; ntries = $9; awake = $10 + 0; detect = ival * mult
	next
}
$1 == "hold" {
	impl = $2; n = $3
	if (!(impl in seen)) { seen[impl] = 1; order[++ni] = impl }
	if ($4 == "ok") {
		ok[impl, n] = 1
		cpu[impl, n] = $6; cpub[impl, n] = $7; held_s[impl, n] = $8
		rxd[impl, n] = $10; load[impl, n] = $11
		if (n > max[impl]) max[impl] = n
		sizes[impl] = sizes[impl] " " n
		shown[impl] = shown[impl] " " n ($5 > 1 ? "*" : "")
		if ($5 > 1) retried = 1
	} else {
		why = $12
		for (i = 13; i <= NF; i++) why = why " " $i
		failed[impl] = n; fwhy[impl] = why; ftries[impl] = $5
		# the CPU of the try until it flapped: a comparison with a
		# daemon that holds no size at all, marked as such
		if ($8 > 0 && $6 > 0) {
			fcpu[impl] = $6 / $8 / n * 100
			fsecs[impl] = $8
		}
	}
	next
}
$1 == "lat" {
	impl = $2; n = $3
	if (!(impl in seen)) { seen[impl] = 1; order[++ni] = impl }
	lat[impl, n] = 1; lcuts[impl, n] = $4; lsamp[impl, n] = $5
	lmiss[impl, n] = $6; p50[impl, n] = $7; p99[impl, n] = $8
	lmax[impl, n] = $9; if ($10 > brk) brk = $10
	if (n > 10 && n <= big && n > lbig[impl] && $5 > 0) lbig[impl] = n
	next
}
# The largest size both held: where CPU per session is compared.
function common(a, b,    n, best, k, parts, m) {
	best = 0
	m = split(sizes[a], parts, " ")
	for (k = 1; k <= m; k++) {
		n = parts[k] + 0
		if (ok[b, n] && n > best) best = n
	}
	return best
}
function latcell(impl, n) {
	if (!((impl, n) in lat) || lsamp[impl, n] == 0)
		return sprintf("%25s", "-")
	return sprintf("%5d %6.1f %6.1f %6.1f", n, p50[impl, n],
	    p99[impl, n], lmax[impl, n])
}
END {
	name["bfdd"] = "bfdd"; name["bird"] = "BIRD 2"; name["frr"] = "FRR bfdd"
	name["alt"] = "bfdd alt"
	printf "bfdd bench: single hop IPv6 sessions on one veth, %d ms x %d " \
	    "(detection %d ms),\n  both ends on this machine (%s, %s%s), " \
	    "hold %d s, %d tries a size\n", ival, mult, detect,
	    nice ~ /^rt/ ? "SCHED_RR " substr(nice, 3) : "nice " nice,
	    pin ? "each end on a CPU of its own" : "not pinned",
	    awake ? ", CPUs kept awake" : "", hold, ntries

	printf "\n  %-9s %5s  %-34s %s\n", "sessions", "held",
	    "first size not held: why", "sizes held"
	for (i = 1; i <= ni; i++) {
		im = order[i]
		f = (im in failed) ? sprintf("%d: %s", failed[im], fwhy[im]) \
		    : "none"
		printf "  %-9s %5d  %-34s %s\n", name[im], max[im] + 0, f,
		    shown[im] == "" ? "none" : substr(shown[im], 2)
	}
	if (retried)
		printf "  (*: held at the second try)\n"

	printf "\n  %-9s %5s %8s %11s %11s %8s %5s\n", "CPU", "N",
	    "CPU-s A", "%CPU/ses A", "%CPU/ses B", "rx drop", "load"
	for (i = 1; i <= ni; i++) {
		im = order[i]
		m = split(sizes[im], parts, " ")
		for (k = 1; k <= m; k++) {
			n = parts[k] + 0
			printf "  %-9s %5d %8.2f %11.4f %11.4f %8d %5.2f\n",
			    name[im], n, cpu[im, n], pct(im, n), pctb(im, n),
			    rxd[im, n], load[im, n]
		}
	}
	for (i = 1; i <= ni; i++) {
		im = order[i]
		if (im in fcpu)
			printf "  %-9s %5d %8s %11.4f %11s %8s %5s  until " \
			    "it flapped (%d s)\n", name[im], failed[im], "-",
			    fcpu[im], "-", "-", "-", fsecs[im]
	}
	printf "  (%%CPU/ses: the daemon'"'"'s CPU time over the hold, per " \
	    "second and session,\n  in %% of one CPU; rx drop: datagrams " \
	    "both sides'"'"' UDP sockets dropped, full;\n  load: the " \
	    "load average at the end, both daemons included)\n"

	printf "\n  %-9s %25s  %25s  %s\n", "detection", \
	    "N p50 ms p99 ms max ms", "N p50 ms p99 ms max ms", "samples"
	for (i = 1; i <= ni; i++) {
		im = order[i]
		s = ""
		if ((im, 10) in lat)
			s = sprintf("%d (%d cuts)", lsamp[im, 10],
			    lcuts[im, 10])
		if (lbig[im] > 0)
			s = s sprintf(", %d of %d", lsamp[im, lbig[im]],
			    lbig[im])
		printf "  %-9s %s  %s  %s\n", name[im], latcell(im, 10),
		    latcell(im, lbig[im]), s
	}
	printf "  (from the cut to the Down in A'"'"'s daemon; the cut is " \
	    "the middle of its\n  nftables commit, which took at most %d " \
	    "us)\n", brk

	if (!("bfdd" in seen)) exit 0
	printf "\nratios bfdd/peer (sessions: above 1 is better; CPU and " \
	    "latency: below 1)\n"
	printf "  %-16s %8s %15s %8s %9s %9s\n", "", "sessions",
	    "CPU/ses (at N)", "p99 @10", "p50 @big", "p99 @big"
	for (p = 1; p <= 3; p++) {
		peer = p == 1 ? "bird" : p == 2 ? "frr" : "alt"
		if (!(peer in seen)) continue
		c = common("bfdd", peer)
		b = lbig["bfdd"] < lbig[peer] ? lbig["bfdd"] : lbig[peer]
		printf "  %-16s %8s %8s (%4d) %8s %9s %9s\n",
		    "bfdd/" name[peer], ratio(max["bfdd"], max[peer]),
		    c ? ratio(pct("bfdd", c), pct(peer, c)) : "-", c,
		    ratio(p99["bfdd", 10], p99[peer, 10]),
		    b ? ratio(p50["bfdd", b], p50[peer, b]) : "-",
		    b ? ratio(p99["bfdd", b], p99[peer, b]) : "-"
	}

	# The goals.  What was not measured is not met.
	want = 1000
	if (("bird" in seen) && 2 * max["bird"] > want)
		want = 2 * max["bird"]
	printf "\ngoal: bfdd holds 1000 sessions, and twice as many as " \
	    "BIRD (>= %d): %s\n", want, (max["bfdd"] >= want ? "PASS" : \
	    "FAIL")
	printf "    bfdd %d, BIRD %s\n", max["bfdd"],
	    ("bird" in seen) ? max["bird"] + 0 : "not run"
	c = ("bird" in seen) ? common("bfdd", "bird") : 0
	if (c) {
		r = pct("bfdd", c) / pct("bird", c)
		printf "goal: bfdd CPU per session under half of " \
		    "BIRD'"'"'s: %s\n", (r < 0.5 ? "PASS" : "FAIL")
		printf "    at %d sessions (the most both held): %.4f%% vs " \
		    "%.4f%% of a CPU (%.2fx)\n", c, pct("bfdd", c),
		    pct("bird", c), r
	} else {
		printf "goal: bfdd CPU per session under half of " \
		    "BIRD'"'"'s: FAIL (no size held by both)\n"
		# the nearest thing: the CPU of BIRD until it flapped, at a size
		# bfdd held
		n = failed["bird"]
		if (("bird" in fcpu) && ok["bfdd", n])
			printf "    at %d sessions, BIRD only until it flapped " \
			    "(%d s): %.4f%% vs %.4f%% of a CPU (%.2fx)\n", n,
			    fsecs["bird"], pct("bfdd", n), fcpu["bird"],
			    pct("bfdd", n) / fcpu["bird"]
	}
	lim = detect + notice
	if (("bfdd", 1000) in lat && lsamp["bfdd", 1000] > 0) {
		printf "goal: p99 detection at 1000 sessions <= %d + %d ms: " \
		    "%s\n", detect, notice, (p99["bfdd", 1000] <= lim && \
		    lmiss["bfdd", 1000] == 0 ? "PASS" : "FAIL")
		printf "    p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of " \
		    "1000 seen Down\n", p50["bfdd", 1000],
		    p99["bfdd", 1000], lmax["bfdd", 1000],
		    lsamp["bfdd", 1000]
	} else
		printf "goal: p99 detection at 1000 sessions <= %d + %d ms: " \
		    "FAIL (not measured: 1000 sessions not held)\n", detect,
		    notice
}' "$1"
}

if [ -n "$REPORT_ONLY" ]; then
	report "$REPORT_ONLY"
	exit 0
fi

bench_build
# shellcheck source=../lib/t6.sh
. "$TOP/tests/lib/t6.sh"
# shellcheck source=../lib/peers.sh
. "$TOP/tests/lib/peers.sh"

NFTCUT=$BUILD/tests/bench/nftcut_bench
BFDWATCH=$BUILD/tests/bench/bfdwatch_bench
STALLPROBE=$BUILD/tests/bench/stallprobe_bench

t6_init
t6_need "$T6_BIN/bfdd" "$T6_BIN/bfdctl" nft python3
if [ ! -x "$NFTCUT" ] || [ ! -x "$BFDWATCH" ] || [ ! -x "$STALLPROBE" ]; then
	make -s -C "$TOP/tests/bench" BUILD="$BUILD" >/dev/null ||
	    t6_fail "cannot build the bench programs"
fi
RESULTS=$T6_TMP/results
[ "$RTPRIO" != 0 ] && NICE=rt$RTPRIO
echo "#params $HOLD $INTERVAL_MS $MULT $NOTICE_MS $BIG $NICE $PIN $TRIES" \
    "$AWAKE" >"$RESULTS"
# FRR drops to user frr: it must reach its folder under $T6_TMP.
chmod 711 "$T6_TMP"
TCK=$(getconf CLK_TCK)

# A stall probe on each CPU for the whole run (stallprobe_bench): a
# try that fails is told apart from one where the machine stopped a CPU
# for as long as the detection time, whichever daemon ran there.
CPUS=$(seq 0 $(($(getconf _NPROCESSORS_ONLN) - 1)))
PROBES=()
for c in $CPUS; do
	"$STALLPROBE" "$c" "$T6_TMP/stall.$c" 1000 2000 &
	PROBES+=("$!")
done
# shellcheck disable=SC2016
t6_on_exit 'kill -TERM "${PROBES[@]}"; wait "${PROBES[@]}"'

# An idle virtual CPU halts, and on this kind of host the hypervisor
# takes up to 25 ms to run it again when its timer or a packet comes
# (the probes above, idle: about 200 stalls over 2 ms a minute on each
# CPU, the longest 24 ms; with the CPUs kept busy: none over 2.2 ms).
# A daemon that sleeps between packets, as bfdd and BIRD do, loses
# sessions of a 30 ms detection time to that alone, while FRR's, which
# keeps its CPU busy, does not: the hold would measure the hypervisor.
# With AWAKE, a spinner at SCHED_IDLE on each CPU keeps it from
# halting, as idle=poll would on a kernel command line; any daemon
# takes the CPU from it at once, and the CPU of a daemon is its own
# process's, so the spinners add to the load average only.
SPINNERS=()
if [ "$AWAKE" = 1 ]; then
	for c in $CPUS; do
		taskset -c "$c" chrt -i 0 sh -c 'while :; do :; done' &
		SPINNERS+=("$!")
	done
	# shellcheck disable=SC2016
	t6_on_exit 'kill -KILL "${SPINNERS[@]}"; wait "${SPINNERS[@]}"'
fi

# probe_lines T0_NS T1_NS stall|slow: the probes' lines of that kind
# between the two times, "VALUE CPU" each, smallest first (stall: how
# late a wake-up came, in us; slow: the timed work's time over its
# best, x100)
probe_lines() {
	local c f
	for c in $CPUS; do
		f=$T6_TMP/stall.$c
		[ -f "$f" ] || continue
		awk -v c="$c" -v k="$3" -v t0="$(($1 / 1000))" \
		    -v t1="$(($2 / 1000))" '$1 < t0 || $1 > t1 { next }
		    k == "stall" && NF == 2 { print $2, c }
		    k == "slow" && $2 == "slow" { print $3, c }' "$f"
	done | sort -n
}

# stall_max T0_NS T1_NS: the longest CPU stall the probes saw between
# the two times, in ms with a decimal, and its CPU ("0.0 -" when none
# over their 2 ms threshold)
stall_max() {
	probe_lines "$1" "$2" stall | awk '{ m = $1; cpu = $2 }
	    END { printf "%.1f %s\n", m / 1000, (m > 0 ? cpu : "-") }'
}

# slow_max T0_NS T1_NS: the most a CPU slowed down between the two
# times, as the probes' timed work saw it: "FACTOR CPU" (FACTOR with a
# decimal, the work's time over its best; "1.0 -" when never twice)
slow_max() {
	probe_lines "$1" "$2" slow | awk 'BEGIN { m = 100; cpu = "-" }
	    { m = $1; cpu = $2 } END { printf "%.1f %s\n", m / 100, cpu }'
}

# steal_now: each CPU's steal time so far, "CPU:TICKS ...": the time the
# hypervisor ran something else while this virtual CPU had work (the
# eighth column of /proc/stat's cpuN lines)
steal_now() {
	awk '$1 ~ /^cpu[0-9]+$/ { printf "%s:%s ", substr($1, 4), $9 }' \
	    /proc/stat
}

# steal_max BEFORE AFTER: the most time, in ms, the host took from one
# CPU between two readings of steal_now, and which ("0 -" when none)
steal_max() {
	awk -v a="$1" -v b="$2" -v tck="$TCK" 'BEGIN {
	    n = split(a, x, " "); split(b, y, " "); m = 0; c = "-"
	    for (i = 1; i <= n; i++) {
		split(x[i], p, ":"); split(y[i], q, ":")
		if (q[2] - p[2] > m) { m = q[2] - p[2]; c = p[1] }
	    }
	    printf "%d %s\n", m * 1000 / tck, c }'
}

# as_daemon [CPU]: what this shell starts from now on runs on CPU (if
# PIN) at the daemons' priority, threads included: the machine may be
# shared, and a build next door must not decide which implementation
# holds more sessions.  as_harness: back to any CPU and the ordinary
# priority, so that the harness's own tools (python3, ip netns exec)
# never take the CPU from a daemon.
as_daemon() {
	if [ "$PIN" = 1 ] && [ -n "${1:-}" ]; then
		taskset -pc "$1" $$ >/dev/null
	fi
	if [ "$RTPRIO" != 0 ]; then
		chrt -r -p "$RTPRIO" $$ >/dev/null || t6_fail "chrt -r $RTPRIO"
	elif [ "$NICE" != 0 ]; then
		renice -n "$NICE" -p $$ >/dev/null || t6_fail "renice $NICE"
	fi
}

as_harness() {
	taskset -pc "0-$(($(getconf _NPROCESSORS_ONLN) - 1))" $$ >/dev/null
	if [ "$RTPRIO" != 0 ]; then
		chrt -o -p 0 $$ >/dev/null
	elif [ "$NICE" != 0 ]; then
		renice -n 0 -p $$ >/dev/null
	fi
}

vlog() {
	[ "$VERBOSE" = 1 ] && printf '# %s\n' "$*"
	return 0
}

have_impl() {
	case $1 in
	bfdd) return 0 ;;
	alt) [ -x "${BFDBENCH_ALT:-}" ] ;;
	bird) command -v bird >/dev/null && command -v birdc >/dev/null &&
	    bird --version 2>&1 | grep -q 'version 2\.' ;;
	frr) [ -x "$FRR_SBIN/zebra" ] && [ -x "$FRR_SBIN/bfdd" ] &&
	    command -v vtysh >/dev/null && id frr >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac
}

# CPU ticks (utime + stime, every thread) of a process.
cpu_ticks() {
	local line rest
	read -r line <"/proc/$1/stat" || { echo 0; return; }
	rest=${line##*) }
	# shellcheck disable=SC2086
	set -- $rest
	echo $((${12} + ${13}))
}

# UDP datagrams a namespace's sockets dropped for want of buffer space.
udp_drops() {
	nsx "$1" awk '$1 == "Udp6RcvbufErrors" { print $2 }' /proc/net/snmp6
}

# ---- the pair of namespaces -------------------------------------------

# pair A B N: namespaces with one veth (a0 - b0), N address pairs and
# static neighbour entries for them (no neighbour discovery to time out
# or to overflow the table at thousands of peers).
pair() {
	local a=$1 b=$2 n=$3 i ma mb
	t6_ns "$a" host
	t6_ns "$b" host
	t6_nodad "$a"
	t6_nodad "$b"
	t6_link "$a" a0 "$b" b0
	ma=$(nsx "$a" cat /sys/class/net/a0/address)
	mb=$(nsx "$b" cat /sys/class/net/b0/address)
	for i in $(seq "$n"); do
		printf 'addr add 2001:db8:0:%x::1/64 dev a0 nodad\n' "$i" \
		    >&3
		printf 'neigh replace 2001:db8:0:%x::2 lladdr %s dev a0 ' \
		    "$i" "$mb" >&3
		printf 'nud permanent\n' >&3
		printf 'addr add 2001:db8:0:%x::2/64 dev b0 nodad\n' "$i" \
		    >&4
		printf 'neigh replace 2001:db8:0:%x::1 lladdr %s dev b0 ' \
		    "$i" "$ma" >&4
		printf 'nud permanent\n' >&4
	done 3>"$T6_TMP/$a.batch" 4>"$T6_TMP/$b.batch"
	ip -n "$(t6_nsname "$a")" -batch "$T6_TMP/$a.batch" ||
	    t6_fail "addresses in $a"
	ip -n "$(t6_nsname "$b")" -batch "$T6_TMP/$b.batch" ||
	    t6_fail "addresses in $b"
}

# ---- the implementations ----------------------------------------------
#
# start_IMPL NS SIDE N: run it in NS (SIDE 1 is A, 2 is B) with N
# sessions; sets PID (the daemon whose CPU counts) and PIDS (all).
# up_IMPL NS: how many sessions are Up with their timers at 10 ms.
# log_IMPL NS: its log; down_re IMPL: what matches a line of a session
# leaving Up there.

start_bfdd() {
	local ns=$1 me=$2 n=$3 peer i conf
	peer=$((3 - me))
	conf=$(t6_path "$ns" bfdd.conf)
	{
		printf 'options { max-sessions %d; };\n' $((n + 16))
		printf 'interface "*" { interval %dms; multiplier %d; };\n' \
		    "$INTERVAL_MS" "$MULT"
		for i in $(seq "$n"); do
			printf 'neighbor 2001:db8:0:%x::%d;\n' "$i" "$peer"
		done
	} >"$conf"
	# -f: foreground, normal logging (state changes, no debug)
	t6_daemon "$ns" bfdd "${BFDD_BIN:-$T6_BIN/bfdd}" -f -c "$conf" \
	    -p "$(t6_path "$ns" bfdd.pid)" -s "$(t6_path "$ns" bfdd.sock)"
	PID=$T6_PID
	PIDS=("$T6_PID")
	t6_wait 10 "bfdd in $ns to answer" bfdctl_ "$ns" show counters
}

bfdctl_() {
	local ns=$1
	shift
	"$T6_BIN/bfdctl" -s "$(t6_path "$ns" bfdd.sock)" "$@"
}

up_bfdd() {
	bfdctl_ "$1" show sessions 2>/dev/null |
	    awk '$3 == "Up" && $5 == "0.010" && $6 == "0.030" { n++ }
		END { print n + 0 }'
}

log_bfdd() {
	t6_daemon_log "$1" bfdd
}

# Session down events, from the daemon's own counters.
downs_bfdd() {
	bfdctl_ "$1" -j show sessions 2>/dev/null |
	    grep -o '"down": *[0-9]*' | awk -F: '{ n += $2 } END { print n + 0 }'
}

# why_IMPL: what the daemons say of a failed try themselves (bfdd: the
# sessions each side left silent past the peer's detection time, from
# its tx_silent counter: the side that stopped)
silent_bfdd() {
	bfdctl_ "$1" show counters 2>/dev/null |
	    awk '$1 == "tx_silent" { n = $2 } END { print n + 0 }'
}

why_bfdd() {
	local a b
	a=$(silent_bfdd "$NS_A")
	b=$(silent_bfdd "$NS_B")
	[ "$a" -gt 0 ] || [ "$b" -gt 0 ] &&
	    echo ", silent past detection A $a B $b"
}

# alt: the same, with the binary BFDBENCH_ALT
is_bfdd() {
	[ "$1" = bfdd ] || [ "$1" = alt ]
}

start_alt() {
	BFDD_BIN=$BFDBENCH_ALT start_bfdd "$@"
}

up_alt() {
	up_bfdd "$@"
}

log_alt() {
	log_bfdd "$@"
}

downs_alt() {
	downs_bfdd "$@"
}

why_alt() {
	why_bfdd "$@"
}

start_bird() {
	local ns=$1 me=$2 n=$3 peer i conf
	peer=$((3 - me))
	conf=$(
		printf 'timeformat log "%%F %%T.%%6f";\n'
		printf 'router id 10.0.0.%d;\n' "$me"
		printf 'protocol device { }\n'
		printf 'protocol bfd b1 {\n'
		printf '\tdebug { events };\n'
		printf '\tinterface "*" { interval %d ms; multiplier %d; };\n' \
		    "$INTERVAL_MS" "$MULT"
		for i in $(seq "$n"); do
			printf '\tneighbor 2001:db8:0:%x::%d local ' "$i" \
			    "$peer"
			printf '2001:db8:0:%x::%d;\n' "$i" "$me"
		done
		printf '}\n'
	)
	bird_start "$ns" "$conf"
	PID=${BIRD_PID[$ns]}
	PIDS=("$PID")
}

up_bird() {
	birdc "$1" show bfd sessions 2>/dev/null |
	    awk '$3 == "Up" && $5 == "0.010" && $6 == "0.030" { n++ }
		END { print n + 0 }'
}

log_bird() {
	t6_daemon_log "$1" bird
}

start_frr() {
	local ns=$1 me=$2 n=$3 peer i conf
	peer=$((3 - me))
	conf=$(
		printf 'log timestamp precision 6\n'
		printf 'debug bfd peer\n'
		printf 'bfd\n profile fast\n'
		printf '  receive-interval %d\n' "$INTERVAL_MS"
		printf '  transmit-interval %d\n' "$INTERVAL_MS"
		printf '  detect-multiplier %d\n !\n' "$MULT"
		for i in $(seq "$n"); do
			printf ' peer 2001:db8:0:%x::%d local-address ' "$i" \
			    "$peer"
			printf '2001:db8:0:%x::%d\n  profile fast\n !\n' "$i" \
			    "$me"
		done
		printf '!\n'
	)
	frr_start "$ns" bfdd "$conf"
	PID=${FRR_PID[$ns/bfdd]}
	PIDS=("${FRR_PID[$ns/zebra]}" "$PID")
}

# (vtysh prints one key a line)
up_frr() {
	vtysh "$1" "show bfd peers json" 2>/dev/null | awk -v i="$INTERVAL_MS" '
	    /"status":/ { up = /"up"/ }
	    /"transmit-interval":/ { tx = $0 ~ ":" i ",?[ \t]*$" }
	    /"remote-transmit-interval":/ { rtx = $0 ~ ":" i ",?[ \t]*$" }
	    /^[ \t]*}/ { if (up && tx && rtx) n++; up = tx = rtx = 0 }
	    END { print n + 0 }'
}

log_frr() {
	t6_daemon_log "$1" bfdd
}

downs_frr() {
	vtysh "$1" "show bfd peers counters json" 2>/dev/null |
	    grep -o '"session-down": *[0-9]*' |
	    awk -F: '{ n += $2 } END { print n + 0 }'
}

# ---- measuring ---------------------------------------------------------

# wait_up IMPL NS N: until N sessions are Up in NS at 10 ms; fails (1)
# when the count has not grown for 20 s, or after 30 s + 50 ms a session.
wait_up() {
	local impl=$1 ns=$2 n=$3 start now c best=-1 moved limit
	start=$(date +%s)
	moved=$start
	limit=$((30 + n / 20))
	while :; do
		c=$("up_$impl" "$ns")
		[ "$c" -ge "$n" ] && return 0
		now=$(date +%s)
		if [ "$c" -gt "$best" ]; then
			best=$c
			moved=$now
		fi
		if [ $((now - moved)) -ge 20 ] ||
		    [ $((now - start)) -ge "$limit" ]; then
			UP_COUNT=$c
			return 1
		fi
		sleep 0.5
	done
}

down_re() {
	case $1 in
	bfdd | alt) echo ': Up -> ' ;;
	bird) echo 'changed state from Up to' ;;
	frr) echo 'state-change: .* up -> ' ;;
	esac
}

# Lines of a log leaving Up since byte offset OFF.
log_downs() {
	local impl=$1 ns=$2 off=$3 log
	log=$("log_$impl" "$ns")
	tail -c +$((off + 1)) "$log" | grep -c -- "$(down_re "$impl")"
}

log_size() {
	stat -c %s "$("log_$1" "$2")"
}

# Stopped processes leave the harness's list, so that teardown never
# signals a pid the system may have given to another process since.
forget_pids() {
	local c p keep rest=()
	for c in "${T6_PIDS[@]}"; do
		keep=1
		for p in "$@"; do
			[ "${c%%:*}" = "$p" ] && keep=0
		done
		[ "$keep" = 1 ] && rest+=("$c")
	done
	T6_PIDS=("${rest[@]}")
}

# stop_pids PID...: SIGTERM, SIGKILL what is left after 3 s.
stop_pids() {
	local p
	kill -TERM "$@" 2>/dev/null
	for p in "$@"; do
		if ! t6_wait_quiet 3 t6__gone "$p"; then
			kill -KILL "$p" 2>/dev/null
			t6_wait 5 "pid $p to die" t6__gone "$p"
		fi
		wait "$p" 2>/dev/null
	done
	return 0
}

# The cut: netdev chains on A's end of the link, made beforehand; the
# transaction that fills them is the cut, flushing them the repair.
cut_prepare() {
	nsx "$1" nft -f - <<-EOF || t6_fail "nft tables in $1"
	table netdev t6cut {
		chain in { type filter hook ingress device a0 priority 0; }
		chain out { type filter hook egress device a0 priority 0; }
	}
	EOF
}

# nft_cut NS: prints "BEFORE AFTER" (CLOCK_REALTIME us around the commit).
nft_cut() {
	nsx "$1" "$NFTCUT" 'add rule netdev t6cut in udp dport 3784 drop;
	    add rule netdev t6cut out udp dport 3784 drop' |
	    awk '$1 == "cut" { print $2, $3 }'
}

uncut() {
	nsx "$1" nft 'flush chain netdev t6cut in; flush chain netdev t6cut out'
}

# latencies IMPL FILE OFFSET CUT_BEFORE CUT_AFTER: one line per session
# of A that left Up after the cut, the milliseconds from the middle of
# the cut to its Down (the first after the cut, per peer).
latencies() {
	python3 - "$@" <<-'EOF'
	import re, sys, datetime
	impl, path, off, t0, t1 = sys.argv[1:6]
	cut = (int(t0) + int(t1)) / 2 / 1e6
	seen = {}
	def stamp(s, fmt):
	    return datetime.datetime.strptime(s, fmt).timestamp()
	with open(path, "rb") as f:
	    f.seek(int(off))
	    for raw in f:
	        line = raw.decode("utf-8", "replace")
	        t = peer = None
	        if impl in ("bfdd", "alt"):
	            m = re.match(r"(\d+) 600 \S+ peer=(\S+) .*state=Down old=Up",
	                line)
	            if m:
	                t, peer = int(m.group(1)) / 1e6, m.group(2)
	        elif impl == "bird":
	            m = re.match(r"(\S+ \S+) .*Session to (\S+) changed state "
	                r"from Up to Down", line)
	            if m:
	                t = stamp(m.group(1), "%Y-%m-%d %H:%M:%S.%f")
	                peer = m.group(2)
	        else:
	            m = re.match(r"(\S+ \S+) .*state-change: \[.*peer:(\S+) "
	                r".*\] up -> down", line)
	            if m:
	                t = stamp(m.group(1), "%Y/%m/%d %H:%M:%S.%f")
	                peer = m.group(2)
	        if t is not None and peer not in seen:
	            seen[peer] = (t - cut) * 1000
	for v in seen.values():
	    print("%.3f" % v)
	EOF
}

# measure_cut IMPL NS N: cut once with N sessions Up, append the
# latencies to $LATFILE; sets LAST_BRACKET (us).
measure_cut() {
	local impl=$1 ns=$2 n=$3 file off w wpid stamps t0 t1 c
	if is_bfdd "$impl"; then
		# stamping as soon as bfdd writes, as the others' logs do
		file=$(t6_path "$ns" watch.$RANDOM)
		as_daemon
		nsx "$ns" "$BFDWATCH" -s "$(t6_path "$ns" bfdd.sock)" \
		    >"$file" 2>&1 &
		wpid=$!
		as_harness
		T6_PIDS+=("$wpid:$ns/bfdwatch")
		t6_wait 10 "bfdwatch subscribed" grep -q '^ready' "$file"
		off=0
	else
		file=$("log_$impl" "$ns")
		off=$(stat -c %s "$file")
	fi
	as_daemon
	stamps=$(nft_cut "$ns") || t6_fail "the cut failed"
	as_harness
	read -r t0 t1 <<<"$stamps"
	[ -n "$t1" ] || t6_fail "no time stamps from the cut"
	LAST_BRACKET=$((t1 - t0))
	# every session of A goes Down within the detection time; 10 s is
	# for a daemon that is late
	w=0
	while :; do
		if is_bfdd "$impl"; then
			c=$(tail -c +$((off + 1)) "$file" |
			    grep -c 'state=Down old=Up')
		else
			c=$(log_downs "$impl" "$ns" "$off")
		fi
		[ "$c" -ge "$n" ] && break
		w=$((w + 1))
		[ "$w" -ge 100 ] && break
		sleep 0.1
	done
	if is_bfdd "$impl"; then
		stop_pids "$wpid"
		forget_pids "$wpid"
	fi
	latencies "$impl" "$file" "$off" "$t0" "$t1" >>"$LATFILE"
	vlog "$impl: cut with $n sessions: $c went Down, the commit took" \
	    "$LAST_BRACKET us"
}

# lat_line IMPL N CUTS MISSING: the summary of $LATFILE into the results.
lat_line() {
	sort -n "$LATFILE" | awk -v impl="$1" -v n="$2" -v cuts="$3" \
	    -v miss="$4" -v brk="$5" '
	{ v[++k] = $1 }
	function rank(p,    r) {
		r = int(p * k + 0.999999)
		return v[r < 1 ? 1 : r]
	}
	END {
		if (k == 0) { print "lat", impl, n, cuts, 0, miss, -1, -1, -1,
		    brk; exit }
		print "lat", impl, n, cuts, k, miss, rank(0.5), rank(0.99),
		    v[k], brk
	}' >>"$RESULTS"
}

RUNNO=0
# setup IMPL N: a fresh pair with N sessions on both sides, Up; sets
# NS_A, NS_B, PID_A, PID_B, ALL_PIDS; returns 1 (UP_WHY set) if they
# do not all come up.
setup() {
	local impl=$1 n=$2
	RUNNO=$((RUNNO + 1))
	NS_A=a$RUNNO
	NS_B=b$RUNNO
	pair "$NS_A" "$NS_B" "$n"
	# each side's processes (and their threads) inherit a CPU of their
	# own and the priority from this shell
	as_daemon 0
	"start_$impl" "$NS_A" 1 "$n"
	PID_A=$PID
	ALL_PIDS=("${PIDS[@]}")
	as_daemon 1
	"start_$impl" "$NS_B" 2 "$n"
	PID_B=$PID
	ALL_PIDS+=("${PIDS[@]}")
	as_harness
	vlog "$impl: $n sessions configured, waiting for them"
	UP_WHY=""
	local s=$SECONDS
	if ! wait_up "$impl" "$NS_A" "$n"; then
		UP_WHY="only $UP_COUNT of $n came up in A"
		return 1
	fi
	if ! wait_up "$impl" "$NS_B" "$n"; then
		UP_WHY="only $UP_COUNT of $n came up in B"
		return 1
	fi
	vlog "$impl: $n sessions Up at 10 ms in $((SECONDS - s)) s"
	return 0
}

teardown() {
	local p
	for p in "${ALL_PIDS[@]}"; do
		t6_alive "$p" || t6_fail "$1 died during the run (pid $p)"
	done
	stop_pids "${ALL_PIDS[@]}"
	forget_pids "${ALL_PIDS[@]}"
	ip netns del "$(t6_nsname "$NS_A")" 2>/dev/null
	ip netns del "$(t6_nsname "$NS_B")" 2>/dev/null
}

# Detection latency with few sessions: CUTS cuts, each once all are Up.
run_small() {
	local impl=$1 k miss=0 brk=0
	LATFILE=$T6_TMP/lat.$impl.$SMALL
	: >"$LATFILE"
	if ! setup "$impl" "$SMALL"; then
		echo "lat $impl $SMALL $CUTS 0 $SMALL -1 -1 -1 0" >>"$RESULTS"
		t6_log "$impl: $UP_WHY (10 sessions)"
		teardown "$impl"
		return
	fi
	cut_prepare "$NS_A"
	for k in $(seq "$CUTS"); do
		measure_cut "$impl" "$NS_A" "$SMALL"
		[ "$LAST_BRACKET" -gt "$brk" ] && brk=$LAST_BRACKET
		uncut "$NS_A"
		[ "$k" = "$CUTS" ] && break
		wait_up "$impl" "$NS_A" "$SMALL" ||
		    t6_fail "$impl: sessions did not come back after a cut"
		wait_up "$impl" "$NS_B" "$SMALL" ||
		    t6_fail "$impl: sessions did not come back after a cut"
	done
	miss=$((SMALL * CUTS - $(wc -l <"$LATFILE")))
	lat_line "$impl" "$SMALL" "$CUTS" "$miss" "$brk"
	teardown "$impl"
}

# attempt IMPL N TRY: one try at a size: up, hold, count; then a cut
# if N <= BIG.  Returns 1 (WHY set) when the size was not held; the
# result line goes to $RESULTS only when it was, or on the last try.
attempt() {
	local impl=$1 n=$2 try=$3 offa offb ca cb da=0 db=0 d0a=0 d0b=0
	local t0 t1 el downs=0 upa upb r0 r1 dn load stall stallcpu
	local st0 steal stealcpu slow slowcpu
	WHY=""
	if ! setup "$impl" "$n"; then
		WHY=$UP_WHY
		FAILED="0 0 0 0 0 0"
		teardown "$impl"
		return 1
	fi
	# the heavier reads first, the clock last
	r0=$(($(udp_drops "$NS_A") + $(udp_drops "$NS_B")))
	if declare -F "downs_$impl" >/dev/null; then
		d0a=$("downs_$impl" "$NS_A")
		d0b=$("downs_$impl" "$NS_B")
	fi
	offa=$(log_size "$impl" "$NS_A")
	offb=$(log_size "$impl" "$NS_B")
	ca=$(cpu_ticks "$PID_A")
	cb=$(cpu_ticks "$PID_B")
	st0=$(steal_now)
	t0=$(date +%s%N)
	# the hold, looked at every 5 s in the logs only (asking the
	# daemons would cost them CPU); the first flap ends it
	el=0
	while [ "$el" -lt "$HOLD" ]; do
		sleep $((HOLD - el < 5 ? HOLD - el : 5))
		el=$((($(date +%s%N) - t0) / 1000000000))
		downs=$(($(log_downs "$impl" "$NS_A" "$offa") +
		    $(log_downs "$impl" "$NS_B" "$offb")))
		[ "$downs" -gt 0 ] && break
	done
	ca=$(($(cpu_ticks "$PID_A") - ca))
	cb=$(($(cpu_ticks "$PID_B") - cb))
	t1=$(date +%s%N)
	read -r steal stealcpu < <(steal_max "$st0" "$(steal_now)")
	read -r load _ </proc/loadavg
	# the daemons' own view: counters, and every session still Up
	if declare -F "downs_$impl" >/dev/null; then
		da=$(($("downs_$impl" "$NS_A") - d0a))
		db=$(($("downs_$impl" "$NS_B") - d0b))
		dn=$((da + db))
		[ "$dn" -gt "$downs" ] && downs=$dn
	fi
	upa=$("up_$impl" "$NS_A")
	upb=$("up_$impl" "$NS_B")
	r1=$(($(udp_drops "$NS_A") + $(udp_drops "$NS_B")))
	read -r stall stallcpu < <(stall_max "$t0" "$t1")
	read -r slow slowcpu < <(slow_max "$t0" "$t1")
	if [ "$downs" -gt 0 ]; then
		WHY="$downs Down in $el s"
	elif [ "$upa" -lt "$n" ] || [ "$upb" -lt "$n" ]; then
		WHY="$upa/$upb Up after the hold"
	fi
	if [ -n "$WHY" ] && declare -F "why_$impl" >/dev/null; then
		WHY="$WHY$("why_$impl")"
	fi
	# the machine's part: a CPU stopped for a good part of the
	# detection time while the sessions were held
	if [ -n "$WHY" ] && awk -v s="$stall" -v d="$((INTERVAL_MS * MULT))" \
	    'BEGIN { exit !(s * 3 >= d) }'; then
		WHY="$WHY, CPU $stallcpu stalled $stall ms"
	fi
	# or gave a third of its speed or less
	if [ -n "$WHY" ] && awk -v s="$slow" 'BEGIN { exit !(s >= 3) }'; then
		WHY="$WHY, CPU $slowcpu ran ${slow}x slower at times"
	fi
	# and the time the host ran something else on a CPU (in ticks of
	# 10 ms: a whole try's, not one stall)
	if [ -n "$WHY" ] && [ "$steal" -gt 0 ]; then
		WHY="$WHY, host took $steal ms of CPU $stealcpu"
	fi
	vlog "$impl: $n sessions, try $try: $el s held, CPU A $ca B $cb" \
	    "ticks, downs $downs (counters $da + $db), Up $upa/$upb," \
	    "rx drops $((r1 - r0)), load average $load," \
	    "longest CPU stall $stall ms (CPU $stallcpu)," \
	    "host took $steal ms (CPU $stealcpu)," \
	    "slowest ${slow}x (CPU $slowcpu)"
	if [ -n "$WHY" ]; then
		FAILED="$(awk -v ca="$ca" -v cb="$cb" -v tck="$TCK" 'BEGIN {
		    printf "%.2f %.2f", ca / tck, cb / tck }') $el $downs"
		FAILED="$FAILED $((r1 - r0)) $load"
		teardown "$impl"
		return 1
	fi
	awk -v ca="$ca" -v cb="$cb" -v tck="$TCK" -v ns=$((t1 - t0)) \
	    -v impl="$impl" -v n="$n" -v d="$((r1 - r0))" -v l="$load" \
	    -v try="$try" 'BEGIN {
		printf "hold %s %d ok %d %.2f %.2f %.3f 0 %d %s\n", impl, n,
		    try, ca / tck, cb / tck, ns / 1e9, d, l }' >>"$RESULTS"
	if [ "$n" -le "$BIG" ]; then
		LATFILE=$T6_TMP/lat.$impl.$n
		: >"$LATFILE"
		cut_prepare "$NS_A"
		measure_cut "$impl" "$NS_A" "$n"
		lat_line "$impl" "$n" 1 $((n - $(wc -l <"$LATFILE"))) \
		    "$LAST_BRACKET"
	fi
	teardown "$impl"
	return 0
}

# One size, up to TRIES times: a flap can come from the machine (a
# build next door, a virtual CPU the host took away for 30 ms) as well
# as from the daemon, and every implementation gets the same second
# chance.  Returns 1 when no try held it.
run_size() {
	local impl=$1 n=$2 try
	for try in $(seq "$TRIES"); do
		attempt "$impl" "$n" "$try" && return 0
		t6_log "$impl: $n sessions, try $try of $TRIES: $WHY"
	done
	echo "hold $impl $n fail $TRIES $FAILED $WHY" >>"$RESULTS"
	return 1
}

RUN_IMPLS=()
SKIPPED=""
for impl in $IMPLS; do
	if have_impl "$impl"; then
		RUN_IMPLS+=("$impl")
	else
		SKIPPED+=" $impl"
	fi
done
[ -n "$SKIPPED" ] && t6_log "not installed, left out:$SKIPPED"

start=$SECONDS
for impl in "${RUN_IMPLS[@]}"; do
	vlog "=== $impl: $SMALL sessions"
	run_small "$impl"
done
LEFT=("${RUN_IMPLS[@]}")
for n in $SIZES; do
	[ "${#LEFT[@]}" -eq 0 ] && break
	vlog "=== $n sessions: ${LEFT[*]}"
	STILL=()
	for impl in "${LEFT[@]}"; do
		run_size "$impl" "$n" && STILL+=("$impl")
	done
	LEFT=("${STILL[@]}")
done
vlog "measured in $((SECONDS - start)) s"

report "$RESULTS"
t6_pass
