# Real peers for interop tests: BIRD 2 and FRR 8 instances in network
# namespaces, each with its own config, control sockets and pid files
# under $T6_TMP/NAME; source after t6.sh.
#
#	bird_need; bird_start A "$conf"		# bird -f in A
#	birdc A show route all			# one CLI command
#	bird_configure A "$newconf"		# rewrite and reload
#	frr_need zebra ripngd
#	frr_start B "zebra ripngd" "$conf"	# integrated config (vtysh)
#	vtysh B "show ipv6 ripng"		# commands, one per argument
#	frr_stop B ripngd			# SIGTERM, wait
#
# BIRD runs in the foreground (-f) and logs to stderr, so its log is
# $T6_TMP/NAME/bird.log.  FRR daemons are started one by one, never
# through watchfrr or frrinit.sh; they drop to user frr (they refuse -u
# root), so the instance folder $T6_TMP/NAME/frr belongs to frr and the
# folders above it are made traversable (0711).  Every daemon of an
# instance gets the same -z (zebra socket) and --vty_socket folder, its
# own -i pid file, -P 0 (no TCP vty) and logs to stdout
# ($T6_TMP/NAME/<daemon>.log).  Daemons start with an empty config file;
# the integrated config is then fed to all of them through vtysh -f, as
# "service integrated-vtysh-config" would.  The harness stops them all
# at teardown (SIGTERM first, so zebra removes its routes and FRR its
# /var/tmp/frr/<daemon>.<pid> folder).

: "${BIRD:=bird}"
: "${BIRDC:=birdc}"
: "${FRR_SBIN:=/usr/lib/frr}"
: "${VTYSH:=vtysh}"
# (birdc and vtysh are also the names of the functions below: the
# programs are always run with "command")
declare -gA BIRD_PID FRR_PID

# Skip unless BIRD 2 and its client are installed.
bird_need() {
	t6_need "$BIRD"
	type -P "$BIRDC" >/dev/null ||
	    t6_skip "$BIRDC is not installed (make deps)"
	"$BIRD" --version 2>&1 | grep -q 'version 2\.' ||
	    t6_skip "$BIRD is not BIRD 2: $("$BIRD" --version 2>&1)"
}

bird_sock() {
	t6_path "$1" bird.ctl
}

# bird_start NAME CONFTEXT: write NAME's bird.conf (CONFTEXT after a
# "log stderr all;" line), check it, start bird in the foreground in NAME
# and return once its control socket answers.  Sets BIRD_PID[NAME].
bird_start() {
	local n=$1 conf out
	conf=$(t6_path "$n" bird.conf)
	printf 'log stderr all;\n%s\n' "$2" >"$conf"
	out=$("$BIRD" -p -c "$conf" 2>&1) ||
	    t6_fail "BIRD config of $n does not parse: $out"
	t6_daemon "$n" bird "$BIRD" -f -c "$conf" -s "$(bird_sock "$n")" \
	    -P "$(t6_path "$n" bird.pid)"
	BIRD_PID[$n]=$T6_PID
	t6_wait 10 "BIRD in $n to answer" bird__up "$n"
}

bird__up() {
	birdc "$1" show status | grep -q 'Daemon is up and running'
}

# birdc NAME COMMAND...: one command through NAME's control socket.
birdc() {
	local n=$1
	shift
	command "$BIRDC" -s "$(bird_sock "$n")" "$@"
}

# bird_configure NAME CONFTEXT: replace NAME's config and reload it.
bird_configure() {
	local n=$1 conf out
	conf=$(t6_path "$n" bird.conf)
	printf 'log stderr all;\n%s\n' "$2" >"$conf"
	out=$(birdc "$n" configure) || t6_fail "birdc configure in $n: $out"
	printf '%s\n' "$out" |
	    grep -Eq 'Reconfigured|Reconfiguration in progress' ||
	    t6_fail "BIRD in $n refused the new config: $out"
}

# bird_stop NAME [SIGNAL]: stop NAME's bird (SIGTERM: a graceful stop).
bird_stop() {
	t6_stop "${BIRD_PID[$1]}" "${2:-TERM}"
}

# Skip unless the named FRR daemons (zebra, ripngd, bfdd, staticd...)
# and vtysh are installed.
frr_need() {
	local d
	type -P "$VTYSH" >/dev/null ||
	    t6_skip "$VTYSH is not installed (make deps)"
	for d in "$@"; do
		t6_need "$FRR_SBIN/$d"
	done
	id frr >/dev/null 2>&1 || t6_skip "there is no user frr"
}

# The folder of NAME's FRR instance.
frr_dir() {
	printf '%s/%s/frr' "$T6_TMP" "$1"
}

# frr_start NAME DAEMONS CONFTEXT: start the FRR daemons of the
# space-separated list DAEMONS (zebra first, whether listed or not) in
# NAME, then apply CONFTEXT, an integrated (frr.conf) config, through
# vtysh.  Returns once every daemon answers and the config is in.
frr_start() {
	local n=$1 daemons=$2 dir d out
	dir=$(frr_dir "$n")
	mkdir -p "$dir"
	chmod 0711 "$T6_TMP" "$T6_TMP/$n"
	printf '%s\n' "$3" >"$dir/frr.conf"
	chown -R frr:frr "$dir"
	chmod 0750 "$dir"
	frr__daemon "$n" zebra
	for d in $daemons; do
		[ "$d" = zebra ] || frr__daemon "$n" "$d"
	done
	out=$(command "$VTYSH" --vty_socket "$dir" -f "$dir/frr.conf" 2>&1) ||
	    t6_fail "FRR in $n refused its config: $out"
	# vtysh -f goes on after a bad line ("line N: % Unknown command")
	if printf '%s\n' "$out" | grep -Eq '(^|: )%'; then
		t6_fail "FRR in $n refused part of its config: $out"
	fi
}

frr__daemon() {
	local n=$1 d=$2 dir extra=()
	dir=$(frr_dir "$n")
	: >"$dir/$d.conf"
	chown frr:frr "$dir/$d.conf"
	# bfdd has a control socket of its own
	[ "$d" = bfdd ] && extra=(--bfdctl "$dir/bfdd.sock")
	t6_daemon "$n" "$d" "$FRR_SBIN/$d" -f "$dir/$d.conf" \
	    -i "$dir/$d.pid" -z "$dir/zserv.api" --vty_socket "$dir" -P 0 \
	    --log stdout --log-level debug "${extra[@]}"
	FRR_PID[$n/$d]=$T6_PID
	t6_wait 15 "FRR $d in $n to answer" frr__up "$n" "$d"
}

# (vtysh waits as long as a daemon takes to answer: bounded here)
frr__up() {
	[ -S "$(frr_dir "$1")/$2.vty" ] &&
	    timeout 5 "$VTYSH" --vty_socket "$(frr_dir "$1")" -d "$2" \
	    -c "show version" | grep -q FRRouting
}

# vtysh NAME COMMAND...: run the commands (one per argument) in NAME's
# FRR instance; the output of all of them is printed.
vtysh() {
	local n=$1 c args=()
	shift
	for c in "$@"; do
		args+=(-c "$c")
	done
	command "$VTYSH" --vty_socket "$(frr_dir "$n")" "${args[@]}"
}

# frr_stop NAME DAEMON [SIGNAL]: stop one daemon of NAME's instance.
frr_stop() {
	t6_stop "${FRR_PID[$1/$2]}" "${3:-TERM}"
}
