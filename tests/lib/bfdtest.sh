# More helpers for the bfdd end-to-end tests; source after t6.sh and
# bfdd.sh.
#
#	bfdt_t1			topology T1 of the spec: A -- B on a0/b0
#	bfdt_client A c1	a control-socket client in A (bfdtool.py)
#	bfdt_say A c1 "HELLO t1"
#	bfdt_expect 5 A c1 '^200 hello'
#	bfdt_send B ...		a crafted packet (bfdtool.py send)
#	bfdt_fields FILE FILTER FIELD...	tshark fields, one packet a line

BFDT_TOOL=$T6_TOP/tests/lib/bfdtool.py
# Debian's python3 (the one first on PATH may be a pyenv build)
BFDT_PY=/usr/bin/python3
[ -x "$BFDT_PY" ] || BFDT_PY=python3

# bfdt_t1: namespaces A and B joined by a0 -- b0, DAD off, addresses
# kept on link down (spec 6, T1): 2001:db8:1::a|b/64, 192.0.2.1|2/24;
# sets LL_A and LL_B (the link-local addresses, made from the MACs).
bfdt_t1() {
	local n
	for n in A B; do
		t6_ns $n
		t6_nodad $n
		nsx $n sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1 \
		    net.ipv6.conf.default.keep_addr_on_down=1
	done
	t6_link A a0 B b0 02:00:00:00:00:0a 02:00:00:00:00:0b
	t6_addr A a0 2001:db8:1::a/64 nodad
	t6_addr B b0 2001:db8:1::b/64 nodad
	t6_addr A a0 192.0.2.1/24
	t6_addr B b0 192.0.2.2/24
	t6_wait_dad A
	t6_wait_dad B
	t6_wait 10 "link-local addresses" bfdt__have_ll
	LL_A=$(t6_lladdr A a0)
	LL_B=$(t6_lladdr B b0)
}

bfdt__have_ll() {
	[ -n "$(t6_lladdr A a0)" ] && [ -n "$(t6_lladdr B b0)" ]
}

# bfdt_client NAME ID: a client of NAME's bfdd that stays connected,
# its input a FIFO, everything it hears in $(bfdt_clog NAME ID).
bfdt_client() {
	local fifo
	fifo=$(t6_path "$1" "client-$2.fifo")
	rm -f "$fifo"
	mkfifo "$fifo"
	t6_daemon "$1" "client-$2" "$BFDT_PY" -u "$BFDT_TOOL" client \
	    "$(t6_path "$1" bfdd.sock)" "$fifo"
	declare -gA BFDT_CPID
	BFDT_CPID[$1/$2]=$T6_PID
	t6_wait 5 "client $2 of $1 to be greeted" \
	    grep -q ' 220 bfdd' "$(bfdt_clog "$1" "$2")"
}

bfdt_clog() {
	t6_daemon_log "$1" "client-$2"
}

# bfdt_say NAME ID LINE: send a line to bfdd as client ID.
bfdt_say() {
	printf '%s\n' "$3" > "$(t6_path "$1" "client-$2.fifo")"
}

# bfdt_expect SECONDS NAME ID REGEX: wait until client ID heard a line
# matching REGEX (the "<ms> " timestamp is stripped first).
bfdt_expect() {
	t6_wait "$1" "client $3 of $2 to hear /$4/" bfdt__heard "$2" "$3" "$4"
}

bfdt__heard() {
	cut -d' ' -f2- "$(bfdt_clog "$1" "$2")" | grep -Eq -- "$3"
}

# bfdt_heard NAME ID REGEX: the lines client ID heard matching REGEX.
bfdt_heard() {
	cut -d' ' -f2- "$(bfdt_clog "$1" "$2")" | grep -E -- "$3"
}

# bfdt_close NAME ID: the client hangs up and is gone.
bfdt_close() {
	bfdt_say "$1" "$2" '!close'
	t6_wait 5 "client $2 of $1 to go" t6__gone "${BFDT_CPID[$1/$2]}"
}

# bfdt_send NAME [bfdtool send options] SRC DST: a crafted packet.
bfdt_send() {
	local n=$1
	shift
	nsx "$n" "$BFDT_PY" "$BFDT_TOOL" send "$@" ||
	    t6_fail "could not send a crafted packet: $*"
}

bfdt_sendhex() {
	local n=$1
	shift
	nsx "$n" "$BFDT_PY" "$BFDT_TOOL" sendhex "$@" ||
	    t6_fail "could not send a packet: $*"
}

# bfdt_fields FILE FILTER FIELD...: tshark's values of FIELDs for the
# packets matching the display FILTER, tab separated, a packet a line.
bfdt_fields() {
	local file=$1 filter=$2 f args=()
	shift 2
	for f in "$@"; do
		args+=(-e "$f")
	done
	tshark -n -r "$file" -Y "$filter" -T fields "${args[@]}" 2>/dev/null
}

# bfdt_count_eq NAME COUNTER VALUE: for t6_wait.
bfdt_count_eq() {
	[ "$(bfdd_count "$1" "$2")" = "$3" ]
}

# bfdt_count_ge NAME COUNTER VALUE
bfdt_count_ge() {
	local v
	v=$(bfdd_count "$1" "$2")
	[ -n "$v" ] && [ "$v" -ge "$3" ]
}

# bfdt_ms: a monotonic-enough clock in milliseconds for durations.
bfdt_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# bfdt_log_has NAME REGEX: does NAME's bfdd log match?
bfdt_log_has() {
	grep -Eq -- "$2" "$(t6_daemon_log "$1" bfdd)"
}

# bfdt_state_if NAME PEER IF: the state of NAME's single hop session to
# PEER on IF (PEER may repeat on several links).
bfdt_state_if() {
	bfdctl "$1" show sessions |
	    awk -v p="$2" -v i="$3" '$1 == p && $2 == i { print $3; exit }'
}

bfdt__is_if() {
	[ "$(bfdt_state_if "$1" "$2" "$3")" = "$4" ]
}

# bfdt_wait_if SECONDS NAME PEER IF STATE
bfdt_wait_if() {
	t6_wait "$1" "$2's session to $3%$4 to be $5" bfdt__is_if "$2" "$3" \
	    "$4" "$5"
}

# bfdt_kv NAME PEER IF KEY: a field of NAME's session to PEER on IF
# (`bfdctl -j show sessions`).
bfdt_kv() {
	bfdt_json "$1" | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if s.get("peer") == sys.argv[1] and s.get("interface") == sys.argv[2]:
        print(s.get(sys.argv[3], "")); break' "$2" "$3" "$4"
}

# bfdt_json NAME: `bfdctl -j show sessions` of NAME; a failing bfdctl
# says so on stderr (exit status and message) and returns 1.
bfdt_json() {
	local out rc err
	err=$(mktemp "$T6_TMP/bfdctl.XXXXXX")
	out=$("$T6_BIN/bfdctl" -s "$(t6_path "$1" bfdd.sock)" -j show sessions \
	    2>"$err")
	rc=$?
	if [ "$rc" != 0 ] || [ -z "$out" ]; then
		printf '# bfdctl -j show sessions in %s failed (%s): %s\n' \
		    "$1" "$rc" "$(head -c 3000 "$err")" >&2
		rm -f "$err"
		return 1
	fi
	rm -f "$err"
	printf '%s\n' "$out"
}

# bfdd_field as bfdd.sh has it, through bfdt_json.
bfdd_field() {
	bfdt_json "$1" | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if s.get("peer") == sys.argv[1]:
        print(s.get(sys.argv[2], "")); break' "$2" "$3"
}

# bfdt_nlog NAME REGEX: how many lines of NAME's bfdd log match REGEX.
bfdt_nlog() {
	grep -Ec -- "$2" "$(t6_daemon_log "$1" bfdd)"
}

# bfdt_timeouts_note NAME: say (not fail) when NAME's sessions timed out
# on their own: a machine too loaded for the test's timers, not what it
# tests (callers check what would show a bug of theirs).
bfdt_timeouts_note() {
	local n
	n=$(bfdt_nlog "$1" 'Up -> Down \(Control Detection Time Expired\)')
	[ "$n" = 0 ] || t6_log "note: $1 saw $n detection timeouts (a loaded machine?)"
}
