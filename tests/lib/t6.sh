# The network-namespace test harness: source it from a bash test script.
#
#	. "$T6_TOP/tests/lib/t6.sh"
#	t6_init				# skips unless root; trap teardown
#	t6_ns A; t6_ns B		# namespaces (lo up), unique per run
#	t6_link A eth0 B eth0		# a veth pair, both ends up
#	t6_daemon A route6d "$T6_BIN/route6d" -d ...
#	t6_wait 10 "route learned" nsx B ip -6 route show 2001:db8::/64
#	t6_pass
#
# Every namespace, process, capture and file a test makes is registered
# and removed by the EXIT trap, also when the test fails, is interrupted
# or is killed by the runner's time limit (SIGTERM).  Names carry a run id
# so that several runs, and several tests, can overlap on one machine.
#
# Exit status: 0 pass, 1 fail (t6_fail), 77 skip (t6_skip).

set -u
set -o pipefail

: "${T6_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${T6_BUILD:=$T6_TOP/build/cc-san}"
: "${T6_BIN:=$T6_BUILD/bin}"
export T6_TOP T6_BUILD T6_BIN

T6_NAME=$(basename "$0" .sh)
T6_RUN=""
T6_TMP=""
T6_NSLIST=()		# real namespace names we created
T6_PIDS=()		# "pid:tag" of processes we started
T6_CAPS=()		# "pid:file" of running captures
T6_CLEANUP_HOOKS=()	# commands run first at teardown
T6_STATUS=""		# 0 pass (t6_pass), 1 fail, 77 skip
T6_PORTNO=0

t6_log() {
	printf '# %s\n' "$*"
}

t6_fail() {
	printf 'FAIL: %s\n' "$*"
	T6_STATUS=1
	exit 1
}

t6_skip() {
	printf 'SKIP: %s\n' "$*"
	T6_STATUS=77
	exit 77
}

t6_pass() {
	T6_STATUS=0
	exit 0
}

# Skip unless every named command is available.
t6_need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] ||
		    t6_skip "$c is not installed (make deps)"
	done
}

t6_init() {
	[ "$(id -u)" = 0 ] || t6_skip "needs root (network namespaces)"
	command -v ip >/dev/null || t6_skip "iproute2 is not installed"
	T6_RUN=$(printf '%x%x' $$ $((RANDOM % 4096)))
	T6_TMP=$(mktemp -d "${TMPDIR:-/tmp}/t6.$T6_NAME.XXXXXX") ||
	    t6_fail "mktemp"
	trap t6_teardown EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	trap 'exit 129' HUP
	t6_log "run $T6_RUN, files in $T6_TMP"
}

# The real name of namespace NAME.
t6_nsname() {
	printf 't6%s-%s' "$T6_RUN" "$1"
}

# t6_ns NAME: a namespace with lo up and forwarding on (a router, unless
# "host" is given as second argument).
t6_ns() {
	local ns
	ns=$(t6_nsname "$1")
	ip netns add "$ns" || t6_fail "ip netns add $ns"
	T6_NSLIST+=("$ns")
	ip -n "$ns" link set lo up
	mkdir -p "$T6_TMP/$1"
	if [ "${2:-router}" = router ]; then
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1
	fi
}

# Run a command in namespace NAME.
nsx() {
	local ns
	ns=$(t6_nsname "$1")
	shift
	ip netns exec "$ns" "$@"
}

# Turn DAD off for links made afterwards in NAME (only where a test is not
# about DAD: our daemons must cope with tentative addresses).
t6_nodad() {
	nsx "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
	    net.ipv6.conf.default.accept_dad=0
}

# A per-namespace path for a file (pid file, socket, config, dump).
t6_path() {
	mkdir -p "$T6_TMP/$1"
	printf '%s/%s/%s' "$T6_TMP" "$1" "$2"
}

# t6_link A IFA B IFB [MACA MACB]: a veth pair between two namespaces.
t6_link() {
	local a b
	a=$(t6_nsname "$1")
	b=$(t6_nsname "$3")
	ip -n "$a" link add name "$2" type veth peer name "$4" netns "$b" ||
	    t6_fail "veth $1:$2 - $3:$4"
	[ -n "${5:-}" ] && ip -n "$a" link set "$2" address "$5"
	[ -n "${6:-}" ] && ip -n "$b" link set "$4" address "$6"
	ip -n "$a" link set "$2" up
	ip -n "$b" link set "$4" up
}

# t6_switch SW: a namespace holding bridge br0, for links with more than
# two members (multicast snooping off, so ff02:: groups flood).
t6_switch() {
	t6_ns "$1" host
	ip -n "$(t6_nsname "$1")" link add name br0 type bridge \
	    mcast_snooping 0 || t6_fail "bridge in $1"
	ip -n "$(t6_nsname "$1")" link set br0 up
}

# t6_port SW NAME IF [MAC]: attach interface IF of namespace NAME to SW.
t6_port() {
	local sw port
	sw=$(t6_nsname "$1")
	T6_PORTNO=$((T6_PORTNO + 1))
	port="p$T6_PORTNO"
	ip -n "$sw" link add name "$port" type veth peer name "$3" \
	    netns "$(t6_nsname "$2")" || t6_fail "port $1:$port - $2:$3"
	[ -n "${4:-}" ] && ip -n "$(t6_nsname "$2")" link set "$3" address "$4"
	ip -n "$sw" link set "$port" master br0 up
	ip -n "$(t6_nsname "$2")" link set "$3" up
}

# t6_addr NAME IF ADDR/PLEN [ip options]: add an address.
t6_addr() {
	local n=$1 i=$2 a=$3
	shift 3
	ip -n "$(t6_nsname "$n")" addr add "$a" dev "$i" "$@" ||
	    t6_fail "address $a on $n:$i"
}

# Wait until no address in NAME is tentative (DAD done).
t6_wait_dad() {
	t6_wait "${2:-10}" "DAD to finish in $1" t6__no_tentative "$1"
}

t6__no_tentative() {
	[ -z "$(ip -n "$(t6_nsname "$1")" -6 addr show tentative)" ]
}

# The link-local address of NAME's IF (first one, without zone).
t6_lladdr() {
	ip -n "$(t6_nsname "$1")" -6 -o addr show dev "$2" scope link |
	    awk '{ sub("/.*", "", $4); print $4; exit }'
}

# t6_wait SECONDS DESCRIPTION CMD...: poll CMD until it succeeds; fail the
# test naming DESCRIPTION if it has not by the deadline.  The polling
# interval starts at 10 ms and backs off to 200 ms.
t6_wait() {
	local limit=$1 desc=$2 start now delay=0.01
	shift 2
	start=$(date +%s%N)
	while :; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		now=$(date +%s%N)
		if [ $(((now - start) / 1000000)) -ge $((limit * 1000)) ]; then
			t6_fail "timed out after ${limit}s waiting for: $desc"
		fi
		sleep "$delay"
		case $delay in
		0.01) delay=0.02 ;; 0.02) delay=0.05 ;; 0.05) delay=0.1 ;;
		*) delay=0.2 ;;
		esac
	done
}

# Like t6_wait, but returns 1 instead of failing (for "must NOT happen
# within" checks, combine with a condition that should stay false).
t6_wait_quiet() {
	local limit=$1 start now delay=0.01
	shift
	start=$(date +%s%N)
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		now=$(date +%s%N)
		[ $(((now - start) / 1000000)) -ge $((limit * 1000)) ] &&
		    return 1
		sleep "$delay"
		[ "$delay" = 0.01 ] && delay=0.05 || delay=0.2
	done
}

# t6_daemon NAME TAG CMD...: start CMD in the background inside NAME,
# output to $T6_TMP/NAME/TAG.log.  Sets T6_PID.  The command must stay in
# the foreground (use the daemon's -d/-f flag); for one that detaches,
# use t6_daemon_pidfile.
t6_daemon() {
	local n=$1 tag=$2 log
	shift 2
	log=$(t6_path "$n" "$tag.log")
	t6__log_keep "$log"
	ip netns exec "$(t6_nsname "$n")" "$@" >"$log" 2>&1 </dev/null &
	T6_PID=$!
	T6_PIDS+=("$T6_PID:$n/$tag")
}

# t6_daemon_pidfile NAME TAG PIDFILE CMD...: start a daemon that detaches
# and writes PIDFILE; waits for the file and sets T6_PID from it.
t6_daemon_pidfile() {
	local n=$1 tag=$2 pidfile=$3 log
	shift 3
	log=$(t6_path "$n" "$tag.log")
	t6__log_keep "$log"
	ip netns exec "$(t6_nsname "$n")" "$@" >"$log" 2>&1 </dev/null ||
	    t6_fail "$tag did not start: $(tail -5 "$log")"
	t6_wait 10 "$tag pid file $pidfile" test -s "$pidfile"
	T6_PID=$(head -1 "$pidfile")
	T6_PIDS+=("$T6_PID:$n/$tag")
}

# t6__log_keep LOG: a daemon started again under the same tag writes a
# fresh LOG; the earlier run's is kept as LOG.1, LOG.2, ... (oldest
# first), for the sanitizer check at cleanup (a leak shows only at exit)
# and for reading after the restart.
t6__log_keep() {
	local i=1
	[ -e "$1" ] || return 0
	while [ -e "$1.$i" ]; do
		i=$((i + 1))
	done
	mv -f "$1" "$1.$i"
}

# t6_sanitizer_report LOG...: print the first sanitizer report found in
# the files (nothing, and status 1, when there is none).
t6_sanitizer_report() {
	local f re='ERROR: (Address|Leak)Sanitizer|runtime error:'
	for f in "$@"; do
		[ -f "$f" ] || continue
		if grep -Eq "$re" "$f"; then
			printf '%s:\n' "${f#"$T6_TMP"/}"
			grep -E -A12 "$re" "$f" | head -40
			return 0
		fi
	done
	return 1
}

# The log file of a daemon started with t6_daemon (its latest run).
t6_daemon_log() {
	printf '%s/%s/%s.log' "$T6_TMP" "$1" "$2"
}

# Is the process running?  (A zombie nobody reaped is not.)
t6_alive() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# t6_stop PID [SIGNAL]: signal a process and wait (up to 10 s) until it
# is gone; returns its exit status when it was our child.
t6_stop() {
	local pid=$1 sig=${2:-TERM} rc=0
	kill -"$sig" "$pid" 2>/dev/null || return 0
	t6_wait 10 "process $pid to exit after SIG$sig" t6__gone "$pid"
	wait "$pid" 2>/dev/null
	rc=$?
	return $rc
}

t6__gone() {
	! t6_alive "$1"
}

# t6_capture NAME IF FILE [CAPTURE-FILTER]: capture packets on NAME's IF
# into FILE (pcap) until t6_capture_stop or teardown.  Returns once the
# capture is running.  tcpdump captures (it says "listening" only once
# its socket is live, and writes every packet at once); tshark dissects.
t6_capture() {
	local n=$1 ifname=$2 file=$3 filter=${4:-} log pid
	t6_need tcpdump
	log="$file.log"
	# shellcheck disable=SC2086
	# a 16 MiB buffer: at the default 2 MiB, bursts of full-size
	# packets in immediate mode are lost
	ip netns exec "$(t6_nsname "$n")" tcpdump -n -U --immediate-mode \
	    -B 16384 -Z root -s 0 -i "$ifname" -w "$file" $filter \
	    >"$log" 2>&1 &
	pid=$!
	T6_CAPS+=("$pid:$file")
	t6_wait 10 "capture on $n:$ifname" grep -q "listening on" "$log"
}

# Stop the capture writing FILE and wait until the file is complete.
t6_capture_stop() {
	local file=$1 c pid rest=()
	for c in "${T6_CAPS[@]}"; do
		pid=${c%%:*}
		if [ "${c#*:}" = "$file" ]; then
			kill -TERM "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
		else
			rest+=("$c")
		fi
	done
	T6_CAPS=("${rest[@]}")
}

# t6_dissect FILE [DISPLAY-FILTER]: print tshark's one-line dissection.
t6_dissect() {
	if [ -n "${2:-}" ]; then
		tshark -n -r "$1" -Y "$2" 2>/dev/null
	else
		tshark -n -r "$1" 2>/dev/null
	fi
}

# t6_dissect_clean FILE [MIN-PACKETS]: fail if tshark reports any
# malformed packet or expert error in FILE, or if FILE holds fewer than
# MIN-PACKETS packets (default 1).
t6_dissect_clean() {
	local file=$1 min=${2:-1} n bad
	t6_need tshark
	n=$(tshark -n -r "$file" 2>/dev/null | wc -l)
	[ "$n" -ge "$min" ] ||
	    t6_fail "capture $file has $n packets, expected at least $min"
	bad=$(tshark -n -r "$file" \
	    -Y '_ws.malformed || _ws.expert.severity == error' 2>&1 |
	    grep -v '^Running as user') ||
	    true
	[ -z "$bad" ] || t6_fail "tshark finds malformed packets in $file:
$bad"
}

t6_assert_eq() {
	[ "$1" = "$2" ] || t6_fail "${3:-values differ}: expected '$1', got '$2'"
}

# (a here-string, not a pipe: grep -q exits at the first match, and a
# writer still writing would die of SIGPIPE and fail the pipeline)
t6_assert_match() {
	grep -Eq -- "$1" <<<"$2" ||
	    t6_fail "${3:-no match}: /$1/ not found in:
$2"
}

t6_assert_nomatch() {
	if grep -Eq -- "$1" <<<"$2"; then
		t6_fail "${3:-unexpected match}: /$1/ found in:
$2"
	fi
}

# Register a command to run first at teardown.
t6_on_exit() {
	T6_CLEANUP_HOOKS+=("$*")
}

t6_teardown() {
	local rc=$? c pid tag tags ns left report
	trap - EXIT TERM INT HUP
	if [ -z "$T6_STATUS" ]; then
		if [ "$rc" = 0 ]; then
			printf 'FAIL: the script ended without t6_pass\n'
			T6_STATUS=1
		else
			T6_STATUS=$rc
		fi
	fi
	for c in "${T6_CLEANUP_HOOKS[@]}"; do
		eval "$c" >/dev/null 2>&1
	done
	for c in "${T6_CAPS[@]}"; do
		kill -TERM "${c%%:*}" 2>/dev/null
	done
	# Daemons first with SIGTERM (they withdraw what they installed),
	# then anything still alive in our namespaces with SIGKILL.
	for c in "${T6_PIDS[@]}"; do
		kill -TERM "${c%%:*}" 2>/dev/null
	done
	for c in "${T6_PIDS[@]}" "${T6_CAPS[@]}"; do
		pid=${c%%:*}
		t6_wait_quiet 5 t6__gone "$pid" || kill -KILL "$pid" 2>/dev/null
	done
	for ns in "${T6_NSLIST[@]}"; do
		left=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$left" ] && kill -KILL $left 2>/dev/null
	done
	for ns in "${T6_NSLIST[@]}"; do
		t6_wait_quiet 5 t6__ns_empty "$ns"
		ip netns del "$ns" 2>/dev/null
	done
	# A sanitizer report in any daemon's output fails the test, even
	# one that passed everything else (leaks show only at exit).
	# Every run of a tag: a daemon started again left its earlier log
	# as tag.log.N (t6__log_keep).
	tags=$(for c in "${T6_PIDS[@]}"; do echo "${c#*:}"; done | sort -u)
	for tag in $tags; do
		if report=$(t6_sanitizer_report "$T6_TMP/$tag.log" \
		    "$T6_TMP/$tag.log".[0-9]*); then
			printf 'FAIL: sanitizer report from %s\n%s\n' "$tag" \
			    "$report"
			[ "$T6_STATUS" = 77 ] || T6_STATUS=1
		fi
	done
	if [ "$T6_STATUS" != 0 ] && [ "$T6_STATUS" != 77 ] && [ -n "$T6_TMP" ]
	then
		for tag in $tags; do
			[ -f "$T6_TMP/$tag.log" ] || continue
			printf -- '--- last lines of %s.log\n' "$tag"
			tail -n 25 "$T6_TMP/$tag.log"
		done
	fi
	if [ -n "$T6_TMP" ]; then
		if [ "${T6_KEEP:-0}" = 1 ]; then
			printf '# kept %s\n' "$T6_TMP"
		else
			rm -rf "$T6_TMP"
		fi
	fi
	exit "$T6_STATUS"
}

t6__ns_empty() {
	[ -z "$(ip netns pids "$1" 2>/dev/null)" ]
}
