# Helpers for bfdd tests; source after t6.sh.
#
# bfdd runs in the foreground (-d) with its configuration, pid file,
# control socket and dump file in the namespace's directory.

declare -gA BFDD_PID

# bfdd_conf NAME: the path of NAME's bfdd.conf (write it before starting).
bfdd_conf() {
	t6_path "$1" bfdd.conf
}

# bfdd_start NAME [flags...]: start bfdd in NAME with $(bfdd_conf NAME),
# to which a dump-file in NAME's folder is added unless it names one;
# returns once its control socket answers.
bfdd_start() {
	local n=$1 conf
	shift
	# the dump goes to the namespace's folder, not /var/run
	conf=$(bfdd_conf "$n")
	grep -qs dump-file "$conf" ||
	    echo "options { dump-file \"$(t6_path "$n" bfdd.dump)\"; };" \
	    >> "$conf"
	# BFDD_NOFILE: the descriptor limit to start it with
	t6_daemon "$n" bfdd ${BFDD_NOFILE:+prlimit \
	    --nofile="$BFDD_NOFILE:$BFDD_NOFILE" --} \
	    "$T6_BIN/bfdd" -d -c "$(bfdd_conf "$n")" \
	    -p "$(t6_path "$n" bfdd.pid)" -s "$(t6_path "$n" bfdd.sock)" \
	    "$@"
	BFDD_PID[$n]=$T6_PID
	t6_wait 10 "bfdd in $n to answer" bfdctl "$n" show counters
}

# bfdd_stop NAME [SIGNAL]: stop NAME's bfdd (SIGTERM by default).
bfdd_stop() {
	t6_stop "${BFDD_PID[$1]}" "${2:-TERM}"
}

# bfdd_hup NAME: reload NAME's configuration.
bfdd_hup() {
	kill -HUP "${BFDD_PID[$1]}"
}

bfdctl() {
	local n=$1
	shift
	"$T6_BIN/bfdctl" -s "$(t6_path "$n" bfdd.sock)" "$@"
}

# bfdd_state NAME PEER: the state of NAME's session to PEER (the first
# session whose address is PEER), or nothing.
bfdd_state() {
	bfdctl "$1" show sessions | awk -v p="$2" '$1 == p { print $3; exit }'
}

# bfdd_wait_state SECONDS NAME PEER STATE
bfdd_wait_state() {
	t6_wait "$1" "$2's session to $3 to be $4" bfdd__is "$2" "$3" "$4"
}

bfdd__is() {
	[ "$(bfdd_state "$1" "$2")" = "$3" ]
}

# bfdd_count NAME COUNTER: a global counter of NAME's bfdd.
bfdd_count() {
	bfdctl "$1" show counters | awk -v c="$2" '$1 == c { print $2 }'
}

# bfdd_field NAME PEER KEY: a field of `bfdctl -j show sessions` for the
# session to PEER (first match).
bfdd_field() {
	bfdctl "$1" -j show sessions 2>/dev/null | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if s.get("peer") == sys.argv[1]:
        print(s.get(sys.argv[2], "")); break' "$2" "$3"
}

# bfdd_nft_drop NAME [PORT]: drop BFD control packets arriving in NAME
# (both directions then fail: the peer hears nothing back either).
bfdd_nft_drop() {
	nsx "$1" nft add table inet t6bfd 2>/dev/null
	nsx "$1" nft add chain inet t6bfd in \
	    '{ type filter hook input priority 0; }'
	nsx "$1" nft add rule inet t6bfd in udp dport "${2:-3784}" drop
}

bfdd_nft_clear() {
	nsx "$1" nft delete table inet t6bfd 2>/dev/null || true
}
