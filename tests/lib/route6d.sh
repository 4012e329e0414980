# Helpers for route6d tests; source after t6.sh.
#
# Daemons run in the foreground (-d) with test timers (-i, default
# 1,6,4: update every second, timeout 6 s, garbage 4 s) and per-namespace
# pid file, control socket and dump file.

: "${R6_TIMERS:=1,6,4}"
declare -gA R6_PID

# r6_start NAME [flags...]: start route6d in NAME; returns once its
# control socket answers.
r6_start() {
	local n=$1
	shift
	t6_daemon "$n" route6d "$T6_BIN/route6d" -d -i "$R6_TIMERS" \
	    -p "$(t6_path "$n" route6d.pid)" \
	    -C "$(t6_path "$n" route6d.sock)" \
	    -F "$(t6_path "$n" route6d.dump)" "$@"
	R6_PID[$n]=$T6_PID
	t6_wait 10 "route6d in $n to answer" r6ctl "$n" show stats
}

# r6_stop NAME [SIGNAL]: stop route6d in NAME (SIGTERM by default).
r6_stop() {
	t6_stop "${R6_PID[$1]}" "${2:-TERM}"
}

r6ctl() {
	local n=$1
	shift
	"$T6_BIN/route6ctl" -s "$(t6_path "$n" route6d.sock)" "$@"
}

# The RIPng routes of NAME's kernel table (without the nexthop object
# ids route6d's routes refer to: "2001:db8::/64 via fe80::1 dev eth0").
r6_fib() {
	ip -n "$(t6_nsname "$1")" -6 route show proto rip |
	    sed 's/ nhid [0-9]*//'
}

# r6_fib_has NAME REGEX: is there a proto rip route matching REGEX?
r6_fib_has() {
	r6_fib "$1" | grep -Eq -- "$2"
}

r6_fib_lacks() {
	! r6_fib "$1" | grep -Eq -- "$2"
}

# r6_dump NAME: a fresh dump (SIGUSR1) of NAME's tables, printed.
r6_dump() {
	local f
	f=$(t6_path "$1" route6d.dump)
	: > "$f"
	kill -USR1 "${R6_PID[$1]}"
	t6_wait 5 "dump of $1" grep -q "Routing Table Dump" "$f"
	# the table ends with an empty line
	t6_wait 5 "dump of $1 complete" sh -c "tail -n1 '$f' | grep -q '^\$'"
	cat "$f"
}

# r6_rtes FILE: the RTEs of the RIPng responses in a capture, one
# "prefix/plen=metric" per line (next-hop RTEs as "addr/0=255").
r6_rtes() {
	tshark -n -r "$1" -Y "ripng.cmd == 2" -T fields \
	    -e ripng.rte.ipv6_prefix -e ripng.rte.prefix_length \
	    -e ripng.rte.metric -E occurrence=a -E separator=' ' \
	    -E aggregator=, 2>/dev/null |
	awk '{ n = split($1, p, ","); split($2, l, ","); split($3, m, ",");
	    for (i = 1; i <= n; i++) print p[i] "/" l[i] "=" m[i] }'
}
