#!/bin/bash
# Convergence and cost of route6d at scale, side by side with BIRD 2 and
# FRR ripngd in the same run.  For each implementation and each mode, in
# fresh namespaces (generator G -- router R over a veth), a generator
# advertises N RIPng routes (72 RTEs a datagram: 139 datagrams for
# 10,000) to the router under test, paced at 1 ms a datagram or as one
# back-to-back burst; a watcher in R times how long until all are in R's
# kernel FIB (or how many got there), then the same for withdrawing them
# all (metric 16).  The router's CPU time (every thread; zebra + ripngd
# for FRR) is read before and after each phase, its peak RSS (VmHWM)
# after the routes are in, and R's UDP receive-buffer drops
# (Udp6RcvbufErrors) tell what a full socket lost.  Each figure is the
# median of RUNS runs; one table, the ratios route6d/BIRD and route6d/FRR
# and a verdict per goal are printed.  A peer that never gets all the
# routes in has no convergence time (route6d, if it does, is faster);
# CPU is compared per installed route, so a peer that drops datagrams
# is not credited for the work it skipped.
#
#	tests/bench/route6d.sh [--build DIR] [-v]	(needs root)
#	tests/bench/route6d.sh --report FILE	(the report of a kept run)
#
# Environment: RUNS (default 3), BENCH_ROUTES (10000), BENCH_GAP_US
# (1000: the pacing), BENCH_QUIET_MS (2000: a count that has not moved
# for this long is final), BENCH_IMPLS ("route6d bird frr"), BENCH_MODES
# ("paced burst"), T6_KEEP=1 keeps the logs and the raw figures (one
# line per run, in $T6_TMP/results).  -v prints every run and route6d's
# own counters.  Exit status: 0 when every measurement ran (goals met
# or not: a benchmark is not a test), 1 on a setup failure or a crash,
# 77 skipped.

set -u
set -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/bench.sh
. "$TOP/tests/lib/bench.sh"
bench_args "$@"
bench_build
# shellcheck source=../lib/t6.sh
. "$TOP/tests/lib/t6.sh"

N=${BENCH_ROUTES:-10000}
RUNS=${RUNS:-3}
GAP_US=${BENCH_GAP_US:-1000}
QUIET_MS=${BENCH_QUIET_MS:-2000}
IMPLS=${BENCH_IMPLS:-route6d bird frr}
MODES=${BENCH_MODES:-paced burst}
BASE=2001:db8:100::
RIPGEN=$BUILD/tests/bench/ripgen_bench
FIBWATCH=$BUILD/tests/bench/fibwatch_bench
FRRBIN=/usr/lib/frr

# ---- the report --------------------------------------------------------

report() {
awk '
function median(key,    m, i, j, t, v) {
	m = cnt[key]
	for (i = 1; i <= m; i++) v[i] = val[key, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
}
function add(impl, md, f, x,    key) {
	key = impl SUBSEP md SUBSEP f
	val[key, ++cnt[key]] = x
	if (!((impl, md, f) in mn) || x < mn[impl, md, f])
		mn[impl, md, f] = x
}
function med(impl, md, f) { return median(impl SUBSEP md SUBSEP f) }
function has(impl, md) { return (impl SUBSEP md SUBSEP "count") in cnt }
function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
function rat(peer, md, f) {
	return ratio(med("route6d", md, f), med(peer, md, f))
}
# CPU seconds per installed route (the peers that drop datagrams do less)
function per_route(impl, md) {
	if (med(impl, md, "count") <= 0) return 0
	return med(impl, md, "cpu") / med(impl, md, "count")
}
$1 == "#params" { n = $2; gap = $3; next }
{
	impl = $1; md = $2
	if (!(impl in seen)) { seen[impl] = 1; order[++ni] = impl }
	if (!(md in mseen)) { mseen[md] = 1; mlist[++nm] = md }
	if ($3 > runs) runs = $3
	add(impl, md, "count", $4); add(impl, md, "time", $5)
	add(impl, md, "lag", $6 * 1000); add(impl, md, "cpu", $7 / 1e6)
	add(impl, md, "rss", $8 / 1024); add(impl, md, "drops", $9)
	add(impl, md, "left", $10); add(impl, md, "wtime", $11)
	add(impl, md, "wlag", $12 * 1000); add(impl, md, "wcpu", $13 / 1e6)
	add(impl, md, "wdrops", $14)
	if (NF >= 16) {	# FRR: zebra and ripngd apart
		add(impl, md, "rss1", $15 / 1024)
		add(impl, md, "rss2", $16 / 1024)
	}
}
# One peer in one mode: is route6d faster, and at most half its cost?
function judge(peer, md,    ok, why, a, b, tie, rc, rm) {
	if (mn["route6d", md, "count"] < n) {
		ok = 0; why = "route6d did not converge"
	} else if (med(peer, md, "count") < n) {
		ok = 1
		why = sprintf("%s never installed all (%d)", name[peer],
		    med(peer, md, "count"))
	} else {
		a = med("route6d", md, "time")
		b = med(peer, md, "time")
		ok = a < b
		tie = a - b < 0.001 && b - a < 0.001 ? " (a tie: < 1 ms)" : ""
		why = sprintf("%.4f s vs %.4f s, %.1f ms vs %.1f ms after " \
		    "the last datagram%s", a, b, med("route6d", md, "lag"),
		    med(peer, md, "lag"), tie)
	}
	if (!ok) fast = 0
	fd = fd sprintf("    %s vs %s: %s: %s\n", md, name[peer],
	    ok ? "yes" : "NO", why)
	rc = rm = 0
	if (per_route(peer, md) > 0)
		rc = per_route("route6d", md) / per_route(peer, md)
	if (med(peer, md, "rss") > 0)
		rm = med("route6d", md, "rss") / med(peer, md, "rss")
	if (rc > 0.5 || rm > 0.5) half = 0
	hd = hd sprintf("    %s vs %s: CPU/route %.2fx %s, RSS %.2fx %s\n",
	    md, name[peer], rc, rc <= 0.5 ? "ok" : "NO", rm,
	    rm <= 0.5 ? "ok" : "NO")
}
END {
	name["route6d"] = "route6d"; name["bird"] = "BIRD 2"
	name["frr"] = "FRR ripngd"
	printf "route6d bench: %d RIPng routes (%d datagrams of 72 RTEs) " \
	    "to the router, median of %d runs\n", n, int((n + 71) / 72), runs
	printf "  paced: %d us between datagrams (the last one leaves at " \
	    "%.3f s); burst: all back to back\n", gap,
	    (int((n + 71) / 72) - 1) * gap / 1e6
	printf "\n  %-17s %9s %8s %7s %7s %8s %8s %8s\n", "installation",
	    "installed", "conv s", "lag ms", "CPU-s", "us/route", "RSS MB",
	    "rx drops"
	for (m = 1; m <= nm; m++)
		for (i = 1; i <= ni; i++) {
			im = order[i]; md = mlist[m]
			if (!has(im, md)) continue
			printf "  %-11s %-5s %9d %8.3f %7.1f %7.3f %8.1f " \
			    "%8.1f %8d\n", name[im], md, med(im, md, "count"),
			    med(im, md, "time"), med(im, md, "lag"),
			    med(im, md, "cpu"), per_route(im, md) * 1e6,
			    med(im, md, "rss"), med(im, md, "drops")
		}
	printf "\n  %-17s %9s %8s %7s %7s %8s\n", "withdrawal", "left",
	    "time s", "lag ms", "CPU-s", "rx drops"
	for (m = 1; m <= nm; m++)
		for (i = 1; i <= ni; i++) {
			im = order[i]; md = mlist[m]
			if (!has(im, md)) continue
			printf "  %-11s %-5s %9d %8.3f %7.1f %7.3f %8d\n",
			    name[im], md, med(im, md, "left"),
			    med(im, md, "wtime"), med(im, md, "wlag"),
			    med(im, md, "wcpu"), med(im, md, "wdrops")
		}
	printf "\n  installed: routes in the FIB when the count stopped " \
	    "moving (left: after the\n  withdrawal); conv s: from the " \
	    "first datagram to the last change; lag: from\n  the last " \
	    "datagram; CPU-s: of the phase, every thread; RSS: peak " \
	    "(VmHWM);\n  rx drops: datagrams the router'"'"'s UDP " \
	    "sockets dropped (Udp6RcvbufErrors)\n"
	for (m = 1; m <= nm; m++)
		if (("frr", mlist[m], "rss1") in mn)
			printf "  FRR is zebra + ripngd together (%s: " \
			    "peak RSS zebra %.1f MB, ripngd %.1f MB)\n",
			    mlist[m],
			    med("frr", mlist[m], "rss1"),
			    med("frr", mlist[m], "rss2")

	if (!has("route6d", mlist[1])) exit 0
	printf "\nratios route6d/peer (below 1: route6d better)\n"
	printf "  %-24s %9s %7s %9s %7s %10s\n", "", "conv time", "CPU-s",
	    "CPU/route", "RSS", "wdraw time"
	for (p = 1; p <= 2; p++) {
		peer = p == 1 ? "bird" : "frr"
		for (m = 1; m <= nm; m++) {
			md = mlist[m]
			if (!has(peer, md) || !has("route6d", md)) continue
			printf "  %-18s %-5s %9s %7s %9s %7s %10s\n",
			    "route6d/" name[peer], md,
			    rat(peer, md, "time"), rat(peer, md, "cpu"),
			    ratio(per_route("route6d", md),
				per_route(peer, md)),
			    rat(peer, md, "rss"), rat(peer, md, "wtime")
		}
	}

	# The goals, judged on every mode measured.  A peer that never
	# got all n routes in has no convergence time: route6d, if it did,
	# is faster.  CPU compares per installed route (the raw ratio when
	# both installed everything), so a peer is not credited for the
	# work it skipped by dropping datagrams.
	all = 1; fast = 1; half = 1; npeer = 0; fd = ""; hd = ""; ad = ""
	for (m = 1; m <= nm; m++) {
		md = mlist[m]
		if (!has("route6d", md)) continue
		ad = ad sprintf("%s %s %d/%d", ad == "" ? "" : ",", md,
		    mn["route6d", md, "count"], med("route6d", md, "count"))
		if (mn["route6d", md, "count"] < n) all = 0
		for (p = 1; p <= 2; p++) {
			peer = p == 1 ? "bird" : "frr"
			if (!has(peer, md)) continue
			npeer++
			judge(peer, md)
		}
	}
	printf "\ngoal: all %d installed in both cases: %s\n", n,
	    all ? "PASS" : "MISS"
	printf "    route6d installed (fewest/median of the runs):%s\n", ad
	if (npeer == 0) {
		printf "goal: faster than both peers: n/a (no peer ran)\n"
		printf "goal: at most half their CPU and memory: n/a\n"
		exit 0
	}
	printf "goal: faster than both peers: %s\n%s", fast ? "PASS" : "MISS",
	    fd
	printf "goal: at most half their CPU and memory: %s\n%s",
	    half ? "PASS" : "MISS", hd
}' "$1"
}

if [ -n "$REPORT_ONLY" ]; then
	report "$REPORT_ONLY"
	exit 0
fi

t6_init
t6_need "$T6_BIN/route6d" "$T6_BIN/route6ctl"
if [ ! -x "$RIPGEN" ] || [ ! -x "$FIBWATCH" ]; then
	make -s -C "$TOP/tests/bench" BUILD="$BUILD" >/dev/null ||
	    t6_fail "cannot build the bench programs"
fi
RESULTS=$T6_TMP/results
echo "#params $N $GAP_US" >"$RESULTS"
# FRR drops to user frr: it must reach its folder under $T6_TMP.
chmod 711 "$T6_TMP"

# Which implementations can run here.
have_impl() {
	case $1 in
	route6d) return 0 ;;
	bird) command -v bird >/dev/null && command -v birdc >/dev/null ;;
	frr) [ -x "$FRRBIN/zebra" ] && [ -x "$FRRBIN/ripngd" ] &&
	    command -v vtysh >/dev/null && id frr >/dev/null 2>&1 ;;
	*) return 1 ;;
	esac
}

vlog() {
	[ "$VERBOSE" = 1 ] && printf '# %s\n' "$*"
	return 0
}

# CPU time of processes, in ns: the sum over all their threads
# (/proc/PID/task/*/schedstat, field 1, is exact where stat has ticks).
cpu_ns() {
	local p f a s=0
	for p in "$@"; do
		for f in /proc/"$p"/task/*/schedstat; do
			read -r a _ <"$f" 2>/dev/null || continue
			s=$((s + a))
		done
	done
	echo "$s"
}

# Peak RSS (VmHWM) of one process, in kB.
hwm_kb() {
	awk '/^VmHWM:/ { print $2; exit }' "/proc/$1/status" 2>/dev/null ||
	    echo 0
}

# Wait until the processes have stopped using CPU (the work a phase
# caused is all counted): 200 ms windows, until one uses under 2 ms.
settle() {
	local a b
	a=$(cpu_ns "$@")
	for _ in $(seq 15); do
		sleep 0.2
		b=$(cpu_ns "$@")
		[ $((b - a)) -lt 2000000 ] && break
		a=$b
	done
}

# Datagrams the router's UDP sockets dropped for want of buffer space.
udp_drops() {
	nsx "$1" awk '$1 == "Udp6RcvbufErrors" { print $2 }' /proc/net/snmp6
}

# ---- the routers under test -------------------------------------------

start_route6d() {
	local r=$1 pidf sock
	pidf=$(t6_path "$r" route6d.pid)
	sock=$(t6_path "$r" route6d.sock)
	# without -d: it detaches, logs to syslog only, and does not
	# print every route it installs
	t6_daemon_pidfile "$r" route6d "$pidf" "$T6_BIN/route6d" \
	    -i 30,180,120 -p "$pidf" -C "$sock" \
	    -F "$(t6_path "$r" route6d.dump)"
	PIDS=("$T6_PID")
	t6_wait 10 "route6d running on ge0" route6d_ready "$sock"
}

route6d_ready() {
	"$T6_BIN/route6ctl" -j -s "$1" show interfaces |
	    tr -d ' \n' | grep -q '"name":"ge0"[^}]*"state":"running"' &&
	    joined "$R_NS"
}

start_bird() {
	local r=$1 conf sock
	conf=$(t6_path "$r" bird.conf)
	sock=$(t6_path "$r" bird.ctl)
	cat >"$conf" <<-EOF
	log stderr { warning, error, fatal };
	router id 10.0.0.2;
	protocol device { scan time 60; }
	protocol kernel {
		ipv6 { import none; export all; };
		persist off;
		learn off;
		merge paths off;
		scan time 60;
	}
	protocol rip ng {
		ipv6 { import all; export none; };
		interface "ge0" {
			update time 30;
			timeout time 180;
			garbage time 120;
		};
	}
	EOF
	t6_daemon "$r" bird bird -f -c "$conf" -s "$sock" \
	    -P "$(t6_path "$r" bird.pid)"
	PIDS=("$T6_PID")
	t6_wait 10 "BIRD RIPng up on ge0" bird_ready "$sock"
}

bird_ready() {
	birdc -s "$1" show rip interfaces | grep -Eq '^ge0[[:space:]]+Up' &&
	    joined "$R_NS"
}

start_frr() {
	local r=$1 d
	d=$(t6_path "$r" frr)
	mkdir -p "$d"
	chmod 711 "$(dirname "$d")"
	printf 'hostname r\n!\n' >"$d/zebra.conf"
	cat >"$d/ripngd.conf" <<-EOF
	hostname r
	!
	router ripng
	 network ge0
	 timers basic 30 180 120
	!
	EOF
	chown -R frr:frr "$d"
	# started directly (no watchfrr), each with its own paths
	t6_daemon "$r" zebra "$FRRBIN/zebra" -u frr -g frr -P 0 \
	    -z "$d/zserv.api" --vty_socket "$d" -i "$d/zebra.pid" \
	    -f "$d/zebra.conf" --log stdout --log-level warnings
	PIDS=("$T6_PID")
	t6_wait 10 "zebra's socket" test -S "$d/zserv.api"
	# ripngd enables an interface only once zebra has told it of a
	# link-local address: let zebra know it first
	t6_wait 10 "zebra to know ge0's link-local address" zebra_has_ll "$d"
	t6_daemon "$r" ripngd "$FRRBIN/ripngd" -u frr -g frr -P 0 \
	    -z "$d/zserv.api" --vty_socket "$d" -i "$d/ripngd.pid" \
	    -f "$d/ripngd.conf" --log stdout --log-level warnings
	PIDS+=("$T6_PID")
	t6_wait 15 "FRR ripngd enabled on ge0" frr_ready "$d"
}

zebra_has_ll() {
	vtysh --vty_socket "$1" -c 'show interface ge0' 2>/dev/null |
	    grep -q 'inet6 fe80:'
}

# "show ipv6 ripng status" lists the interfaces RIPng is enabled on;
# it runs there a second later, once it has joined ff02::9.
frr_ready() {
	vtysh --vty_socket "$1" -c 'show ipv6 ripng status' 2>/dev/null |
	    awk '/Interface +Send +Recv/ { on = 1; next }
		on && $1 == "ge0" { ok = 1 } on && /Routing for/ { on = 0 }
		END { exit !ok }' && joined "$R_NS"
}

# Has a socket in the router's namespace joined ff02::9 on ge0?  For
# every implementation the last step before it can hear the generator.
joined() {
	nsx "$1" ip -6 maddr show dev ge0 | grep -q 'ff02::9$'
}

# ---- one measurement --------------------------------------------------

# phase R G MODE add|del: advertise or withdraw; sets PH_* from the
# watcher's result line and the counters around it.
phase() {
	local r=$1 g=$2 mode=$3 what=$4 out stamp wpid gen_args=() w_args=()
	local c0 c1 d0 d1 line
	stamp=$(t6_path "$r" "stamp.$what")
	out=$(t6_path "$r" "watch.$what")
	rm -f "$stamp" "$stamp.tmp"
	[ "$mode" = burst ] && gen_args+=(-b) || gen_args+=(-g "$GAP_US")
	if [ "$what" = del ]; then
		gen_args+=(-w)
		w_args+=(-d)
	fi
	d0=$(udp_drops "$r")
	c0=$(cpu_ns "${PIDS[@]}")
	nsx "$r" "$FIBWATCH" -n "$N" -p "$BASE" -s "$stamp" \
	    -q "$QUIET_MS" -l 120 "${w_args[@]}" >"$out" 2>&1 &
	wpid=$!
	t6_wait 10 "the FIB watcher" grep -q '^ready' "$out"
	nsx "$g" "$RIPGEN" -i gen0 -n "$N" -p "$BASE" -s "$stamp" \
	    "${gen_args[@]}" >"$out.gen" 2>&1 ||
	    t6_fail "ripgen: $(cat "$out.gen")"
	wait "$wpid" || t6_fail "fibwatch: $(cat "$out")"
	settle "${PIDS[@]}"
	c1=$(cpu_ns "${PIDS[@]}")
	d1=$(udp_drops "$r")
	line=$(grep '^result' "$out") || t6_fail "fibwatch said: $(cat "$out")"
	vlog "$what: $(cat "$out.gen")"
	vlog "$what: $line"
	PH_COUNT=$(sed -n 's/.* count=\([0-9-]*\).*/\1/p' <<<"$line")
	PH_TIME=$(sed -n 's/.* time=\([0-9.-]*\).*/\1/p' <<<"$line")
	PH_LAG=$(sed -n 's/.* lag=\([0-9.-]*\).*/\1/p' <<<"$line")
	PH_CPU=$(((c1 - c0) / 1000))		# microseconds
	PH_DROPS=$((d1 - d0))
	[ "$PH_TIME" = -1.000000 ] && t6_fail "generator stamp missing"
	return 0
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

# stop_pids IMPL PID...: SIGTERM, then SIGKILL what is left after 3 s
# (noted once per implementation: a daemon that ignores SIGTERM is a
# finding; route6d did before ev_loop_fork, when it had detached).
STOP_NOTED=""
stop_pids() {
	local impl=$1 p
	shift
	kill -TERM "$@" 2>/dev/null
	for p in "$@"; do
		if ! t6_wait_quiet 3 t6__gone "$p"; then
			case $STOP_NOTED in
			*" $impl "*) ;;
			*) t6_log "$impl ignored SIGTERM for 3 s: killed"
			   STOP_NOTED+=" $impl " ;;
			esac
			kill -KILL "$p" 2>/dev/null
			t6_wait 5 "$impl (pid $p) to die" t6__gone "$p"
		fi
		wait "$p" 2>/dev/null
	done
	return 0
}

# -v: route6d's own counters (those not zero), on one line.
r6_stats() {
	[ "$VERBOSE" = 1 ] || return 0
	"$T6_BIN/route6ctl" -s "$(t6_path "$1" route6d.sock)" show stats |
	    awk 'BEGIN { printf "#   route6d:" }
		$2 != 0 { printf " %s=%s", $1, $2 } END { print "" }'
}

RUNNO=0
run_one() {
	local impl=$1 mode=$2 run=$3 g r p rss=0 split="" wd_left
	RUNNO=$((RUNNO + 1))
	g=g$RUNNO
	r=r$RUNNO
	t6_ns "$g" host
	t6_ns "$r"
	t6_nodad "$g"
	t6_nodad "$r"
	t6_link "$g" gen0 "$r" ge0
	PIDS=()
	R_NS=$r
	"start_$impl" "$r"
	for p in "${PIDS[@]}"; do
		t6_alive "$p" || t6_fail "$impl died at start"
	done

	phase "$r" "$g" "$mode" add
	local a_count=$PH_COUNT a_time=$PH_TIME a_lag=$PH_LAG a_cpu=$PH_CPU
	local a_drops=$PH_DROPS
	for p in "${PIDS[@]}"; do
		rss=$((rss + $(hwm_kb "$p")))
		split+=" $(hwm_kb "$p")"
	done
	[ "$impl" = route6d ] && r6_stats "$r"
	phase "$r" "$g" "$mode" del
	wd_left=$PH_COUNT
	[ "$impl" = route6d ] && r6_stats "$r"
	for p in "${PIDS[@]}"; do
		t6_alive "$p" || t6_fail "$impl died during the run"
	done
	echo "$impl $mode $run $a_count $a_time $a_lag $a_cpu $rss $a_drops" \
	    "$wd_left $PH_TIME $PH_LAG $PH_CPU $PH_DROPS$split" >>"$RESULTS"
	vlog "$impl $mode run $run: installed $a_count in ${a_time}s" \
	    "cpu ${a_cpu}us rss ${rss}kB (${split# }) drops $a_drops;" \
	    "withdrawal left $wd_left in ${PH_TIME}s cpu ${PH_CPU}us" \
	    "drops $PH_DROPS"

	# this run's daemons and namespaces go now, not at exit
	stop_pids "$impl" "${PIDS[@]}"
	forget_pids "${PIDS[@]}"
	ip netns del "$(t6_nsname "$g")" 2>/dev/null
	ip netns del "$(t6_nsname "$r")" 2>/dev/null
}

SKIPPED=""
RUN_IMPLS=()
for impl in $IMPLS; do
	if have_impl "$impl"; then
		RUN_IMPLS+=("$impl")
	else
		SKIPPED+=" $impl"
	fi
done
[ -n "$SKIPPED" ] && t6_log "not installed, left out:$SKIPPED"

start=$(date +%s)
for run in $(seq "$RUNS"); do
	for mode in $MODES; do
		for impl in "${RUN_IMPLS[@]}"; do
			run_one "$impl" "$mode" "$run"
		done
	done
done
vlog "measured in $(($(date +%s) - start)) s"

report "$RESULTS"
t6_pass
